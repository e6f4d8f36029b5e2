"""Settings for one human-review workflow: defaults, validation and the stack-config mapping (pure).

Every value is checked against what AWS (botocore's sagemaker model) and pulumi-aws accept, before
any resource is registered. The same checks serve two callers, each naming settings its own way:
`ImageModerationReview` (argument names such as ``task_count``) and the stack program reading
``Pulumi.<stack>.yaml`` (config paths such as ``humanLoop.taskCount``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping
from typing import Any, Callable

import regex

from .. import conditions
from ..errors import ConfigError
from ..task_template import check_template

#: Regions where A2I runs: AWS General Reference, "Amazon Augmented AI endpoints and quotas"
#: (endpoints a2i-runtime.sagemaker.<region>.amazonaws.com). botocore's endpoint data lacks them.
A2I_REGIONS = (
    "us-east-2", "us-east-1", "us-west-2",
    "ap-south-1", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
    "ca-central-1",
    "eu-central-1", "eu-west-1", "eu-west-2",
)  # fmt: skip

#: Defaults for optional settings. Availability is one day, the time limit AWS's own default.
DEFAULTS: dict[str, Any] = {
    "task_count": 1,
    "task_availability_lifetime_seconds": 86_400,
    "task_time_limit_seconds": 3_600,
    "task_keywords": ["Image", "Moderation"],
    "output_prefix": "a2i-output/",
    "retain_output_on_delete": True,
    "noncurrent_version_expiration_days": 90,
    "confused_deputy_guard": True,
    "min_confidence": 50,
    "allow_custom_labels": False,
    "input_bucket_names": [],
    "cors_bucket_names": [],
    "workteam_description": "Reviewers of images that the moderation model is unsure about",
    "workteam_create_notification_topic": False,
    "tags": {},
}

# Patterns and lengths from botocore's sagemaker model (service-2.json), unless noted.
_TITLE = regex.compile(r"[\t\n\r -\uD7FF\uE000-\uFFFD]*")
_KEYWORD = regex.compile(r"[A-Za-z0-9]+( [A-Za-z0-9]+)*")
_WORKTEAM_ARN = regex.compile(r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:workteam/.*")
_TASK_UI_ARN = regex.compile(r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:[0-9]{12}:human-task-ui/.*")
_ROLE_ARN = regex.compile(r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+")
_USER_POOL = regex.compile(r"[\w-]+_[0-9a-zA-Z]+")
_CLIENT_ID = regex.compile(r"[ -~]+")
_USER_GROUP = regex.compile(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")
_TOPIC_ARN = regex.compile(r"arn:aws[a-z\-]*:sns:[a-z0-9\-]*:[0-9]{12}:[a-zA-Z0-9_.-]*")
_TAG = regex.compile(r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)")
_FLOW_PREFIX = regex.compile(r"[a-z0-9](-*[a-z0-9])*")
# pulumi-aws validates OutputConfig.KmsKeyId as an ARN; A2I needs the key, not an alias.
_KMS_KEY_ARN = regex.compile(r"arn:aws[a-z\-]*:kms:[a-z0-9\-]+:\d{12}:key/[a-zA-Z0-9\-]+")
# S3 bucket naming rules (general purpose buckets): 3-63 characters, lower case, digits, dots, hyphens.
_BUCKET = regex.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")
_PREFIX = regex.compile(r"[A-Za-z0-9!_.*'()/\-]*")
MAX_TAGS = 50
MAX_FLOW_PREFIX = 54  # 63 minus "-" and the 8-character hash
# pulumi-aws FlowDefinition: availability 1..864000 s; the Terraform provider beneath it caps the
# time limit at 28800 s (flow_definition.go, IntBetween(30, 28800)).
LIFETIME_RANGE = (1, 864_000)
TIME_LIMIT_RANGE = (30, 28_800)

#: The setting names ImageModerationReview reports: its own argument names.
ARG_NAMES: dict[str, str] = {key: key for key in (
    "activation_conditions", "min_confidence", "allow_custom_labels", "task_title", "task_description", "task_count",
    "task_availability_lifetime_seconds", "task_time_limit_seconds", "task_keywords",
    "workteam_arn", "workteam_user_pool_id", "workteam_user_pool_client_id", "workteam_user_group",
    "workteam_description", "workteam_notification_topic_arn", "workteam_create_notification_topic",
    "output_bucket_name", "output_prefix", "kms_key_arn", "retain_output_on_delete",
    "noncurrent_version_expiration_days", "output_expiration_days", "role_arn",
    "confused_deputy_guard", "human_task_ui_arn", "task_template", "input_bucket_names",
    "cors_bucket_names", "flow_definition_name_prefix", "tags",
)}  # fmt: skip


def _plain(value: Any) -> bool:
    """True for values known now; Pulumi Outputs from other resources are checked by AWS later."""
    return isinstance(value, (str, int, float, bool, list, tuple, dict, type(None)))


class _Checker:
    def __init__(self, args: Mapping[str, Any], names: Mapping[str, str]):
        self.args = args
        self.names = names

    def name(self, key: str) -> str:
        return self.names.get(key, key)

    def fail(self, key: str, value: Any, allowed: str) -> None:
        shown = json.dumps(value) if not isinstance(value, str) else repr(value)
        raise ConfigError(f"{self.name(key)}: {shown} is not allowed ({allowed})")

    def given(self, key: str) -> bool:
        return self.args.get(key) is not None

    def value(self, key: str) -> Any:
        value = self.args.get(key)
        return copy.deepcopy(DEFAULTS.get(key)) if value is None else value

    def text(self, key: str, low: int, high: int, pattern: regex.Pattern | None = None, what: str = "") -> None:
        value = self.args.get(key)
        if value is None or not _plain(value):
            return
        allowed = what or f"text of {low} to {high} characters"
        if not isinstance(value, str) or not low <= len(value) <= high:
            self.fail(key, value, allowed)
        if pattern is not None and not pattern.fullmatch(value):
            self.fail(key, value, allowed)

    def integer(self, key: str, low: int, high: int | None) -> None:
        value = self.args.get(key)
        if value is None or not _plain(value):
            return
        in_range = isinstance(value, int) and not isinstance(value, bool) and value >= low
        if not in_range or (high is not None and value > high):
            allowed = f"a whole number from {low:,} to {high:,}" if high is not None else f"a whole number of at least {low:,}"
            self.fail(key, value, allowed)

    def boolean(self, key: str) -> None:
        value = self.args.get(key)
        if value is not None and _plain(value) and not isinstance(value, bool):
            self.fail(key, value, "true or false")

    def string_list(self, key: str, check: Callable[[str, Any], None], low: int = 0, high: int | None = None) -> None:
        value = self.args.get(key)
        if value is None or not _plain(value):
            return
        if not isinstance(value, (list, tuple)):
            self.fail(key, value, "a list")
        if len(value) < low or (high is not None and len(value) > high):
            self.fail(key, value, f"a list of {low} to {high} items" if high is not None else f"a list of at least {low} item")
        for i, item in enumerate(value):
            check(f"{self.name(key)}[{i}]", item)

    def exclusive(self, key: str, others: tuple[str, ...], meaning: str) -> None:
        if not self.given(key):
            return
        clashing = [o for o in others if self.given(o)]
        if clashing:
            raise ConfigError(
                f"{self.name(key)} brings an existing {meaning}, so {', '.join(self.name(c) for c in clashing)} "
                f"(used only when one is created) cannot be set too; give one or the other"
            )


def _item_checker(pattern: regex.Pattern, low: int, high: int, what: str) -> Callable[[str, Any], None]:
    def check(path: str, item: Any) -> None:
        if not isinstance(item, str) or not low <= len(item) <= high or not pattern.fullmatch(item):
            shown = repr(item) if isinstance(item, str) else json.dumps(item)
            raise ConfigError(f"{path}: {shown} is not allowed ({what})")

    return check


_bucket_item = _item_checker(_BUCKET, 3, 63, "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens")


def conditions_document(value: Any, setting: str, allow_custom_labels: bool = False) -> dict:
    """AWS's activation-conditions document from JSON text or a parsed object, in AWS's form or the
    friendly one, validated, with every label name known (unless custom labels are allowed)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{setting}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    try:
        document = conditions.to_document(value)
    except conditions.ConditionsError as exc:
        raise conditions.ConditionsError(exc.problems, setting=setting) from None
    errors = [f for f in conditions.check_label_names(document, allow_custom_labels) if f.level == "error"]
    if errors:
        raise conditions.ConditionsError([str(f) for f in errors], setting=setting)
    return document


