"""The policy pack (policies/): each rule on recorded previews, its configuration, the offline check
behind `a2i-moderation preview --policies`, and the pack as the Pulumi CLI is served it."""

from __future__ import annotations

import ast
import copy
import json
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import grpc  # type: ignore[import-untyped]  # grpcio publishes no type information
import pytest
import yaml
from conftest import ROOT, minimal_args, plan_review, run_cli
from google.protobuf import empty_pb2, struct_pb2
from jsonschema import Draft7Validator
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc
from pulumi_policy import (
    EnforcementLevel,
    Policy,
    PolicyCustomTimeouts,
    PolicyProviderResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

import a2i_moderation
from a2i_moderation import policy_rules as rules
from a2i_moderation.errors import ConfigError
from a2i_moderation.tooling.preview.engine import COMPUTED, Plan
from a2i_moderation.tooling.preview.policy_check import (
    Violation,
    check_policies,
    resolve_config,
    resource_args,
    stack_args,
)

EXISTING_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
PUBLIC_CROWD = "arn:aws:sagemaker:eu-west-1:394669845002:workteam/public-crowd/default"
DEV = "urn:pulumi:dev::a2i-moderation::"


def violations(
    policy: Policy,
    plan: Plan | Mapping[str, Any],
    config: Mapping[str, Any] | None = None,
    provider: PolicyProviderResource | None = None,
) -> list[tuple[str, str]]:
    """(resource name, message) of each violation `policy`'s validate reports on the recorded resources."""
    found: list[tuple[str, str]] = []

    def collect(name: str | None) -> ReportViolation:
        def report(message: str, urn: str | None = None) -> None:
            found.append((name or (urn.rsplit("::", 1)[-1] if urn else "(stack)"), message))

        return report

    if isinstance(policy, StackValidationPolicy):
        policy.validate(stack_args(plan, config, provider), collect(None))
    elif isinstance(policy, ResourceValidationPolicy):
        document = plan.to_json() if isinstance(plan, Plan) else plan
        for record in document["resources"]:
            policy.validate(resource_args(record, config, provider), collect(record["name"]))
    return found


def changed(plan: Plan, name: str, change: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """A copy of the plan's document with the resource `name`'s record changed."""
    document = copy.deepcopy(plan.to_json())
    change(next(r for r in document["resources"] if r["name"] == name))
    return document


def without(plan: Plan, token: str) -> dict[str, Any]:
    document = copy.deepcopy(plan.to_json())
    document["resources"] = [r for r in document["resources"] if r["type"] != token]
    return document


@pytest.fixture(scope="module")
def output_not_retained() -> Plan:
    return plan_review(minimal_args(retain_output_on_delete=False))


# --- compliant plans --------------------------------------------------------------------------------


@pytest.mark.parametrize("policy", rules.ALL_POLICIES, ids=lambda p: p.name)
def test_dev_stack_complies_with_every_rule(policy, dev_plan):
    assert violations(policy, dev_plan) == []


@pytest.mark.parametrize("policy", rules.ALL_POLICIES, ids=lambda p: p.name)
def test_default_review_complies_with_every_rule(policy, default_plan):
    assert violations(policy, default_plan) == []


def test_existing_bucket_and_customer_key_comply_with_the_encryption_rule():
    plan = plan_review(minimal_args(output_bucket_name="acme-answers", kms_key_arn=EXISTING_KEY))
    assert not plan.of_type("aws:s3/bucket:Bucket")
    assert violations(rules.REVIEW_OUTPUT_CUSTOMER_KMS_KEY, plan) == []


def test_existing_role_is_left_to_its_owner_by_the_trust_rule():
    plan = plan_review(minimal_args(role_arn="arn:aws:iam::123456789012:role/a2i-existing"))
    assert not plan.of_type(rules.ROLE)
    assert violations(rules.EXECUTION_ROLE_TRUSTS_ONLY_SAGEMAKER, plan) == []


# --- review-output-customer-kms-key ------------------------------------------------------------------


def test_flow_definition_without_a_key_violates_the_encryption_rule():
    plan = plan_review(minimal_args(output_bucket_name="acme-answers"))
    assert violations(rules.REVIEW_OUTPUT_CUSTOMER_KMS_KEY, plan) == [
        (
            "moderation-flow-definition",
            "outputConfig.kmsKeyId is not set: A2I writes the answers with the bucket's default encryption, "
            "not with a customer managed KMS key",
        )
    ]


def test_aws_managed_key_violates_the_encryption_rule(default_plan):
    def aws_managed(record: dict[str, Any]) -> None:
        record["inputs"]["outputConfig"]["kmsKeyId"] = "alias/aws/s3"

    plan = changed(default_plan, "moderation-flow-definition", aws_managed)
    assert violations(rules.REVIEW_OUTPUT_CUSTOMER_KMS_KEY, plan) == [
        (
            "moderation-flow-definition",
            "outputConfig.kmsKeyId alias/aws/s3 is an AWS managed key: name a customer managed key",
        )
    ]


def test_output_bucket_without_default_encryption_violates_the_encryption_rule(default_plan):
    plan = without(default_plan, rules.BUCKET_ENCRYPTIONS[0])
    assert violations(rules.REVIEW_OUTPUT_CUSTOMER_KMS_KEY, plan) == [
        (
            "moderation-output-bucket",
            "no default encryption with a customer managed KMS key (no BucketServerSideEncryptionConfiguration "
            "for this bucket)",
        )
    ]


def test_sse_s3_default_encryption_violates_the_encryption_rule(default_plan):
    def sse_s3(record: dict[str, Any]) -> None:
        record["inputs"]["rules"] = [{"applyServerSideEncryptionByDefault": {"sseAlgorithm": "AES256"}}]

    plan = changed(default_plan, "moderation-output-encryption", sse_s3)
    assert violations(rules.REVIEW_OUTPUT_CUSTOMER_KMS_KEY, plan) == [
        ("moderation-output-encryption", "default encryption is AES256, not a customer managed KMS key")
    ]


# --- output-bucket-not-public -----------------------------------------------------------------------


def test_public_access_block_with_flags_off_violates_the_not_public_rule(default_plan):
    def loosened(record: dict[str, Any]) -> None:
        record["inputs"].update(blockPublicPolicy=False, restrictPublicBuckets=False)

    plan = changed(default_plan, "moderation-output-public-access-block", loosened)
    assert violations(rules.OUTPUT_BUCKET_NOT_PUBLIC, plan) == [
        (
            "moderation-output-public-access-block",
            "blockPublicPolicy, restrictPublicBuckets are off: all four keep the answers private",
        )
    ]


def test_output_bucket_without_public_access_block_violates_the_not_public_rule(default_plan):
    plan = without(default_plan, rules.PUBLIC_ACCESS_BLOCK)
    assert violations(rules.OUTPUT_BUCKET_NOT_PUBLIC, plan) == [
        (
            "moderation-output-bucket",
            "no BucketPublicAccessBlock: nothing stops a bucket policy or ACL from making the answers public",
        )
    ]


# --- output-retained-on-destroy ---------------------------------------------------------------------


def test_output_not_retained_violates_the_retention_rule(output_not_retained):
    assert violations(rules.OUTPUT_RETAINED_ON_DESTROY, output_not_retained) == [
        (
            "moderation-output-bucket",
            "retainOnDelete is off: `pulumi destroy` deletes the bucket (or fails while answers are in it)",
        ),
        (
            "moderation-kms-key",
            "retainOnDelete is off: `pulumi destroy` schedules the key's deletion, after which no kept answer "
            "can be decrypted",
        ),
    ]


def test_force_destroy_violates_the_retention_rule(default_plan):
    plan = changed(default_plan, "moderation-output-bucket", lambda r: r["inputs"].update(forceDestroy=True))
    assert violations(rules.OUTPUT_RETAINED_ON_DESTROY, plan) == [
        ("moderation-output-bucket", "forceDestroy is on: deleting the bucket first deletes every answer in it")
    ]


def test_protected_bucket_counts_as_retained(output_not_retained):
    def protected(record: dict[str, Any]) -> None:
        record["options"]["protect"] = True

    plan = changed(output_not_retained, "moderation-output-bucket", protected)
    assert [name for name, _ in violations(rules.OUTPUT_RETAINED_ON_DESTROY, plan)] == ["moderation-kms-key"]


def test_retention_is_not_judged_where_pulumi_passes_no_retain_on_delete(output_not_retained):
    """Under `pulumi preview --policy-pack` the options have no retain_on_delete: no spurious violation."""
    args = stack_args(output_not_retained)
    for resource in args.resources:
        opts = resource.opts
        resource.opts = PolicyResourceOptions(
            opts.protect, [], opts.delete_before_replace, [], PolicyCustomTimeouts(0, 0, 0), [], opts.parent
        )
    found: list[str] = []
    rules.OUTPUT_RETAINED_ON_DESTROY.validate(StackValidationArgs(args.resources), lambda m, urn=None: found.append(m))
    assert found == []


# --- execution-role-trusts-only-sagemaker -----------------------------------------------------------


def test_role_without_confused_deputy_conditions_violates_the_trust_rule():
    plan = plan_review(minimal_args(confused_deputy_guard=False))
    assert violations(rules.EXECUTION_ROLE_TRUSTS_ONLY_SAGEMAKER, plan) == [
        (
            "moderation-execution-role",
            "statement AllowSageMakerA2I has no aws:SourceAccount or aws:SourceArn condition: SageMaker acting for "
            "another account could assume the role (confused deputy)",
        )
    ]


def test_role_trusting_another_principal_violates_the_trust_rule(default_plan):
    def shared(record: dict[str, Any]) -> None:
        document = json.loads(record["inputs"]["assumeRolePolicy"])
        document["Statement"][0]["Principal"] = {
            "Service": ["sagemaker.amazonaws.com", "lambda.amazonaws.com"],
            "AWS": "arn:aws:iam::111122223333:root",
        }
        record["inputs"]["assumeRolePolicy"] = json.dumps(document)

    plan = changed(default_plan, "moderation-execution-role", shared)
    assert violations(rules.EXECUTION_ROLE_TRUSTS_ONLY_SAGEMAKER, plan) == [
        (
            "moderation-execution-role",
            "statement AllowSageMakerA2I lets Service lambda.amazonaws.com, AWS arn:aws:iam::111122223333:root "
            "assume the role: only sagemaker.amazonaws.com may",
        )
    ]


# --- no-public-workforce ----------------------------------------------------------------------------


def test_public_crowd_workteam_violates_the_workforce_rule(default_plan):
    """The components refuse the public crowd's ARN before registering anything: a recorded plan is edited."""

    def public(record: dict[str, Any]) -> None:
        record["inputs"]["humanLoopConfig"]["workteamArn"] = PUBLIC_CROWD

    plan = changed(default_plan, "moderation-flow-definition", public)
    assert violations(rules.NO_PUBLIC_WORKFORCE, plan) == [
        (
            "moderation-flow-definition",
            f"humanLoopConfig.workteamArn {PUBLIC_CROWD} is the public Mechanical Turk workforce: moderation images "
            "must go to a private or vendor workteam",
        )
    ]


# --- required-tags ----------------------------------------------------------------------------------


def test_missing_required_tags_violate_the_tags_rule(dev_plan):
    found = violations(rules.REQUIRED_TAGS, dev_plan, {"requiredTags": ["cost-center", "team"]})
    taggable = {r["name"] for r in dev_plan.resources if r["type"] in rules.TAGGABLE_TYPES}
    assert len(taggable) == 13
    assert sorted(found) == sorted((name, "missing required tags: cost-center") for name in taggable)


def test_provider_default_tags_satisfy_the_tags_rule(dev_plan):
    provider = PolicyProviderResource(
        "pulumi:providers:aws", {"defaultTags": json.dumps({"tags": {"cost-center": "cc-42"}})}, "urn:p", "default"
    )
    assert violations(rules.REQUIRED_TAGS, dev_plan, {"requiredTags": ["cost-center"]}, provider) == []


# --- task-time-limits -------------------------------------------------------------------------------


def test_task_limits_above_the_configured_maxima_violate_the_limits_rule(dev_plan):
    config = {"maxTaskAvailabilityLifetimeSeconds": 3600, "maxTaskTimeLimitSeconds": 300}
    assert violations(rules.TASK_TIME_LIMITS, dev_plan, config) == [
        (
            "moderation-flow-definition",
            "humanLoopConfig.taskAvailabilityLifetimeInSeconds: 86400 is above the maximum 3600 "
            "(maxTaskAvailabilityLifetimeSeconds)",
        ),
        (
            "moderation-flow-definition",
            "humanLoopConfig.taskTimeLimitInSeconds: 600 is above the maximum 300 (maxTaskTimeLimitSeconds)",
        ),
    ]


def test_unset_availability_lifetime_violates_the_limits_rule(dev_plan):
    def unset(record: dict[str, Any]) -> None:
        del record["inputs"]["humanLoopConfig"]["taskAvailabilityLifetimeInSeconds"]

    plan = changed(dev_plan, "moderation-flow-definition", unset)
    assert violations(rules.TASK_TIME_LIMITS, plan) == [
        (
            "moderation-flow-definition",
            "humanLoopConfig.taskAvailabilityLifetimeInSeconds is not set, and AWS documents no default: set it "
            "(at most 259200, maxTaskAvailabilityLifetimeSeconds)",
        )
    ]


# --- replaced-flow-definitions-retained -------------------------------------------------------------


def test_flow_definition_not_retained_violates_the_flow_retention_rule():
    plan = plan_review(minimal_args(retain_replaced_flow_definitions=False))
    assert violations(rules.REPLACED_FLOW_DEFINITIONS_RETAINED, plan) == [
        (
            "moderation-flow-definition",
            "retainOnDelete is off: a replacement deletes the old flow definition, and AWS drops every human loop "
            "no worker has started",
        ),
        (
            "moderation-task-ui-template",
            "retainOnDelete is off: a replacement deletes the task UI that the kept flow definition still shows "
            "its workers",
        ),
    ]


def test_delete_before_replace_violates_the_flow_retention_rule(default_plan):
    def first(record: dict[str, Any]) -> None:
        record["options"]["deleteBeforeReplace"] = True

    plan = changed(default_plan, "moderation-flow-definition", first)
    assert violations(rules.REPLACED_FLOW_DEFINITIONS_RETAINED, plan) == [
        (
            "moderation-flow-definition",
            "deleteBeforeReplace is on: a replacement deletes the flow definition first, and AWS drops every human "
            "loop no worker has started",
        )
    ]


# --- kms-key-rotation -------------------------------------------------------------------------------


def test_key_without_rotation_violates_the_rotation_rule(default_plan):
    plan = changed(default_plan, "moderation-kms-key", lambda r: r["inputs"].update(enableKeyRotation=False))
    assert violations(rules.KMS_KEY_ROTATION, plan) == [
        ("moderation-kms-key", "enableKeyRotation is off: KMS never rotates the key material")
    ]


def test_rotation_period_above_the_maximum_violates_the_rotation_rule(default_plan):
    plan = changed(default_plan, "moderation-kms-key", lambda r: r["inputs"].update(rotationPeriodInDays=730))
    assert violations(rules.KMS_KEY_ROTATION, plan) == [
        ("moderation-kms-key", "rotationPeriodInDays: 730 is above the maximum 365 (maxRotationPeriodDays)")
    ]


def test_asymmetric_key_is_not_judged_by_the_rotation_rule(default_plan):
    def asymmetric(record: dict[str, Any]) -> None:
        record["inputs"].update(customerMasterKeySpec="RSA_2048", enableKeyRotation=False)

    plan = changed(default_plan, "moderation-kms-key", asymmetric)
    assert violations(rules.KMS_KEY_ROTATION, plan) == []


# --- the rules and their configuration --------------------------------------------------------------


def test_rule_names_are_unique_kebab_case_and_each_rule_sets_its_level():
    names = [policy.name for policy in rules.ALL_POLICIES]
    assert len(set(names)) == len(names) == 9
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name) for name in names)
    assert all(policy.enforcement_level is not None for policy in rules.ALL_POLICIES)


