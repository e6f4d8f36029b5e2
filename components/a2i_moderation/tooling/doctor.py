"""`a2i-moderation doctor`: what breaks A2I in a real account, checked read-only.

Before deploying, from the offline preview's plan (`--plan .preview/<stack>/plan.json`); after, from
the stack's outputs (`--outputs FILE`, as `pulumi stack output --json` writes it). Every check ends
passed, failed (with what to do, in one sentence) or not checked (with why: access denied, API
unavailable, a policy this evaluator cannot decide); never passed for what it could not see.

Only Describe/Get/List calls are made (and STS GetCallerIdentity): nothing is changed. Permissions
are decided by evaluating the policies AWS returns (`a2i_moderation.policy_evaluation`), not by
looking for strings in them.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..errors import ConfigError
from ..policies import SAGEMAKER_PRINCIPAL
from ..policy_evaluation import Decision, Effect, NotEvaluatedError, Request, decide, same_account_access
from ..settings import A2I_REGIONS
from . import read_json_object
from .aws import ACCESS_DENIED, listed, read_outputs
from .retired import FLOW_DEFINITION_QUOTA, find_retired, loops_in_progress

#: Workteams per account and region (AWS's A2I and Ground Truth quotas).
WORKTEAM_QUOTA = 25
#: Human loops in progress per flow definition, for private and vendor workteams.
HUMAN_LOOP_QUOTA = 5_000
#: At this share of the human-loop quota the check fails: there is still time to act.
HUMAN_LOOP_ALARM = 0.9
#: What the execution role does with the output key (through S3, as A2I writes the answers).
KEY_ACTIONS = ("kms:GenerateDataKey", "kms:Decrypt", "kms:Encrypt", "kms:DescribeKey")
_UNAVAILABLE = {"UnknownOperationException", "InvalidAction", "NotImplemented"}


class Status(Enum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_CHECKED = "not checked"


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


@dataclass(frozen=True)
class Target:
    """What to check, from a plan or from a deployed stack's outputs."""

    source: str
    """"plan" (before `pulumi up`) or "outputs" (after)."""
    path: str
    region: str
    account: str | None
    input_buckets: tuple[str, ...]
    cors_managed: frozenset[str] = frozenset()
    """Input buckets whose CORS rule the plan writes."""
    creates_workforce: bool = False
    creates_workteam: bool = False
    outputs: Mapping[str, Any] = field(default_factory=dict)

    @property
    def deployed(self) -> bool:
        return self.source == "outputs"


def target_from_plan(path: str) -> Target:
    """The plan `a2i-moderation preview` writes (.preview/<stack>/plan.json)."""
    plan = read_json_object("--plan", path, "a JSON object")
    if not isinstance(plan.get("resources"), list) or not plan.get("region"):
        raise ConfigError(f"--plan: {path} is not a plan.json written by `a2i-moderation preview`")
    resources = plan["resources"]
    types = {str(r.get("type")) for r in resources}
    outputs = plan.get("outputs") or {}
    cors = {
        str(r["inputs"].get("bucket"))
        for r in resources
        if r.get("type") == "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration"
    }
    return Target(
        source="plan",
        path=path,
        region=str(plan["region"]),
        account=None,  # the preview's account is a placeholder: the credentials' account is checked
        input_buckets=tuple(str(b) for b in outputs.get("inputBucketNames") or ()),
        cors_managed=frozenset(cors),
        creates_workforce="aws:sagemaker/workforce:Workforce" in types,
        creates_workteam="aws:sagemaker/workteam:Workteam" in types,
        outputs=outputs,
    )


