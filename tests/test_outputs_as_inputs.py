"""Consumers' stacks pass other resources' Outputs: they are accepted, and checked when they resolve."""

from __future__ import annotations

import json

import pulumi
import pulumi_aws as aws
import pytest
from conftest import REGION, minimal_args

from a2i_moderation import ConfigError, ImageModerationReview
from a2i_moderation.settings import validate_review_args
from a2i_moderation.tooling.preview.engine import AwsMocks, Plan, RecordingMonitor, run_program

TEAM = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/reviewers"
FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"
PARAMETER = "aws:ssm/parameter:Parameter"


def plan_with_upload_bucket(monitor: RecordingMonitor | None = None, **overrides: object) -> Plan:
    """A consumer's program: its own upload bucket, passed to the component as an Output."""

    def program() -> None:
        uploads = aws.s3.Bucket("uploads")
        args = minimal_args(input_bucket_names=[uploads.bucket], cors_bucket_names=[uploads.bucket], workteam_arn=TEAM)
        args.update(overrides)
        review = ImageModerationReview("photos", args)  # type: ignore[arg-type]
        pulumi.export("flowDefinitionArn", review.flow_definition_arn)

    return run_program(program, project="consumer", stack="test", config={"aws:region": REGION}, monitor=monitor)


def test_bucket_made_in_the_same_stack_can_be_an_input_bucket():
    plan = plan_with_upload_bucket()
    policy = json.loads(plan.one("aws:iam/rolePolicy:RolePolicy")["inputs"]["policy"])
    (read,) = [s for s in policy["Statement"] if s["Sid"] == "ReadInputImages"]
    (uploads,) = read["Resource"]
    assert uploads.startswith("arn:aws:s3:::uploads-")
    assert uploads.endswith("/*")
    cors = plan.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")
    assert cors["name"] == "photos-inputs-cors-0"
    assert f"arn:aws:s3:::{cors['inputs']['bucket']}/*" == uploads


def test_setting_given_as_an_output_reaches_aws_when_it_is_allowed():
    plan = plan_with_upload_bucket(task_count=pulumi.Output.from_input(2))
    assert plan.one(FLOW)["inputs"]["humanLoopConfig"]["taskCount"] == 2


def test_setting_given_as_an_output_is_checked_when_it_resolves_and_stops_the_flow_definition():
    monitor = RecordingMonitor(AwsMocks(REGION))
    with pytest.raises(Exception, match=r"task_count: 5 is not allowed \(a whole number from 1 to 3\)"):
        plan_with_upload_bucket(monitor, task_count=pulumi.Output.from_input(5))
    assert not [r for r in monitor.registrations if r["type"] == FLOW]


def test_input_buckets_are_required_from_python_too():
    args = minimal_args()
    del args["input_bucket_names"]
    with pytest.raises(ConfigError, match=r"^input_bucket_names: required$"):
        validate_review_args(args)


def test_a_run_that_failed_late_leaves_the_next_run_clean():
    with pytest.raises(Exception, match="task_count: 5 is not allowed"):
        plan_with_upload_bucket(task_count=pulumi.Output.from_input(5))
    plan = plan_with_upload_bucket()
    assert plan.one(FLOW)["inputs"]["humanLoopConfig"]["taskCount"] == 1


def test_conditions_given_as_an_output_reach_aws_canonical_and_warned_about():
    text = json.dumps({"labels": [{"name": "Violence", "below": 40}, {"name": "Explicit", "above": 80}]})
    plan = plan_with_upload_bucket(activation_conditions=pulumi.Output.from_input(text))
    conditions = plan.one(FLOW)["inputs"]["humanLoopActivationConfig"]["humanLoopActivationConditionsConfig"]
    assert conditions["humanLoopActivationConditions"] == (
        '{"Conditions":[{"ConditionParameters":{"ConfidenceLessThan":40,"ModerationLabelName":"Violence"},'
        '"ConditionType":"ModerationLabelConfidenceCheck"},{"ConditionParameters":{"ConfidenceGreaterThan":80,'
        '"ModerationLabelName":"Explicit"},"ConditionType":"ModerationLabelConfidenceCheck"}]}'
    )
    (warning,) = plan.warnings
    assert warning.startswith("activation_conditions.Conditions[0]: never fires")


def test_bad_conditions_given_as_an_output_stop_the_flow_definition():
    monitor = RecordingMonitor(AwsMocks(REGION))
    bad = pulumi.Output.from_input(json.dumps({"labels": [{"name": "Violance", "above": 60}]}))
    with pytest.raises(Exception, match=r"activation_conditions\.labels\[0\]\.name: 'Violance' is not a Rekognition"):
        plan_with_upload_bucket(monitor, activation_conditions=bad)
    assert not [r for r in monitor.registrations if r["type"] == FLOW]


# --- every name, ARN, prefix, keyword, tag and template accepts an Output --------------------------


def output(value: object) -> pulumi.Output[object]:
    return pulumi.Output.from_input(value)


def plan_of(**args: object) -> Plan:
    def program() -> None:
        ImageModerationReview("photos", args)  # type: ignore[arg-type]

    return run_program(program, project="consumer", stack="test", config={"aws:region": REGION})


def plain_and_output_plans(**settings: object) -> tuple[Plan, Plan]:
    plain = plan_of(**minimal_args(**settings))
    as_outputs = plan_of(**minimal_args(**{key: output(value) for key, value in settings.items()}))
    return plain, as_outputs


