"""Flow definitions a workflow no longer uses, kept so their queued reviews finish (read-only unless asked).

A replaced flow definition is kept (retainReplacedFlowDefinitions): deleting it would stop and
delete every human loop no worker has started. This finds them, by the name prefix and the
`a2i-moderation:workflow` tag of the current one, counts their human loops still in progress
(A2I runtime ListHumanLoops), and deletes on request those with none, with their task UIs when no
remaining flow definition uses them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError
from ..naming import WORKFLOW_TAG
from .aws import listed

#: Flow definitions per account and region, by default (AWS's A2I quotas).
FLOW_DEFINITION_QUOTA = 100
#: Human loops that still hold a task a worker may do.
OPEN_LOOP_STATUSES = ("InProgress", "Stopping")
_HASHED = re.compile(r"^(?P<prefix>[a-z0-9-]+)-[0-9a-f]{8}$")


@dataclass
class Retired:
    name: str
    arn: str
    status: str
    loops_in_progress: int
    task_ui_arn: str | None
    deleted: bool = False
    deleted_task_ui: bool = False


@dataclass
class Report:
    region: str
    current: str
    retired: list[Retired] = field(default_factory=list)
    flow_definitions_in_region: int = 0

    def render(self) -> str:
        lines = [f"Current flow definition: {self.current}"]
        if not self.retired:
            lines.append("No retired flow definitions of this workflow.")
        for item in self.retired:
            state = "deleted" if item.deleted else f"{item.loops_in_progress:,} human loop(s) in progress"
            ui = " (and its task UI)" if item.deleted_task_ui else ""
            lines.append(f"  {item.name}  {item.status}  {state}{ui}")
        drained = [r for r in self.retired if not r.deleted and r.loops_in_progress == 0]
        if drained:
            lines.append(f"{len(drained)} drained: delete them with --delete-drained.")
        remaining = FLOW_DEFINITION_QUOTA - self.flow_definitions_in_region
        lines.append(
            f"{self.flow_definitions_in_region} of {FLOW_DEFINITION_QUOTA} flow definitions used in {self.region} "
            f"(the default quota): {remaining} left."
        )
        return "\n".join(lines)


def _workflow_tag(sagemaker: Any, arn: str) -> str | None:
    for tag in listed(sagemaker, "list_tags", "Tags", ResourceArn=arn):
        if tag.get("Key") == WORKFLOW_TAG:
            return str(tag.get("Value"))
    return None


def loops_in_progress(a2i: Any, flow_definition_arn: str) -> int:
    """The flow definition's human loops that still hold a task a worker may do."""
    loops = listed(a2i, "list_human_loops", "HumanLoopSummaries", FlowDefinitionArn=flow_definition_arn)
    return sum(1 for loop in loops if loop.get("HumanLoopStatus") in OPEN_LOOP_STATUSES)


def find_retired(sagemaker: Any, a2i: Any, outputs: dict[str, Any], region: str) -> Report:
    """This workflow's flow definitions other than the current one, each with its open loops."""
    current = outputs.get("flowDefinitionName")
    current_arn = outputs.get("flowDefinitionArn")
    match = _HASHED.match(str(current or ""))
    if not current or not current_arn or match is None:
        raise ConfigError(
            "--outputs: no flowDefinitionName and flowDefinitionArn of a2i-moderation's form "
            "(the file `pulumi stack output --json` writes)"
        )
    workflow = _workflow_tag(sagemaker, current_arn)
    report = Report(region=region, current=current)
    summaries = list(listed(sagemaker, "list_flow_definitions", "FlowDefinitionSummaries"))
    report.flow_definitions_in_region = len(summaries)
    for summary in summaries:
        name = summary["FlowDefinitionName"]
        candidate = _HASHED.match(name)
        if name == current or candidate is None or candidate["prefix"] != match["prefix"]:
            continue
        if _workflow_tag(sagemaker, summary["FlowDefinitionArn"]) != workflow:
            continue  # the same prefix, but another stack's workflow
        loops = loops_in_progress(a2i, summary["FlowDefinitionArn"])
        described = sagemaker.describe_flow_definition(FlowDefinitionName=name)
        task_ui = described.get("HumanLoopConfig", {}).get("HumanTaskUiArn")
        report.retired.append(
            Retired(name, summary["FlowDefinitionArn"], summary["FlowDefinitionStatus"], loops, task_ui)
        )
    return report


def delete_drained(sagemaker: Any, report: Report, current_task_ui_arn: str | None) -> None:
    """Delete the retired flow definitions with no loop in progress, and each task UI no kept flow
    definition (nor the current one) uses."""
    for item in report.retired:
        if item.loops_in_progress == 0 and item.status == "Active":
            sagemaker.delete_flow_definition(FlowDefinitionName=item.name)
            item.deleted = True
    still_used = {current_task_ui_arn} | {r.task_ui_arn for r in report.retired if not r.deleted}
    for item in report.retired:
        if item.deleted and item.task_ui_arn and item.task_ui_arn not in still_used:
            sagemaker.delete_human_task_ui(HumanTaskUiName=item.task_ui_arn.rsplit("/", 1)[-1])
            item.deleted_task_ui = True
            still_used.add(item.task_ui_arn)  # two retired flow definitions may share one
