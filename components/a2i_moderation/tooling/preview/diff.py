"""Compare two plans: what is added, removed, changed, replaced, and what risks review data (pure)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"
TASK_UI = "aws:sagemaker/humanTaskUI:HumanTaskUI"
BUCKET = "aws:s3/bucket:Bucket"
KEY = "aws:kms/key:Key"

#: AWS has no update API for these: every change but tags replaces them.
REPLACE_ONLY = {FLOW, TASK_UI}
#: Inputs AWS cannot change in place, for the other types this project registers (the provider
#: marks them ForceNew). A change to one replaces the resource.
FORCES_REPLACEMENT: dict[str, set[str]] = {
    BUCKET: {"bucket", "bucketPrefix", "objectLockEnabled", "region"},
    KEY: {"customerMasterKeySpec", "keyUsage", "multiRegion", "customKeyStoreId", "xksKeyId", "region"},
    "aws:iam/role:Role": {"name", "namePrefix", "path"},
    "aws:iam/rolePolicy:RolePolicy": {"role", "name", "namePrefix"},
    "aws:sagemaker/workteam:Workteam": {"workteamName", "workforceName", "region"},
    "aws:sagemaker/workforce:Workforce": {"workforceName", "region"},
    "aws:cognito/userPool:UserPool": {"name", "aliasAttributes", "usernameAttributes", "region"},
    "aws:cognito/userPoolClient:UserPoolClient": {"userPoolId", "generateSecret", "region"},
    "aws:cognito/userPoolDomain:UserPoolDomain": {"domain", "userPoolId", "certificateArn", "region"},
    "aws:cognito/userGroup:UserGroup": {"name", "userPoolId", "region"},
    "aws:sns/topic:Topic": {"name", "namePrefix", "fifoTopic", "region"},
}
#: Where review answers live: replacing or deleting these risks them.
HOLDS_ANSWERS = {BUCKET: "output bucket", KEY: "KMS key that decrypts the answers"}
_IN_PLACE = {"tags", "tagsAll"}


def activation_conditions(plan: Mapping[str, Any]) -> dict[str, Any] | None:
    """The HumanLoopActivationConditions document of a plan's one flow definition (None without one)."""
    flows = [r for r in plan["resources"] if r["type"] == FLOW]
    if len(flows) != 1:
        return None
    config = flows[0]["inputs"].get("humanLoopActivationConfig", {}).get("humanLoopActivationConditionsConfig", {})
    try:
        document = json.loads(config.get("humanLoopActivationConditions", "{}"))
    except json.JSONDecodeError:
        return None
    return document if isinstance(document, dict) else None


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict) and value:
        flat: dict[str, Any] = {}
        for key, inner in value.items():
            flat.update(_flatten(inner, f"{prefix}.{key}" if prefix else key))
        return flat
    return {prefix: value}


def changed_fields(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[tuple[str, Any, Any]]:
    """(dotted path, old value, new value) for every input that differs."""
    before, after = _flatten(dict(old)), _flatten(dict(new))
    return [
        (path, before.get(path), after.get(path))
        for path in sorted(set(before) | set(after))
        if before.get(path) != after.get(path)
    ]


@dataclass
class Change:
    resource: dict[str, Any]
    fields: list[tuple[str, Any, Any]]
    replaced: bool
    options: list[tuple[str, Any, Any]]
    """(resource option, old value, new value), e.g. ("retainOnDelete", True, False)."""

    @property
    def type(self) -> str:
        return str(self.resource["type"])


@dataclass
class PlanDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)

    @property
    def replacements(self) -> list[Change]:
        return [c for c in self.changed if c.replaced]

    def data_loss_risks(self) -> list[str]:
        """Every change that would replace or delete what holds review answers."""
        risks = []
        for resource in self.removed:
            if resource["type"] in HOLDS_ANSWERS:
                kept = resource["options"].get("retainOnDelete")
                fate = (
                    "kept in AWS (retainOnDelete) but leaves the stack: new answers would go elsewhere"
                    if kept
                    else "DELETED with the answers it holds"
                )
                risks.append(f"{HOLDS_ANSWERS[resource['type']]} {resource['name']} is removed: {fate}")
        for change in self.replacements:
            if change.type in HOLDS_ANSWERS:
                kept = change.resource["options"].get("retainOnDelete")
                fate = (
                    "the old one is kept (retainOnDelete) but leaves the stack; new answers go to the new one"
                    if kept
                    else "the old one is DELETED with the answers it holds"
                )
                fields = ", ".join(path for path, _, _ in change.fields)
                risks.append(
                    f"{HOLDS_ANSWERS[change.type]} {change.resource['name']} is replaced ({fields} changed): {fate}"
                )
        for change in self.changed:
            if (
                change.type in HOLDS_ANSWERS
                and any(o == "retainOnDelete" for o, _, _ in change.options)
                and not change.resource["options"].get("retainOnDelete")
            ):
                risks.append(
                    f"{HOLDS_ANSWERS[change.type]} {change.resource['name']} is no longer retained: "
                    "`pulumi destroy` would delete it"
                )
        return risks


