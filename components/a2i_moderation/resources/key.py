"""ReviewKey: the customer managed KMS key that encrypts human review answers."""

import json
from collections.abc import Mapping, Sequence
from typing import NotRequired

import pulumi
import pulumi_aws as aws

from .. import policies
from .location import AwsLocationArgs, aws_context


class ReviewKeyArgs(AwsLocationArgs):
    user_role_arns: pulumi.Input[Sequence[pulumi.Input[str]]]
    """IAM roles that may use the key (the A2I execution role). Each must exist before the key
    policy is written: KMS refuses a policy naming an unknown principal."""
    retain_on_delete: NotRequired[bool]
    """Keep the key when the stack is destroyed (default true). Keep it whenever the bucket it
    encrypts is kept: without the key, the retained answers cannot be read."""
    deletion_window_in_days: NotRequired[pulumi.Input[int]]
    """Waiting period before KMS deletes the key once it is scheduled for deletion: 7 to 30 (default 30)."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the key."""


class ReviewKey(pulumi.ComponentResource):
    """A symmetric KMS key with yearly rotation, administered by the account and usable by A2I."""

    key_arn: pulumi.Output[str]
    """ARN of the key, arn:aws:kms:<region>:<account>:key/<key-id>."""
    key_id: pulumi.Output[str]
    """The key's ID (a UUID)."""

    def __init__(self, name: str, args: ReviewKeyArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:ReviewKey", name, {}, opts)
        account_id, partition, _ = aws_context(args, self)
        policy = pulumi.Output.all(partition, account_id, args["user_role_arns"]).apply(
            lambda v: json.dumps(policies.key_policy(v[0], v[1], v[2]), sort_keys=True)
        )
        key = aws.kms.Key(
            f"{name}-key",
            description="Encrypts Amazon A2I human review output (a2i-moderation)",
            enable_key_rotation=True,
            deletion_window_in_days=args.get("deletion_window_in_days", 30),
            policy=policy,
            tags=args.get("tags"),
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=args.get("retain_on_delete", True)),
        )
        self.key_arn = key.arn
        self.key_id = key.key_id
        self.register_outputs({"key_arn": self.key_arn, "key_id": self.key_id})