def conditions_warnings(document: dict, min_confidence: float, allow_custom_labels: bool, setting: str) -> list[str]:
    """What to tell people about a valid document: older-model names, never/always firing, redundancy."""
    findings = conditions.check_label_names(document, allow_custom_labels) + conditions.lint(document, min_confidence)
    return [f"{setting}.{f}" for f in findings if f.level == "warning"]


def validate_review_args(args: Mapping[str, Any], names: Mapping[str, str] = ARG_NAMES) -> dict[str, Any]:
    """Check every known value of an ImageModerationReview's arguments and return them with the
    defaults filled in. Raises ConfigError naming the setting, the bad value and what is allowed."""
    unknown = sorted(set(args) - set(ARG_NAMES))
    if unknown:
        raise ConfigError(f"unknown setting {', '.join(unknown)} (known: {', '.join(sorted(ARG_NAMES))})")
    c = _Checker(args, names)
    for required in ("activation_conditions", "task_title", "task_description"):
        if not c.given(required):
            raise ConfigError(f"{c.name(required)}: required")
    c.boolean("allow_custom_labels")
    min_confidence = args.get("min_confidence")
    if min_confidence is not None and (isinstance(min_confidence, bool) or not isinstance(min_confidence, (int, float))
                                       or not 0 <= min_confidence <= 100):  # fmt: skip
        c.fail("min_confidence", min_confidence, "the MinConfidence your applications send, 0 to 100")
    conditions_value = args["activation_conditions"]
    if _plain(conditions_value):
        conditions_document(conditions_value, c.name("activation_conditions"), c.value("allow_custom_labels"))

    c.text("task_title", 1, 128, _TITLE, "text of 1 to 128 characters")
    c.text("task_description", 1, 255, None, "text of 1 to 255 characters")
    c.integer("task_count", 1, 3)
    c.integer("task_availability_lifetime_seconds", *LIFETIME_RANGE)
    c.integer("task_time_limit_seconds", *TIME_LIMIT_RANGE)
    c.string_list(
        "task_keywords",
        _item_checker(_KEYWORD, 1, 30, "1 to 30 letters and digits, single spaces between words"),
        low=1,
        high=5,
    )

    c.text("workteam_arn", 1, 256, _WORKTEAM_ARN, "a workteam ARN, arn:aws:sagemaker:<region>:<account>:workteam/private-crowd/<name>")
    c.exclusive(
        "workteam_arn",
        ("workteam_user_pool_id", "workteam_user_pool_client_id", "workteam_user_group",
         "workteam_notification_topic_arn"),
        "workteam",
    )  # fmt: skip
    c.text("workteam_user_pool_id", 1, 55, _USER_POOL, "a Cognito user pool ID such as us-east-1_AbC123xyZ")
    c.text("workteam_user_pool_client_id", 1, 1024, _CLIENT_ID, "a Cognito app client ID")
    c.text("workteam_user_group", 1, 128, _USER_GROUP, "a Cognito group name of 1 to 128 characters, no spaces")
    c.text("workteam_description", 1, 200, None, "text of 1 to 200 characters")
    c.text("workteam_notification_topic_arn", 1, 256, _TOPIC_ARN, "an SNS topic ARN")
    c.boolean("workteam_create_notification_topic")
    if c.given("workteam_user_pool_id") != c.given("workteam_user_pool_client_id"):
        raise ConfigError(
            f"{c.name('workteam_user_pool_id')} and {c.name('workteam_user_pool_client_id')} go together: the "
            "workteam must use the app client of the workforce that owns the user pool"
        )
    if c.given("workteam_notification_topic_arn") and c.value("workteam_create_notification_topic"):
        raise ConfigError(
            f"{c.name('workteam_notification_topic_arn')} brings an existing topic, so "
            f"{c.name('workteam_create_notification_topic')} cannot be true too; give one or the other"
        )

    c.text("output_bucket_name", 3, 63, _BUCKET, "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens")
    c.exclusive("output_bucket_name", ("noncurrent_version_expiration_days", "output_expiration_days"), "output bucket")
    c.text("output_prefix", 0, 512, _PREFIX, "an S3 key prefix of letters, digits and !_.*'()/- , not starting with /")
    prefix = c.value("output_prefix")
    if isinstance(prefix, str) and prefix.startswith("/"):
        c.fail("output_prefix", prefix, "a key prefix does not start with /")
    c.text("kms_key_arn", 1, 2048, _KMS_KEY_ARN, "a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key-id>")
    c.boolean("retain_output_on_delete")
    c.integer("noncurrent_version_expiration_days", 1, None)
    c.integer("output_expiration_days", 1, None)

    c.text("role_arn", 20, 2048, _ROLE_ARN, "an IAM role ARN, arn:aws:iam::<account>:role/<name>")
    c.exclusive("role_arn", ("confused_deputy_guard",), "execution role")
    c.boolean("confused_deputy_guard")

    c.text("human_task_ui_arn", 1, 1024, _TASK_UI_ARN, "a human task UI ARN, arn:aws:sagemaker:<region>:<account>:human-task-ui/<name>")
    c.exclusive("human_task_ui_arn", ("task_template",), "worker task UI")
    template = args.get("task_template")
    if template is not None and _plain(template):
        check_template(template, c.name("task_template"))

    c.string_list("input_bucket_names", _bucket_item, low=1)
    c.string_list("cors_bucket_names", _bucket_item)
    inputs, cors = c.value("input_bucket_names"), c.value("cors_bucket_names")
    if _plain(inputs) and _plain(cors):
        stray = [b for b in cors if b not in inputs]
        if stray:
            c.fail("cors_bucket_names", stray, f"only input buckets can have their CORS managed: {', '.join(inputs)}")

    c.text("flow_definition_name_prefix", 1, MAX_FLOW_PREFIX, _FLOW_PREFIX,
           f"1 to {MAX_FLOW_PREFIX} lower-case letters, digits and hyphens, starting and ending with a letter or digit")  # fmt: skip
    _check_tags(c)
    return {key: c.value(key) for key in ARG_NAMES if c.value(key) is not None}


