"""Managed IAM policies for the two sides of an application: callers and result processors."""

import json
from collections.abc import Mapping, Sequence
from typing import NotRequired

import pulumi
import pulumi_aws as aws

from .. import policies
from .location import AwsLocationArgs, aws_context


class CallerPolicyArgs(AwsLocationArgs):
    flow_definition_name_prefix: pulumi.Input[str]
    """The workflow's name: its flow definitions, current and kept ones, are <name>-<hash>."""
    input_bucket_names: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Buckets of the images the application sends (Rekognition reads them as the caller)."""
    parameter_arn: NotRequired[pulumi.Input[str]]
    """The parameter holding the current flow definition ARN, if one is published."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the policy."""


class CallerPolicy(pulumi.ComponentResource):
    """What an application needs to call DetectModerationLabels with this workflow: attach it to the
    application's role. StartHumanLoop is allowed on this workflow's flow definitions and on human
    loops in this account and region (AWS's two sources name different resources; see policies.py)."""

    policy_arn: pulumi.Output[str]
    """ARN of the managed policy, arn:aws:iam::<account>:policy/<name>."""
    policy_name: pulumi.Output[str]
    """Name of the managed policy."""

    def __init__(self, name: str, args: CallerPolicyArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:CallerPolicy", name, {}, opts)
        account_id, partition, region = aws_context(args, self)
        document = pulumi.Output.all(
            partition,
            region,
            account_id,
            args["flow_definition_name_prefix"],
            args["input_bucket_names"],
            args.get("parameter_arn"),
        ).apply(lambda v: json.dumps(policies.caller_policy(*v), sort_keys=True))
        _managed_policy(
            self, name, "Send images to Rekognition with A2I human review (a2i-moderation)", document, args.get("tags")
        )


class ResultsProcessorPolicyArgs(AwsLocationArgs):
    output_bucket_name: pulumi.Input[str]
    """Bucket holding the answers."""
    output_prefix: pulumi.Input[str]
    """Key prefix of the answers, ending in "/" (or empty)."""
    kms_key_arn: NotRequired[pulumi.Input[str]]
    """Key encrypting the answers, if known: decrypting is allowed only through S3."""
    queue_arn: NotRequired[pulumi.Input[str]]
    """The results queue to consume, if there is one."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the policy."""


class ResultsProcessorPolicy(pulumi.ComponentResource):
    """What a result processor needs: read the answers, decrypt them, consume the results queue."""

    policy_arn: pulumi.Output[str]
    """ARN of the managed policy, arn:aws:iam::<account>:policy/<name>."""
    policy_name: pulumi.Output[str]
    """Name of the managed policy."""

    def __init__(self, name: str, args: ResultsProcessorPolicyArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:ResultsProcessorPolicy", name, {}, opts)
        _, partition, region = aws_context(args, self)
        document = pulumi.Output.all(
            partition,
            region,
            args["output_bucket_name"],
            args["output_prefix"],
            args.get("kms_key_arn"),
            args.get("queue_arn"),
        ).apply(lambda v: json.dumps(policies.results_processor_policy(*v), sort_keys=True))
        _managed_policy(self, name, "Read A2I human review results (a2i-moderation)", document, args.get("tags"))


def _managed_policy(
    component: CallerPolicy | ResultsProcessorPolicy,
    name: str,
    description: str,
    document: pulumi.Input[str],
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]] | None,
) -> None:
    """The one managed policy of either component, its outputs set and registered."""
    policy = aws.iam.Policy(
        f"{name}-policy",
        description=description,
        policy=document,
        tags=tags,
        opts=pulumi.ResourceOptions(parent=component),
    )
    component.policy_arn = policy.arn
    component.policy_name = policy.name
    component.register_outputs({"policy_arn": component.policy_arn, "policy_name": component.policy_name})
