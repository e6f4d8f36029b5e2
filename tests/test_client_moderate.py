"""ModerationClient: the exact DetectModerationLabels requests AWS receives (botocore's Stubber checks each
request and response against the rekognition model), retries, quotas and the SSM parameter (moto)."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from moto import mock_aws

from a2i_moderation.client import (
    HumanLoopQuotaExceeded,
    ModerationClient,
    ModerationLabel,
    ModerationResult,
    S3Image,
)
from a2i_moderation.naming import human_loop_name, image_hash

BUCKET = "acme-dev-user-uploads"
KEY = "uploads/2026/11/25/photo-0001.jpg"
ARN = "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-1a2b3c4d"
NEW_ARN = "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-5e6f7a8b"
PARAMETER = "/a2i-moderation/moderation/flow-definition-arn"
LOOP = human_loop_name(BUCKET, KEY, "upload-42")
LOOP_ARN = f"arn:aws:sagemaker:eu-west-1:123456789012:human-loop/{LOOP}"
EVALUATION = {
    "Conditions": [
        {
            "ConditionType": "ModerationLabelConfidenceCheck",
            "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceLessThan": 80},
            "EvaluationResult": True,
        }
    ]
}
LABELS = [
    {"Confidence": 71.2, "Name": "Violence", "ParentName": "", "TaxonomyLevel": 1},
    {"Confidence": 71.2, "Name": "Weapons", "ParentName": "Violence", "TaxonomyLevel": 2},
]
STARTED = {
    "ModerationLabels": LABELS,
    "ModerationModelVersion": "7.0",
    "HumanLoopActivationOutput": {
        "HumanLoopArn": LOOP_ARN,
        "HumanLoopActivationReasons": ["ConditionsEvaluation"],
        "HumanLoopActivationConditionsEvaluationResults": json.dumps(EVALUATION),
    },
}
NOT_STARTED = {"ModerationLabels": [], "ModerationModelVersion": "7.0"}


def request(arn: str | None = ARN, loop: str = LOOP, **s3_object: str) -> dict:
    """The DetectModerationLabels request for the image, with a human loop in `arn` (none if None)."""
    sent: dict = {"Image": {"S3Object": {"Bucket": BUCKET, "Name": KEY, **s3_object}}, "MinConfidence": 50}
    if arn is not None:
        sent["HumanLoopConfig"] = {"HumanLoopName": loop, "FlowDefinitionArn": arn}
    return sent


# Stubs and moto only: no profile, no real credentials (conftest's offline_aws).
pytestmark = pytest.mark.usefixtures("offline_aws")


@pytest.fixture
def rekognition():
    client = boto3.client("rekognition")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


@pytest.fixture
def ssm():
    with mock_aws():
        client = boto3.client("ssm")
        client.put_parameter(Name=PARAMETER, Value=ARN, Type="String")
        yield client


def get_parameter_calls(ssm_client) -> list[dict]:
    """Record every GetParameter request the client sends."""
    calls: list[dict] = []
    ssm_client.meta.events.register(
        "provide-client-params.ssm.GetParameter", lambda params, **_: calls.append(dict(params))
    )
    return calls


def throttled(stubber, code: str, sent: dict) -> None:
    stubber.add_client_error("detect_moderation_labels", code, "Rate exceeded", 400, expected_params=sent)


# --- requests and results -------------------------------------------------------------------------------


def test_started_loop_gives_its_name_arn_reasons_and_evaluation(rekognition):
    client, stubber = rekognition
    stubber.add_response("detect_moderation_labels", STARTED, expected_params=request())
    result = ModerationClient(flow_definition_arn=ARN, rekognition=client).moderate(BUCKET, KEY, request_id="upload-42")
    assert result == ModerationResult(
        image=S3Image(BUCKET, KEY),
        labels=(ModerationLabel("Violence", 71.2, "", 1), ModerationLabel("Weapons", 71.2, "Violence", 2)),
        model_version="7.0",
        human_loop_started=True,
        human_loop_name=LOOP,
        human_loop_arn=LOOP_ARN,
        activation_reasons=("ConditionsEvaluation",),
        activation_conditions_results=EVALUATION,
        review_deferred=False,
    )


def test_no_loop_when_the_conditions_do_not_hold(rekognition):
    client, stubber = rekognition
    stubber.add_response("detect_moderation_labels", NOT_STARTED, expected_params=request())
    result = ModerationClient(flow_definition_arn=ARN, rekognition=client).moderate(BUCKET, KEY, request_id="upload-42")
    assert (result.human_loop_started, result.human_loop_name, result.human_loop_arn) == (False, None, None)
    assert (result.labels, result.activation_reasons, result.activation_conditions_results) == ((), (), None)


def test_version_min_confidence_and_content_classifiers_are_sent(rekognition):
    client, stubber = rekognition
    sent = request(Version="3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY+MTRCxf3vjVBH40Nr8X8gdRQBpUMLUo")
    sent["MinConfidence"] = 60
    sent["HumanLoopConfig"]["DataAttributes"] = {
        "ContentClassifiers": ["FreeOfPersonallyIdentifiableInformation", "FreeOfAdultContent"]
    }
    stubber.add_response("detect_moderation_labels", NOT_STARTED, expected_params=sent)
    moderation = ModerationClient(
        flow_definition_arn=ARN,
        rekognition=client,
        min_confidence=60,
        content_classifiers=["FreeOfPersonallyIdentifiableInformation", "FreeOfAdultContent"],
    )
    result = moderation.moderate(BUCKET, KEY, version=sent["Image"]["S3Object"]["Version"], request_id="upload-42")
    assert result.image.version == sent["Image"]["S3Object"]["Version"]


# --- throttling ------------------------------------------------------------------------------------------


def test_throttling_is_retried_with_growing_delays_then_succeeds(rekognition):
    client, stubber = rekognition
    throttled(stubber, "ThrottlingException", request())
    throttled(stubber, "ProvisionedThroughputExceededException", request())
    stubber.add_response("detect_moderation_labels", STARTED, expected_params=request())
    delays: list[float] = []
    moderation = ModerationClient(flow_definition_arn=ARN, rekognition=client, base_delay=0.5, sleep=delays.append)
    assert moderation.moderate(BUCKET, KEY, request_id="upload-42").human_loop_started
    assert len(delays) == 2
    assert 0.25 <= delays[0] <= 0.5
    assert 0.5 <= delays[1] <= 1.0


def test_throttling_is_reraised_after_max_attempts(rekognition):
    client, stubber = rekognition
    for _ in range(3):
        throttled(stubber, "ThrottlingException", request())
    delays: list[float] = []
    moderation = ModerationClient(flow_definition_arn=ARN, rekognition=client, max_attempts=3, sleep=delays.append)
    with pytest.raises(ClientError, match="ThrottlingException"):
        moderation.moderate(BUCKET, KEY, request_id="upload-42")
    assert len(delays) == 2


def test_delays_stop_growing_at_max_delay(rekognition):
    client, stubber = rekognition
    for _ in range(5):
        throttled(stubber, "ThrottlingException", request())
    delays: list[float] = []
    moderation = ModerationClient(
        flow_definition_arn=ARN, rekognition=client, base_delay=1, max_delay=2, sleep=delays.append
    )
    with pytest.raises(ClientError):
        moderation.moderate(BUCKET, KEY, request_id="upload-42")
    assert all(1 <= delay <= 2 for delay in delays[1:])


def test_other_errors_are_not_retried(rekognition):
    client, stubber = rekognition
    stubber.add_client_error("detect_moderation_labels", "InvalidS3ObjectException", expected_params=request())
    delays: list[float] = []
    with pytest.raises(ClientError, match="InvalidS3ObjectException"):
        ModerationClient(flow_definition_arn=ARN, rekognition=client, sleep=delays.append).moderate(
            BUCKET, KEY, request_id="upload-42"
        )
    assert delays == []


# --- the human loop quota --------------------------------------------------------------------------------


def add_quota_exceeded(stubber) -> None:
    stubber.add_client_error(
        "detect_moderation_labels",
        "HumanLoopQuotaExceededException",
        "The number of in-progress human reviews you have has exceeded the number allowed.",
        400,
        expected_params=request(),
        modeled_fields={"ResourceType": "HumanLoop", "QuotaCode": "test-quota", "ServiceCode": "sagemaker"},
    )


def test_quota_exceeded_raises_with_the_image_and_flow_definition(rekognition):
    client, stubber = rekognition
    add_quota_exceeded(stubber)
    with pytest.raises(HumanLoopQuotaExceeded) as raised:
        ModerationClient(flow_definition_arn=ARN, rekognition=client).moderate(BUCKET, KEY, request_id="upload-42")
    error = raised.value
    assert (error.image, error.flow_definition_arn) == (S3Image(BUCKET, KEY), ARN)
    assert (error.quota_code, error.service_code) == ("test-quota", "sagemaker")
    assert str(error).startswith(f"s3://{BUCKET}/{KEY}: not sent for review, the flow definition {ARN} ")


def test_quota_exceeded_with_continue_moderates_without_review(rekognition):
    client, stubber = rekognition
    add_quota_exceeded(stubber)
    stubber.add_response("detect_moderation_labels", {"ModerationLabels": LABELS}, expected_params=request(arn=None))
    moderation = ModerationClient(flow_definition_arn=ARN, rekognition=client, on_quota_exceeded="continue")
    result = moderation.moderate(BUCKET, KEY, request_id="upload-42")
    assert result.review_deferred
    assert not result.human_loop_started
    assert [label.name for label in result.labels] == ["Violence", "Weapons"]


# --- the flow definition from SSM ----------------------------------------------------------------------


def test_parameter_is_read_once_and_cached(rekognition, ssm):
    client, stubber = rekognition
    calls = get_parameter_calls(ssm)
    for request_id in ("upload-42", "upload-43"):
        stubber.add_response(
            "detect_moderation_labels",
            NOT_STARTED,
            expected_params=request(loop=human_loop_name(BUCKET, KEY, request_id)),
        )
    moderation = ModerationClient(parameter_name=PARAMETER, rekognition=client, ssm=ssm)
    moderation.moderate(BUCKET, KEY, request_id="upload-42")
    moderation.moderate(BUCKET, KEY, request_id="upload-43")
    assert calls == [{"Name": PARAMETER}]


def test_parameter_is_read_again_after_its_max_age(ssm):
    now = [1000.0]
    moderation = ModerationClient(
        parameter_name=PARAMETER, rekognition=object(), ssm=ssm, parameter_max_age=60, clock=lambda: now[0]
    )
    calls = get_parameter_calls(ssm)
    assert moderation.flow_definition_arn == ARN
    ssm.put_parameter(Name=PARAMETER, Value=NEW_ARN, Type="String", Overwrite=True)
    now[0] += 59
    assert moderation.flow_definition_arn == ARN
    now[0] += 1
    assert moderation.flow_definition_arn == NEW_ARN
    assert len(calls) == 2


def test_gone_flow_definition_rereads_the_parameter_and_retries_with_the_new_arn(rekognition, ssm):
    client, stubber = rekognition
    moderation = ModerationClient(parameter_name=PARAMETER, rekognition=client, ssm=ssm)
    assert moderation.flow_definition_arn == ARN  # cached before the deployment
    ssm.put_parameter(Name=PARAMETER, Value=NEW_ARN, Type="String", Overwrite=True)
    stubber.add_client_error("detect_moderation_labels", "ResourceNotFoundException", expected_params=request(ARN))
    stubber.add_response("detect_moderation_labels", STARTED, expected_params=request(NEW_ARN))
    assert moderation.moderate(BUCKET, KEY, request_id="upload-42").human_loop_started
    assert moderation.flow_definition_arn == NEW_ARN


def test_gone_flow_definition_with_an_unchanged_parameter_is_reraised(rekognition, ssm):
    client, stubber = rekognition
    stubber.add_client_error("detect_moderation_labels", "ResourceNotFoundException", expected_params=request(ARN))
    moderation = ModerationClient(parameter_name=PARAMETER, rekognition=client, ssm=ssm)
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        moderation.moderate(BUCKET, KEY, request_id="upload-42")


def test_gone_flow_definition_given_by_arn_is_reraised(rekognition):
    client, stubber = rekognition
    stubber.add_client_error("detect_moderation_labels", "ResourceNotFoundException", expected_params=request(ARN))
    with pytest.raises(ClientError, match="ResourceNotFoundException"):
        ModerationClient(flow_definition_arn=ARN, rekognition=client).moderate(BUCKET, KEY, request_id="upload-42")


def test_parameter_that_holds_no_flow_definition_arn_is_a_value_error(ssm):
    ssm.put_parameter(Name=PARAMETER, Value="moderation-1a2b3c4d", Type="String", Overwrite=True)
    moderation = ModerationClient(parameter_name=PARAMETER, rekognition=object(), ssm=ssm)
    with pytest.raises(
        ValueError, match=f"SSM parameter {PARAMETER}: 'moderation-1a2b3c4d' is not a flow definition ARN"
    ):
        moderation.flow_definition_arn  # noqa: B018


# --- construction --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "give exactly one of flow_definition_arn and parameter_name"),
        ({"flow_definition_arn": ARN, "parameter_name": PARAMETER}, "give exactly one of"),
        (
            {"flow_definition_arn": "moderation-1a2b3c4d"},
            "flow_definition_arn: 'moderation-1a2b3c4d' is not a flow definition ARN",
        ),
        (
            {"flow_definition_arn": ARN, "session": boto3.Session(region_name="eu-west-1"), "rekognition": object()},
            "not both",
        ),
        ({"flow_definition_arn": ARN, "min_confidence": 101}, r"min_confidence: 101 is not allowed \(0 to 100\)"),
        (
            {"flow_definition_arn": ARN, "content_classifiers": ["FreeOfPII"]},
            "content_classifiers: 'FreeOfPII' is not one of",
        ),
        ({"flow_definition_arn": ARN, "on_quota_exceeded": "ignore"}, "on_quota_exceeded: 'ignore'"),
        ({"flow_definition_arn": ARN, "max_attempts": 0}, r"max_attempts: 0 is not allowed \(at least 1\)"),
    ],
    ids=["neither", "both", "not-an-arn", "session-and-client", "confidence", "classifier", "quota-mode", "attempts"],
)
def test_bad_construction_is_a_clear_value_error(arguments, message):
    with pytest.raises(ValueError, match=message):
        ModerationClient(**{"rekognition": object(), **arguments})


def test_clients_are_made_from_the_given_session():
    session = boto3.Session(region_name="us-east-1")
    moderation = ModerationClient(flow_definition_arn=ARN, session=session)
    assert moderation._rekognition.meta.region_name == "us-east-1"


# --- human loop names ----------------------------------------------------------------------------------


def rekognition_loop_name_shape() -> tuple[re.Pattern[str], int, int]:
    """HumanLoopName in botocore's rekognition model: pattern, minimum and maximum length."""
    model = botocore.session.get_session().get_service_model("rekognition")
    shape = (
        model.operation_model("DetectModerationLabels").input_shape.members["HumanLoopConfig"].members["HumanLoopName"]
    )
    metadata = shape.metadata
    return re.compile(metadata["pattern"]), metadata["min"], metadata["max"]