def test_config_schemas_are_json_schemas_whose_defaults_they_accept():
    for policy in rules.ALL_POLICIES:
        if policy.config_schema is None:
            continue
        schema = {"type": "object", "properties": policy.config_schema.properties}
        Draft7Validator.check_schema(schema)
        Draft7Validator(schema).validate(resolve_config()[policy.name].properties)


def test_config_defaults_come_from_the_schemas():
    resolved = resolve_config()
    assert resolved["task-time-limits"].properties == {
        "maxTaskAvailabilityLifetimeSeconds": 259200,
        "maxTaskTimeLimitSeconds": 3600,
    }
    assert resolved["required-tags"].properties == {"requiredTags": ["a2i-moderation:workflow"]}
    assert resolved["required-tags"].level == EnforcementLevel.ADVISORY


def test_config_value_outside_its_schema_is_refused():
    with pytest.raises(
        ConfigError, match=r"^task-time-limits\.maxTaskTimeLimitSeconds: 10 is less than the minimum of 30$"
    ):
        resolve_config({"task-time-limits": {"maxTaskTimeLimitSeconds": 10}})


def test_config_naming_an_unknown_policy_is_refused():
    with pytest.raises(ConfigError, match=r"^s3-no-public-read: no such policy in the pack \(known: review-output"):
        resolve_config({"s3-no-public-read": "mandatory"})


