"""How an application sends an image to Rekognition with human review.

    FLOW_DEFINITION_ARN=$(pulumi stack output flowDefinitionArn) python moderate.py <bucket> <key>

The ARN changes whenever the flow definition is replaced (any change to its settings), so read it
from the stack output at deploy time (environment, SSM parameter, or a StackReference) rather than
hard-coding it.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import uuid
from typing import Any

import boto3

#: HumanLoopName (botocore's rekognition and sagemaker-a2i-runtime models): 1 to 63 characters.
LOOP_NAME = re.compile(r"[a-z0-9](-*[a-z0-9])*")


def human_loop_name(bucket: str, key: str, request_id: str | None = None) -> str:
    """A name unique per request and traceable to the image: `<file>-<image hash>-<request>`.

    AWS requires loop names to be unique in the region, and the same image is checked again on a
    retry or an overwrite: the request part (random unless given) keeps those apart, while the
    first two parts are the same for every request about one image (search for them in the
    output bucket or in ListHumanLoops)."""
    stem = re.sub(r"[^a-z0-9]+", "-", key.rsplit("/", 1)[-1].lower()).strip("-")[:20].strip("-") or "img"
    image = hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()[:12]
    request = re.sub(r"[^a-z0-9]", "", (request_id or uuid.uuid4().hex).lower())[:16] or uuid.uuid4().hex[:16]
    name = f"{stem}-{image}-{request}"
    assert LOOP_NAME.fullmatch(name), name
    assert len(name) <= 63, name
    return name


def moderate(
    rekognition: Any,
    flow_definition_arn: str,
    bucket: str,
    key: str,
    min_confidence: float = 50,
    request_id: str | None = None,
) -> dict[str, Any]:
    """DetectModerationLabels with HumanLoopConfig; A2I opens a human loop when the conditions hold.
    `request_id` (for example your upload's ID) makes the loop name; a random one otherwise."""
    try:
        response = rekognition.detect_moderation_labels(
            Image={"S3Object": {"Bucket": bucket, "Name": key}},
            MinConfidence=min_confidence,
            HumanLoopConfig={
                "HumanLoopName": human_loop_name(bucket, key, request_id),
                "FlowDefinitionArn": flow_definition_arn,
            },
        )
    except rekognition.exceptions.HumanLoopQuotaExceededException:
        # Too many open human loops: moderate without review now, and retry the review later.
        response = rekognition.detect_moderation_labels(
            Image={"S3Object": {"Bucket": bucket, "Name": key}}, MinConfidence=min_confidence
        )
        response["reviewDeferred"] = True
    return dict(response)


def main() -> None:
    bucket, key = sys.argv[1], sys.argv[2]
    response = moderate(boto3.client("rekognition"), os.environ["FLOW_DEFINITION_ARN"], bucket, key)
    loop = response.get("HumanLoopActivationOutput", {}).get("HumanLoopArn")
    labels = (
        ", ".join(f"{label['Name']} {label['Confidence']:.0f}%" for label in response["ModerationLabels"]) or "none"
    )
    print(f"labels: {labels}")
    print(f"human review: {loop or 'not needed'}")


if __name__ == "__main__":
    main()
