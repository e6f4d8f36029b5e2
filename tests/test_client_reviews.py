"""read_review on realistic A2I documents: output.json files in a moto bucket, EventBridge events (as dicts
and as SQS bodies) and DescribeHumanLoop (botocore's Stubber, checked against the a2i-runtime model)."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import get_args

import boto3
import pytest
from botocore.stub import Stubber
from moto import mock_aws

from a2i_moderation.client import (
    Category,
    ModerationLabel,
    Review,
    ReviewNotFinishedError,
    ReviewStatus,
    S3Image,
    WorkerAnswer,
    read_review,
)
from a2i_moderation.status_events import FINAL_STATUSES

DATA = Path(__file__).parent / "data" / "a2i"
SOURCE = "AWS/Rekognition/DetectModerationLabels/Image/V3"
ANSWERS_BUCKET = "acme-review-answers"
FLOW = "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-1a2b3c4d"
ONE_LOOP = "photo-0001-a978184e4751-upload-42"
ONE_URI = f"s3://{ANSWERS_BUCKET}/moderation-1a2b3c4d/2026/11/25/10/15/02/{ONE_LOOP}/output.json"
SWIMWEAR = Category("Swimwear or Underwear", "")
FEMALE_SWIMWEAR = Category("Female Swimwear or Underwear", "Swimwear or Underwear")


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


# Stubs and moto only: no profile, no real credentials (conftest's offline_aws).
pytestmark = pytest.mark.usefixtures("offline_aws")


@pytest.fixture
def s3():
    """The flow definition's output bucket, in moto."""
    with mock_aws():
        client = boto3.client("s3")
        client.create_bucket(Bucket=ANSWERS_BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield client


def put_output(s3, document: dict | str, uri: str = ONE_URI) -> str:
    """Write an output.json where A2I writes it; return its URI."""
    key = uri.removeprefix(f"s3://{ANSWERS_BUCKET}/")
    body = document if isinstance(document, str) else json.dumps(document)
    s3.put_object(Bucket=ANSWERS_BUCKET, Key=key, Body=body.encode())
    return uri


def with_answer_content(document: dict, index: int, content: dict) -> dict:
    changed = copy.deepcopy(document)
    changed["humanAnswers"][index]["answerContent"] = content
    return changed


# --- completed loops -----------------------------------------------------------------------------------


def test_one_worker_output_read_from_its_uri(s3):
    review = read_review(put_output(s3, load("output-one-worker.json")), s3=s3)
    weapons = Category("Weapons", "Violence")
    assert review == Review(
        human_loop_name=ONE_LOOP,
        human_loop_arn=None,
        flow_definition_arn=FLOW,
        status="Completed",
        failure_code=None,
        failure_reason=None,
        creation_time=None,
        output_uri=ONE_URI,
        image=S3Image("acme-dev-user-uploads", "uploads/2026/11/25/photo-0001.jpg"),
        model_labels=(ModerationLabel("Weapons", 71.2, "Violence"), ModerationLabel("Violence", 71.2, "")),
        answers=(
            WorkerAnswer(
                worker_id="a12b3cdefg4h5i67",
                identity_sub="8c2a4e5f-1b3d-4f6a-9c8e-2d7b1a0f3e91",
                identity_provider="Cognito",
                categories=(weapons,),
                acceptance_time=utc("2026-11-25T10:16:40.118"),
                submission_time=utc("2026-11-25T10:17:21.309"),
                seconds_spent=40.543,
            ),
        ),
        consensus=(weapons,),
        unanimous=True,
    )


def test_three_workers_two_of_three_is_a_consensus(s3):
    review = read_review(put_output(s3, load("output-three-workers.json")), s3=s3)
    assert [answer.categories for answer in review.answers] == [
        (FEMALE_SWIMWEAR, SWIMWEAR),
        (SWIMWEAR,),
        (FEMALE_SWIMWEAR, SWIMWEAR),
    ]
    assert review.consensus == (FEMALE_SWIMWEAR, SWIMWEAR)
    assert not review.unanimous


def test_one_of_three_is_not_a_consensus(s3):
    document = load("output-three-workers.json")
    document = with_answer_content(document, 2, {SOURCE: {"moderationLabels": [{"name": "Swimwear or Underwear"}]}})
    review = read_review(put_output(s3, document), s3=s3)
    assert review.consensus == (SWIMWEAR,)


def test_three_workers_choosing_the_same_categories_are_unanimous(s3):
    document = load("output-three-workers.json")
    for index in (0, 2):
        document = with_answer_content(document, index, {SOURCE: {"moderationLabels": [{"name": SWIMWEAR.name}]}})
    review = read_review(put_output(s3, document), s3=s3)
    assert (review.consensus, review.unanimous) == ((SWIMWEAR,), True)


@pytest.mark.parametrize(
    "content",
    [{SOURCE: {"moderationLabels": []}}, {SOURCE: {"ModerationLabels": []}}, {SOURCE: {}}, {}],
    ids=["empty-array", "empty-array-capitalised", "absent-key", "no-entry"],
)
def test_none_of_these_apply_is_no_category(s3, content):
    document = with_answer_content(load("output-one-worker.json"), 0, content)
    review = read_review(put_output(s3, document), s3=s3)
    assert review.answers[0].categories == ()
    assert (review.consensus, review.unanimous) == ((), True)


def test_none_of_these_apply_by_two_of_three_empties_the_consensus(s3):
    document = load("output-three-workers.json")
    for index in (0, 1):
        document = with_answer_content(document, index, {SOURCE: {"moderationLabels": []}})
    review = read_review(put_output(s3, document), s3=s3)
    assert review.consensus == ()


def test_capitalised_moderation_labels_key_is_read(s3):
    content = {SOURCE: {"ModerationLabels": [{"name": "Weapons", "parentName": "Violence"}]}}
    document = with_answer_content(load("output-one-worker.json"), 0, content)
    review = read_review(put_output(s3, document), s3=s3)
    assert review.answers[0].categories == (Category("Weapons", "Violence"),)


def test_categories_given_as_strings_are_read(s3):
    document = with_answer_content(load("output-one-worker.json"), 0, {SOURCE: {"moderationLabels": ["Weapons"]}})
    review = read_review(put_output(s3, document), s3=s3)
    assert review.answers[0].categories == (Category("Weapons", ""),)


def test_a_category_selected_twice_counts_once(s3):
    weapons = {"name": "Weapons", "parentName": "Violence"}
    document = load("output-three-workers.json")
    document = with_answer_content(document, 0, {SOURCE: {"moderationLabels": [weapons, weapons]}})
    review = read_review(put_output(s3, document), s3=s3)
    assert review.answers[0].categories == (Category("Weapons", "Violence"),)
    assert Category("Weapons", "Violence") not in review.consensus


def test_worker_without_metadata_or_times(s3):
    document = load("output-one-worker.json")
    for field in ("workerMetadata", "acceptanceTime", "timeSpentInSeconds"):
        del document["humanAnswers"][0][field]
    answer = read_review(put_output(s3, document), s3=s3).answers[0]
    assert (answer.identity_sub, answer.identity_provider, answer.acceptance_time, answer.seconds_spent) == (
        None,
        None,
        None,
        None,
    )


# --- events --------------------------------------------------------------------------------------------


def test_completed_event_reads_the_output_it_names(s3):
    put_output(s3, load("output-one-worker.json"))
    review = read_review(load("event-completed.json"), s3=s3)
    assert review.human_loop_arn == f"arn:aws:sagemaker:eu-west-1:123456789012:human-loop/{ONE_LOOP}"
    assert review.creation_time == utc("2026-11-25T10:15:02.740")
    assert review.output_uri == ONE_URI
    assert review.consensus == (Category("Weapons", "Violence"),)


def test_event_given_as_sqs_body_text_reads_like_the_dict(s3):
    put_output(s3, load("output-one-worker.json"))
    event = load("event-completed.json")
    assert read_review(json.dumps(event), s3=s3) == read_review(event, s3=s3)


class NoCalls:
    """An AWS client that must not be used."""

    def __getattr__(self, name):
        raise AssertionError(f"unexpected AWS call {name}")


def test_failed_event_is_a_review_without_answers():
    review = read_review(load("event-failed.json"), s3=NoCalls())
    assert (review.status, review.failure_code) == ("Failed", "Expired")
    assert review.failure_reason == "No worker completed the task before its availability lifetime ended."
    assert (review.image, review.output_uri, review.answers, review.consensus, review.unanimous) == (
        None,
        None,
        (),
        (),
        False,
    )


def test_stopped_event_is_a_review_without_answers():
    review = read_review(load("event-stopped.json"), s3=NoCalls())
    assert (review.status, review.failure_code, review.answers, review.image) == ("Stopped", None, (), None)
    assert review.human_loop_name == "photo-0003-0d9c8b7a6f5e-upload-45"


# --- DescribeHumanLoop ---------------------------------------------------------------------------------


def describe_response(status: str, **extra) -> dict:
    return {
        "CreationTime": datetime(2026, 11, 25, 10, 15, 2, 740000, tzinfo=UTC),
        "HumanLoopStatus": status,
        "HumanLoopName": ONE_LOOP,
        "HumanLoopArn": f"arn:aws:sagemaker:eu-west-1:123456789012:human-loop/{ONE_LOOP}",
        "FlowDefinitionArn": FLOW,
        **extra,
    }


@pytest.fixture
def a2i_runtime():
    client = boto3.client("sagemaker-a2i-runtime")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def test_loop_name_is_described_and_its_output_read(s3, a2i_runtime):
    client, stubber = a2i_runtime
    put_output(s3, load("output-one-worker.json"))
    stubber.add_response(
        "describe_human_loop",
        describe_response("Completed", HumanLoopOutput={"OutputS3Uri": ONE_URI}),
        expected_params={"HumanLoopName": ONE_LOOP},
    )
    review = read_review(ONE_LOOP, s3=s3, a2i_runtime=client)
    assert review == read_review(load("event-completed.json"), s3=s3)


def test_failed_loop_name_gives_its_failure(a2i_runtime):
    client, stubber = a2i_runtime
    failed = describe_response("Failed", FailureCode="Expired", FailureReason="The task expired.")
    stubber.add_response("describe_human_loop", failed, expected_params={"HumanLoopName": ONE_LOOP})
    review = read_review(ONE_LOOP, s3=NoCalls(), a2i_runtime=client)
    assert (review.status, review.failure_code, review.failure_reason, review.answers) == (
        "Failed",
        "Expired",
        "The task expired.",
        (),
    )


def test_loop_in_progress_is_not_finished(a2i_runtime):
    client, stubber = a2i_runtime
    stubber.add_response(
        "describe_human_loop", describe_response("InProgress"), expected_params={"HumanLoopName": ONE_LOOP}
    )
    with pytest.raises(ReviewNotFinishedError, match=f"human loop {ONE_LOOP} is InProgress: no review yet"):
        read_review(ONE_LOOP, a2i_runtime=client)


# --- malformed input -----------------------------------------------------------------------------------


def changed(name: str, change) -> dict:
    document = load(name)
    change(document)
    return document


COMPLETED = "event-completed.json"
OUTPUT = "output-one-worker.json"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("{not json", "EventBridge event: not JSON"),
        ("Photo 1.jpg", "'Photo 1.jpg' is neither an EventBridge event"),
        ("s3://acme-review-answers", "'s3://acme-review-answers' is not an s3://<bucket>/<key> URI"),
        (
            changed(COMPLETED, lambda e: e.update({"detail-type": "SageMaker Training Job State Change"})),
            "EventBridge event: not an A2I status change",
        ),
        (changed(COMPLETED, lambda e: e.pop("detail")), "EventBridge event: detail is missing"),
        (
            changed(COMPLETED, lambda e: e["detail"].pop("humanLoopName")),
            "EventBridge event: detail: humanLoopName is missing",
        ),
        (
            changed(COMPLETED, lambda e: e["detail"].update(humanLoopStatus="InProgress")),
            "status 'InProgress' is not a finished loop's",
        ),
        (
            changed(COMPLETED, lambda e: e["detail"].update(humanLoopOutput=None)),
            r"detail.humanLoopOutput: outputS3Uri is missing",
        ),
        (changed(COMPLETED, lambda e: e["detail"].update(creationTime="yesterday")), "creationTime is 'yesterday'"),
    ],
    ids=[
        "not-json",
        "not-a-source",
        "uri-without-key",
        "other-event",
        "no-detail",
        "no-name",
        "in-progress",
        "no-output",
        "bad-time",
    ],
)
def test_malformed_source_is_a_value_error_naming_the_problem(source, message):
    with pytest.raises(ValueError, match=message):
        read_review(source, s3=NoCalls(), a2i_runtime=NoCalls())