def target_from_outputs(path: str, region: str | None = None) -> Target:
    """The outputs of a deployed stack (`pulumi stack output --json > FILE`)."""
    outputs = read_outputs(path)
    arn = str(outputs.get("flowDefinitionArn") or "")
    parts = arn.split(":")
    if len(parts) < 6 or not arn.startswith("arn:"):
        raise ConfigError(f"--outputs: {path} has no flowDefinitionArn (the file `pulumi stack output --json` writes)")
    cors_needed = set(outputs.get("inputBucketsNeedingCors") or ())
    inputs = tuple(str(b) for b in outputs.get("inputBucketNames") or ())
    return Target(
        source="outputs",
        path=path,
        region=region or parts[3],
        account=parts[4],
        input_buckets=inputs,
        cors_managed=frozenset(b for b in inputs if b not in cors_needed),
        outputs=outputs,
    )


Document = dict[str, Any]
#: A role's trust policy, identity policies and permissions boundary (if any).
RolePolicies = tuple[Document, list[Document], Document | None]


@dataclass
class Clients:
    """The AWS clients doctor reads with (one region)."""

    s3: Any
    iam: Any
    kms: Any
    cognito: Any
    sagemaker: Any
    a2i: Any
    roles: dict[str, RolePolicies] = field(default_factory=dict)
    """Each role's policies, read once for all the checks that evaluate them."""


def _error_code(error: Exception) -> str:
    return str(getattr(error, "response", {}).get("Error", {}).get("Code", ""))


def _operation(error: Exception) -> str:
    return str(getattr(error, "operation_name", "") or "the call")


def _guarded(name: str, run: Callable[[], Check | list[Check]]) -> list[Check]:
    """Run a check; what AWS or the evaluator would not let it see becomes "not checked"."""
    from botocore.exceptions import ClientError, EndpointConnectionError

    try:
        result = run()
    except ClientError as error:
        code = _error_code(error)
        if code in ACCESS_DENIED:
            why = f"access denied to {_operation(error)}: give the credentials read access to check this"
        elif code in _UNAVAILABLE:
            why = f"{_operation(error)} is not available here ({code})"
        else:
            why = f"{_operation(error)} answered {code}: {_message(error)}"
        return [Check(name, Status.NOT_CHECKED, why)]
    except EndpointConnectionError as error:
        return [Check(name, Status.NOT_CHECKED, f"API unavailable: cannot reach {error.kwargs.get('endpoint_url')}")]
    except NotEvaluatedError as error:
        return [Check(name, Status.NOT_CHECKED, f"the policy uses {error}, which doctor does not evaluate")]
    return result if isinstance(result, list) else [result]


def _message(error: Any) -> str:
    """An AWS error's message on one line; an endpoint that answered with a web page, by its status."""
    message = " ".join(str(error.response.get("Error", {}).get("Message", "")).split())
    if not message or message.startswith("<"):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        return f"the endpoint answered HTTP {status} without an AWS error"
    return message if len(message) <= 200 else message[:199] + "…"


def _bucket_of(s3_uri: str) -> tuple[str, str]:
    without = s3_uri.removeprefix("s3://")
    bucket, _, prefix = without.partition("/")
    return bucket, prefix


def _partition(target: Target) -> str:
    arn = str(target.outputs.get("flowDefinitionArn") or "arn:aws:")
    return arn.split(":")[1] or "aws"


# --- before `pulumi up` (and after) ------------------------------------------------------------


def check_region(target: Target, clients: Clients) -> Check:
    name = f"A2I runs in {target.region}"
    if target.region not in A2I_REGIONS:
        return Check(name, Status.FAILED, f"A2I does not run there: deploy to one of {', '.join(sorted(A2I_REGIONS))}")
    clients.sagemaker.list_flow_definitions(MaxResults=1)
    return Check(name, Status.PASSED, "SageMaker's A2I API answered")


def check_workforce(target: Target, clients: Clients) -> Check:
    name = "private workforce"
    workforces = clients.sagemaker.list_workforces().get("Workforces", [])
    private = [w for w in workforces if w.get("CognitoConfig") or w.get("OidcConfig")] or workforces
    if private:
        cognito = private[0].get("CognitoConfig") or {}
        join = (
            f"set workteam.create.userPoolId: {cognito['UserPool']} and workteam.create.userPoolClientId: "
            f"{cognito['ClientId']} to join it"
            if cognito
            else "join it with workteam.arn"
        )
        return Check(
            name,
            Status.FAILED,
            f"the account already has its one private workforce in {target.region} "
            f"({private[0].get('WorkforceName')}), so creating another fails: {join}",
        )
    return Check(name, Status.PASSED, f"none yet in {target.region}: the plan creates it")