def test_config_naming_an_unknown_setting_is_refused():
    with pytest.raises(ConfigError, match=r"^required-tags\.tags: no such setting \(known: requiredTags\)$"):
        resolve_config({"required-tags": {"tags": ["team"]}})


def test_config_with_a_bad_enforcement_level_is_refused():
    with pytest.raises(
        ConfigError,
        match=r"^kms-key-rotation: enforcement level 'strict' is not allowed "
        r"\(advisory, mandatory, remediate, disabled\)$",
    ):
        resolve_config({"kms-key-rotation": {"enforcementLevel": "strict"}})


def test_configured_level_raises_an_advisory_rule_to_mandatory(dev_plan):
    report = check_policies(dev_plan, {"required-tags": {"enforcementLevel": "mandatory", "requiredTags": ["owner"]}})
    assert {v.level for v in report.violations} == {"mandatory"}


def test_disabled_rule_does_not_run(dev_plan):
    report = check_policies(dev_plan, {"required-tags": {"enforcementLevel": "disabled", "requiredTags": ["owner"]}})
    assert (report.rules, report.violations) == (8, ())


def test_all_sets_every_rules_level(output_not_retained):
    report = check_policies(output_not_retained, {"all": "advisory"})
    assert [v.level for v in report.violations] == ["advisory", "advisory"]


