"""FlowDefinitionArnParameter: an SSM parameter that always holds the current flow definition ARN."""

from collections.abc import Mapping
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws


class FlowDefinitionArnParameterArgs(TypedDict):
    parameter_name: pulumi.Input[str]
    """Name of the parameter, such as /a2i-moderation/<workflow>/flow-definition-arn."""
    flow_definition_arn: pulumi.Input[str]
    """The value: the current flow definition's ARN."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the parameter."""


class FlowDefinitionArnParameter(pulumi.ComponentResource):
    """A String parameter holding the flow definition ARN, updated in place on every replacement.

    Applications read it (`a2i_moderation.client.ModerationClient(parameter_name=...)`) instead of
    holding an ARN that the next settings change replaces. The ARN is not a secret: it is stored as
    plain text, shown in previews."""

    parameter_name: pulumi.Output[str]
    """Name of the parameter."""
    parameter_arn: pulumi.Output[str]
    """ARN of the parameter, arn:aws:ssm:<region>:<account>:parameter/<name without its leading />."""

    def __init__(self, name: str, args: FlowDefinitionArnParameterArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:FlowDefinitionArnParameter", name, {}, opts)
        parameter = aws.ssm.Parameter(
            f"{name}-parameter",
            name=args["parameter_name"],
            type="String",
            tier="Standard",
            insecure_value=args["flow_definition_arn"],
            description="Current A2I flow definition ARN for HumanLoopConfig.FlowDefinitionArn (a2i-moderation)",
            tags=args.get("tags"),
            opts=pulumi.ResourceOptions(parent=self),
        )
        self.parameter_name = parameter.name
        self.parameter_arn = parameter.arn
        self.register_outputs({"parameter_name": self.parameter_name, "parameter_arn": self.parameter_arn})
