"""Where the parts a user brings live, checked against where the workflow runs (pure).

AWS requires the A2I resources in one region: the one applications call DetectModerationLabels
from. The flow definition's role, task UI and private workteam belong to its account; S3 needs
the output key in the bucket's region. Mechanical Turk's public workforce closed on 2026-09-30,
and moderation images must not go to a public crowd anyway: its workteam is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError

#: The Mechanical Turk workteam (SageMaker guide, sms-workforce-management-public.md):
#: arn:aws:sagemaker:<region>:394669845002:workteam/public-crowd/default.
PUBLIC_CROWD = "workteam/public-crowd/"


@dataclass(frozen=True)
class ArnRule:
    """Which parts of a brought ARN must match the workflow's own."""

    arg: str
    service: str
    same_region: bool
    same_account: bool
    why: str


#: Every ARN a user can bring, and what must match.
ARN_RULES: tuple[ArnRule, ...] = (
    ArnRule("workteam_arn", "sagemaker", True, True, "A2I uses a workteam of its own region and account"),
    ArnRule(
        "human_task_ui_arn", "sagemaker", True, True, "a flow definition uses a task UI of its own region and account"
    ),
    ArnRule("role_arn", "iam", False, True, "A2I assumes a role of the flow definition's account"),
    ArnRule("kms_key_arn", "kms", True, False, "S3 encrypts with a key of the bucket's region"),
    ArnRule("workteam_notification_topic_arn", "sns", True, False, "SageMaker publishes to a topic of its region"),
)


def partition_of(region: str) -> str:
    """The AWS partition a region belongs to."""
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def refuse_public_crowd(value: Any, name: str) -> None:
    if isinstance(value, str) and PUBLIC_CROWD in value:
        raise ConfigError(
            f"{name}: {value!r} is not allowed (a private or vendor workteam: the public Mechanical Turk workforce "
            "closed on 2026-09-30, and moderation images must not go to a public crowd)"
        )


def check_locations(
    values: Mapping[str, Any],
    name: Callable[[str], str],
    region: str,
    account: str | None = None,
) -> None:
    """Raise ConfigError for a brought ARN in another partition, region or (where it must match)
    account. Values that are not text yet (Outputs) are skipped; `account` None skips accounts."""
    partition = partition_of(region)
    for rule in ARN_RULES:
        arn = values.get(rule.arg)
        if not isinstance(arn, str):
            continue
        parts = arn.split(":", 5)
        if len(parts) < 6:
            continue  # the setting's own check reports a malformed ARN
        _, arn_partition, _, arn_region, arn_account, _ = parts
        where = f"{name(rule.arg)}: {arn!r} is not allowed"
        if arn_partition != partition:
            raise ConfigError(f"{where} (an ARN of partition {partition}, where the workflow runs: {rule.why})")
        if rule.same_region and arn_region != region:
            raise ConfigError(f"{where} (an ARN of region {region}, where the workflow runs: {rule.why})")
        vendor = rule.arg == "workteam_arn" and "/vendor-crowd/" in arn  # a vendor's team is in its account
        if rule.same_account and account is not None and arn_account != account and not vendor:
            raise ConfigError(f"{where} (an ARN of account {account}, where the workflow runs: {rule.why})")