# --- the offline check ------------------------------------------------------------------------------


def test_check_reports_each_violation_with_its_level_rule_and_resource(output_not_retained):
    report = check_policies(output_not_retained)
    assert report.rules == 9
    assert report.violations[0] == Violation(
        "output-retained-on-destroy",
        "mandatory",
        "urn:pulumi:test::a2i-moderation::a2i-moderation:index:ReviewBucket$aws:s3/bucket:Bucket::"
        "moderation-output-bucket",
        "retainOnDelete is off: `pulumi destroy` deletes the bucket (or fails while answers are in it)",
    )
    assert report.violations[0].line() == (
        "[mandatory] output-retained-on-destroy: moderation-output-bucket: retainOnDelete is off: "
        "`pulumi destroy` deletes the bucket (or fails while answers are in it)"
    )


def test_check_reports_a_value_unknown_during_preview_as_pulumi_does(default_plan):
    def computed(record: dict[str, Any]) -> None:
        record["inputs"]["humanLoopConfig"]["taskTimeLimitInSeconds"] = COMPUTED

    report = check_policies(changed(default_plan, "moderation-flow-definition", computed))
    assert report.violations == (
        Violation(
            "task-time-limits",
            "advisory",
            None,
            f"can't run policy 'task-time-limits' from policy pack 'a2i-moderation@v{a2i_moderation.__version__}' "
            "during preview: string value at .humanLoopConfig.taskTimeLimitInSeconds can't be known during preview",
        ),
    )


