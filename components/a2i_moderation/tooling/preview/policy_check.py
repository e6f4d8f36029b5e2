"""Run the policy pack offline on a preview's recorded resources, as `pulumi preview --policy-pack` runs it.

The arguments are pulumi-policy's own classes, built as its analyzer builds them from the engine's
requests: properties behind its unknown-checking proxy, options, parents, dependencies per property,
and the configuration Pulumi would pass (the schema's defaults, then `--policy-pack-config`'s values).
One addition: the options carry the recorded retainOnDelete, which Pulumi's protocol does not pass.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from jsonschema import Draft7Validator
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.proxy import UNKNOWN_STRING_VALUE, UnknownValueError, unknown_checking_proxy

from ... import __version__
from ...errors import ConfigError
from ...policy_rules import ALL_POLICIES, PACK_NAME
from .. import read_json_object
from .engine import COMPUTED, Plan

STACK_TYPE = "pulumi:pulumi:Stack"


class RecordedResourceOptions(PolicyResourceOptions):
    """A resource's options as the mock engine recorded them: Pulumi's, and retainOnDelete."""

    retain_on_delete: bool

    def __init__(self, recorded: Mapping[str, Any], parent: str | None):
        super().__init__(
            protect=bool(recorded.get("protect")),
            ignore_changes=list(recorded.get("ignoreChanges", [])),
            delete_before_replace=True if recorded.get("deleteBeforeReplace") else None,
            aliases=[],
            custom_timeouts=PolicyCustomTimeouts(0, 0, 0),
            additional_secret_outputs=[],
            parent=parent,
        )
        self.retain_on_delete = bool(recorded.get("retainOnDelete"))


@dataclass(frozen=True)
class RuleConfig:
    """One rule's configuration, reconciled as Pulumi does: its level and its settings."""

    level: EnforcementLevel
    properties: dict[str, Any]


@dataclass(frozen=True)
class Violation:
    policy: str
    level: str
    """Either "mandatory" or "advisory", as configured."""
    urn: str | None
    """The resource; None for the stack as a whole (and for a rule that cannot run during preview)."""
    message: str

    @property
    def resource(self) -> str:
        return self.urn.rsplit("::", 1)[-1] if self.urn else "(stack)"

    def line(self) -> str:
        return f"[{self.level}] {self.policy}: {self.resource}: {self.message}"


@dataclass(frozen=True)
class PolicyReport:
    rules: int
    """How many rules ran (the disabled ones do not)."""
    violations: tuple[Violation, ...]

    @property
    def mandatory(self) -> list[Violation]:
        return [v for v in self.violations if v.level == EnforcementLevel.MANDATORY.value]


# --- configuration ----------------------------------------------------------------------------------

_LEVELS = ", ".join(level.value for level in EnforcementLevel)


def _level(policy: str, value: Any) -> EnforcementLevel:
    try:
        return EnforcementLevel(value)
    except ValueError:
        raise ConfigError(f"{policy}: enforcement level {value!r} is not allowed ({_LEVELS})") from None


def _entry(name: str, entry: Any) -> tuple[EnforcementLevel | None, dict[str, Any]]:
    """One rule's entry: a level, or an object with an optional enforcementLevel and settings."""
    if isinstance(entry, str):
        return _level(name, entry), {}
    if not isinstance(entry, Mapping):
        raise ConfigError(f"{name}: {entry!r} is not allowed (an enforcement level, or an object)")
    settings = dict(entry)
    level = _level(name, settings.pop("enforcementLevel")) if "enforcementLevel" in settings else None
    return level, settings


def load_policy_config(path: str) -> dict[str, Any]:
    """A `--policy-pack-config` file: JSON, an object keyed by rule name."""
    return read_json_object("--policy-config", path, "a JSON object keyed by policy name")


