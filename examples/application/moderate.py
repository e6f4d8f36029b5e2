"""How an application sends an image to Rekognition with human review.

    FLOW_DEFINITION_ARN=$(pulumi stack output flowDefinitionArn) python moderate.py <bucket> <key>

The ARN changes whenever the flow definition is replaced (any change to its settings), so read it
from the stack output at deploy time (environment, SSM parameter, or a StackReference) rather than
hard-coding it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import Any

import boto3


def human_loop_name(bucket: str, key: str) -> str:
    """A name unique per image: lower case, digits and hyphens, at most 63 characters."""
    return "img-" + hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()[:40]


def moderate(
    rekognition: Any, flow_definition_arn: str, bucket: str, key: str, min_confidence: float = 50
) -> dict[str, Any]:
    """DetectModerationLabels with HumanLoopConfig; A2I opens a human loop when the conditions hold."""
    try:
        response = rekognition.detect_moderation_labels(
            Image={"S3Object": {"Bucket": bucket, "Name": key}},
            MinConfidence=min_confidence,
            HumanLoopConfig={"HumanLoopName": human_loop_name(bucket, key), "FlowDefinitionArn": flow_definition_arn},
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