# --- the pack as the Pulumi CLI runs it ---------------------------------------------------------------


def _struct(value: Mapping[str, Any]) -> struct_pb2.Struct:
    struct = struct_pb2.Struct()
    struct.update(dict(value))
    return struct


def _analyzer_resource(record: Mapping[str, Any]) -> analyzer_pb2.AnalyzerResource:
    options = record["options"]
    return analyzer_pb2.AnalyzerResource(
        type=record["type"],
        properties=_struct(record["inputs"]),
        urn=record["urn"],
        name=record["name"],
        options=analyzer_pb2.AnalyzerResourceOptions(
            protect=options["protect"],
            deleteBeforeReplace=options["deleteBeforeReplace"],
            deleteBeforeReplaceDefined=True,
            parent=record["parent"] or "",
        ),
        parent=record["parent"] or "",
        dependencies=sorted(
            {*options["dependsOn"], *(u for us in record["propertyDependencies"].values() for u in us)}
        ),
        propertyDependencies={
            key: analyzer_pb2.AnalyzerPropertyDependencies(urns=urns)
            for key, urns in record["propertyDependencies"].items()
        },
    )


def test_pack_served_to_pulumi_reports_what_the_offline_check_reports():
    """policies/__main__.py started as the Pulumi CLI starts it, asked over gRPC as the engine asks: the
    same violations, but for retainOnDelete, which the engine's requests do not carry."""
    document = plan_review(minimal_args(retain_output_on_delete=False, confused_deputy_guard=False)).to_json()
    config = {"task-time-limits": {"maxTaskTimeLimitSeconds": 600}, "required-tags": {"requiredTags": ["team"]}}
    pack = subprocess.Popen(
        [sys.executable, str(ROOT / "policies" / "__main__.py")],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT / "policies",
    )
    try:
        port = int(pack.stdout.readline())
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            analyzer = analyzer_pb2_grpc.AnalyzerStub(channel)
            info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
            analyzer.Configure(
                analyzer_pb2.ConfigureAnalyzerRequest(
                    policyConfig={
                        name: analyzer_pb2.PolicyConfig(properties=_struct(rule.properties))
                        for name, rule in resolve_config(config).items()
                    }
                )
            )
            resources = [_analyzer_resource(r) for r in document["resources"]]
            diagnostics = list(analyzer.AnalyzeStack(analyzer_pb2.AnalyzeStackRequest(resources=resources)).diagnostics)
            for r in resources:
                request = analyzer_pb2.AnalyzeRequest(
                    type=r.type, properties=r.properties, urn=r.urn, name=r.name, options=r.options
                )
                diagnostics += analyzer.Analyze(request).diagnostics
    finally:
        pack.kill()
        pack.communicate()
    assert (info.name, [p.name for p in info.policies]) == ("a2i-moderation", [p.name for p in rules.ALL_POLICIES])
    served = sorted((d.policyName, d.urn, d.message.split("\n", 1)[1]) for d in diagnostics)
    offline = sorted((v.policy, v.urn, v.message) for v in check_policies(document, config).violations)
    assert [v for v in offline if v not in served] == [v for v in offline if v[0] == "output-retained-on-destroy"]
    # Stack and resource rules, with the configuration passed through.
    assert {v[0] for v in offline} == {
        "output-retained-on-destroy",
        "execution-role-trusts-only-sagemaker",
        "required-tags",
        "task-time-limits",
    }
    assert [v for v in served if v not in offline] == []