def _check_tags(c: _Checker) -> None:
    tags = c.args.get("tags")
    if tags is None or not _plain(tags):
        return
    if not isinstance(tags, dict):
        c.fail("tags", tags, "a map of tag keys to values")
    if len(tags) > MAX_TAGS - 1:  # one tag is ours: a2i-moderation:component
        c.fail("tags", f"{len(tags)} tags", f"at most {MAX_TAGS - 1}; AWS allows {MAX_TAGS} and one is ours")
    for key, value in tags.items():
        if not isinstance(key, str) or not 1 <= len(key) <= 128 or not _TAG.fullmatch(key) or key.lower().startswith("aws:"):
            raise ConfigError(
                f"{c.name('tags')}: key {key!r} is not allowed (1 to 128 letters, digits, spaces and _.:/=+-@, "
                "not starting with aws:)"
            )
        if not isinstance(value, str) or len(value) > 256 or not _TAG.fullmatch(value):
            raise ConfigError(
                f"{c.name('tags')}.{key}: {value!r} is not allowed (0 to 256 letters, digits, spaces and _.:/=+-@)"
            )


def check_region(region: Any, setting: str = "aws:region") -> str:
    """The region, if A2I runs there."""
    if region not in A2I_REGIONS:
        raise ConfigError(
            f"{setting}: {region!r} is not allowed (Amazon A2I runs in {', '.join(sorted(A2I_REGIONS))})"
        )
    return region


