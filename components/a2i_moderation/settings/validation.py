"""Validate a review workflow's settings once, and hand on a typed, immutable result (pure)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any

from ..conditions import canonical_json
from ..errors import ConfigError
from .checks import is_plain, refuse
from .declarations import BY_ARG, REQUIRED, SETTINGS, Setting
from .documents import conditions_warnings
from .locations import refuse_public_crowd

if TYPE_CHECKING:
    import pulumi

#: Regions where A2I runs: AWS General Reference, "Amazon Augmented AI endpoints and quotas"
#: (endpoints a2i-runtime.sagemaker.<region>.amazonaws.com). botocore's endpoint data lacks them.
A2I_REGIONS = (
    "us-east-2",
    "us-east-1",
    "us-west-2",
    "ap-south-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-northeast-1",
    "ca-central-1",
    "eu-central-1",
    "eu-west-1",
    "eu-west-2",
)


@dataclass(frozen=True)
class ReviewSettings:
    """One workflow's settings, validated, with the defaults filled in: what ImageModerationReview wires.

    Values known when the program runs have been checked; Pulumi Outputs of other resources are
    passed on as they are. Build one with `validate_review_args` or `settings_from_stack_config`.
    """

    flow_definition_name_prefix: pulumi.Input[str] | None
    activation_conditions: pulumi.Input[str]
    """Canonical HumanLoopActivationConditions JSON; an Output is checked when it resolves."""
    min_confidence: float
    allow_custom_labels: bool
    task_title: pulumi.Input[str]
    task_description: pulumi.Input[str]
    task_count: pulumi.Input[int]
    task_availability_lifetime_seconds: pulumi.Input[int]
    task_time_limit_seconds: pulumi.Input[int]
    task_keywords: pulumi.Input[Sequence[pulumi.Input[str]]]
    retain_replaced_flow_definitions: bool
    input_bucket_names: pulumi.Input[Sequence[pulumi.Input[str]]]
    cors_bucket_names: Sequence[str]
    workteam_arn: pulumi.Input[str] | None
    workteam_description: pulumi.Input[str]
    workteam_user_pool_id: pulumi.Input[str] | None
    workteam_user_pool_client_id: pulumi.Input[str] | None
    workteam_user_group: pulumi.Input[str] | None
    workteam_notification_topic_arn: pulumi.Input[str] | None
    workteam_create_notification_topic: bool
    workteam_presigned_url_source_ip: str
    workteam_presigned_url_vpc_source_ip: str
    workforce_sign_in_cidrs: Sequence[str] | None
    output_prefix: pulumi.Input[str]
    """Ends in "/" (added when missing), or is empty."""
    output_bucket_name: pulumi.Input[str] | None
    kms_key_arn: pulumi.Input[str] | None
    retain_output_on_delete: bool
    noncurrent_version_expiration_days: pulumi.Input[int]
    output_expiration_days: pulumi.Input[int] | None
    role_arn: pulumi.Input[str] | None
    confused_deputy_guard: bool
    human_task_ui_arn: pulumi.Input[str] | None
    task_template: pulumi.Input[str] | None
    publish_arn_parameter: bool
    arn_parameter_name: pulumi.Input[str] | None
    create_caller_policy: bool
    create_results_queue: bool
    create_processor_policy: bool
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    condition_warnings: tuple[str, ...] = ()
    """What to tell people about conditions AWS accepts but that will not do as meant."""
    names: Mapping[str, str] = field(default_factory=dict, repr=False)
    """How the user named each setting (argument name or config path), for later messages."""

    def name(self, arg: str) -> str:
        return self.names.get(arg, arg)


def _copied(value: Any) -> Any:
    """A copy of the plain containers in `value` (the caller's arguments stay unchanged); Pulumi
    Outputs inside them are kept as they are (they cannot be copied)."""
    if isinstance(value, dict):
        return {key: _copied(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_copied(item) for item in value]
    return value


def _is_output(value: Any) -> bool:
    return callable(getattr(value, "apply", None))


def _holds_outputs(value: Any) -> bool:
    """A list or map known now that holds Pulumi Outputs (a keyword, a tag value, a label's threshold)."""
    if isinstance(value, dict):
        return any(_is_output(v) or _holds_outputs(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_is_output(v) or _holds_outputs(v) for v in value)
    return False


def _one_output(value: Any) -> Any:
    """The list or map as one Output of plain values, checked as a whole when they resolve. Only
    reached when an Output was given, so Pulumi is loaded already."""
    import pulumi  # the settings stay importable without Pulumi

    return pulumi.Output.from_input(value)


def _check_later(setting: Setting, shown_name: str, known: Mapping[str, Any], value: Any) -> Any:
    return value if value is None else setting.check(shown_name, value, known)


def _ordered(settings: Sequence[Setting]) -> list[Setting]:
    """Settings whose check reads others come after those."""
    needed = {arg for setting in settings for arg in setting.check.needs}
    return sorted(settings, key=lambda setting: 0 if setting.arg in needed else 1 if not setting.check.needs else 2)


def _check_parts(args: Mapping[str, Any], name: Callable[[str], str]) -> None:
    """A setting used only when a part is created cannot come with an existing one."""
    for part in dict.fromkeys(s.part for s in SETTINGS if s.part is not None):
        if args.get(part.existing) is None:
            continue
        clashing = [s.arg for s in SETTINGS if s.part == part and args.get(s.arg) is not None]
        if clashing:
            raise ConfigError(
                f"{name(part.existing)} brings an existing {part.meaning}, so {', '.join(name(c) for c in clashing)} "
                f"(used only when one is created) cannot be set too; give one or the other"
            )


def _pool_and_client_together(values: Mapping[str, Any], name: Callable[[str], str]) -> None:
    if (values["workteam_user_pool_id"] is None) != (values["workteam_user_pool_client_id"] is None):
        raise ConfigError(
            f"{name('workteam_user_pool_id')} and {name('workteam_user_pool_client_id')} go together: the "
            "workteam must use the app client of the workforce that owns the user pool"
        )


def _one_notification_topic(values: Mapping[str, Any], name: Callable[[str], str]) -> None:
    if values["workteam_notification_topic_arn"] is not None and values["workteam_create_notification_topic"]:
        raise ConfigError(
            f"{name('workteam_notification_topic_arn')} brings an existing topic, so "
            f"{name('workteam_create_notification_topic')} cannot be true too; give one or the other"
        )


def _cors_buckets_are_inputs(values: Mapping[str, Any], name: Callable[[str], str]) -> None:
    inputs, cors = values["input_bucket_names"], values["cors_bucket_names"]
    if not (is_plain(inputs) and is_plain(cors)):
        return
    stray = [bucket for bucket in cors if bucket not in inputs]
    if stray:
        raise refuse(
            name("cors_bucket_names"), stray, f"only input buckets can have their CORS managed: {', '.join(inputs)}"
        )


def _parameter_name_needs_parameter(values: Mapping[str, Any], name: Callable[[str], str]) -> None:
    if values["arn_parameter_name"] is not None and not values["publish_arn_parameter"]:
        raise ConfigError(
            f"{name('arn_parameter_name')} names the flow definition ARN's parameter, but "
            f"{name('publish_arn_parameter')} is false; give the name only with the parameter"
        )


def _sign_in_cidrs_need_the_workforce(values: Mapping[str, Any], name: Callable[[str], str]) -> None:
    if values["workforce_sign_in_cidrs"] is not None and values["workteam_user_pool_id"] is not None:
        raise ConfigError(
            f"{name('workforce_sign_in_cidrs')} restricts the sign-in of a workforce this stack creates, but "
            f"{name('workteam_user_pool_id')} joins the account's existing one: set its networks there "
            "(UpdateWorkforce), or give one of the two"
        )


def _no_public_crowd(values: Mapping[str, Any], name: Callable[[str], str]) -> None:
    refuse_public_crowd(values["workteam_arn"], name("workteam_arn"))


#: Rules between settings, checked after each setting on its own.
RULES: tuple[Callable[[Mapping[str, Any], Callable[[str], str]], None], ...] = (
    _no_public_crowd,
    _pool_and_client_together,
    _one_notification_topic,
    _cors_buckets_are_inputs,
    _parameter_name_needs_parameter,
    _sign_in_cidrs_need_the_workforce,
)


def validate_review_args(args: Mapping[str, Any], names: Mapping[str, str] | None = None) -> ReviewSettings:
    """Check ImageModerationReview's arguments and return them typed, with the defaults filled in.

    Raises ConfigError naming the setting (as `names` gives it: config paths for a stack file,
    argument names otherwise), the bad value and what is allowed. `args` is not changed.
    """
    shown = dict(names or {})

    def name(arg: str) -> str:
        return shown.get(arg, arg)

    unknown = sorted(set(args) - set(BY_ARG))
    if unknown:
        raise ConfigError(f"unknown setting {', '.join(unknown)} (known: {', '.join(sorted(BY_ARG))})")
    for setting in SETTINGS:
        if setting.required and args.get(setting.arg) is None:
            raise ConfigError(f"{name(setting.arg)}: required")
    values: dict[str, Any] = {}
    for setting in _ordered(SETTINGS):
        given = args.get(setting.arg)
        if given is not None and not setting.item_per_resource and _holds_outputs(given):
            given = _one_output(given)
        if given is None:
            values[setting.arg] = None if setting.default is REQUIRED else copy.deepcopy(setting.default)
        elif is_plain(given):
            values[setting.arg] = setting.check(name(setting.arg), _copied(given), values)
        elif _is_output(given):
            # A Pulumi Output: checked when it resolves, with the same message. What depends on it
            # (the flow definition) is then never created with a bad value.
            values[setting.arg] = given.apply(partial(_check_later, setting, name(setting.arg), dict(values)))
        else:
            values[setting.arg] = given
    _check_parts(args, name)
    for rule in RULES:
        rule(values, name)

    warnings: tuple[str, ...] = ()
    document = values["activation_conditions"]
    if isinstance(document, dict):
        found = conditions_warnings(
            document, values["min_confidence"], values["allow_custom_labels"], name("activation_conditions")
        )
        warnings = tuple(found)
        values["activation_conditions"] = canonical_json(document)
    elif _is_output(document):
        # An Output, checked when it resolves (above): what reaches the component is canonical text too.
        values["activation_conditions"] = document.apply(canonical_json)
    return ReviewSettings(**values, condition_warnings=warnings, names=shown)


def check_region(region: Any, setting: str = "aws:region") -> str:
    """The region, if A2I runs there."""
    if region not in A2I_REGIONS:
        raise ConfigError(f"{setting}: {region!r} is not allowed (Amazon A2I runs in {', '.join(sorted(A2I_REGIONS))})")
    return str(region)
