"""The rules of the a2i-moderation policy pack (pulumi-policy), for organisations that run A2I stacks.

The same policy objects serve `pulumi preview --policy-pack policies/` (policies/__main__.py) and
`a2i-moderation preview --policies` (tooling/preview/policy_check.py). Needs the `policy` extra; nothing
else in the package imports this module.

What a rule sees is what Pulumi's policy protocol passes: a resource's properties, its parent, its
dependencies per property, and the options protect and deleteBeforeReplace. It does not pass
retainOnDelete: the rules that need it judge it when the options carry `retain_on_delete` (the offline
preview records it) and otherwise judge only what they can see. Parts brought in existing (bucket, key,
role) are not in the stack: a rule judges what the stack says about them and nothing more.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, Final

from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyConfigSchema,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UnknownValueError

from .policies import SAGEMAKER_PRINCIPAL
from .settings.locations import PUBLIC_CROWD

#: The pack's name, as PolicyPack and `pulumi preview` show it.
PACK_NAME: Final = "a2i-moderation"

FLOW_DEFINITION: Final = "aws:sagemaker/flowDefinition:FlowDefinition"
HUMAN_TASK_UI: Final = "aws:sagemaker/humanTaskUI:HumanTaskUI"
KMS_KEY: Final = "aws:kms/key:Key"
ROLE: Final = "aws:iam/role:Role"
# pulumi-aws 7 keeps the deprecated *V2 S3 classes under their own type tokens.
BUCKETS: Final = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
BUCKET_ENCRYPTIONS: Final = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
)
PUBLIC_ACCESS_BLOCK: Final = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
# The components whose children are the review output's bucket, key and execution role.
REVIEW_BUCKET: Final = "a2i-moderation:index:ReviewBucket"
REVIEW_KEY: Final = "a2i-moderation:index:ReviewKey"
EXECUTION_ROLE: Final = "a2i-moderation:index:ExecutionRole"

#: The types among those an A2I stack creates that take tags (the others, such as bucket policies and
#: role policies, have no tags in AWS).
TAGGABLE_TYPES: Final = frozenset(
    {
        "aws:cloudwatch/eventRule:EventRule",
        "aws:cognito/userPool:UserPool",
        "aws:iam/policy:Policy",
        ROLE,
        KMS_KEY,
        *BUCKETS,
        FLOW_DEFINITION,
        HUMAN_TASK_UI,
        "aws:sagemaker/workteam:Workteam",
        "aws:sns/topic:Topic",
        "aws:sqs/queue:Queue",
        "aws:ssm/parameter:Parameter",
    }
)

PUBLIC_ACCESS_FLAGS: Final = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
KMS_ALGORITHMS: Final = ("aws:kms", "aws:kms:dsse")
#: Condition keys that stop another account's SageMaker from assuming the role (IAM compares keys
#: without regard to case), and the operators that require a value for them.
CONFUSED_DEPUTY_KEYS: Final = ("aws:SourceAccount", "aws:SourceArn")
REQUIRING_OPERATORS: Final = frozenset({"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike"})


class _Sentinel(Enum):
    UNKNOWN = "unknown"


#: A property that will have a value only `pulumi up` knows (an ARN of a resource still to be created).
UNKNOWN: Final = _Sentinel.UNKNOWN


def _at(value: Any, *path: str | int) -> Any:
    """The value at `path` in resource properties; None when absent. A value only `pulumi up` will know
    raises pulumi-policy's UnknownValueError, and the engine reports that the rule cannot run during preview."""
    for key in path:
        if isinstance(key, int):
            if isinstance(value, str) or not isinstance(value, Sequence) or not 0 <= key < len(value):
                return None
        elif not isinstance(value, Mapping):
            return None
        try:
            value = value[key]
        except KeyError:
            return None
    return value


def _peek(value: Any, *path: str | int) -> Any:
    """Like _at, but UNKNOWN instead of raising: for rules that need only to know a value will be set."""
    try:
        return _at(value, *path)
    except UnknownValueError:
        return UNKNOWN