@pytest.mark.parametrize(
    "key",
    [
        KEY,
        "Some Key With Spaces.JPG",
        "日本/写真.png",
        "x" * 1024,
        "///",
        "!!!---...",
        ".hidden",
        "a/b/",
        "Ünïcödé-Fïlé.jpeg",
    ],
    ids=[
        "plain",
        "spaces",
        "unicode-only",
        "very-long",
        "slashes",
        "punctuation",
        "dotfile",
        "trailing-slash",
        "accents",
    ],
)
@pytest.mark.parametrize(
    "request_id", [None, "upload-42", "Upload_42", "x" * 300, "!!!"], ids=["random", "valid", "mixed", "long", "punct"]
)
def test_loop_names_fit_rekognitions_model(key, request_id):
    pattern, shortest, longest = rekognition_loop_name_shape()
    name = human_loop_name(BUCKET, key, request_id)
    assert pattern.match(name)
    assert re.fullmatch(r"[a-z0-9](-*[a-z0-9])*", name), name  # the runtime's anchored pattern
    assert shortest <= len(name) <= longest == 63


def test_loop_names_are_unique_per_request_and_traceable_to_the_image():
    first, retry = human_loop_name(BUCKET, KEY), human_loop_name(BUCKET, KEY)
    other_image = human_loop_name(BUCKET, "uploads/2026/11/25/photo-0002.jpg")
    assert first != retry
    assert first.startswith(f"photo-0001-{image_hash(BUCKET, KEY)}-")
    assert retry.startswith(f"photo-0001-{image_hash(BUCKET, KEY)}-")
    assert image_hash(BUCKET, KEY) not in other_image


def test_a_request_id_that_is_a_valid_name_part_is_kept_and_others_stay_distinct():
    assert human_loop_name(BUCKET, KEY, "upload-42") == f"photo-0001-{image_hash(BUCKET, KEY)}-upload-42"
    ids = ["upload-42", "Upload-42", "upload_42", "UPLOAD 42", "x" * 100 + "1", "x" * 100 + "2", "!!!", "???"]
    assert len({human_loop_name(BUCKET, KEY, request_id) for request_id in ids}) == len(ids)


def test_same_bucket_and_key_elsewhere_hash_differently():
    assert image_hash("bucket-a", KEY) != image_hash("bucket-b", KEY)


# --- packaging -----------------------------------------------------------------------------------------


def test_client_package_loads_boto3_only_when_first_used():
    code = (
        "import sys; import a2i_moderation.client, a2i_moderation.client.parsing; "
        "print(any(m.split('.')[0] in {'boto3', 'botocore', 'pulumi'} for m in sys.modules)); "
        "a2i_moderation.client.ModerationClient; print('boto3' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "True"]
