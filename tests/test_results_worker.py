"""examples/results_worker.py against a moto SQS queue with a dead-letter queue and a moto answers bucket."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path

import boto3
import pytest
from conftest import load_example
from moto import mock_aws

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "a2i"
ANSWERS_BUCKET = "acme-review-answers"
#: The decision line's pattern, as the worker's docstring states it.
DECISION = re.compile(r"^(\S+) (Completed|Failed|Stopped) (\S+) consensus=(.*) workers=(\d+)$")


worker = load_example("results_worker.py")


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text())


# Stubs and moto only: no profile, no real credentials (conftest's offline_aws).
pytestmark = pytest.mark.usefixtures("offline_aws")


class Queues:
    """The results queue, its dead-letter queue (after one receive, no visibility timeout: a message left
    on the queue moves there at its next receive) and the answers bucket."""

    def __init__(self):
        self.sqs = boto3.client("sqs")
        self.s3 = boto3.client("s3")
        self.s3.create_bucket(Bucket=ANSWERS_BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        self.dlq = self.sqs.create_queue(QueueName="reviews-dlq")["QueueUrl"]
        dlq_arn = self.sqs.get_queue_attributes(QueueUrl=self.dlq, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "1"})
        self.url = self.sqs.create_queue(
            QueueName="reviews", Attributes={"VisibilityTimeout": "0", "RedrivePolicy": redrive}
        )["QueueUrl"]

    def send(self, body: dict | str) -> str:
        text = body if isinstance(body, str) else json.dumps(body)
        return self.sqs.send_message(QueueUrl=self.url, MessageBody=text)["MessageId"]

    def put_output(self, document: dict, event: dict) -> None:
        key = event["detail"]["humanLoopOutput"]["outputS3Uri"].removeprefix(f"s3://{ANSWERS_BUCKET}/")
        self.s3.put_object(Bucket=ANSWERS_BUCKET, Key=key, Body=json.dumps(document).encode())

    def bodies(self, url: str) -> list[str]:
        messages = self.sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        return [message["Body"] for message in messages]


@pytest.fixture
def queues():
    with mock_aws():
        yield Queues()


def completed_pair(queues: Queues) -> tuple[dict, dict]:
    """Two completed loops with their outputs in the bucket: one worker, and three."""
    first = load("event-completed.json")
    queues.put_output(load("output-one-worker.json"), first)
    three = load("output-three-workers.json")
    second = copy.deepcopy(first)
    loop = three["humanLoopName"]
    second["detail"].update(
        humanLoopName=loop,
        humanLoopArn=f"arn:aws:sagemaker:eu-west-1:123456789012:human-loop/{loop}",
        humanLoopOutput={
            "outputS3Uri": f"s3://{ANSWERS_BUCKET}/moderation-1a2b3c4d/2026/11/25/11/00/00/{loop}/output.json"
        },
    )
    queues.put_output(three, second)
    return first, second


def run(queues: Queues, tmp_path: Path, capsys, *extra: str) -> tuple[int, list[str], str]:
    code = worker.main(
        ["--queue-url", queues.url, "--state", str(tmp_path / "state.sqlite3"), "--once", "--wait-seconds", "0", *extra]
    )
    out, err = capsys.readouterr()
    return code, out.splitlines(), err


def test_two_events_and_a_duplicate_print_two_decisions(queues, tmp_path, capsys):
    first, second = completed_pair(queues)
    for event in (first, second, first):
        queues.send(event)
    code, lines, err = run(queues, tmp_path, capsys)
    assert (code, err) == (0, "")
    assert lines == [
        "photo-0001-a978184e4751-upload-42 Completed s3://acme-dev-user-uploads/uploads/2026/11/25/photo-0001.jpg "
        "consensus=Weapons workers=1",
        "beach-party-284857bb2b04-upload-43 Completed s3://acme-dev-user-uploads/uploads/2026/11/25/beach%20party.jpg "
        "consensus=Female Swimwear or Underwear,Swimwear or Underwear workers=3",
    ]
    assert all(DECISION.fullmatch(line) for line in lines)
    assert queues.bodies(queues.url) == queues.bodies(queues.dlq) == []


def test_a_duplicate_in_a_later_run_is_deleted_without_printing(queues, tmp_path, capsys):
    first, _ = completed_pair(queues)
    queues.send(first)
    assert len(run(queues, tmp_path, capsys)[1]) == 1
    queues.send(first)
    assert run(queues, tmp_path, capsys) == (0, [], "")
    assert queues.bodies(queues.url) == queues.bodies(queues.dlq) == []


def test_the_same_loop_with_another_status_is_printed(queues, tmp_path, capsys):
    stopped = load("event-stopped.json")
    failed = copy.deepcopy(stopped)
    failed["detail"].update(humanLoopStatus="Failed", failureCode="Expired", failureReason="The task expired.")
    queues.send(stopped)
    queues.send(failed)
    assert run(queues, tmp_path, capsys)[1] == [
        "photo-0003-0d9c8b7a6f5e-upload-45 Stopped - consensus=none workers=0",
        "photo-0003-0d9c8b7a6f5e-upload-45 Failed - consensus=none workers=0",
    ]


def test_an_unreadable_message_is_left_for_the_dead_letter_queue(queues, tmp_path, capsys):
    first, _ = completed_pair(queues)
    queues.send(first)
    unreadable = queues.send('{"detail-type": "Object Created", "source": "aws.s3"}')
    code, lines, err = run(queues, tmp_path, capsys)
    assert code == 1
    assert len(lines) == 1
    assert err.startswith(f"error: message {unreadable}: EventBridge event: not an A2I status change")
    assert err.rstrip().endswith("; left on the queue")
    assert queues.bodies(queues.dlq) == ['{"detail-type": "Object Created", "source": "aws.s3"}']


def test_a_completed_event_whose_output_is_missing_is_left_on_the_queue(queues, tmp_path, capsys):
    queues.send(load("event-completed.json"))  # no output.json in the bucket
    code, lines, err = run(queues, tmp_path, capsys)
    assert (code, lines) == (1, [])
    assert "NoSuchKey" in err
    assert len(queues.bodies(queues.dlq)) == 1


def test_once_on_an_empty_queue_exits_0_quietly(queues, tmp_path, capsys):
    assert run(queues, tmp_path, capsys) == (0, [], "")


def test_wait_seconds_is_limited_to_sqs_long_polling(queues, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        run(queues, tmp_path, capsys, "--wait-seconds", "21")
    assert exited.value.code == 2
