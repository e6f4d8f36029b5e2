"""Every planned SageMaker request fits botocore's API model: required members, types, lengths, patterns, enums."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber
from conftest import minimal_args, plan_review

from a2i_moderation.tooling.preview.apimodel import check_request, planned_requests

RESPONSES = {
    "CreateFlowDefinition": (
        "create_flow_definition",
        "FlowDefinitionArn",
        "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/x",
    ),
    "CreateHumanTaskUi": (
        "create_human_task_ui",
        "HumanTaskUiArn",
        "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/x",
    ),
    "CreateWorkteam": (
        "create_workteam",
        "WorkteamArn",
        "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/x",
    ),
    "CreateWorkforce": ("create_workforce", "WorkforceArn", "arn:aws:sagemaker:eu-west-1:123456789012:workforce/x"),
}


def client(service):
    return boto3.client(service, region_name="eu-west-1", aws_access_key_id="testing", aws_secret_access_key="testing")


def send_through_stubber(operation, request):
    """botocore validates the request against the model before the Stubber answers."""
    method, field, arn = RESPONSES[operation]
    sagemaker = client("sagemaker")
    with Stubber(sagemaker) as stubber:
        stubber.add_response(method, {field: arn}, expected_params=request)
        getattr(sagemaker, method)(**request)
        stubber.assert_no_pending_responses()


PLANS = {  # the session's plans are shared: checking a plan only reads it
    "dev stack": lambda request: request.getfixturevalue("dev_plan"),
    "defaults": lambda request: request.getfixturevalue("default_plan"),
    "existing workforce and topic": lambda _: plan_review(
        minimal_args(
            workteam_user_pool_id="eu-west-1_AbC123xyZ",
            workteam_user_pool_client_id="4tq1example7client",
            workteam_notification_topic_arn="arn:aws:sns:eu-west-1:123456789012:reviewers",
        )
    ),
    "limits": lambda _: plan_review(
        minimal_args(
            task_title="T" * 128,
            task_description="D" * 255,
            task_count=3,
            task_keywords=["a", "b", "c", "d", "e" * 30],
            task_availability_lifetime_seconds=864_000,
            task_time_limit_seconds=28_800,
            tags={f"k{i}": "v" * 256 for i in range(49)},
            flow_definition_name_prefix="p" * 54,
        )
    ),
}


@pytest.mark.parametrize("case", PLANS)
def test_planned_sagemaker_requests_fit_the_api_model(case, request):
    requests = planned_requests(PLANS[case](request))
    assert {op for op, _ in requests} >= {"CreateFlowDefinition", "CreateHumanTaskUi", "CreateWorkteam"}
    for operation, body in requests:
        assert check_request(operation, body) == []
        send_through_stubber(operation, body)


def test_dev_plan_sends_the_flow_definition_request_aws_documents(dev_plan):
    request = dict(planned_requests(dev_plan))["CreateFlowDefinition"]
    assert set(request) == {
        "FlowDefinitionName",
        "HumanLoopRequestSource",
        "HumanLoopActivationConfig",
        "HumanLoopConfig",
        "OutputConfig",
        "RoleArn",
        "Tags",
    }
    assert request["HumanLoopRequestSource"] == {
        "AwsManagedHumanLoopRequestSource": "AWS/Rekognition/DetectModerationLabels/Image/V3"
    }


def test_checker_reports_what_botocore_alone_lets_through():
    request = {
        "FlowDefinitionName": "Not_Valid",
        "HumanLoopConfig": {
            "WorkteamArn": "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/x",
            "HumanTaskUiArn": "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/x",
            "TaskTitle": "t" * 129,
            "TaskDescription": "d",
            "TaskCount": 4,
            "TaskKeywords": ["bad  keyword"],
        },
        "HumanLoopRequestSource": {"AwsManagedHumanLoopRequestSource": "AWS/Rekognition/DetectLabels/Image/V1"},
        "OutputConfig": {"S3OutputPath": "s3://bucket/prefix/"},
        "RoleArn": "arn:aws:iam::123456789012:role/a2i",
    }
    assert check_request("CreateFlowDefinition", request) == [
        "CreateFlowDefinition.FlowDefinitionName: 'Not_Valid' does not match [a-z0-9](-*[a-z0-9]){0,62}",
        "CreateFlowDefinition.HumanLoopConfig.TaskTitle: 129 characters, allowed 1 to 128",
        "CreateFlowDefinition.HumanLoopConfig.TaskCount: 4 is outside 1 to 3",
        "CreateFlowDefinition.HumanLoopConfig.TaskKeywords[0]: 'bad  keyword' does not match "
        "[A-Za-z0-9]+( [A-Za-z0-9]+)*",
        "CreateFlowDefinition.HumanLoopRequestSource.AwsManagedHumanLoopRequestSource: "
        "'AWS/Rekognition/DetectLabels/Image/V1' "
        "is not one of AWS/Rekognition/DetectModerationLabels/Image/V3, AWS/Textract/AnalyzeDocument/Forms/V1",
    ]


def test_application_call_with_the_exported_arn_fits_rekognition_model(dev_plan):
    """How an application uses the stack output: DetectModerationLabels with HumanLoopConfig."""
    rekognition = client("rekognition")
    request = {
        "Image": {"S3Object": {"Bucket": "acme-dev-user-uploads", "Name": "uploads/2026/11/25/photo-0001.jpg"}},
        "MinConfidence": 50,
        "HumanLoopConfig": {
            "HumanLoopName": "upload-photo-0001",
            "FlowDefinitionArn": dev_plan.outputs["flowDefinitionArn"],
            "DataAttributes": {"ContentClassifiers": ["FreeOfPersonallyIdentifiableInformation"]},
        },
    }
    response = {
        "ModerationLabels": [{"Confidence": 72.5, "Name": "Explicit", "ParentName": "", "TaxonomyLevel": 1}],
        "ModerationModelVersion": "7.0",
        "HumanLoopActivationOutput": {
            "HumanLoopArn": "arn:aws:sagemaker:eu-west-1:123456789012:human-loop/upload-photo-0001",
            "HumanLoopActivationReasons": ["ConditionsEvaluation"],
            "HumanLoopActivationConditionsEvaluationResults": "{}",
        },
    }
    with Stubber(rekognition) as stubber:
        stubber.add_response("detect_moderation_labels", response, expected_params=request)
        result = rekognition.detect_moderation_labels(**request)
    assert result["HumanLoopActivationOutput"]["HumanLoopArn"].endswith("human-loop/upload-photo-0001")
