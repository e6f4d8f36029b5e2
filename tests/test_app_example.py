"""examples/app.py through its main: DetectModerationLabels stubbed (checked against the rekognition model),
the flow definition's SSM parameter in moto."""

from __future__ import annotations

import uuid
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber
from conftest import load_example
from moto import mock_aws

from a2i_moderation.naming import human_loop_name

ROOT = Path(__file__).resolve().parents[1]
BUCKET = "acme-dev-user-uploads"
ARN = "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-1a2b3c4d"
PARAMETER = "/a2i-moderation/moderation/flow-definition-arn"
FIXED_UUID = uuid.UUID("0f1e2d3c-4b5a-4978-8a6b-5c4d3e2f1a0b")


app = load_example("app.py")


# Stubs and moto only: no profile, no real credentials (conftest's offline_aws).
pytestmark = pytest.mark.usefixtures("offline_aws")


@pytest.fixture
def stubbed(monkeypatch):
    """The rekognition client every boto3 session makes is one stubbed client; loop names are fixed."""
    monkeypatch.setattr("a2i_moderation.naming.uuid.uuid4", lambda: FIXED_UUID)
    with mock_aws():
        rekognition = boto3.client("rekognition")
        real_client = boto3.session.Session.client

        def client(self, service_name, *args, **kwargs):
            return rekognition if service_name == "rekognition" else real_client(self, service_name, *args, **kwargs)

        monkeypatch.setattr(boto3.session.Session, "client", client)
        with Stubber(rekognition) as stubber:
            yield stubber
            stubber.assert_no_pending_responses()


def expect(stubber, key: str, response: dict, arn: str | None = ARN) -> str:
    """Expect the request for `key`; return the loop name it proposes."""
    name = human_loop_name(BUCKET, key)
    sent: dict = {"Image": {"S3Object": {"Bucket": BUCKET, "Name": key}}, "MinConfidence": 50}
    if arn is not None:
        sent["HumanLoopConfig"] = {"HumanLoopName": name, "FlowDefinitionArn": arn}
    stubber.add_response("detect_moderation_labels", response, expected_params=sent)
    return name


def started(name: str) -> dict:
    return {
        "ModerationLabels": [{"Confidence": 71.2, "Name": "Weapons", "ParentName": "Violence", "TaxonomyLevel": 2}],
        "ModerationModelVersion": "7.0",
        "HumanLoopActivationOutput": {
            "HumanLoopArn": f"arn:aws:sagemaker:eu-west-1:123456789012:human-loop/{name}",
            "HumanLoopActivationReasons": ["ConditionsEvaluation"],
            "HumanLoopActivationConditionsEvaluationResults": "{}",
        },
    }


def test_one_line_per_image_with_labels_and_the_loop(stubbed, capsys):
    loop = human_loop_name(BUCKET, "photos/1.jpg")
    expect(stubbed, "photos/1.jpg", started(loop))
    expect(stubbed, "photos/2 beach.jpg", {"ModerationLabels": [], "ModerationModelVersion": "7.0"})
    code = app.main(["--bucket", BUCKET, "--flow-definition-arn", ARN, "photos/1.jpg", "photos/2 beach.jpg"])
    assert code == 0
    assert capsys.readouterr() == (
        f"s3://{BUCKET}/photos/1.jpg labels=Weapons 71% review={loop}\n"
        f"s3://{BUCKET}/photos/2%20beach.jpg labels=none review=not-needed\n",
        "",
    )


def test_flow_definition_is_read_from_the_parameter(stubbed, capsys):
    boto3.client("ssm").put_parameter(Name=PARAMETER, Value=ARN, Type="String")
    expect(stubbed, "photos/1.jpg", {"ModerationLabels": []})
    assert app.main(["--bucket", BUCKET, "--parameter-name", PARAMETER, "photos/1.jpg"]) == 0
    assert capsys.readouterr().out == f"s3://{BUCKET}/photos/1.jpg labels=none review=not-needed\n"


def quota_exceeded(stubber, key: str) -> None:
    sent = {
        "Image": {"S3Object": {"Bucket": BUCKET, "Name": key}},
        "MinConfidence": 50,
        "HumanLoopConfig": {"HumanLoopName": human_loop_name(BUCKET, key), "FlowDefinitionArn": ARN},
    }
    stubber.add_client_error("detect_moderation_labels", "HumanLoopQuotaExceededException", expected_params=sent)


def test_quota_exceeded_fails_the_image_and_goes_on(stubbed, capsys):
    quota_exceeded(stubbed, "photos/1.jpg")
    expect(stubbed, "photos/2.jpg", {"ModerationLabels": []})
    assert app.main(["--bucket", BUCKET, "--flow-definition-arn", ARN, "photos/1.jpg", "photos/2.jpg"]) == 1
    out, err = capsys.readouterr()
    assert out == f"s3://{BUCKET}/photos/2.jpg labels=none review=not-needed\n"
    assert err.startswith(f"error: s3://{BUCKET}/photos/1.jpg: not sent for review, the flow definition {ARN} ")


def test_quota_exceeded_with_continue_defers_the_review(stubbed, capsys):
    quota_exceeded(stubbed, "photos/1.jpg")
    expect(stubbed, "photos/1.jpg", {"ModerationLabels": []}, arn=None)
    argv = ["--bucket", BUCKET, "--flow-definition-arn", ARN, "--on-quota-exceeded", "continue", "photos/1.jpg"]
    assert app.main(argv) == 0
    assert capsys.readouterr().out == f"s3://{BUCKET}/photos/1.jpg labels=none review=deferred\n"


@pytest.mark.parametrize(
    "flow",
    [[], ["--flow-definition-arn", ARN, "--parameter-name", PARAMETER]],
    ids=["neither", "both"],
)
def test_exactly_one_flow_definition_option_is_required(flow, capsys):
    with pytest.raises(SystemExit) as exited:
        app.main(["--bucket", BUCKET, *flow, "photos/1.jpg"])
    assert exited.value.code == 2


def test_a_bad_arn_is_reported_without_a_traceback(capsys):
    assert app.main(["--bucket", BUCKET, "--flow-definition-arn", "moderation-1a2b3c4d", "photos/1.jpg"]) == 2
    assert capsys.readouterr().err == "error: flow_definition_arn: 'moderation-1a2b3c4d' is not a flow definition ARN\n"