def _has_a2i_cors(rules: Sequence[Mapping[str, Any]]) -> bool:
    return any("GET" in r.get("AllowedMethods", []) and "*" in r.get("AllowedOrigins", []) for r in rules)


def check_input_bucket(target: Target, clients: Clients, bucket: str) -> Check:
    from botocore.exceptions import ClientError

    name = f"input bucket {bucket}"
    try:
        clients.s3.head_bucket(Bucket=bucket)
    except ClientError as error:
        if _error_code(error) in ("404", "NoSuchBucket", "NotFound"):
            return Check(name, Status.FAILED, "does not exist: create it, or correct inputBuckets")
        if _error_code(error) in ("403", *ACCESS_DENIED):
            return Check(name, Status.NOT_CHECKED, "access denied to HeadBucket (or the bucket is another account's)")
        raise
    if bucket in target.cors_managed and not target.deployed:
        return Check(name, Status.PASSED, "exists; the plan writes A2I's CORS rule (manageCors)")
    try:
        rules = clients.s3.get_bucket_cors(Bucket=bucket).get("CORSRules", [])
    except ClientError as error:
        if _error_code(error) != "NoSuchCORSConfiguration":
            raise
        rules = []
    if _has_a2i_cors(rules):
        return Check(name, Status.PASSED, "exists, with a CORS rule allowing GET from any origin")
    return Check(
        name,
        Status.FAILED,
        "has no CORS rule allowing GET from any origin, so every task for its images fails: add that rule, "
        "or let the stack manage it (inputBuckets: [{name, manageCors: true}])",
    )


def check_quotas(target: Target, clients: Clients) -> list[Check]:
    flows = sum(1 for _ in listed(clients.sagemaker, "list_flow_definitions", "FlowDefinitionSummaries"))
    teams = sum(1 for _ in listed(clients.sagemaker, "list_workteams", "Workteams"))
    # A deployed stack needs room for its next replacement (the old flow definition is kept).
    new_flows, new_teams = 1, (1 if target.creates_workteam else 0)
    checks = []
    for what, used, needed, quota, relief in (
        (
            "flow definitions",
            flows,
            new_flows,
            FLOW_DEFINITION_QUOTA,
            "delete drained retired ones (`a2i-moderation "
            "retired --outputs FILE --delete-drained`) or ask AWS for a higher quota",
        ),
        ("workteams", teams, new_teams, WORKTEAM_QUOTA, "delete unused workteams or join one with workteam.arn"),
    ):
        name = f"room for {what}"
        detail = f"{used} of {quota} used in {target.region}"
        if used + needed > quota:
            checks.append(Check(name, Status.FAILED, f"{detail}, {needed} more needed: {relief}"))
        else:
            checks.append(Check(name, Status.PASSED, f"{detail}; {needed} more needed"))
    return checks


# --- after `pulumi up` -------------------------------------------------------------------------