# --- Stack config (Pulumi.<stack>.yaml) -> ImageModerationReview arguments -----------------------

#: Where each argument lives in stack config: (config key, field inside it or None).
CONFIG_FIELDS: dict[str, tuple[str, str | None]] = {
    "activation_conditions": ("activationConditions", None),
    "min_confidence": ("minConfidence", None),
    "allow_custom_labels": ("allowCustomLabels", None),
    "task_title": ("humanLoop", "taskTitle"),
    "task_description": ("humanLoop", "taskDescription"),
    "task_count": ("humanLoop", "taskCount"),
    "task_availability_lifetime_seconds": ("humanLoop", "taskAvailabilityLifetimeSeconds"),
    "task_time_limit_seconds": ("humanLoop", "taskTimeLimitSeconds"),
    "task_keywords": ("humanLoop", "taskKeywords"),
    "workteam_arn": ("workteam", "arn"),
    "workteam_user_pool_id": ("workteam", "create.userPoolId"),
    "workteam_user_pool_client_id": ("workteam", "create.userPoolClientId"),
    "workteam_user_group": ("workteam", "create.userGroup"),
    "workteam_description": ("workteam", "create.description"),
    "workteam_notification_topic_arn": ("workteam", "create.notificationTopicArn"),
    "workteam_create_notification_topic": ("workteam", "create.createNotificationTopic"),
    "output_bucket_name": ("output", "bucketName"),
    "output_prefix": ("output", "prefix"),
    "kms_key_arn": ("output", "kmsKeyArn"),
    "retain_output_on_delete": ("output", "retainOnDestroy"),
    "noncurrent_version_expiration_days": ("output", "noncurrentVersionDays"),
    "output_expiration_days": ("output", "expireAfterDays"),
    "role_arn": ("role", "arn"),
    "confused_deputy_guard": ("role", "confusedDeputyGuard"),
    "human_task_ui_arn": ("taskUi", "arn"),
    "flow_definition_name_prefix": ("name", None),
    "tags": ("tags", None),
}
CONFIG_KEYS = (
    "activationConditions", "minConfidence", "allowCustomLabels", "humanLoop", "workteam", "output", "role", "taskUi",
    "inputBuckets", "name", "tags",
)  # fmt: skip
CONFIG_NAMES: dict[str, str] = {
    arg: key if field is None else f"{key}.{field}" for arg, (key, field) in CONFIG_FIELDS.items()
} | {
    "task_template": "taskUi.template",
    "input_bucket_names": "inputBuckets",
    "cors_bucket_names": "inputBuckets[].manageCors",
}