def resolve_config(
    given: Mapping[str, Any] | None = None, policies: Sequence[Policy] = ALL_POLICIES
) -> dict[str, RuleConfig]:
    """Each rule's level and settings: the schema's defaults, then "all"'s level, then each rule's entry
    (a level, or an object with an optional enforcementLevel and settings), checked against the schema.

    Stricter than Pulumi in one way: a rule or setting name the pack does not have is refused, where
    Pulumi ignores it silently."""
    by_name = {policy.name: policy for policy in policies}
    resolved = {
        policy.name: RuleConfig(
            policy.enforcement_level or EnforcementLevel.ADVISORY,
            {key: spec["default"] for key, spec in policy.config_schema.properties.items() if "default" in spec}
            if policy.config_schema
            else {},
        )
        for policy in policies
    }
    given = dict(given or {})
    if "all" in given:
        everyone, settings = _entry("all", given.pop("all"))
        if settings:
            raise ConfigError(f"all: {', '.join(settings)} is not allowed (all takes an enforcement level only)")
        resolved = {name: RuleConfig(everyone or rule.level, rule.properties) for name, rule in resolved.items()}
    for name, entry in given.items():
        policy = by_name.get(name)
        if policy is None:
            raise ConfigError(f"{name}: no such policy in the pack (known: {', '.join(by_name)})")
        level, settings = _entry(name, entry)
        known = policy.config_schema.properties if policy.config_schema else {}
        for key in settings:
            if key not in known:
                raise ConfigError(f"{name}.{key}: no such setting (known: {', '.join(known) or 'none'})")
        rule = resolved[name]
        resolved[name] = RuleConfig(level or rule.level, {**rule.properties, **settings})
    for policy in policies:
        if policy.config_schema is None:
            continue
        schema = {"type": "object", "properties": policy.config_schema.properties}
        if policy.config_schema.required:
            schema["required"] = policy.config_schema.required
        for error in Draft7Validator(schema).iter_errors(resolved[policy.name].properties):
            where = ".".join(str(part) for part in error.absolute_path)
            raise ConfigError(f"{policy.name}{'.' + where if where else ''}: {error.message}")
    return resolved


# --- the arguments, as pulumi-policy's analyzer builds them -------------------------------------------


