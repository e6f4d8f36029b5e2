"""WorkerTaskUi: the worker task template (HumanTaskUI) A2I shows to reviewers."""

from collections.abc import Mapping
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ..naming import hashed_name
from ..task_template import check_template
from .errors import reported_as_run_errors


class WorkerTaskUiArgs(TypedDict):
    template: pulumi.Input[str]
    """Liquid template content (see templates/). Checked before registration: valid Liquid, known
    filters, a <crowd-form>, at most 128,000 characters (an Output when it resolves)."""
    name_prefix: pulumi.Input[str]
    """Start of the physical name. A hash of the template and of the stack follows, so a changed
    template gets a new task UI instead of colliding with the old one during replacement, and two
    stacks in one account never share a name."""
    retain_on_delete: NotRequired[bool]
    """Keep the task UI when it is replaced or the stack destroyed (default true): a flow definition
    kept to finish its queued reviews still shows workers this UI."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the task UI."""


class WorkerTaskUi(pulumi.ComponentResource):
    """A HumanTaskUI. AWS cannot update one, so every template change replaces it (new name first)."""

    human_task_ui_arn: pulumi.Output[str]
    """ARN of the task UI, arn:aws:sagemaker:<region>:<account>:human-task-ui/<name>."""
    human_task_ui_name: pulumi.Output[str]
    """Physical name, <prefix>-<hash of the template>."""

    def __init__(self, name: str, args: WorkerTaskUiArgs, opts: pulumi.ResourceOptions | None = None):
        template: pulumi.Input[str] = args["template"]
        if isinstance(template, str):
            with reported_as_run_errors():
                template = check_template(template, "template")
        else:
            template = pulumi.Output.all(template).apply(lambda known: check_template(known[0], "template"))
        super().__init__("a2i-moderation:index:WorkerTaskUi", name, {}, opts)
        owner = [pulumi.get_project(), pulumi.get_stack(), name]
        ui = aws.sagemaker.HumanTaskUI(
            f"{name}-template",
            human_task_ui_name=pulumi.Output.all(args["name_prefix"], template).apply(
                lambda v: hashed_name(f"{v[0]}-ui", [*owner, v[1]])
            ),
            ui_template={"content": template},
            tags=args.get("tags"),
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=args.get("retain_on_delete", True)),
        )
        self.human_task_ui_arn = ui.arn
        self.human_task_ui_name = ui.human_task_ui_name
        self.register_outputs(
            {"human_task_ui_arn": self.human_task_ui_arn, "human_task_ui_name": self.human_task_ui_name}
        )