def _items(value: Any) -> list[Any]:
    """The members of a list property (UNKNOWN for each one not known yet); a single value as a list of one."""
    if value is None or value is UNKNOWN:
        return []
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [_peek(value, index) for index in range(len(value))]
    return [value]


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _text(number: float) -> str:
    """Numbers as people write them: the engine's wire format turns every integer into a float."""
    return f"{int(number)}" if float(number).is_integer() else f"{number}"


def _setting(config: Mapping[str, Any], schema: PolicyConfigSchema, key: str) -> Any:
    """A rule's setting: the configured value, else the schema's default (Pulumi fills defaults in; a
    test that calls validate with no config gets them here)."""
    return config[key] if key in config else schema.properties[key]["default"]


def _retained(opts: PolicyResourceOptions) -> bool | None:
    """Whether deleting the resource leaves it in AWS: True when protected or retained on delete, None
    when not known (Pulumi passes policy packs `protect` but not `retainOnDelete`)."""
    if opts.protect:
        return True
    retain = getattr(opts, "retain_on_delete", None)
    return None if retain is None else bool(retain)


def _aws_managed_key(key: Any) -> bool:
    """An AWS managed key named by alias (alias/aws/s3, or its ARN): its key policy is AWS's, not yours."""
    return isinstance(key, str) and (key.startswith("alias/aws/") or ":alias/aws/" in key)


# --- finding the parts of a workflow ----------------------------------------------------------------


def _of_type(resources: Iterable[PolicyResource], *types: str) -> list[PolicyResource]:
    return [r for r in resources if r.resource_type in types]


def _unique(resources: Iterable[PolicyResource]) -> list[PolicyResource]:
    return list({r.urn: r for r in resources}.values())


def _children(resources: Iterable[PolicyResource], component: str, *types: str) -> list[PolicyResource]:
    return [r for r in _of_type(resources, *types) if r.parent is not None and r.parent.resource_type == component]


def _dependencies(resource: PolicyResource, prop: str, *types: str) -> list[PolicyResource]:
    """The resources of `types` that the property `prop` is computed from."""
    return _of_type(resource.property_dependencies.get(prop, []), *types)


def _configuring(resources: Iterable[PolicyResource], bucket: PolicyResource, *types: str) -> list[PolicyResource]:
    """The resources of `types` (encryption, public access block) whose `bucket` is this bucket."""
    return [
        r
        for r in _of_type(resources, *types)
        if any(d.urn == bucket.urn for d in r.property_dependencies.get("bucket", []))
    ]


def _output_buckets(resources: Sequence[PolicyResource]) -> list[PolicyResource]:
    """Buckets that hold answers: a ReviewBucket's, and any the flow definitions' OutputConfig names."""
    named = [b for f in _of_type(resources, FLOW_DEFINITION) for b in _dependencies(f, "outputConfig", *BUCKETS)]
    return _unique([*_children(resources, REVIEW_BUCKET, *BUCKETS), *named])


def _output_keys(resources: Sequence[PolicyResource]) -> list[PolicyResource]:
    """Keys that encrypt answers: a ReviewKey's, the flow definitions', the output buckets' default."""
    flows = [k for f in _of_type(resources, FLOW_DEFINITION) for k in _dependencies(f, "outputConfig", KMS_KEY)]
    defaults = [
        k
        for bucket in _output_buckets(resources)
        for config in _configuring(resources, bucket, *BUCKET_ENCRYPTIONS)
        for k in _dependencies(config, "rules", KMS_KEY)
    ]
    return _unique([*_children(resources, REVIEW_KEY, KMS_KEY), *flows, *defaults])


def _execution_roles(resources: Sequence[PolicyResource]) -> list[PolicyResource]:
    named = [r for f in _of_type(resources, FLOW_DEFINITION) for r in _dependencies(f, "roleArn", ROLE)]
    return _unique([*_children(resources, EXECUTION_ROLE, ROLE), *named])


# --- review output encrypted with a customer managed key --------------------------------------------


