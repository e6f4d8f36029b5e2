"""A plan as a readable resource tree, with the settings a reviewer looks for (pure)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .engine import Plan


def _policy(inputs: dict[str, Any], field: str = "policy") -> dict[str, Any]:
    text = inputs.get(field)
    try:
        return json.loads(text) if isinstance(text, str) else {}
    except json.JSONDecodeError:
        return {}


def _sids(inputs: dict[str, Any], field: str = "policy") -> str:
    return ", ".join(s.get("Sid", "?") for s in _policy(inputs, field).get("Statement", []))


def _trust(inputs: dict[str, Any]) -> str:
    statements = _policy(inputs, "assumeRolePolicy").get("Statement", [])
    services = sorted({s.get("Principal", {}).get("Service", "?") for s in statements})
    guarded = any("Condition" in s for s in statements)
    return f"trusted by {', '.join(services)}, confused-deputy guard {'on' if guarded else 'off'}"


def _lifecycle(inputs: dict[str, Any]) -> str:
    parts = []
    for rule in inputs.get("rules", []):
        if "noncurrentVersionExpiration" in rule:
            parts.append(f"old versions kept {rule['noncurrentVersionExpiration'].get('noncurrentDays')} days")
        if "expiration" in rule:
            parts.append(f"answers expire after {rule['expiration'].get('days')} days")
    return "; ".join(parts) or "no rules"


def _flow(inputs: dict[str, Any]) -> str:
    loop = inputs.get("humanLoopConfig", {})
    conditions = inputs.get("humanLoopActivationConfig", {}).get("humanLoopActivationConditionsConfig", {})
    try:
        count = len(json.loads(conditions.get("humanLoopActivationConditions", "{}")).get("Conditions", []))
    except (json.JSONDecodeError, AttributeError):
        count = 0
    return (
        f"{inputs.get('flowDefinitionName')}: {count} activation condition(s), "
        f"{loop.get('taskCount')} worker(s) per image, available {loop.get('taskAvailabilityLifetimeInSeconds')} s, "
        f"{loop.get('taskTimeLimitInSeconds')} s per task, output {inputs.get('outputConfig', {}).get('s3OutputPath')}"
    )


def _queue(inputs: dict[str, Any]) -> str:
    days = int(inputs.get("messageRetentionSeconds", 345_600)) // 86_400
    encrypted = "SSE-SQS" if inputs.get("sqsManagedSseEnabled") else "NOT ENCRYPTED"
    redrive = inputs.get("redrivePolicy")
    dead_letters = ""
    if isinstance(redrive, str) and redrive.startswith("{"):
        dead_letters = f", to the DLQ after {json.loads(redrive).get('maxReceiveCount')} receives"
    return f"{encrypted}, kept {days} days{dead_letters}"


def _rule(inputs: dict[str, Any]) -> str:
    pattern = json.loads(inputs.get("eventPattern") or "{}")
    detail = pattern.get("detail", {})
    arns = [m.get("prefix", m) if isinstance(m, dict) else m for m in detail.get("flowDefinitionArn", [])]
    statuses = ", ".join(detail.get("humanLoopStatus", []))
    return f"{', '.join(pattern.get('detail-type', []))} ({statuses}) of {' or '.join(f'{a}*' for a in arns)}"


def presigned_url_access(inputs: dict[str, Any]) -> str:
    """How S3 treats the presigned image URLs workers get (WorkerAccessConfiguration)."""
    constraints = (inputs.get("workerAccessConfiguration") or {}).get("s3Presign", {}).get(
        "iamPolicyConstraints", {}
    ) or {}
    checked = [
        what
        for key, what in (("sourceIp", "source IP"), ("vpcSourceIp", "VPC source IP"))
        if constraints.get(key) == "Enabled"
    ]
    return f"bound to the worker's {' and '.join(checked)}" if checked else "usable from anywhere until they expire"


def sign_in_networks(inputs: dict[str, Any]) -> str:
    """Where the workforce's portal accepts sign-ins from (SourceIpConfig)."""
    cidrs = (inputs.get("sourceIpConfig") or {}).get("cidrs") or []
    return f"from {', '.join(cidrs)}" if cidrs else "from anywhere"


def _encryption(inputs: dict[str, Any]) -> str:
    rule = (inputs.get("rules") or [{}])[0]
    default = rule.get("applyServerSideEncryptionByDefault", {})
    key = default.get("kmsMasterKeyId", "")
    bucket_key = "on" if rule.get("bucketKeyEnabled") else "off"
    return f"{default.get('sseAlgorithm')} with {key.rsplit('/', 1)[-1] or 'the default key'}, bucket key {bucket_key}"


_SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "aws:kms/key:Key": lambda i: (
        f"rotation {'on' if i.get('enableKeyRotation') else 'OFF'}, "
        f"deletion window {i.get('deletionWindowInDays')} days; policy: {_sids(i)}"
    ),
    "aws:s3/bucket:Bucket": lambda i: f"force destroy {'ON' if i.get('forceDestroy') else 'off'}",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": lambda i: (
        "all public access blocked"
        if all(i.get(k) for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"))
        else "PUBLIC ACCESS NOT FULLY BLOCKED"
    ),
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": lambda i: i.get("rule", {}).get("objectOwnership", ""),
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": _encryption,
    "aws:s3/bucketVersioning:BucketVersioning": lambda i: (
        f"versioning {i.get('versioningConfiguration', {}).get('status')}"
    ),
    "aws:s3/bucketPolicy:BucketPolicy": _sids,
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": _lifecycle,
    "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration": lambda i: (
        f"{i.get('bucket')}: GET from any origin (replaces its CORS rules)"
    ),
    "aws:iam/role:Role": _trust,
    "aws:iam/rolePolicy:RolePolicy": _sids,
    "aws:sagemaker/humanTaskUI:HumanTaskUI": lambda i: (
        f"{i.get('humanTaskUiName')}: template of {len(i.get('uiTemplate', {}).get('content', '')):,} characters"
    ),
    "aws:sagemaker/workteam:Workteam": lambda i: f"{i.get('workteamName')}; image URLs {presigned_url_access(i)}",
    "aws:sagemaker/workforce:Workforce": lambda i: (
        f"{i.get('workforceName')} (one private workforce per account and region); sign-in {sign_in_networks(i)}"
    ),
    "aws:cognito/userPool:UserPool": lambda i: f"admin-created users only, MFA {i.get('mfaConfiguration')}",
    "aws:cognito/userPoolDomain:UserPoolDomain": lambda i: f"{i.get('domain')}",
    "aws:cognito/userGroup:UserGroup": lambda i: f"{i.get('name')}",
    "aws:sagemaker/flowDefinition:FlowDefinition": _flow,
    "aws:ssm/parameter:Parameter": lambda i: f"{i.get('name')} = {i.get('insecureValue')}",
    "aws:iam/policy:Policy": _sids,
    "aws:sqs/queue:Queue": _queue,
    "aws:sqs/queuePolicy:QueuePolicy": _sids,
    "aws:cloudwatch/eventRule:EventRule": _rule,
    "aws:cloudwatch/eventTarget:EventTarget": lambda i: "to the results queue, dead letters to the DLQ",
}


def settings_of(resource: dict[str, Any]) -> str:
    """The settings of a resource a reviewer looks for, in a few words ("" when none matter)."""
    summary = _SUMMARIES.get(resource["type"])
    return summary(resource["inputs"]) if summary is not None else ""


def describe(resource: dict[str, Any]) -> str:
    """One line: type, logical name, key settings and lifecycle options."""
    line = f"{resource['type'].split(':')[-1]} {resource['name']}"
    settings = settings_of(resource)
    if settings:
        line += f"  [{settings}]"
    options = resource["options"]
    flags = [
        flag
        for flag, on in (("retained on delete", options["retainOnDelete"]), ("protected", options["protect"]))
        if on
    ]
    if flags:
        line += f"  ({', '.join(flags)})"
    return line


def render_tree(plan: Plan) -> str:
    """The plan's resources as an indented tree under the stack."""
    children: dict[str | None, list[dict[str, Any]]] = {}
    urns = {r["urn"] for r in plan.resources}
    for resource in plan.resources:
        parent = resource["parent"] if resource["parent"] in urns else None
        children.setdefault(parent, []).append(resource)
    lines = [f"Stack {plan.project}/{plan.stack} in {plan.region} (account {plan.account}: placeholder)"]

    def walk(parent: str | None, indent: str) -> None:
        kids = sorted(children.get(parent, []), key=lambda r: (r["custom"], r["name"]))
        for i, resource in enumerate(kids):
            last = i == len(kids) - 1
            lines.append(f"{indent}{'└─ ' if last else '├─ '}{describe(resource)}")
            walk(resource["urn"], indent + ("   " if last else "│  "))

    walk(None, "")
    return "\n".join(lines)