def _unknowns(value: Any) -> Any:
    """Recorded inputs with the preview's computed values as the engine's unknowns."""
    if isinstance(value, dict):
        return {key: _unknowns(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unknowns(item) for item in value]
    return UNKNOWN_STRING_VALUE if value == COMPUTED else value


def _props(inputs: Mapping[str, Any]) -> Any:
    return unknown_checking_proxy(_unknowns(dict(inputs)))


def aws_provider(config: Mapping[str, str], project: str, stack: str) -> PolicyProviderResource:
    """The default AWS provider a stack's `aws:` config makes (region, defaultTags as JSON text, ...)."""
    props = {key.split(":", 1)[1]: value for key, value in config.items() if key.startswith("aws:")}
    urn = f"urn:pulumi:{stack}::{project}::pulumi:providers:aws::default"
    return PolicyProviderResource("pulumi:providers:aws", _props(props), urn, "default")


def resource_args(
    record: Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    provider: PolicyProviderResource | None = None,
) -> ResourceValidationArgs:
    """What a resource rule receives for one recorded resource."""
    options = RecordedResourceOptions(record["options"], record["parent"])
    return ResourceValidationArgs(
        record["type"], _props(record["inputs"]), record["urn"], record["name"], options, provider, config
    )


def stack_args(
    plan: Plan | Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    provider: PolicyProviderResource | None = None,
) -> StackValidationArgs:
    """What a stack rule receives: every recorded resource and the stack itself, linked to their parents
    and dependencies."""
    document = plan.to_json() if isinstance(plan, Plan) else plan
    records = list(document["resources"])
    # The stack resource itself, whose outputs are the exports: the engine passes it too.
    for urn in sorted({r["parent"] for r in records if r["parent"] and r["parent"].split("::")[2] == STACK_TYPE}):
        records.append(
            {
                "urn": urn,
                "type": STACK_TYPE,
                "name": urn.rsplit("::", 1)[-1],
                "parent": None,
                "inputs": document.get("outputs", {}),
                "options": {},
                "propertyDependencies": {},
            }
        )
    resources = {
        r["urn"]: PolicyResource(
            r["type"],
            _props(r["inputs"]),
            r["urn"],
            r["name"],
            RecordedResourceOptions(r["options"], r["parent"]),
            provider,
            None,
            [],
            {},
        )
        for r in records
    }
    for record in records:
        resource = resources[record["urn"]]
        resource.parent = resources.get(record["parent"] or "")
        by_property = record["propertyDependencies"]
        explicit = record["options"].get("dependsOn", [])
        every = sorted({*explicit, *(urn for urns in by_property.values() for urn in urns)})
        resource.dependencies = [resources[urn] for urn in every if urn in resources]
        resource.property_dependencies = {
            key: [resources[urn] for urn in urns if urn in resources] for key, urns in by_property.items()
        }
    return StackValidationArgs(list(resources.values()), config)


# --- running the rules ------------------------------------------------------------------------------


def _reporter(found: list[Violation], policy: str, level: EnforcementLevel, urn: str | None = None) -> ReportViolation:
    """The report_violation a rule is given; a resource rule's violations are its resource's, whatever
    URN it passes (as in Pulumi's analyzer)."""

    def report(message: str, reported: str | None = None) -> None:
        found.append(Violation(policy, level.value, urn or reported or None, message))

    return report


def check_policies(
    plan: Plan | Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    provider: PolicyProviderResource | None = None,
    policies: Sequence[Policy] = ALL_POLICIES,
) -> PolicyReport:
    """Every enabled rule on the plan's resources, with `config` in `--policy-pack-config`'s format."""
    document = plan.to_json() if isinstance(plan, Plan) else plan
    resolved = resolve_config(config, policies)
    found: list[Violation] = []
    ran = 0
    for policy in policies:
        rule = resolved[policy.name]
        if rule.level == EnforcementLevel.DISABLED:
            continue
        ran += 1
        # As Pulumi's analyzer does: a violation of a remediating rule is mandatory.
        level = EnforcementLevel.MANDATORY if rule.level == EnforcementLevel.REMEDIATE else rule.level

        try:
            if isinstance(policy, ResourceValidationPolicy):
                for record in document["resources"]:
                    args = resource_args(record, rule.properties, provider)
                    policy.validate(args, _reporter(found, policy.name, level, args.urn))
            elif isinstance(policy, StackValidationPolicy):
                policy.validate(stack_args(document, rule.properties, provider), _reporter(found, policy.name, level))
        except UnknownValueError as exc:
            found.append(
                Violation(
                    policy.name,
                    EnforcementLevel.ADVISORY.value,
                    None,
                    f"can't run policy '{policy.name}' from policy pack '{PACK_NAME}@v{__version__}' during "
                    f"preview: {exc.message}",
                )
            )
    return PolicyReport(ran, tuple(found))


# --- what people read -------------------------------------------------------------------------------


def console_lines(report: PolicyReport) -> list[str]:
    """For the terminal, after the resource tree."""
    if not report.violations:
        return [f"Policies: all {report.rules} rules pass"]
    return ["Policy violations:", *(f"  {v.line()}" for v in report.violations)]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def summary_lines(report: PolicyReport, config_name: str | None = None) -> list[str]:
    """The body of summary.md's "Policy checks" section."""
    configured = f"configuration `{config_name}`" if config_name else "its default configuration"
    lines = [
        f"The policy pack `policies/` ({report.rules} rules, {configured}), run offline on the planned resources "
        "as `pulumi preview --policy-pack policies/` runs it. retainOnDelete is judged here only: Pulumi does not "
        "pass it to policy packs.",
        "",
    ]
    if not report.violations:
        return [*lines, f"All {report.rules} rules pass."]
    mandatory = len(report.mandatory)
    if mandatory:
        lines += [
            "> [!CAUTION]",
            f"> **{mandatory} mandatory violation{'s' if mandatory > 1 else ''}**: "
            "`pulumi preview --policy-pack policies/` would stop this stack.",
            "",
        ]
    lines += ["| Level | Policy | Resource | Violation |", "|---|---|---|---|"]
    lines += [f"| {v.level} | {v.policy} | {_cell(v.resource)} | {_cell(v.message)} |" for v in report.violations]
    return lines