def _replaced(token: str, fields: list[tuple[str, Any, Any]]) -> bool:
    roots = {path.split(".", 1)[0] for path, _, _ in fields}
    if token in REPLACE_ONLY:
        return bool(roots - _IN_PLACE)
    return bool(roots & FORCES_REPLACEMENT.get(token, set()))


def compare(old: Mapping[str, Any], new: Mapping[str, Any]) -> PlanDiff:
    """What `new` (a plan.json document) changes relative to `old`."""
    before = {r["urn"]: r for r in old["resources"]}
    after = {r["urn"]: r for r in new["resources"]}
    diff = PlanDiff(
        added=[after[u] for u in sorted(set(after) - set(before))],
        removed=[before[u] for u in sorted(set(before) - set(after))],
    )
    for urn in sorted(set(before) & set(after)):
        fields = changed_fields(before[urn]["inputs"], after[urn]["inputs"])
        options = [
            (key, before[urn]["options"].get(key), value)
            for key, value in after[urn]["options"].items()
            if value != before[urn]["options"].get(key)
        ]
        if fields or options:
            diff.changed.append(Change(after[urn], fields, _replaced(after[urn]["type"], fields), options))
    return diff


def short(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def short_pair(old: Any, new: Any, limit: int = 60) -> tuple[str, str]:
    """Both values cut to `limit`, around where they start to differ, so the difference shows."""
    before = old if isinstance(old, str) else json.dumps(old)
    after = new if isinstance(new, str) else json.dumps(new)
    if len(before) <= limit and len(after) <= limit:
        return before, after
    same = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b), min(len(before), len(after))
    )
    start = max(0, same - limit // 3)

    def cut(text: str) -> str:
        piece = text[start : start + limit]
        return ("…" if start else "") + piece + ("…" if start + limit < len(text) else "")

    return cut(before), cut(after)


def render_diff(diff: PlanDiff) -> str:
    """The comparison for a terminal."""
    if diff.empty:
        return "Against the baseline: no change."
    lines = [f"Against the baseline: {len(diff.added)} added, {len(diff.removed)} removed, {len(diff.changed)} changed"]
    for risk in diff.data_loss_risks():
        lines.append(f"  DATA LOSS RISK: {risk}")
    for change in diff.replacements:
        what = change.type.split(":")[-1]
        extra = ": its ARN changes, applications must use the new flowDefinitionArn" if change.type == FLOW else ""
        lines.append(f"  REPLACED: {what} {change.resource['name']}{extra}")
        if change.type == FLOW:
            if change.resource["options"].get("retainOnDelete"):
                lines.append(
                    "    the old flow definition is kept so its queued reviews finish; "
                    "`a2i-moderation retired --outputs FILE --delete-drained` removes it once drained"
                )
            else:
                lines.append("    the old flow definition is deleted: its queued reviews are dropped")
    for resource in diff.added:
        lines.append(f"  + {resource['type'].split(':')[-1]} {resource['name']}")
    for resource in diff.removed:
        lines.append(f"  - {resource['type'].split(':')[-1]} {resource['name']}")
    for change in diff.changed:
        lines.append(f"  ~ {change.type.split(':')[-1]} {change.resource['name']}")
        for path, old, new in change.fields:
            before, after = short_pair(old, new)
            lines.append(f"      {path}: {before} -> {after}")
        for option, old, new in change.options:
            lines.append(f"      options.{option}: {json.dumps(old)} -> {json.dumps(new)}")
    return "\n".join(lines)
