"""Parts brought in must live where the workflow runs: same partition and region, and the same
account where AWS needs it. The public (Mechanical Turk) workteam is refused."""

from __future__ import annotations

import pulumi
import pytest
from conftest import dev_stack_document, minimal_args, plan_review, plan_stack

from a2i_moderation import ConfigError
from a2i_moderation.settings import validate_review_args
from a2i_moderation.settings.locations import check_locations, partition_of
from a2i_moderation.tooling.preview.engine import AwsMocks, RecordingMonitor

TEAM = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/reviewers"
PUBLIC_CROWD = "arn:aws:sagemaker:eu-west-1:394669845002:workteam/public-crowd/default"
FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"


def stack_with(section: str, field: str, value: str) -> dict:
    document = dev_stack_document()
    config = document["config"]
    if section == "workteam":
        config["a2i-moderation:workteam"] = {field: value}
    else:
        config[f"a2i-moderation:{section}"] = {**config.get(f"a2i-moderation:{section}", {}), field: value}
    return document


@pytest.mark.parametrize(
    ("section", "field", "arn", "message"),
    [
        (
            "workteam",
            "arn",
            "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/reviewers",
            "workteam.arn: 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/reviewers' is not allowed "
            "(an ARN of region eu-west-1, where the workflow runs: A2I uses a workteam of its own region and account)",
        ),
        (
            "output",
            "kmsKeyArn",
            "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "output.kmsKeyArn: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab' is not "
            "allowed (an ARN of region eu-west-1, where the workflow runs: "
            "S3 encrypts with a key of the bucket's region)",
        ),
        (
            "taskUi",
            "arn",
            "arn:aws:sagemaker:eu-central-1:123456789012:human-task-ui/x",
            "taskUi.arn: 'arn:aws:sagemaker:eu-central-1:123456789012:human-task-ui/x' is not allowed "
            "(an ARN of region eu-west-1, where the workflow runs: "
            "a flow definition uses a task UI of its own region and account)",
        ),
        (
            "role",
            "arn",
            "arn:aws-cn:iam::123456789012:role/a2i",
            "role.arn: 'arn:aws-cn:iam::123456789012:role/a2i' is not allowed (an ARN of partition aws, where the "
            "workflow runs: A2I assumes a role of the flow definition's account)",
        ),
    ],
)
def test_stack_refuses_a_part_from_another_region_or_partition_before_any_resource(
    tmp_path, section, field, arn, message
):
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(pulumi.RunError) as raised:
        plan_stack(stack_with(section, field, arn), tmp_path, monitor=monitor)
    assert str(raised.value) == message
    assert monitor.registrations == []


def test_public_mechanical_turk_workteam_is_refused():
    with pytest.raises(
        ConfigError, match=r"^workteam_arn: .* is not allowed \(a private or vendor workteam: the public"
    ):
        validate_review_args(minimal_args(workteam_arn=PUBLIC_CROWD))


def test_public_workteam_in_the_stack_file_stops_the_program(tmp_path):
    with pytest.raises(pulumi.RunError, match=r"^workteam\.arn: .*Mechanical Turk workforce closed on 2026-09-30"):
        plan_stack(stack_with("workteam", "arn", PUBLIC_CROWD), tmp_path)


def test_vendor_workteam_of_another_account_is_allowed():
    vendor = "arn:aws:sagemaker:eu-west-1:210987654321:workteam/vendor-crowd/acme-moderation"
    check_locations({"workteam_arn": vendor}, str, "eu-west-1", "123456789012")


def test_private_workteam_of_another_account_is_refused_once_the_account_is_known():
    other = "arn:aws:sagemaker:eu-west-1:210987654321:workteam/private-crowd/reviewers"
    with pytest.raises(ConfigError, match=r"\(an ARN of account 123456789012, where the workflow runs"):
        check_locations({"workteam_arn": other}, str, "eu-west-1", "123456789012")


def test_component_accepts_parts_of_its_own_account_and_region():
    plan = plan_review(minimal_args(role_arn="arn:aws:iam::123456789012:role/a2i", workteam_arn=TEAM))
    assert plan.one(FLOW)["inputs"]["roleArn"] == "arn:aws:iam::123456789012:role/a2i"


@pytest.mark.parametrize(
    ("region", "partition"), [("eu-west-1", "aws"), ("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")]
)
def test_partition_follows_the_region(region, partition):
    assert partition_of(region) == partition


@pytest.mark.parametrize(
    ("arg", "arn", "why"),
    [
        ("role_arn", "arn:aws:iam::210987654321:role/a2i", "an ARN of account 123456789012"),
        (
            "workteam_arn",
            "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t",
            "an ARN of region eu-west-1",
        ),
        ("kms_key_arn", "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab", "an ARN of region eu-west-1"),
    ],
)
def test_component_refuses_a_brought_part_from_elsewhere_before_any_aws_resource(arg, arn, why):
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(pulumi.RunError) as raised:
        plan_review(minimal_args(**{arg: arn}), monitor=monitor)
    assert str(raised.value).startswith(f"{arg}: {arn!r} is not allowed ({why}, where the workflow runs:")
    assert [r["type"] for r in monitor.registrations] == ["a2i-moderation:index:ImageModerationReview"]


def test_stack_refuses_a_role_of_another_account(tmp_path):
    with pytest.raises(
        pulumi.RunError, match=r"^role\.arn: 'arn:aws:iam::210987654321:role/a2i' is not allowed \(an ARN of account"
    ):
        plan_stack(stack_with("role", "arn", "arn:aws:iam::210987654321:role/a2i"), tmp_path)