def check_flow_definition(target: Target, clients: Clients) -> Check:
    outputs = target.outputs
    name = f"flow definition {outputs.get('flowDefinitionName')}"
    described = clients.sagemaker.describe_flow_definition(FlowDefinitionName=outputs["flowDefinitionName"])
    config = described.get("HumanLoopConfig", {})
    output = described.get("OutputConfig", {})
    expected = {
        "status": ("Active", described.get("FlowDefinitionStatus")),
        "role": (outputs.get("roleArn"), described.get("RoleArn")),
        "task UI": (outputs.get("humanTaskUiArn"), config.get("HumanTaskUiArn")),
        "workteam": (outputs.get("workteamArn"), config.get("WorkteamArn")),
        "output": (str(outputs.get("outputS3Uri", "")).rstrip("/"), str(output.get("S3OutputPath", "")).rstrip("/")),
    }
    if outputs.get("kmsKeyArn"):
        expected["output key"] = (outputs["kmsKeyArn"], output.get("KmsKeyId"))
    wrong = [f"{what} is {actual} (expected {want})" for what, (want, actual) in expected.items() if want != actual]
    if wrong:
        reason = described.get("FailureReason")
        fix = "run `pulumi up` (or `pulumi refresh` first) so that it matches the stack"
        return Check(name, Status.FAILED, "; ".join(wrong) + (f" ({reason})" if reason else "") + f": {fix}")
    return Check(name, Status.PASSED, "Active, with the stack's role, task UI, workteam and output")


def check_output_bucket(target: Target, clients: Clients) -> Check:
    from botocore.exceptions import ClientError

    bucket = str(target.outputs.get("outputBucketName") or _bucket_of(str(target.outputs["outputS3Uri"]))[0])
    name = f"output bucket {bucket}"
    problems = []
    key = target.outputs.get("kmsKeyArn")
    defaults = _default_encryption(clients, bucket)
    encrypted = any(d.get("SSEAlgorithm") == "aws:kms" and _same_key(d.get("KMSMasterKeyID"), key) for d in defaults)
    if key and not encrypted:
        problems.append(f"its default encryption is not SSE-KMS with {key}")
    try:
        block = clients.s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    except ClientError as error:
        if _error_code(error) != "NoSuchPublicAccessBlockConfiguration":
            raise
        block = {}
    opened = [
        k
        for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")
        if not block.get(k)
    ]
    if opened:
        problems.append(f"public access is not blocked ({', '.join(opened)} off)")
    if clients.s3.get_bucket_versioning(Bucket=bucket).get("Status") != "Enabled":
        problems.append("versioning is not enabled (an overwritten answer would be lost)")
    if problems:
        return Check(name, Status.FAILED, "; ".join(problems) + ": run `pulumi up` to restore the planned settings")
    return Check(name, Status.PASSED, "SSE-KMS with the stack's key, public access blocked, versioning on")


def _default_encryption(clients: Clients, bucket: str) -> list[dict[str, Any]]:
    """The bucket's default encryption rules (ApplyServerSideEncryptionByDefault); none if it has none."""
    from botocore.exceptions import ClientError

    try:
        rules = clients.s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    except ClientError as error:
        if _error_code(error) != "ServerSideEncryptionConfigurationNotFoundError":
            raise
        return []
    return [rule.get("ApplyServerSideEncryptionByDefault", {}) for rule in rules]


def _same_key(configured: str | None, key_arn: str | None) -> bool:
    return bool(configured and key_arn) and (configured == key_arn or str(key_arn).endswith(f"/{configured}"))


def _json(document: str | Mapping[str, Any]) -> dict[str, Any]:
    from urllib.parse import unquote

    if isinstance(document, Mapping):
        return dict(document)
    text = document if document.lstrip().startswith("{") else unquote(document)
    return dict(json.loads(text))


def role_policies(clients: Clients, role_name: str) -> RolePolicies:
    """The role's trust policy, identity policies (inline and attached) and permissions boundary,
    read once per run."""
    if role_name not in clients.roles:
        clients.roles[role_name] = _read_role_policies(clients, role_name)
    return clients.roles[role_name]


def _read_role_policies(clients: Clients, role_name: str) -> RolePolicies:
    role = clients.iam.get_role(RoleName=role_name)["Role"]
    trust = _json(role["AssumeRolePolicyDocument"])
    documents = [
        _json(clients.iam.get_role_policy(RoleName=role_name, PolicyName=policy)["PolicyDocument"])
        for policy in listed(clients.iam, "list_role_policies", "PolicyNames", RoleName=role_name)
    ]
    for attached in listed(clients.iam, "list_attached_role_policies", "AttachedPolicies", RoleName=role_name):
        documents.append(_managed_policy(clients, attached["PolicyArn"]))
    boundary_arn = (role.get("PermissionsBoundary") or {}).get("PermissionsBoundaryArn")
    return trust, documents, _managed_policy(clients, boundary_arn) if boundary_arn else None