def test_pack_program_serves_the_rules_of_the_package():
    """Read, not run: constructing the PolicyPack starts a server that never returns."""
    tree = ast.parse((ROOT / "policies" / "__main__.py").read_text())
    imports = {
        (node.module, alias.name) for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names
    }
    assert {("a2i_moderation.policy_rules", "ALL_POLICIES"), ("a2i_moderation.policy_rules", "PACK_NAME")} <= imports
    (call,) = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", None) == "PolicyPack"]
    keywords = {k.arg: ast.unparse(k.value) for k in call.keywords}
    assert (keywords["name"], keywords["policies"]) == ("PACK_NAME", "ALL_POLICIES")


def test_pack_version_is_the_package_version():
    project = yaml.safe_load((ROOT / "policies" / "PulumiPolicy.yaml").read_text())
    assert (project["runtime"]["name"], project["version"]) == ("python", a2i_moderation.__version__)


def test_pack_requirements_are_the_package_and_its_policy_extra():
    requirements = (ROOT / "policies" / "requirements.txt").read_text().splitlines()
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["policy"]
    assert [r for r in requirements if r and not r.startswith("#")] == [
        *(r for r in extra if r.startswith("pulumi-policy")),
        f"a2i-moderation[policy]=={a2i_moderation.__version__}",
    ]


def test_package_and_its_pure_modules_load_no_pulumi_policy():
    code = (
        "import sys, a2i_moderation, a2i_moderation.settings, a2i_moderation.policies, a2i_moderation.tooling.cli; "
        "print('pulumi_policy' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


# --- a2i-moderation preview --policies ----------------------------------------------------------------


def project_copy(tmp_path: Path, **output: Any) -> Path:
    """The repository's project with the dev stack, `output` settings changed."""
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "templates", project / "templates")
    stack = yaml.safe_load((project / "Pulumi.dev.yaml").read_text())
    stack["config"]["a2i-moderation:output"].update(output)
    (project / "Pulumi.dev.yaml").write_text(yaml.safe_dump(stack))
    return project