def registrations(plan: Plan) -> list[tuple[str, str, str]]:
    return [(r["type"], r["name"], json.dumps(r["inputs"], sort_keys=True)) for r in plan.resources]


@pytest.mark.parametrize(
    "settings",
    [
        {"flow_definition_name_prefix": "photo-review"},
        {"output_prefix": "answers/"},
        {"task_template": "<crowd-form><p>{{ task.input.aiServiceRequest.image.s3Object.name }}</p></crowd-form>"},
        {"arn_parameter_name": "/acme/photos/flow-arn"},
        {"tags": {"team": "trust-and-safety"}},
        {"task_keywords": ["Photo", "Review"]},
        {"input_bucket_names": ["acme-uploads", "acme-archive"]},
    ],
    ids=lambda settings: next(iter(settings)),
)
def test_an_output_gives_the_same_resources_as_the_plain_value(settings):
    plain, as_outputs = plain_and_output_plans(**settings)
    assert registrations(as_outputs) == registrations(plain)


def test_outputs_inside_lists_and_maps_are_accepted():
    plain = plan_of(**minimal_args(task_keywords=["Photo", "Review"], tags={"team": "t-and-s"}))
    nested = plan_of(**minimal_args(task_keywords=["Photo", output("Review")], tags={"team": output("t-and-s")}))
    assert registrations(nested) == registrations(plain)


@pytest.mark.parametrize(
    ("setting", "value", "message", "never_registered"),
    [
        ("flow_definition_name_prefix", "Photo Review", "flow_definition_name_prefix: 'Photo Review' is not", FLOW),
        ("output_prefix", "/answers/", "output_prefix: '/answers/' is not allowed", FLOW),
        ("tags", {"aws:team": "x"}, "tags: key 'aws:team' is not allowed", FLOW),
        ("task_keywords", ["Photo!"], r"task_keywords\[0\]: 'Photo!' is not allowed", FLOW),
        ("task_template", "<p>no form</p>", "task_template: the template has no <crowd-form> element", FLOW),
        # The flow definition does not wait for the parameter's name: only the parameter is refused.
        ("arn_parameter_name", "aws-photos", "arn_parameter_name: 'aws-photos' is not allowed", PARAMETER),
    ],
)
def test_a_bad_output_is_refused_when_it_resolves_before_what_uses_it(setting, value, message, never_registered):
    monitor = RecordingMonitor(AwsMocks(REGION))

    def program() -> None:
        ImageModerationReview("photos", minimal_args(**{setting: output(value)}))  # type: ignore[arg-type]

    with pytest.raises(Exception, match=message):
        run_program(program, project="consumer", stack="test", config={"aws:region": REGION}, monitor=monitor)
    assert not [r for r in monitor.registrations if r["type"] == never_registered]


# --- activation conditions as typed rules ---------------------------------------------------------

FRIENDLY = {
    "labels": [
        {"name": "Explicit", "between": [50, 95]},
        {"name": "Violence", "atOrAbove": 60, "sample": 10},
        {"name": "*", "below": 40},
    ],
    "sampling": {"percent": 1},
}
TYPED = {
    "labels": [
        {"name": "Explicit", "between": [50, 95]},
        {"name": "Violence", "at_or_above": 60, "sample": 10},
        {"name": "*", "below": 40},
    ],
    "sampling": {"percent": 1},
}


def flow_conditions(plan: Plan) -> str:
    config = plan.one(FLOW)["inputs"]["humanLoopActivationConfig"]["humanLoopActivationConditionsConfig"]
    return str(config["humanLoopActivationConditions"])


def without_conditions(**settings: object) -> dict[str, object]:
    args = minimal_args(**settings)
    del args["activation_conditions"]
    return args


def test_typed_conditions_give_the_document_of_the_friendly_form():
    typed = plan_of(**without_conditions(conditions=TYPED))
    friendly = plan_of(**minimal_args(activation_conditions=json.dumps(FRIENDLY)))
    assert flow_conditions(typed) == flow_conditions(friendly)
    assert registrations(typed) == registrations(friendly)


def test_typed_conditions_may_hold_outputs():
    rules = [
        output({"name": "Explicit", "between": [50, output(95)]}),
        {"name": output("Violence"), "at_or_above": 60, "sample": output(10)},
        {"name": "*", "below": 40},
    ]
    typed = plan_of(**without_conditions(conditions={"labels": rules, "sampling": output({"percent": 1})}))
    assert flow_conditions(typed) == flow_conditions(plan_of(**without_conditions(conditions=TYPED)))


def test_typed_conditions_as_one_output():
    typed = plan_of(**without_conditions(conditions=output(TYPED)))
    assert flow_conditions(typed) == flow_conditions(plan_of(**without_conditions(conditions=TYPED)))


def test_a_bad_typed_rule_is_named_by_its_place_in_conditions():
    bad = {"labels": [{"name": "Violence", "below": 140}]}
    with pytest.raises(ConfigError, match=r"^conditions\.labels\[0\]\.below: 140 is not between 0 and 100"):
        plan_of(**without_conditions(conditions=bad))


def test_conditions_are_required_one_way_or_the_other():
    with pytest.raises(ConfigError, match=r"^conditions or activation_conditions: required"):
        plan_of(**without_conditions())


def test_conditions_cannot_be_given_both_ways():
    with pytest.raises(ConfigError, match="conditions and activation_conditions both say when"):
        plan_of(**minimal_args(conditions=TYPED))
