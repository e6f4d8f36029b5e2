"""ExecutionRole: the IAM role A2I assumes to read input images and write review answers."""

import json
from collections.abc import Mapping, Sequence
from typing import NotRequired

import pulumi
import pulumi_aws as aws

from .. import policies
from .location import AwsLocationArgs, aws_context


class ExecutionRoleArgs(AwsLocationArgs):
    output_bucket_name: pulumi.Input[str]
    """Bucket that receives the answers."""
    output_prefix: pulumi.Input[str]
    """Key prefix the role may write under, ending in "/"."""
    input_bucket_names: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Buckets holding the images to review: A2I reads them and presigns them for workers."""
    kms_key_arn: NotRequired[pulumi.Input[str]]
    """Key that encrypts the answers, if any; the role may use it for encryption only there."""
    confused_deputy_guard: NotRequired[pulumi.Input[bool]]
    """Add aws:SourceAccount / aws:SourceArn conditions (with ...IfExists) to the trust policy
    (default true). See the README's "Security defaults"."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the role."""


class ExecutionRole(pulumi.ComponentResource):
    """A role only SageMaker can assume, allowed exactly what A2I does: nothing with `*`."""

    role_arn: pulumi.Output[str]
    """ARN of the role, arn:aws:iam::<account>:role/<name>."""
    role_name: pulumi.Output[str]
    """Name of the role."""
    policy_name: pulumi.Output[str]
    """Name of the role's inline permissions policy. Resources that make A2I act with the role
    (the flow definition) should depend on it, not only on the role."""

    def __init__(self, name: str, args: ExecutionRoleArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:ExecutionRole", name, {}, opts)
        account_id, partition, region = aws_context(args, self)
        trust = pulumi.Output.all(partition, region, account_id, args.get("confused_deputy_guard", True)).apply(
            lambda v: json.dumps(policies.trust_policy(v[0], v[1], v[2], v[3]), sort_keys=True)
        )
        role = aws.iam.Role(
            f"{name}-role",
            description="Assumed by Amazon A2I to read input images and write human review answers (a2i-moderation)",
            assume_role_policy=trust,
            max_session_duration=3600,
            tags=args.get("tags"),
            opts=pulumi.ResourceOptions(parent=self),
        )
        permissions = pulumi.Output.all(
            partition,
            args["output_bucket_name"],
            args["output_prefix"],
            args["input_bucket_names"],
            args.get("kms_key_arn"),
        ).apply(lambda v: json.dumps(policies.execution_role_policy(*v), sort_keys=True))
        policy = aws.iam.RolePolicy(
            f"{name}-policy",
            role=role.name,
            policy=permissions,
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.role_arn = role.arn
        self.role_name = role.name
        self.policy_name = policy.name
        self.register_outputs({"role_arn": self.role_arn, "role_name": self.role_name, "policy_name": self.policy_name})
