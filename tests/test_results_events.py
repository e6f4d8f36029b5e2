"""End to end under moto: the results rule and queues the dev stack's preview plans (read from its
plan, not retyped) receive this workflow's status changes put on the event bus, the retained flow
definitions' included, and nothing of another workflow; the results worker then reads each answer
from the KMS-encrypted output bucket and prints one decision per review."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber
from moto import mock_aws
from test_results_worker import worker

from a2i_moderation.client import ModerationClient

ACCOUNT = "123456789012"
REGION = "eu-west-1"
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "a2i"
RULE = "aws:cloudwatch/eventRule:EventRule"
TARGET = "aws:cloudwatch/eventTarget:EventTarget"
QUEUE = "aws:sqs/queue:Queue"


def status_change(
    flow_definition_arn: str, loop: str, status: str = "Completed", output_s3_uri: str = "s3://acme-reviews/reviews/"
) -> dict[str, Any]:
    """A PutEvents entry shaped as A2I's event (a2i-cloudwatch-events.md)."""
    region, account = flow_definition_arn.split(":")[3:5]
    flow_name = flow_definition_arn.rsplit("/", 1)[1]
    loop_arn = f"arn:aws:sagemaker:{region}:{account}:human-loop/{loop}"
    output = f"{output_s3_uri}{flow_name}/2026/11/27/09/15/02/{loop}/output.json"
    detail = {
        "creationTime": "2026-11-27T09:01:12.345Z",
        "failureCode": None if status == "Completed" else "Stopped by caller",
        "failureReason": None,
        "flowDefinitionArn": flow_definition_arn,
        "humanLoopArn": loop_arn,
        "humanLoopName": loop,
        "humanLoopOutput": {"outputS3Uri": output},
        "humanLoopStatus": status,
    }
    return {
        "Source": "aws.sagemaker",
        "DetailType": "SageMaker A2I HumanLoop Status Change",
        "Resources": [loop_arn],
        "Detail": json.dumps(detail),
    }


@pytest.fixture
def deployed(dev_plan, offline_aws):
    """The dev stack's rule, target and queues, created in moto from the planned inputs."""
    with mock_aws():
        sqs = boto3.client("sqs", region_name=REGION)
        events = boto3.client("events", region_name=REGION)
        queues = {r["name"]: r["inputs"] for r in dev_plan.of_type(QUEUE)}
        dlq_inputs = queues["moderation-results-dlq"]
        dlq_url = sqs.create_queue(
            QueueName="results-dlq",
            Attributes={
                "SqsManagedSseEnabled": str(dlq_inputs["sqsManagedSseEnabled"]).lower(),
                "MessageRetentionPeriod": str(dlq_inputs["messageRetentionSeconds"]),
            },
        )["QueueUrl"]
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        queue_inputs = queues["moderation-results-queue"]
        redrive = json.loads(queue_inputs["redrivePolicy"])
        redrive["deadLetterTargetArn"] = dlq_arn  # the planned ARN is the preview's placeholder
        queue_url = sqs.create_queue(
            QueueName="results",
            Attributes={
                "SqsManagedSseEnabled": str(queue_inputs["sqsManagedSseEnabled"]).lower(),
                "MessageRetentionPeriod": str(queue_inputs["messageRetentionSeconds"]),
                "VisibilityTimeout": str(queue_inputs["visibilityTimeoutSeconds"]),
                "RedrivePolicy": json.dumps(redrive),
            },
        )["QueueUrl"]
        queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        rule = dev_plan.one(RULE)["inputs"]
        events.put_rule(Name="results", EventPattern=rule["eventPattern"], Description=rule["description"])
        target = dev_plan.one(TARGET)["inputs"]
        events.put_targets(
            Rule="results",
            Targets=[{"Id": "results", "Arn": queue_arn, "DeadLetterConfig": {"Arn": dlq_arn}}],
        )
        assert target["arn"] == dev_plan.outputs["resultsQueueArn"]  # the plan sends to the results queue
        yield events, sqs, queue_url