def without_image(document: dict) -> None:
    del document["inputContent"]["aiServiceRequest"]["image"]


@pytest.mark.parametrize(
    ("output", "message"),
    [
        ("<html>Access denied</html>", f"{ONE_URI}: not JSON"),
        ("[]", f"{ONE_URI}: expected a JSON object, got list"),
        (changed(OUTPUT, without_image), f"{ONE_URI}: inputContent.aiServiceRequest: image is missing"),
        (
            changed(OUTPUT, lambda d: d.update(humanAnswers=[])),
            "humanAnswers has 0 answers; a completed loop has 1 to 3",
        ),
        (
            changed(OUTPUT, lambda d: d.update(humanAnswers=d["humanAnswers"] * 4)),
            "humanAnswers has 4 answers",
        ),
        (
            changed(
                OUTPUT,
                lambda d: d["humanAnswers"][0].update(answerContent={"AWS/Textract/AnalyzeDocument/Forms/V1": {}}),
            ),
            r"humanAnswers\[0\].answerContent: has 'AWS/Textract/AnalyzeDocument/Forms/V1' but no",
        ),
        (
            changed(
                OUTPUT,
                lambda d: d["humanAnswers"][0].update(
                    answerContent={SOURCE: {"moderationLabels": [], "ModerationLabels": []}}
                ),
            ),
            "both moderationLabels and ModerationLabels are present",
        ),
        (
            changed(
                OUTPUT,
                lambda d: d["humanAnswers"][0].update(
                    answerContent={SOURCE: {"moderationLabels": [{"parentName": "x"}]}}
                ),
            ),
            r"V3'\]\.moderationLabels\[0\]: name is missing",
        ),
        (changed(OUTPUT, lambda d: d["humanAnswers"][0].pop("workerId")), r"humanAnswers\[0\]: workerId is missing"),
        (
            changed(OUTPUT, lambda d: d["humanAnswers"][0].update(timeSpentInSeconds="40s")),
            "timeSpentInSeconds is '40s', expected a number",
        ),
        (
            changed(OUTPUT, lambda d: d.update(humanLoopName="another-loop")),
            "humanLoopName 'another-loop' does not match the loop's",
        ),
    ],
    ids=[
        "html",
        "array",
        "no-image",
        "no-answers",
        "four-answers",
        "textract",
        "both-spellings",
        "nameless",
        "no-worker",
        "bad-seconds",
        "other-loop",
    ],
)
def test_malformed_output_is_a_value_error_naming_the_problem(s3, output, message):
    put_output(s3, output)
    with pytest.raises(ValueError, match=message):
        read_review(load(COMPLETED), s3=s3)


def test_review_statuses_are_the_ones_the_event_rule_selects():
    assert get_args(ReviewStatus) == FINAL_STATUSES
