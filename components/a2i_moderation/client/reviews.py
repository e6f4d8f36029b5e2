"""read_review: the result of a finished human loop, from its event, its output or its name (boto3)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import boto3

from ..naming import MAX_NAME, NAME_PATTERN
from .parsing import (
    LoopState,
    Output,
    loop_state_from_description,
    loop_state_from_event,
    parse_output,
    review,
    review_from_output,
    split_s3_uri,
)
from .results import Review, ReviewNotFinishedError


def read_review(source: Mapping[str, Any] | str, *, s3: Any = None, a2i_runtime: Any = None) -> Review:
    """The Review of one finished human loop. `source` is any of:

    - a "SageMaker A2I HumanLoop Status Change" EventBridge event, as a dict or as JSON text (the body
      of the SQS message an EventBridge rule delivers);
    - the `s3://.../output.json` URI of a completed loop (its ARN and creation time are then unknown);
    - a human loop's name: DescribeHumanLoop gives its status and output.

    Completed loops' answers are read from S3 with `s3` (a boto3 client; the default session's when
    None), DescribeHumanLoop is called with `a2i_runtime` (a "sagemaker-a2i-runtime" client).

    Raises ValueError naming what is wrong when a document is malformed, ReviewNotFinishedError for a
    loop still in progress, and botocore's ClientError when AWS refuses a call (for example a missing
    object)."""
    if isinstance(source, Mapping):
        return _from_event(source, s3)
    if not isinstance(source, str):
        raise ValueError(f"source: expected an event (dict or JSON text), an s3:// URI or a loop name, got {source!r}")
    text = source.strip()
    if text.startswith("{"):
        try:
            event = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValueError(f"EventBridge event: not JSON ({error})") from None
        return _from_event(event, s3)
    if text.startswith("s3://"):
        return review_from_output(_read_output(text, s3), text)
    if len(text) <= MAX_NAME and NAME_PATTERN.fullmatch(text):
        return _from_name(text, s3, a2i_runtime)
    raise ValueError(
        f"source: {source[:80]!r} is neither an EventBridge event (JSON), an s3://.../output.json URI "
        "nor a human loop name"
    )


def _from_event(event: Any, s3: Any) -> Review:
    return _with_output(loop_state_from_event(event), s3)


def _from_name(name: str, s3: Any, a2i_runtime: Any) -> Review:
    runtime = a2i_runtime or boto3.client("sagemaker-a2i-runtime")
    state = loop_state_from_description(runtime.describe_human_loop(HumanLoopName=name))
    if isinstance(state, str):
        raise ReviewNotFinishedError(f"human loop {name} is {state}: no review yet")
    return _with_output(state, s3)


def _with_output(state: LoopState, s3: Any) -> Review:
    """Failed and stopped loops are reviews without answers; only a completed loop's output is read."""
    if state.status != "Completed" or state.output_uri is None:  # parsing requires a completed loop's URI
        return review(state, None)
    return review(state, _read_output(state.output_uri, s3))


def _read_output(uri: str, s3: Any) -> Output:
    bucket, key = split_s3_uri(uri, "output URI")
    body = (s3 or boto3.client("s3")).get_object(Bucket=bucket, Key=key)["Body"].read()
    try:
        document = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{uri}: not JSON ({error})") from None
    return parse_output(document, uri)