def received(sqs, queue_url: str) -> list[dict[str, Any]]:
    messages = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
    return [json.loads(message["Body"]) for message in messages]


def test_a_status_change_of_the_current_flow_definition_arrives_as_the_event(dev_plan, deployed):
    events, sqs, queue_url = deployed
    current = dev_plan.outputs["flowDefinitionArn"]
    events.put_events(Entries=[status_change(current, "photo-1a2b3c4d5e6f-0001")])
    [event] = received(sqs, queue_url)
    assert event["source"] == "aws.sagemaker"
    assert event["detail-type"] == "SageMaker A2I HumanLoop Status Change"
    assert event["detail"]["flowDefinitionArn"] == current
    assert event["detail"]["humanLoopName"] == "photo-1a2b3c4d5e6f-0001"


def test_a_retained_flow_definition_of_the_same_workflow_still_reports(dev_plan, deployed):
    events, sqs, queue_url = deployed
    retained = dev_plan.outputs["flowDefinitionArn"].rsplit("-", 1)[0] + "-0a1b2c3d"
    events.put_events(Entries=[status_change(retained, "photo-queued-before-replacement", "Stopped")])
    [event] = received(sqs, queue_url)
    assert event["detail"]["flowDefinitionArn"] == retained
    assert event["detail"]["humanLoopStatus"] == "Stopped"


@pytest.mark.parametrize(
    "flow_definition_arn",
    [
        f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:flow-definition/fraud-review-3f23fcd1",  # another workflow
        f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:flow-definition/moderation-prod-3f23fcd1",  # another stack
        f"arn:aws:sagemaker:us-east-1:{ACCOUNT}:flow-definition/moderation-dev-3f23fcd1",  # another region
        f"arn:aws:sagemaker:{REGION}:210987654321:flow-definition/moderation-dev-3f23fcd1",  # another account
    ],
)
def test_another_workflows_status_change_does_not_arrive(deployed, flow_definition_arn):
    events, sqs, queue_url = deployed
    events.put_events(Entries=[status_change(flow_definition_arn, "someone-elses-loop")])
    assert received(sqs, queue_url) == []


def test_other_sagemaker_events_do_not_arrive(dev_plan, deployed):
    events, sqs, queue_url = deployed
    entry = status_change(dev_plan.outputs["flowDefinitionArn"], "photo-1")
    entry["DetailType"] = "SageMaker Training Job State Change"
    events.put_events(Entries=[entry])
    assert received(sqs, queue_url) == []


def test_every_final_status_arrives(dev_plan, deployed):
    events, sqs, queue_url = deployed
    current = dev_plan.outputs["flowDefinitionArn"]
    events.put_events(
        Entries=[
            status_change(current, f"photo-{status.lower()}", status) for status in ("Completed", "Failed", "Stopped")
        ]
    )
    assert sorted(e["detail"]["humanLoopStatus"] for e in received(sqs, queue_url)) == [
        "Completed",
        "Failed",
        "Stopped",
    ]


# --- from the event to the decision ---------------------------------------------------------------


def answer(template: str, flow_definition_arn: str, loop: str, image_key: str) -> dict[str, Any]:
    """A realistic output.json (tests/data/a2i) for this loop of this flow definition."""
    document = copy.deepcopy(json.loads((DATA / template).read_text()))
    document["flowDefinitionArn"] = flow_definition_arn
    document["humanLoopName"] = loop
    request = document["inputContent"]["aiServiceRequest"]
    request["humanLoopConfig"] = {"flowDefinitionArn": flow_definition_arn, "humanLoopName": loop}
    request["image"]["s3Object"] = {"bucket": "acme-dev-user-uploads", "name": image_key}
    return document


