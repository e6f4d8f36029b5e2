"""How workers reach the images and the portal: presigned-URL constraints on the workteam and sign-in
networks on the created workforce, validated against botocore's model before anything is registered."""

from __future__ import annotations

import pytest
from conftest import minimal_args, plan_review

from a2i_moderation.errors import ConfigError
from a2i_moderation.resources.workteam import PresignedUrlSource
from a2i_moderation.settings import validate_review_args
from a2i_moderation.tooling.preview.apimodel import check_request, planned_requests

WORKTEAM = "aws:sagemaker/workteam:Workteam"
WORKFORCE = "aws:sagemaker/workforce:Workforce"
TEAM_ARN = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/reviewers"


def constraints(plan) -> dict:
    return plan.one(WORKTEAM)["inputs"]["workerAccessConfiguration"]["s3Presign"]["iamPolicyConstraints"]


def test_presigned_image_urls_are_bound_to_the_workers_address_by_default(default_plan):
    assert constraints(default_plan) == {"sourceIp": "Enabled", "vpcSourceIp": "Disabled"}


def test_presigned_url_constraints_can_be_set_as_text_or_as_the_enum():
    as_text = plan_review(
        minimal_args(workteam_presigned_url_source_ip="Disabled", workteam_presigned_url_vpc_source_ip="Enabled")
    )
    as_enum = plan_review(
        minimal_args(
            workteam_presigned_url_source_ip=PresignedUrlSource.DISABLED,
            workteam_presigned_url_vpc_source_ip=PresignedUrlSource.ENABLED,
        )
    )
    assert constraints(as_text) == constraints(as_enum) == {"sourceIp": "Disabled", "vpcSourceIp": "Enabled"}


def test_workforce_accepts_sign_ins_from_anywhere_unless_networks_are_given(default_plan):
    assert default_plan.one(WORKFORCE)["inputs"].get("sourceIpConfig") is None


def test_sign_in_networks_reach_the_created_workforce():
    plan = plan_review(minimal_args(workforce_sign_in_cidrs=["203.0.113.0/24", "2001:db8::/32"]))
    assert plan.one(WORKFORCE)["inputs"]["sourceIpConfig"] == {"cidrs": ["203.0.113.0/24", "2001:db8::/32"]}


def test_worker_access_requests_fit_the_api_model():
    plan = plan_review(
        minimal_args(
            workforce_sign_in_cidrs=[f"10.{i}.0.0/16" for i in range(10)],
            workteam_presigned_url_vpc_source_ip="Enabled",
        )
    )
    requests = dict(planned_requests(plan))
    assert requests["CreateWorkforce"]["SourceIpConfig"] == {"Cidrs": [f"10.{i}.0.0/16" for i in range(10)]}
    assert requests["CreateWorkteam"]["WorkerAccessConfiguration"] == {
        "S3Presign": {"IamPolicyConstraints": {"SourceIp": "Enabled", "VpcSourceIp": "Enabled"}}
    }
    for operation, body in requests.items():
        assert check_request(operation, body) == [], operation


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("workteam_presigned_url_source_ip", "enabled", "'enabled' is not allowed (Enabled or Disabled)"),
        ("workteam_presigned_url_vpc_source_ip", True, "true is not allowed (Enabled or Disabled)"),
        ("workforce_sign_in_cidrs", ["203.0.113.7/24"], "[0]: '203.0.113.7/24' is not allowed (a CIDR block"),
        ("workforce_sign_in_cidrs", ["203.0.113.0"], "[0]: '203.0.113.0' is not allowed (a CIDR block"),
        ("workforce_sign_in_cidrs", ["office"], "[0]: 'office' is not allowed (a CIDR block"),
        ("workforce_sign_in_cidrs", [], ": [] is not allowed (a list of 1 to 10 items)"),
        ("workforce_sign_in_cidrs", [f"10.{i}.0.0/16" for i in range(11)], "is not allowed (a list of 1 to 10 items)"),
    ],
)
def test_bad_worker_access_settings_are_refused_naming_the_setting(setting, value, message):
    with pytest.raises(ConfigError) as raised:
        validate_review_args(minimal_args(**{setting: value}))
    assert str(raised.value).startswith(setting)
    assert message in str(raised.value)


def test_sign_in_networks_need_the_workforce_this_stack_creates():
    args = minimal_args(
        workteam_user_pool_id="eu-west-1_AbC123xyZ",
        workteam_user_pool_client_id="client",
        workforce_sign_in_cidrs=["203.0.113.0/24"],
    )
    with pytest.raises(ConfigError, match=r"^workforce_sign_in_cidrs restricts the sign-in of a workforce this stack"):
        validate_review_args(args)


def test_worker_access_settings_need_the_workteam_this_stack_creates():
    with pytest.raises(
        ConfigError, match=r"^workteam_arn brings an existing workteam, so workteam_presigned_url_source"
    ):
        validate_review_args(minimal_args(workteam_arn=TEAM_ARN, workteam_presigned_url_source_ip="Disabled"))