def _default_encryption_problem(rule: Any) -> str | None:
    """What keeps one bucket encryption rule from using a customer managed key, or None."""
    algorithm = _peek(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")
    key = _peek(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId")
    if algorithm is UNKNOWN:
        return None
    if algorithm not in KMS_ALGORITHMS:
        return f"default encryption is {algorithm}, not a customer managed KMS key"
    if key is None or key == "":
        return f"default encryption is {algorithm} without kmsMasterKeyId, that is the AWS managed key aws/s3"
    if _aws_managed_key(key):
        return f"default encryption uses the AWS managed key {key}, not a customer managed one"
    return None


def _validate_output_encryption(args: StackValidationArgs, report: ReportViolation) -> None:
    resources = args.resources
    for flow in _of_type(resources, FLOW_DEFINITION):
        key = _peek(flow.props, "outputConfig", "kmsKeyId")
        if key is None or key == "":
            report(
                "outputConfig.kmsKeyId is not set: A2I writes the answers with the bucket's default encryption, "
                "not with a customer managed KMS key",
                flow.urn,
            )
        elif _aws_managed_key(key):
            report(f"outputConfig.kmsKeyId {key} is an AWS managed key: name a customer managed key", flow.urn)
    for bucket in _output_buckets(resources):
        configs = _configuring(resources, bucket, *BUCKET_ENCRYPTIONS)
        found = [(c.urn, rule) for c in configs for rule in _items(_peek(c.props, "rules"))]
        # Without a configuration of its own, the bucket's (deprecated) serverSideEncryptionConfiguration.
        inline = _peek(bucket.props, "serverSideEncryptionConfiguration", "rule")
        if not configs and isinstance(inline, Mapping):
            found.append((bucket.urn, inline))
        elif not configs:
            report(
                "no default encryption with a customer managed KMS key (no BucketServerSideEncryptionConfiguration "
                "for this bucket)",
                bucket.urn,
            )
        for urn, rule in found:
            problem = _default_encryption_problem(rule)
            if problem:
                report(problem, urn)


# --- output bucket never public ---------------------------------------------------------------------


def _validate_bucket_not_public(args: StackValidationArgs, report: ReportViolation) -> None:
    for bucket in _output_buckets(args.resources):
        blocks = _configuring(args.resources, bucket, PUBLIC_ACCESS_BLOCK)
        if not blocks:
            report(
                "no BucketPublicAccessBlock: nothing stops a bucket policy or ACL from making the answers public",
                bucket.urn,
            )
        for block in blocks:
            off = [flag for flag in PUBLIC_ACCESS_FLAGS if _peek(block.props, flag) not in (True, UNKNOWN)]
            if off:
                report(
                    f"{', '.join(off)} {'is' if len(off) == 1 else 'are'} off: all four keep the answers private",
                    block.urn,
                )


# --- answers kept on destroy ------------------------------------------------------------------------


def _validate_output_retained(args: StackValidationArgs, report: ReportViolation) -> None:
    for bucket in _output_buckets(args.resources):
        if _peek(bucket.props, "forceDestroy") is True:
            report("forceDestroy is on: deleting the bucket first deletes every answer in it", bucket.urn)
        if _retained(bucket.opts) is False:
            report(
                "retainOnDelete is off: `pulumi destroy` deletes the bucket (or fails while answers are in it)",
                bucket.urn,
            )
    for key in _output_keys(args.resources):
        if _retained(key.opts) is False:
            report(
                "retainOnDelete is off: `pulumi destroy` schedules the key's deletion, after which no kept "
                "answer can be decrypted",
                key.urn,
            )


# --- execution role trusted by SageMaker only, with the confused-deputy conditions --------------------


def _principals(principal: Any) -> list[str]:
    """Each principal a statement names, as "<type> <value>" ("everyone (*)" for the wildcard)."""
    if principal == "*":
        return ["everyone (*)"]
    if not isinstance(principal, Mapping):
        return [] if principal is None else [f"{principal}"]
    found = []
    for kind in principal:
        for value in _items(_peek(principal, kind)):
            found.append(f"{kind} {'(known after apply)' if value is UNKNOWN else value}")
    return found


def _requires(condition: Any, key: str) -> bool:
    """Whether a statement's Condition requires a value for `key` (the ...IfExists forms included)."""
    if not isinstance(condition, Mapping):
        return False
    for operator in condition:
        base = operator.split(":", 1)[-1].removesuffix("IfExists")
        keys = _peek(condition, operator)
        if base in REQUIRING_OPERATORS and isinstance(keys, Mapping) and key.lower() in {k.lower() for k in keys}:
            return True
    return False


def _trust_problems(document: Any) -> list[str]:
    if isinstance(document, str):
        try:
            document = json.loads(document)
        except json.JSONDecodeError as exc:
            return [f"assumeRolePolicy is not JSON ({exc.msg})"]
    problems = []
    for index, statement in enumerate(_items(_at(document, "Statement"))):
        if _at(statement, "Effect") != "Allow":
            continue
        label = _at(statement, "Sid") or f"#{index + 1}"
        if _at(statement, "NotPrincipal") is not None:
            problems.append(f"statement {label} uses NotPrincipal: it trusts everyone it does not name")
        others = [p for p in _principals(_at(statement, "Principal")) if p != f"Service {SAGEMAKER_PRINCIPAL}"]
        if others:
            problems.append(
                f"statement {label} lets {', '.join(others)} assume the role: only {SAGEMAKER_PRINCIPAL} may"
            )
        missing = [key for key in CONFUSED_DEPUTY_KEYS if not _requires(_at(statement, "Condition"), key)]
        if missing:
            problems.append(
                f"statement {label} has no {' or '.join(missing)} condition: SageMaker acting for another "
                "account could assume the role (confused deputy)"
            )
    return problems


def _validate_role_trust(args: StackValidationArgs, report: ReportViolation) -> None:
    for role in _execution_roles(args.resources):
        for problem in _trust_problems(_at(role.props, "assumeRolePolicy")):
            report(problem, role.urn)


# --- no public workforce ----------------------------------------------------------------------------


def _validate_no_public_workforce(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != FLOW_DEFINITION:
        return
    # The public crowd's ARN is a literal: a value known only after apply is a workteam this stack creates.
    team = _peek(args.props, "humanLoopConfig", "workteamArn")
    if isinstance(team, str) and PUBLIC_CROWD in team:
        report(
            f"humanLoopConfig.workteamArn {team} is the public Mechanical Turk workforce: moderation images must "
            "go to a private or vendor workteam",
            args.urn,
        )
    if _peek(args.props, "humanLoopConfig", "publicWorkforceTaskPrice") is not None:
        report(
            "humanLoopConfig.publicWorkforceTaskPrice is set: it pays the public Mechanical Turk workforce", args.urn
        )


# --- required tags ----------------------------------------------------------------------------------


def _provider_default_tags(provider: PolicyProviderResource | None) -> set[str]:
    """Tag keys the AWS provider adds to every resource (defaultTags; JSON text when set in stack config)."""
    default_tags = _peek(provider.props, "defaultTags") if provider is not None else None
    if isinstance(default_tags, str):
        try:
            default_tags = json.loads(default_tags)
        except json.JSONDecodeError:
            return set()
    tags = _peek(default_tags, "tags")
    return set(tags) if isinstance(tags, Mapping) else set()


def _validate_required_tags(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type not in TAGGABLE_TYPES and _peek(args.props, "tags") is None:
        return
    tags = _at(args.props, "tags")
    present = (set(tags) if isinstance(tags, Mapping) else set()) | _provider_default_tags(args.provider)
    required = _setting(args.get_config(), REQUIRED_TAGS_SCHEMA, "requiredTags")
    missing = [tag for tag in required if tag not in present]
    if missing:
        report(f"missing required tags: {', '.join(missing)}", args.urn)


# --- task limits ------------------------------------------------------------------------------------


def _validate_task_limits(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != FLOW_DEFINITION:
        return
    config = args.get_config()
    for field, setting, aws_default in (
        ("taskAvailabilityLifetimeInSeconds", "maxTaskAvailabilityLifetimeSeconds", None),
        ("taskTimeLimitInSeconds", "maxTaskTimeLimitSeconds", 3600),  # AWS's documented default
    ):
        maximum = _setting(config, TASK_LIMITS_SCHEMA, setting)
        value = _number(_at(args.props, "humanLoopConfig", field)) or aws_default
        if value is None:
            report(
                f"humanLoopConfig.{field} is not set, and AWS documents no default: set it (at most "
                f"{_text(maximum)}, {setting})",
                args.urn,
            )
        elif value > maximum:
            report(
                f"humanLoopConfig.{field}: {_text(value)} is above the maximum {_text(maximum)} ({setting})", args.urn
            )


# --- replaced flow definitions kept until their queue drains --------------------------------------------


def _validate_flow_definitions_retained(args: StackValidationArgs, report: ReportViolation) -> None:
    for flow in _of_type(args.resources, FLOW_DEFINITION):
        if flow.opts.delete_before_replace:
            report(
                "deleteBeforeReplace is on: a replacement deletes the flow definition first, and AWS drops every "
                "human loop no worker has started",
                flow.urn,
            )
        if _retained(flow.opts) is False:
            report(
                "retainOnDelete is off: a replacement deletes the old flow definition, and AWS drops every human "
                "loop no worker has started",
                flow.urn,
            )
    shown = _unique(
        u for f in _of_type(args.resources, FLOW_DEFINITION) for u in _dependencies(f, "humanLoopConfig", HUMAN_TASK_UI)
    )
    for ui in shown:
        if _retained(ui.opts) is False:
            report(
                "retainOnDelete is off: a replacement deletes the task UI that the kept flow definition still shows "
                "its workers",
                ui.urn,
            )


# --- KMS key rotation -------------------------------------------------------------------------------


def _validate_key_rotation(args: ResourceValidationArgs, report: ReportViolation) -> None:
    if args.resource_type != KMS_KEY:
        return
    # AWS rotates symmetric encryption keys only; asymmetric and HMAC keys cannot rotate automatically.
    spec = _at(args.props, "customerMasterKeySpec") or _at(args.props, "keySpec") or "SYMMETRIC_DEFAULT"
    if spec != "SYMMETRIC_DEFAULT":
        return
    if _at(args.props, "enableKeyRotation") is not True:
        report("enableKeyRotation is off: KMS never rotates the key material", args.urn)
        return
    maximum = _setting(args.get_config(), KEY_ROTATION_SCHEMA, "maxRotationPeriodDays")
    period = _number(_at(args.props, "rotationPeriodInDays")) or 365  # AWS's default
    if period > maximum:
        report(
            f"rotationPeriodInDays: {_text(period)} is above the maximum {_text(maximum)} (maxRotationPeriodDays)",
            args.urn,
        )


# --- the rules --------------------------------------------------------------------------------------

REQUIRED_TAGS_SCHEMA: Final = PolicyConfigSchema(
    properties={
        "requiredTags": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 128},
            "uniqueItems": True,
            "maxItems": 50,
            "default": ["a2i-moderation:workflow"],
            "description": "Tag keys every taggable resource must carry (its own tags or the provider's defaultTags).",
        }
    }
)

TASK_LIMITS_SCHEMA: Final = PolicyConfigSchema(
    properties={
        "maxTaskAvailabilityLifetimeSeconds": {
            "type": "integer",
            "minimum": 1,
            "maximum": 864000,
            "default": 259200,
            "description": "Longest a review task may wait for a worker (default three days).",
        },
        "maxTaskTimeLimitSeconds": {
            "type": "integer",
            "minimum": 30,
            "maximum": 28800,
            "default": 3600,
            "description": "Longest a worker may hold one task (default one hour, AWS's default).",
        },
    }
)

KEY_ROTATION_SCHEMA: Final = PolicyConfigSchema(
    properties={
        "maxRotationPeriodDays": {
            "type": "integer",
            "minimum": 90,
            "maximum": 2560,
            "default": 365,
            "description": "Longest rotation period allowed (KMS accepts 90 to 2560 days; its default is 365).",
        }
    }
)

# Which rules can see retainOnDelete only offline: their descriptions say so, since Pulumi shows the
# description with every violation and in the pack's listing.
_RETAIN_NOTE = (
    " (retainOnDelete is judged by `a2i-moderation preview --policies`: Pulumi does not pass it to policy packs)"
)

REVIEW_OUTPUT_CUSTOMER_KMS_KEY: Final = StackValidationPolicy(
    name="review-output-customer-kms-key",
    description="Review answers are encrypted with a customer managed KMS key: the flow definition's OutputConfig "
    "names one, and an output bucket in the stack encrypts with one by default.",
    validate=_validate_output_encryption,
    enforcement_level=EnforcementLevel.MANDATORY,
)

OUTPUT_BUCKET_NOT_PUBLIC: Final = StackValidationPolicy(
    name="output-bucket-not-public",
    description="The bucket holding review answers blocks every form of public access.",
    validate=_validate_bucket_not_public,
    enforcement_level=EnforcementLevel.MANDATORY,
)

OUTPUT_RETAINED_ON_DESTROY: Final = StackValidationPolicy(
    name="output-retained-on-destroy",
    description="The bucket holding review answers, and the key encrypting them, survive `pulumi destroy` and "
    "replacement." + _RETAIN_NOTE,
    validate=_validate_output_retained,
    enforcement_level=EnforcementLevel.MANDATORY,
)

EXECUTION_ROLE_TRUSTS_ONLY_SAGEMAKER: Final = StackValidationPolicy(
    name="execution-role-trusts-only-sagemaker",
    description="The A2I execution role trusts sagemaker.amazonaws.com only, with aws:SourceAccount and "
    "aws:SourceArn conditions against the confused deputy.",
    validate=_validate_role_trust,
    enforcement_level=EnforcementLevel.MANDATORY,
)

NO_PUBLIC_WORKFORCE: Final = ResourceValidationPolicy(
    name="no-public-workforce",
    description="Flow definitions send images to a private or vendor workteam, never the public Mechanical Turk "
    "workforce.",
    validate=_validate_no_public_workforce,
    enforcement_level=EnforcementLevel.MANDATORY,
)

REQUIRED_TAGS: Final = ResourceValidationPolicy(
    name="required-tags",
    description="Taggable resources carry the organisation's required tags.",
    validate=_validate_required_tags,
    enforcement_level=EnforcementLevel.ADVISORY,
    config_schema=REQUIRED_TAGS_SCHEMA,
)

TASK_TIME_LIMITS: Final = ResourceValidationPolicy(
    name="task-time-limits",
    description="Review tasks wait for a worker, and stay with one, no longer than the configured maxima.",
    validate=_validate_task_limits,
    enforcement_level=EnforcementLevel.ADVISORY,
    config_schema=TASK_LIMITS_SCHEMA,
)

REPLACED_FLOW_DEFINITIONS_RETAINED: Final = StackValidationPolicy(
    name="replaced-flow-definitions-retained",
    description="A replaced flow definition, and the task UI it shows, are kept until their queued reviews are "
    "done." + _RETAIN_NOTE,
    validate=_validate_flow_definitions_retained,
    enforcement_level=EnforcementLevel.MANDATORY,
)

KMS_KEY_ROTATION: Final = ResourceValidationPolicy(
    name="kms-key-rotation",
    description="Symmetric KMS keys rotate automatically, at least as often as configured.",
    validate=_validate_key_rotation,
    enforcement_level=EnforcementLevel.MANDATORY,
    config_schema=KEY_ROTATION_SCHEMA,
)

#: Every rule of the pack, in the order they are reported.
ALL_POLICIES: Final[list[Policy]] = [
    REVIEW_OUTPUT_CUSTOMER_KMS_KEY,
    OUTPUT_BUCKET_NOT_PUBLIC,
    OUTPUT_RETAINED_ON_DESTROY,
    EXECUTION_ROLE_TRUSTS_ONLY_SAGEMAKER,
    NO_PUBLIC_WORKFORCE,
    REQUIRED_TAGS,
    TASK_TIME_LIMITS,
    REPLACED_FLOW_DEFINITIONS_RETAINED,
    KMS_KEY_ROTATION,
]