def _known_fields(key: str) -> dict[str, set[str]]:
    """Fields allowed in each object of a config key, by dotted parent ('' for the top)."""
    allowed: dict[str, set[str]] = {}
    for field_key, field in CONFIG_FIELDS.values():
        if field_key != key or field is None:
            continue
        parent, _, leaf = field.rpartition(".")
        allowed.setdefault(parent, set()).add(leaf)
        if parent:
            allowed.setdefault("", set()).add(parent)
    if key == "taskUi":
        allowed.setdefault("", set()).add("template")
    return allowed


def _check_object(key: str, value: Any, allowed: dict[str, set[str]], parent: str = "") -> None:
    where = f"{key}.{parent}" if parent else key
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {json.dumps(value)} is not allowed (an object with {', '.join(sorted(allowed.get(parent, ())))})")
    for field, inner in value.items():
        if field not in allowed.get(parent, set()):
            raise ConfigError(
                f"{where}: unknown field {field!r} (allowed: {', '.join(sorted(allowed.get(parent, ())))})"
            )
        child = f"{parent}.{field}" if parent else field
        if child in allowed:
            _check_object(key, inner, allowed, child)


def _dig(value: dict, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _input_buckets(items: Any) -> tuple[list[str], list[str]]:
    if not isinstance(items, list):
        raise ConfigError(
            f"inputBuckets: {json.dumps(items)} is not allowed (a list of bucket names, or of {{name, manageCors}} objects)"
        )
    names: list[str] = []
    managed: list[str] = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            extra = set(item) - {"name", "manageCors"}
            if extra:
                raise ConfigError(f"inputBuckets[{i}]: unknown field {sorted(extra)[0]!r} (allowed: manageCors, name)")
            name, manage = item.get("name"), item.get("manageCors", False)
            if not isinstance(manage, bool):
                raise ConfigError(f"inputBuckets[{i}].manageCors: {json.dumps(manage)} is not allowed (true or false)")
        else:
            name, manage = item, False
        _bucket_item(f"inputBuckets[{i}]" + (".name" if isinstance(item, dict) else ""), name)
        if name in names:
            raise ConfigError(f"inputBuckets[{i}]: {name!r} is listed twice")
        names.append(name)
        if manage:
            managed.append(name)
    return names, managed


def args_from_stack_config(config: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """Map the project's stack config (key -> parsed value, without the project namespace) to
    ImageModerationReview arguments, validated and named as in the config file.

    Returns the arguments and the worker template path from ``taskUi.template`` (read by the caller).
    """
    unknown = sorted(set(config) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(f"unknown config key a2i-moderation:{unknown[0]} (known: {', '.join(CONFIG_KEYS)})")
    for key in ("humanLoop", "workteam", "output", "role", "taskUi"):
        if key in config:
            _check_object(key, config[key], _known_fields(key))
    for key in ("activationConditions", "humanLoop", "workteam", "inputBuckets"):
        if key not in config:
            raise ConfigError(f"a2i-moderation:{key}: required (see the README's config reference)")
    workteam = config["workteam"]
    if ("arn" in workteam) == ("create" in workteam):
        raise ConfigError("workteam: give exactly one of arn (an existing workteam) or create (a new private workteam)")

    args: dict[str, Any] = {}
    for arg, (key, field) in CONFIG_FIELDS.items():
        value = config.get(key) if field is None else _dig(config.get(key) or {}, field)
        if value is not None:
            args[arg] = value
    args["input_bucket_names"], args["cors_bucket_names"] = _input_buckets(config["inputBuckets"])
    template_path = _dig(config.get("taskUi") or {}, "template")
    if template_path is not None and not isinstance(template_path, str):
        raise ConfigError(f"taskUi.template: {json.dumps(template_path)} is not allowed (a file path)")
    if template_path is not None and "human_task_ui_arn" in args:
        raise ConfigError("taskUi.arn brings an existing worker task UI, so taskUi.template cannot be set too; give one or the other")
    validate_review_args(args, CONFIG_NAMES)
    return args, template_path


def parse_stack_config(raw: Mapping[str, str | None]) -> dict[str, Any]:
    """Stack config as the Pulumi engine hands it over (structured values as JSON text) -> objects."""
    parsed: dict[str, Any] = {}
    for key, text in raw.items():
        if text is None:
            continue
        if key == "name":
            parsed[key] = text
            continue
        try:
            parsed[key] = json.loads(text)
        except json.JSONDecodeError:
            # A bare YAML scalar reaches the program as plain text.
            parsed[key] = text
    return parsed
