"""Which human-loop status changes belong to a workflow: the EventBridge pattern (pure).

A2I sends an event to the account's default event bus each time a human loop ends: detail-type
"SageMaker A2I HumanLoop Status Change", source "aws.sagemaker", status Completed, Failed or
Stopped, and the loop's flow definition ARN in ``detail.flowDefinitionArn`` (AWS's
a2i-cloudwatch-events.md). A workflow's flow definitions are named ``<name>-<hash>``: the current
one and every replaced one kept until its queue drains. So the pattern selects them by that name
and ``-``, in this account and region, which is also how the caller policy scopes
``sagemaker:StartHumanLoop``.
"""

from __future__ import annotations

from typing import Any

SOURCE = "aws.sagemaker"
DETAIL_TYPE = "SageMaker A2I HumanLoop Status Change"
#: The statuses A2I sends events for; each one ends the loop.
FINAL_STATUSES = ("Completed", "Failed", "Stopped")


def flow_definition_arn_prefix(partition: str, region: str, account_id: str, name_prefix: str) -> str:
    """The start every flow definition ARN of one workflow shares: ``...:flow-definition/<name>-``."""
    return f"arn:{partition}:sagemaker:{region}:{account_id}:flow-definition/{name_prefix}-"


def status_change_pattern(flow_definition_arn_prefix: str) -> dict[str, Any]:
    """EventBridge event pattern for the end of every human loop of one workflow's flow definitions.

    A prefix match, not the current ARN: a replaced flow definition that is kept still finishes
    its queued loops, and their results belong to the same workflow."""
    return {
        "source": [SOURCE],
        "detail-type": [DETAIL_TYPE],
        "detail": {
            "flowDefinitionArn": [{"prefix": flow_definition_arn_prefix}],
            "humanLoopStatus": list(FINAL_STATUSES),
        },
    }