def test_preview_with_policies_says_every_rule_passes(tmp_path):
    result = run_cli("preview", "--no-ui", "--policies", "--out", tmp_path)
    assert result.code == 0, result.stderr
    assert "\nPolicies: all 9 rules pass\n" in result.stdout
    summary = (tmp_path / "summary.md").read_text()
    assert "## Policy checks\n\nThe policy pack `policies/` (9 rules, its default configuration)" in summary
    assert "\n\nAll 9 rules pass.\n\n## The flow\n" in summary


def test_mandatory_violation_is_listed_written_to_the_summary_and_exits_1(tmp_path):
    project = project_copy(tmp_path, retainOnDestroy=False)
    result = run_cli("preview", "--no-ui", "--policies", cwd=project)
    assert result.code == 1
    assert (
        "\nPolicy violations:\n"
        "  [mandatory] output-retained-on-destroy: moderation-output-bucket: retainOnDelete is off: "
        "`pulumi destroy` deletes the bucket (or fails while answers are in it)\n"
        "  [mandatory] output-retained-on-destroy: moderation-kms-key: retainOnDelete is off: `pulumi destroy` "
        "schedules the key's deletion, after which no kept answer can be decrypted\n"
    ) in result.stdout
    assert "2 mandatory policy violations: `pulumi preview --policy-pack policies/` would stop this stack" in (
        result.stderr
    )
    summary = (project / ".preview" / "dev" / "summary.md").read_text()
    assert "> **2 mandatory violations**: `pulumi preview --policy-pack policies/` would stop this stack." in summary
    assert (
        "| mandatory | output-retained-on-destroy | moderation-kms-key | retainOnDelete is off: `pulumi destroy` "
        "schedules the key's deletion, after which no kept answer can be decrypted |"
    ) in summary


def test_advisory_violations_keep_exit_code_0(tmp_path):
    config = tmp_path / "org-policy.json"
    config.write_text(json.dumps({"task-time-limits": {"maxTaskTimeLimitSeconds": 300}}))
    result = run_cli("preview", "--no-ui", "--policies", "--policy-config", config, "--out", tmp_path / "out")
    assert result.code == 0, result.stderr
    assert (
        "\nPolicy violations:\n  [advisory] task-time-limits: moderation-flow-definition: "
        "humanLoopConfig.taskTimeLimitInSeconds: 600 is above the maximum 300 (maxTaskTimeLimitSeconds)\n"
    ) in result.stdout
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "(9 rules, configuration `org-policy.json`)" in summary
    assert "[!CAUTION]" not in summary


def test_bad_policy_config_exits_2_before_planning(tmp_path):
    config = tmp_path / "org-policy.json"
    config.write_text(json.dumps({"kms-key-rotation": {"maxRotationPeriodDays": 30}}))
    result = run_cli("preview", "--no-ui", "--policies", "--policy-config", config, "--out", tmp_path / "out")
    assert result.code == 2
    assert result.stderr == (
        f"error: --policy-config: {config}: kms-key-rotation.maxRotationPeriodDays: 30 is less than the minimum of 90\n"
    )
    assert not (tmp_path / "out" / "plan.json").exists()


def test_policy_config_without_policies_exits_2(tmp_path):
    result = run_cli("preview", "--no-ui", "--policy-config", tmp_path / "org-policy.json", "--out", tmp_path)
    assert (result.code, result.stderr) == (
        2,
        "error: --policy-config: give --policies too (it configures the policy checks)\n",
    )


def test_policies_without_their_extra_say_which_to_install(monkeypatch, capsys):
    from a2i_moderation.tooling import cli

    real = cli.importlib.util.find_spec
    monkeypatch.setattr(cli.importlib.util, "find_spec", lambda name: None if name == "pulumi_policy" else real(name))
    assert cli.main(["preview", "--policies"]) == 2
    assert capsys.readouterr().err == (
        "error: `a2i-moderation preview` needs the 'policy' extra (missing: pulumi_policy): "
        "pip install 'a2i-moderation[cli,policy]'\n"
    )