def _managed_policy(clients: Clients, arn: str) -> dict[str, Any]:
    version = clients.iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
    return _json(clients.iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"])


def _role_name(target: Target) -> str:
    return str(target.outputs["roleArn"]).rsplit("/", 1)[-1]


def _bucket_policy(clients: Clients, bucket: str) -> dict[str, Any] | None:
    from botocore.exceptions import ClientError

    try:
        return _json(clients.s3.get_bucket_policy(Bucket=bucket)["Policy"])
    except ClientError as error:
        if _error_code(error) == "NoSuchBucketPolicy":
            return None
        raise


def _key_policy(clients: Clients, key: str) -> dict[str, Any]:
    return _json(clients.kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"])


def _role_decision(
    identity: list[dict[str, Any]],
    boundary: dict[str, Any] | None,
    resource_policy: dict[str, Any] | None,
    request: Request,
    key_policy: bool = False,
) -> Decision:
    decision = same_account_access(identity, resource_policy, request, key_policy=key_policy)
    if decision.allowed and boundary is not None and not decide([boundary], request).allowed:
        return Decision(Effect.NONE, "the permissions boundary")
    return decision


def _kms_request(target: Target, action: str, key_arn: str) -> Request:
    return Request(
        action,
        key_arn,
        principal_arn=str(target.outputs["roleArn"]),
        context={
            "kms:ViaService": f"s3.{target.region}.amazonaws.com",
            "kms:CallerAccount": target.account or "",
            "aws:PrincipalArn": str(target.outputs["roleArn"]),
            "aws:SecureTransport": "true",
        },
    )


def check_key(target: Target, clients: Clients) -> Check:
    key = str(target.outputs["kmsKeyArn"])
    name = "output key"
    metadata = clients.kms.describe_key(KeyId=key)["KeyMetadata"]
    if metadata.get("KeyState") != "Enabled":
        return Check(name, Status.FAILED, f"the key is {metadata.get('KeyState')}: A2I cannot write answers; enable it")
    policy = _key_policy(clients, key)
    _, identity, boundary = role_policies(clients, _role_name(target))
    for action in KEY_ACTIONS:
        decision = _role_decision(identity, boundary, policy, _kms_request(target, action, key), key_policy=True)
        if not decision.allowed:
            return Check(
                name,
                Status.FAILED,
                f"the execution role may not {action} with it ({decision.effect.value}"
                f"{', by ' + decision.statement if decision.statement else ''}): "
                "restore the key policy with `pulumi up`",
            )
    return Check(name, Status.PASSED, "enabled; its policy and the role's let the role use it")


def check_role(target: Target, clients: Clients) -> list[Check]:
    role_arn = str(target.outputs["roleArn"])
    trust, identity, boundary = role_policies(clients, _role_name(target))
    assume = Request("sts:AssumeRole", service=SAGEMAKER_PRINCIPAL, context={"aws:SourceAccount": target.account or ""})
    trusted = decide([trust], assume, resource_policy=True)
    checks = [
        Check("execution role trust", Status.PASSED, "SageMaker may assume it")
        if trusted.allowed
        else Check(
            "execution role trust",
            Status.FAILED,
            f"SageMaker may not assume it ({trusted.effect.value}): restore the trust policy with `pulumi up`",
        )
    ]
    bucket, prefix = _bucket_of(str(target.outputs["outputS3Uri"]))
    partition = _partition(target)
    tls = {"aws:SecureTransport": "true", "aws:PrincipalArn": role_arn}
    wanted = [
        (
            "write answers",
            bucket,
            Request(
                "s3:PutObject",
                f"arn:{partition}:s3:::{bucket}/{prefix}doctor/output.json",
                principal_arn=role_arn,
                context=tls,
            ),
        ),
    ] + [
        (
            f"read {b}",
            b,
            Request("s3:GetObject", f"arn:{partition}:s3:::{b}/doctor/image.jpg", principal_arn=role_arn, context=tls),
        )
        for b in target.input_buckets
    ]
    refused = []
    for what, on_bucket, request in wanted:
        decision = _role_decision(identity, boundary, _bucket_policy(clients, on_bucket), request)
        if not decision.allowed:
            refused.append(f"{what} ({request.action} {decision.effect.value})")
    if refused:
        checks.append(
            Check(
                "execution role permissions",
                Status.FAILED,
                f"it may not {', '.join(refused)}: restore its policy with `pulumi up`",
            )
        )
    else:
        checks.append(
            Check(
                "execution role permissions",
                Status.PASSED,
                f"it may write answers under {target.outputs['outputS3Uri']} and read every input bucket",
            )
        )
    return checks


def check_input_encryption(target: Target, clients: Clients, bucket: str) -> Check:

    name = f"input bucket {bucket} encryption"
    keys = [
        d.get("KMSMasterKeyID")
        for d in _default_encryption(clients, bucket)
        if d.get("SSEAlgorithm", "").startswith("aws:kms") and d.get("KMSMasterKeyID")
    ]
    customer = []
    for key in keys:
        metadata = clients.kms.describe_key(KeyId=key)["KeyMetadata"]
        if metadata.get("KeyManager") == "CUSTOMER":
            customer.append(str(metadata["Arn"]))
    if not customer:
        return Check(name, Status.PASSED, "no customer managed key: S3 decrypts for any reader it lets in")
    _, identity, boundary = role_policies(clients, _role_name(target))
    for key_arn in customer:
        request = _kms_request(target, "kms:Decrypt", key_arn)
        decision = _role_decision(identity, boundary, _key_policy(clients, key_arn), request, key_policy=True)
        if not decision.allowed:
            return Check(
                name,
                Status.FAILED,
                f"its key {key_arn} does not let the execution role decrypt ({decision.effect.value}), so workers "
                "see no images: allow the role kms:Decrypt in that key's policy (and in the role's)",
            )
    return Check(name, Status.PASSED, "its customer managed key lets the execution role decrypt")


def check_reviewers(target: Target, clients: Clients) -> Check:
    name = "reviewers"
    team = str(target.outputs["workteamArn"]).split("/")[-1]
    members = clients.sagemaker.describe_workteam(WorkteamName=team)["Workteam"].get("MemberDefinitions", [])
    groups = [m["CognitoMemberDefinition"] for m in members if "CognitoMemberDefinition" in m]
    if not groups:
        return Check(name, Status.NOT_CHECKED, "the workteam's members come from an OIDC identity provider")
    count = 0
    for group in groups:
        count += sum(
            1
            for user in listed(
                clients.cognito,
                "list_users_in_group",
                "Users",
                UserPoolId=group["UserPool"],
                GroupName=group["UserGroup"],
            )
            if user.get("Enabled", True)
        )
    names = ", ".join(g["UserGroup"] for g in groups)
    if count == 0:
        return Check(
            name,
            Status.FAILED,
            f"nobody is in {names}, so every task waits until it expires: "
            f"`a2i-moderation reviewers add --outputs {target.path} EMAIL`",
        )
    return Check(name, Status.PASSED, f"{count} enabled member(s) in {names}")


def check_loops(target: Target, clients: Clients) -> Check:
    name = "human loops in progress"
    open_loops = loops_in_progress(clients.a2i, str(target.outputs["flowDefinitionArn"]))
    detail = f"{open_loops:,} of {HUMAN_LOOP_QUOTA:,} allowed per flow definition"
    if open_loops >= HUMAN_LOOP_ALARM * HUMAN_LOOP_QUOTA:
        return Check(
            name,
            Status.FAILED,
            f"{detail}; at the quota DetectModerationLabels fails with HumanLoopQuotaExceededException: "
            "add reviewers, or lower the review rate",
        )
    return Check(name, Status.PASSED, detail)


def check_retired(target: Target, clients: Clients) -> Check:
    report = find_retired(clients.sagemaker, clients.a2i, dict(target.outputs), target.region)
    draining = [r for r in report.retired if r.loops_in_progress]
    drained = [r for r in report.retired if not r.loops_in_progress]
    if not report.retired:
        return Check("retired flow definitions", Status.PASSED, "none kept")
    parts = [f"{r.name} ({r.loops_in_progress:,} loops)" for r in draining]
    detail = f"{len(draining)} still draining" + (f": {', '.join(parts)}" if parts else "")
    if drained:
        detail += f"; {len(drained)} drained (delete with `a2i-moderation retired --outputs FILE --delete-drained`)"
    return Check("retired flow definitions", Status.PASSED, detail)


def run_checks(target: Target, clients: Clients) -> list[Check]:
    """Every check that applies to the target, in a fixed order."""
    checks = _guarded(f"A2I runs in {target.region}", lambda: check_region(target, clients))
    checks += _guarded("quotas", lambda: check_quotas(target, clients))
    if target.creates_workforce:
        checks += _guarded("private workforce", lambda: check_workforce(target, clients))
    for bucket in target.input_buckets:
        checks += _guarded(f"input bucket {bucket}", functools.partial(check_input_bucket, target, clients, bucket))
    if not target.deployed:
        return checks
    checks += _guarded("flow definition", lambda: check_flow_definition(target, clients))
    checks += _guarded("output bucket", lambda: check_output_bucket(target, clients))
    if target.outputs.get("kmsKeyArn"):
        checks += _guarded("output key", lambda: check_key(target, clients))
    checks += _guarded("execution role", lambda: check_role(target, clients))
    for bucket in target.input_buckets:
        encryption = functools.partial(check_input_encryption, target, clients, bucket)
        checks += _guarded(f"input bucket {bucket} encryption", encryption)
    checks += _guarded("reviewers", lambda: check_reviewers(target, clients))
    checks += _guarded("human loops in progress", lambda: check_loops(target, clients))
    checks += _guarded("retired flow definitions", lambda: check_retired(target, clients))
    return checks


def render(target: Target, checks: Sequence[Check]) -> str:
    when = "before `pulumi up`, from the plan" if not target.deployed else "after `pulumi up`, from the outputs"
    lines = [f"a2i-moderation doctor: {target.path} ({when}), {target.region}", ""]
    width = max(len(c.name) for c in checks) if checks else 0
    for check in checks:
        status = check.status.value.upper() if check.status is Status.FAILED else check.status.value
        lines.append(f"  {status:<12} {check.name:<{width}}  {check.detail}")
    lines += ["", summary_line(checks)]
    return "\n".join(lines)


def summary_line(checks: Sequence[Check]) -> str:
    counts = {status: sum(1 for c in checks if c.status is status) for status in Status}
    return ", ".join(f"{counts[s]} {s.value}" for s in Status)


def to_json(target: Target, checks: Sequence[Check]) -> str:
    return json.dumps(
        {
            "source": target.source,
            "file": target.path,
            "region": target.region,
            "checks": [{"check": c.name, "status": c.status.value, "detail": c.detail} for c in checks],
            "counts": {s.value: sum(1 for c in checks if c.status is s) for s in Status},
        },
        indent=2,
    )


#: Exit codes: every check passed; one failed; usage or credentials (the CLI's); none failed but
#: some could not be checked.
EXIT_PASSED, EXIT_FAILED, EXIT_NOT_CHECKED = 0, 1, 3


def exit_code(checks: Sequence[Check]) -> int:
    if any(c.status is Status.FAILED for c in checks):
        return EXIT_FAILED
    if any(c.status is Status.NOT_CHECKED for c in checks):
        return EXIT_NOT_CHECKED
    return EXIT_PASSED
