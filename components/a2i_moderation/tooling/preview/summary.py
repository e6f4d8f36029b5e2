"""summary.md: the review card a pull request shows for a planned change (pure).

Built from plan.json documents only, so it can be rebuilt from files, and written without times or
absolute paths, so an unchanged stack gives a byte-identical card.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ...conditions.describe import describe_condition
from .diff import FLOW, HOLDS_ANSWERS, TASK_UI, PlanDiff, activation_conditions, short, short_pair
from .tree import presigned_url_access, settings_of, sign_in_networks

WORKTEAM = "aws:sagemaker/workteam:Workteam"
WORKFORCE = "aws:sagemaker/workforce:Workforce"

MARKER = "<!-- a2i-moderation preview -->"


def _one(plan: Mapping[str, Any], token: str) -> dict[str, Any] | None:
    found = [r for r in plan["resources"] if r["type"] == token]
    return found[0] if len(found) == 1 else None


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def notes_for(plan: Mapping[str, Any]) -> list[str]:
    """What a reviewer or operator must do or know that the resources alone do not say."""
    notes = []
    for bucket in plan["outputs"].get("inputBucketsNeedingCors") or []:
        notes.append(
            f"input bucket {bucket} is not managed here: its owner must add A2I's CORS rule "
            '([{"AllowedHeaders": [], "AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "ExposeHeaders": []}]) '
            "or every review task for its images fails"
        )
    if any(r["type"] == "aws:sagemaker/workforce:Workforce" for r in plan["resources"]):
        notes.append(
            "a private workforce is created: this fails if the account already has one in this region "
            "(then set workteam.create.userPoolId and userPoolClientId)"
        )
    if any(
        r["type"] == "aws:sagemaker/workteam:Workteam" and r["inputs"].get("notificationConfiguration")
        for r in plan["resources"]
    ):
        notes.append("AWS documents that A2I sends no SNS notices for its tasks (only Ground Truth jobs do)")
    return notes


def _retention(plan: Mapping[str, Any]) -> str:
    bucket = _one(plan, "aws:s3/bucket:Bucket")
    if bucket is None:
        return "as the existing bucket's own lifecycle rules say (this stack does not manage it)"
    lifecycle = _one(plan, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
    rules = lifecycle["inputs"].get("rules", []) if lifecycle else []
    expiry = next((r["expiration"]["days"] for r in rules if "expiration" in r), None)
    old = next(
        (r["noncurrentVersionExpiration"]["noncurrentDays"] for r in rules if "noncurrentVersionExpiration" in r), None
    )
    parts = [f"answers expire after {expiry} days" if expiry else "answers are kept until someone deletes them"]
    if old:
        parts.append(f"overwritten or deleted versions are kept {old} days")
    kept = bucket["options"].get("retainOnDelete")
    parts.append(
        "the bucket and its key survive `pulumi destroy`"
        if kept
        else "**the bucket is deleted by `pulumi destroy`** (retainOnDestroy is off)"
    )
    return "; ".join(parts)


def _mermaid(plan: Mapping[str, Any]) -> list[str]:
    def node(token: str, fallback: str) -> str:
        resource = _one(plan, token)
        return f"{resource['type'].split(':')[-1]} {resource['name']}" if resource else fallback

    outputs = plan["outputs"]
    flow_name = outputs.get("flowDefinitionName", "flow definition")
    team = outputs.get("workteamArn", "").rsplit("/", 1)[-1] or "workteam"
    bucket = outputs.get("outputS3Uri", "output bucket")
    lines = [
        "```mermaid",
        "flowchart LR",
        '    app["Application"] -- "DetectModerationLabels<br/>+ flowDefinitionArn" --> rek["Amazon Rekognition"]',
        f'    rek -- "activation conditions hold" --> flow["A2I flow definition<br/>{flow_name}<br/>'
        f'<i>{node(FLOW, "existing")}</i>"]',
        f'    flow -- "task shown with<br/>{node(TASK_UI, "an existing task UI")}" --> team["Workteam {team}<br/>'
        f'<i>{node("aws:sagemaker/workteam:Workteam", "existing workteam")}</i>"]',
        f'    team -- "answers: output.json" --> bucket[("{bucket}<br/>'
        f'<i>{node("aws:s3/bucket:Bucket", "existing bucket")}, {node("aws:kms/key:Key", "its encryption")}</i>")]',
        f'    flow -. "assumes" .-> role["{node("aws:iam/role:Role", "existing execution role")}"]',
        "```",
    ]
    return lines


def _diff_section(diff: PlanDiff) -> list[str]:
    if diff.empty:
        return ["## What changes", "", "Nothing: the planned resources are identical to the baseline.", ""]
    lines = ["## What changes", ""]
    risks = diff.data_loss_risks()
    if risks:
        lines += ["> [!CAUTION]", "> **Data loss risk: review answers**"]
        lines += [f"> - {risk}" for risk in risks]
        lines.append("")
    for change in diff.replacements:
        if change.type == FLOW:
            old = next((o for p, o, _ in change.fields if p == "flowDefinitionName"), None)
            new = change.resource["inputs"].get("flowDefinitionName")
            if change.resource["options"].get("retainOnDelete"):
                fate = (
                    f"The new one is created first, and the old one is **kept** (retainOnDelete), so the images "
                    f"queued for review there are still reviewed; delete it once `ListHumanLoops` shows none in "
                    f"progress (`aws sagemaker delete-flow-definition --flow-definition-name {old}`)."
                )
            else:
                fate = (
                    "The new one is created first, then the old one is **deleted**: AWS stops and deletes every "
                    "human loop no worker has started, so **the images queued for review are never reviewed** "
                    "(retainReplacedFlowDefinitions is off)."
                )
            lines += [
                "> [!WARNING]",
                f"> **The flow definition is REPLACED** ({old} → {new}). AWS cannot update a flow definition, so its "
                f"**ARN changes**: `flowDefinitionArn` gets a new value. {fate} Applications keep working if they "
                "read `flowDefinitionArn` from the stack output at deploy time (StackReference, SSM parameter, "
                "environment); one that hard-codes the old ARN sends no image to review once the old one is gone.",
                "",
            ]
            conditions_path = (
                "humanLoopActivationConfig.humanLoopActivationConditionsConfig.humanLoopActivationConditions"
            )
            old_text = next((o for p, o, _ in change.fields if p == conditions_path), None)
            if old_text:
                before = [describe_condition(c) for c in json.loads(old_text).get("Conditions", [])]
                after = [
                    describe_condition(c)
                    for c in json.loads(
                        change.resource["inputs"]["humanLoopActivationConfig"]["humanLoopActivationConditionsConfig"][
                            "humanLoopActivationConditions"
                        ]
                    ).get("Conditions", [])
                ]
                lines += ["**Activation conditions**", "", "| Before | After |", "|---|---|"]
                for i in range(max(len(before), len(after))):
                    old_text = _cell(before[i]) if i < len(before) else ""
                    new_text = _cell(after[i]) if i < len(after) else ""
                    lines.append(f"| {old_text} | {new_text} |")
                lines.append("")
        elif change.type == TASK_UI:
            lines += [
                "> [!WARNING]",
                f"> **The worker task UI is REPLACED** ({change.resource['name']}): AWS cannot update one. The flow "
                "definition that uses it is replaced with it, so its ARN changes too.",
                "",
            ]
        else:
            lines += ["> [!WARNING]", f"> **{change.type.split(':')[-1]} {change.resource['name']} is REPLACED.**", ""]
    if diff.added:
        lines += ["**Added**", ""]
        lines += [f"- `{r['type'].split(':')[-1]}` {r['name']}" for r in diff.added]
        lines.append("")
    if diff.removed:
        lines += ["**Removed**", ""]
        lines += [f"- `{r['type'].split(':')[-1]}` {r['name']}" for r in diff.removed]
        lines.append("")
    if diff.changed:
        lines += ["**Changed**", "", "| Resource | Field | Before | After |", "|---|---|---|---|"]
        for change in diff.changed:
            title = f"`{change.type.split(':')[-1]}` {change.resource['name']}" + (
                " (replaced)" if change.replaced else ""
            )
            rows = change.fields + [(f"options.{o}", old, new) for o, old, new in change.options]
            for path, old, new in rows:
                old_text, new_text = short_pair(old, new)
                lines.append(f"| {_cell(title)} | `{path}` | {_cell(old_text)} | {_cell(new_text)} |")
        lines.append("")
    return lines


def _applications_section(outputs: Mapping[str, Any]) -> list[str]:
    """What application teams need from the stack: where the ARN is, which policies, which queue."""
    parts = [
        ("flowDefinitionArnParameterName", "Current flow definition ARN", "SSM parameter `{}`"),
        ("callerPolicyArn", "For applications that send images", "attach `{}`"),
        ("resultsQueueUrl", "Results", "every end of a human loop arrives in `{}` (dead letters: `{dlq}`)"),
        ("processorPolicyArn", "For result processors", "attach `{}`"),
    ]
    lines = [
        f"- **{label}:** " + text.format(outputs[key], dlq=outputs.get("resultsDeadLetterQueueArn"))
        for key, label, text in parts
        if outputs.get(key)
    ]
    return ["", "## What applications use", "", *lines] if lines else []


def render_summary(
    plan: Mapping[str, Any],
    diff: PlanDiff | None = None,
    screenshot: str | None = None,
    ui_note: str | None = None,
    policy_checks: Sequence[str] | None = None,
) -> str:
    """The Markdown review card for a plan (and, with a baseline, what changes; with `policy_checks`, the
    body of its "Policy checks" section)."""
    outputs = plan["outputs"]
    lines = [
        MARKER,
        f"# A2I human review: `{plan['project']}/{plan['stack']}`",
        "",
        f"Region **{plan['region']}**, account `{plan['account']}` "
        "(a placeholder: the offline preview uses no AWS account). "
        f"{len([r for r in plan['resources'] if r['custom']])} AWS resources in "
        f"{len([r for r in plan['resources'] if not r['custom']])} components.",
        "",
    ]
    if diff is not None:
        lines += _diff_section(diff)
    lines += ["## When a human loop starts", ""]
    conditions = (activation_conditions(plan) or {}).get("Conditions", [])
    lines += [f"{i + 1}. {describe_condition(c)}" for i, c in enumerate(conditions)] or [
        "No flow definition in this plan."
    ]
    lines += ["", "Any one of these starts a loop for an image."]
    if plan.get("warnings"):
        lines += ["", "**Warnings**", ""]
        lines += [f"- {w}" for w in plan["warnings"]]
    lines += ["", "## Who reviews, and where the answers go", ""]
    team = outputs.get("workteamArn")
    lines.append(
        f"- **Reviewers:** workteam `{team}`"
        + (f", Cognito group `{outputs['reviewersGroup']}`" if outputs.get("reviewersGroup") else "")
    )
    if outputs.get("workerPortalUrl"):
        lines.append(f"- **Worker portal:** {outputs['workerPortalUrl']} (the workforce is created by this stack)")
    workforce, workteam = _one(plan, WORKFORCE), _one(plan, WORKTEAM)
    if workforce:
        lines.append(f"- **Sign-in to the portal:** {sign_in_networks(workforce['inputs'])}")
    if workteam:
        lines.append(
            f"- **Images:** workers see them through presigned S3 URLs, {presigned_url_access(workteam['inputs'])}"
        )
    flow = _one(plan, FLOW)
    if flow:
        loop = flow["inputs"].get("humanLoopConfig", {})
        lines.append(
            f"- **Per image:** {loop.get('taskCount')} worker(s); "
            f"a task waits up to {loop.get('taskAvailabilityLifetimeInSeconds'):,} s "
            f"for a worker, who has {loop.get('taskTimeLimitInSeconds'):,} s for it"
        )
    lines.append(
        f"- **Answers:** `{outputs.get('outputS3Uri')}<flow definition name>/YYYY/MM/DD/hh/mm/ss/<loop>/output.json`"
    )
    key_arn = outputs.get("kmsKeyArn")
    encryption = f"KMS key `{key_arn}`" if key_arn else "the existing bucket default encryption"
    lines.append(f"- **Encryption:** {encryption}")
    lines.append(f"- **Kept:** {_retention(plan)}")
    notes = notes_for(plan)
    if notes:
        lines += ["", "**Before `pulumi up`**", ""]
        lines += [f"- {n}" for n in notes]
    lines += _applications_section(outputs)
    if policy_checks is not None:
        lines += ["", "## Policy checks", "", *policy_checks]
    lines += ["", "## The flow", ""]
    lines += _mermaid(plan)
    lines += ["", "## Worker task UI", ""]
    if screenshot:
        lines += [
            f"![The worker task, rendered offline]({screenshot})",
            "",
            "Rendered from the registered template with a sample image and sample labels (offline preview of "
            "AWS's crowd elements).",
        ]
    else:
        lines.append(ui_note or "Not rendered (`--no-ui`).")
    lines += ["", "## Resources", "", "| Component | Type | Name | Settings that matter |", "|---|---|---|---|"]
    by_urn = {r["urn"]: r for r in plan["resources"]}
    for resource in plan["resources"]:
        if not resource["custom"]:
            continue
        parent = by_urn.get(resource["parent"] or "")
        component = f"{parent['type'].split(':')[-1]} {parent['name']}" if parent else ""
        settings = settings_of(resource)
        if resource["options"].get("retainOnDelete"):
            settings = f"{settings}; **retained on delete**" if settings else "**retained on delete**"
        if resource["type"] in HOLDS_ANSWERS and not resource["options"].get("retainOnDelete"):
            settings = f"{settings}; deleted on destroy" if settings else "deleted on destroy"
        lines.append(
            f"| {_cell(component)} | `{resource['type'].split(':')[-1]}` | {resource['name']} | {_cell(settings)} |"
        )
    lines += ["", "## Outputs", "", "| Export | Value |", "|---|---|"]
    lines += [f"| `{key}` | {_cell(short(value, 120))} |" for key, value in outputs.items()]
    return "\n".join(lines) + "\n"
