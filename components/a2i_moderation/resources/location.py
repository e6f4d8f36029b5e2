"""Where a component's resources live: account, partition and region.

Components that write them into policies or names take them as optional arguments and look up
only what is missing, so a composite looks each up once and hands them down.
"""

from collections.abc import Mapping
from typing import Any, NotRequired, TypedDict

import pulumi
import pulumi_aws as aws


class AwsLocationArgs(TypedDict):
    """Arguments shared by components that write the account, partition or region into policies or names."""

    account_id: NotRequired[pulumi.Input[str]]
    """AWS account of the resources; looked up (sts:GetCallerIdentity) when omitted."""
    partition: NotRequired[pulumi.Input[str]]
    """AWS partition ("aws"); looked up when omitted."""
    region: NotRequired[pulumi.Input[str]]
    """Region of the resources; the provider's region when omitted."""


def aws_context(
    args: Mapping[str, Any], parent: pulumi.Resource
) -> tuple[pulumi.Output[str], pulumi.Output[str], pulumi.Output[str]]:
    """(account ID, partition, region) from `args`, or from the provider of `parent` when absent."""
    invoke = pulumi.InvokeOutputOptions(parent=parent)
    account = args.get("account_id")
    partition = args.get("partition")
    region = args.get("region")
    return (
        pulumi.Output.from_input(account)
        if account is not None
        else aws.get_caller_identity_output(opts=invoke).account_id,
        pulumi.Output.from_input(partition)
        if partition is not None
        else aws.get_partition_output(opts=invoke).partition,
        pulumi.Output.from_input(region) if region is not None else aws.get_region_output(opts=invoke).region,
    )
