"""ReviewFlowDefinition: the A2I flow definition Rekognition DetectModerationLabels calls with."""

from collections.abc import Mapping, Sequence
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ..naming import hashed_name

#: The only request source for image moderation (botocore's enum AwsManagedHumanLoopRequestSource).
REKOGNITION_MODERATION_SOURCE = "AWS/Rekognition/DetectModerationLabels/Image/V3"


class ReviewFlowDefinitionArgs(TypedDict):
    name_prefix: pulumi.Input[str]
    """Start of the physical name; a hash of every setting follows (see the class docstring)."""
    activation_conditions: pulumi.Input[str]
    """HumanLoopActivationConditions JSON, canonical (see a2i_moderation.conditions.canonical_json)."""
    role_arn: pulumi.Input[str]
    """Execution role A2I assumes."""
    human_task_ui_arn: pulumi.Input[str]
    """Worker task UI."""
    workteam_arn: pulumi.Input[str]
    """Workteam that reviews."""
    output_s3_uri: pulumi.Input[str]
    """Where answers go, s3://<bucket>/<prefix>/ (A2I adds <flow definition name>/YYYY/MM/DD/...)."""
    task_title: pulumi.Input[str]
    """Title workers see in their task list (1 to 128 characters)."""
    task_description: pulumi.Input[str]
    """Description workers see (1 to 255 characters)."""
    task_count: pulumi.Input[int]
    """Distinct workers who review each image: 1 to 3."""
    task_availability_lifetime_seconds: pulumi.Input[int]
    """How long a task waits for a worker before it expires: 1 to 864,000 seconds."""
    task_time_limit_seconds: pulumi.Input[int]
    """How long a worker has for one task: 30 to 28,800 seconds."""
    task_keywords: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """Up to 5 keywords that help workers find the task."""
    kms_key_arn: NotRequired[pulumi.Input[str]]
    """Customer managed key that encrypts the answers."""
    retain_on_delete: NotRequired[bool]
    """Keep the flow definition when it is replaced or the stack destroyed (default true): AWS stops
    and deletes every human loop of a deleted flow definition that no worker has started."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the flow definition (the only setting AWS can change in place)."""


class ReviewFlowDefinition(pulumi.ComponentResource):
    """A flow definition for DetectModerationLabels.

    AWS has no update API for flow definitions, so every change but tags replaces one. Its name is
    `<prefix>-<hash of every setting that forces replacement>`: a change yields a new name, the new
    flow definition is created first, and nothing collides. The old one is kept by default (its
    queued human loops would be dropped if it were deleted). The ARN changes with it; applications
    read it from the stack output.
    """

    flow_definition_arn: pulumi.Output[str]
    """ARN for HumanLoopConfig.FlowDefinitionArn, arn:aws:sagemaker:<region>:<account>:flow-definition/<name>."""
    flow_definition_name: pulumi.Output[str]
    """Physical name, <prefix>-<hash>."""

    def __init__(self, name: str, args: ReviewFlowDefinitionArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:ReviewFlowDefinition", name, {}, opts)
        human_loop_config = aws.sagemaker.FlowDefinitionHumanLoopConfigArgsDict(
            human_task_ui_arn=args["human_task_ui_arn"],
            workteam_arn=args["workteam_arn"],
            task_title=args["task_title"],
            task_description=args["task_description"],
            task_count=args["task_count"],
            task_availability_lifetime_in_seconds=args["task_availability_lifetime_seconds"],
            task_time_limit_in_seconds=args["task_time_limit_seconds"],
        )
        if args.get("task_keywords") is not None:
            human_loop_config["task_keywords"] = args["task_keywords"]
        output_config = aws.sagemaker.FlowDefinitionOutputConfigArgsDict(s3_output_path=args["output_s3_uri"])
        if args.get("kms_key_arn") is not None:
            output_config["kms_key_id"] = args["kms_key_arn"]
        activation = aws.sagemaker.FlowDefinitionHumanLoopActivationConfigArgsDict(
            human_loop_activation_conditions_config={"human_loop_activation_conditions": args["activation_conditions"]}
        )
        source = aws.sagemaker.FlowDefinitionHumanLoopRequestSourceArgsDict(
            aws_managed_human_loop_request_source=REKOGNITION_MODERATION_SOURCE
        )
        replacing = pulumi.Output.all(
            human_loop_config=human_loop_config,
            output_config=output_config,
            activation=activation,
            source=source,
            role_arn=args["role_arn"],
            # Two stacks (dev, prod) in one account may hold identical settings: keep them apart.
            owner=[pulumi.get_project(), pulumi.get_stack(), name],
        )
        flow = aws.sagemaker.FlowDefinition(
            f"{name}-definition",
            flow_definition_name=pulumi.Output.all(args["name_prefix"], replacing).apply(
                lambda v: hashed_name(v[0], v[1])
            ),
            role_arn=args["role_arn"],
            human_loop_request_source=source,
            human_loop_activation_config=activation,
            human_loop_config=human_loop_config,
            output_config=output_config,
            tags=args.get("tags"),
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=args.get("retain_on_delete", True)),
        )
        self.flow_definition_arn = flow.arn
        self.flow_definition_name = flow.flow_definition_name
        self.register_outputs(
            {"flow_definition_arn": self.flow_definition_arn, "flow_definition_name": self.flow_definition_name}
        )
