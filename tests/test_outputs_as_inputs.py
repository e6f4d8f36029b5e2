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