def test_each_review_of_the_workflow_becomes_one_decision(dev_plan, deployed, tmp_path, capsys):
    events, sqs, queue_url = deployed
    s3 = boto3.client("s3", region_name=REGION)
    kms = boto3.client("kms", region_name=REGION)
    bucket = dev_plan.outputs["outputBucketName"]
    output_s3_uri = dev_plan.outputs["outputS3Uri"]
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    key_id = kms.create_key(Description="answers")["KeyMetadata"]["KeyId"]
    current = dev_plan.outputs["flowDefinitionArn"]
    retained = current.rsplit("-", 1)[0] + "-0a1b2c3d"
    none_of_these = answer("output-one-worker.json", retained, "kitten-5e6f-0003", "kitten.jpg")
    none_of_these["humanAnswers"][0]["answerContent"] = {}  # "None of these apply": no entry at all
    reviews = [
        (current, "photo-1a2b-0001", answer("output-one-worker.json", current, "photo-1a2b-0001", "photo.jpg")),
        (
            current,
            "beach-3c4d-0002",
            answer("output-three-workers.json", current, "beach-3c4d-0002", "beach party.jpg"),
        ),
        (retained, "kitten-5e6f-0003", none_of_these),
    ]
    entries = []
    for flow, loop, document in reviews:
        entry = status_change(flow, loop, output_s3_uri=output_s3_uri)
        uri = json.loads(entry["Detail"])["humanLoopOutput"]["outputS3Uri"]
        s3.put_object(
            Bucket=bucket,
            Key=uri.removeprefix(f"s3://{bucket}/"),
            Body=json.dumps(document).encode(),
            ServerSideEncryption="aws:kms",
            SSEKMSKeyId=key_id,
        )
        entries.append(entry)
    entries.append(entries[0])  # EventBridge delivers at least once
    entries.append(status_change(current, "photo-9f9f-0004", "Failed"))
    entries.append(status_change(f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:flow-definition/fraud-review-1", "other"))
    events.put_events(Entries=entries)

    code = worker.main(["--queue-url", queue_url, "--once", "--wait-seconds", "0", "--state", str(tmp_path / "s")])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert sorted(lines) == [
        "beach-3c4d-0002 Completed s3://acme-dev-user-uploads/beach%20party.jpg "
        "consensus=Female Swimwear or Underwear,Swimwear or Underwear workers=3",
        "kitten-5e6f-0003 Completed s3://acme-dev-user-uploads/kitten.jpg consensus=none workers=1",
        "photo-1a2b-0001 Completed s3://acme-dev-user-uploads/photo.jpg consensus=Weapons workers=1",
        "photo-9f9f-0004 Failed - consensus=none workers=0",
    ]
    assert (
        sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["ApproximateNumberOfMessages"])["Attributes"][
            "ApproximateNumberOfMessages"
        ]
        == "0"
    )


# --- from the published parameter to the request ----------------------------------------------


def test_application_sends_the_arn_the_stack_publishes(dev_plan, offline_aws):
    """The parameter as planned, created in moto; Rekognition stubbed: the request names its value."""
    parameter = dev_plan.one("aws:ssm/parameter:Parameter")["inputs"]
    with mock_aws():
        ssm = boto3.client("ssm", region_name=REGION)
        ssm.put_parameter(Name=parameter["name"], Value=parameter["insecureValue"], Type=parameter["type"])
        rekognition = boto3.client("rekognition", region_name=REGION)
        with Stubber(rekognition) as stubber:
            stubber.add_response(
                "detect_moderation_labels",
                {"ModerationLabels": [], "ModerationModelVersion": "7.0"},
                expected_params={
                    "Image": {"S3Object": {"Bucket": "acme-dev-user-uploads", "Name": "photo.jpg"}},
                    "MinConfidence": 50,
                    "HumanLoopConfig": {
                        "HumanLoopName": ANY,
                        "FlowDefinitionArn": dev_plan.outputs["flowDefinitionArn"],
                    },
                },
            )
            client = ModerationClient(
                parameter_name=dev_plan.outputs["flowDefinitionArnParameterName"], rekognition=rekognition, ssm=ssm
            )
            result = client.moderate("acme-dev-user-uploads", "photo.jpg")
    assert result.human_loop_started is False
