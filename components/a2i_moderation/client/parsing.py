"""Reading AWS's documents into the client's values (pure: no boto3).

Shapes, from AWS's SageMaker developer guide: the DetectModerationLabels response (botocore's
rekognition model), the "SageMaker A2I HumanLoop Status Change" event (a2i-cloudwatch-events.md)
and the output.json A2I writes for a completed loop (a2i-output-data.md,
a2i-crowd-rekognition-detection.md). Anything missing or of the wrong type is a ValueError that
names the document and the field.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast, get_args

from ..status_events import DETAIL_TYPE as EVENT_DETAIL_TYPE
from ..status_events import SOURCE as EVENT_SOURCE
from .results import (
    Category,
    ModerationLabel,
    ModerationResult,
    Review,
    ReviewStatus,
    S3Image,
    WorkerAnswer,
)

#: The request source Rekognition's loops are keyed by in output.json's `answerContent`.
REKOGNITION_SOURCE = "AWS/Rekognition/DetectModerationLabels/Image/V3"
#: AWS's pages spell the answer's key both ways (a2i-output-data.md, a2i-crowd-rekognition-detection.md).
ANSWER_LABEL_KEYS = ("moderationLabels", "ModerationLabels")
#: TaskCount is 1 to 3 (CreateFlowDefinition), and output.json is written once every worker answered.
MAX_WORKERS = 3

_STATUSES: tuple[str, ...] = get_args(ReviewStatus)


# --- small checked readers ---------------------------------------------------------------------------


def _object(value: Any, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError(f"{where}: expected a JSON object, got {type(value).__name__}")
    return value


def _field(document: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in document or document[name] is None:
        raise ValueError(f"{where}: {name} is missing")
    return document[name]


def _text(document: Mapping[str, Any], name: str, where: str, *, required: bool = True) -> str | None:
    value = document.get(name)
    if value is None:
        if required:
            raise ValueError(f"{where}: {name} is missing")
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: {name} is {value!r}, expected a string")
    return value


def _required_text(document: Mapping[str, Any], name: str, where: str) -> str:
    value = _text(document, name, where)
    assert value is not None
    return value


def _list(value: Any, where: str) -> Sequence[Any]:
    if not isinstance(value, list):
        raise ValueError(f"{where}: expected a JSON array, got {type(value).__name__}")
    return value


def _number(document: Mapping[str, Any], name: str, where: str) -> float | None:
    value = document.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{where}: {name} is {value!r}, expected a number")
    return float(value)


def _time(document: Mapping[str, Any], name: str, where: str) -> datetime | None:
    """AWS's timestamps: `2020-12-28T18:59:58.321Z` in JSON, a datetime from botocore."""
    value = document.get(name)
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueError(f"{where}: {name} is {value!r}, expected a time such as 2020-12-28T18:59:58.321Z")


def split_s3_uri(uri: str, where: str = "S3 URI") -> tuple[str, str]:
    """`s3://bucket/key` -> (bucket, key)."""
    bucket, slash, key = uri.removeprefix("s3://").partition("/")
    if not uri.startswith("s3://") or not bucket or not slash or not key:
        raise ValueError(f"{where}: {uri!r} is not an s3://<bucket>/<key> URI")
    return bucket, key


def _walk(document: Any, path: Sequence[str], where: str) -> Mapping[str, Any]:
    """The object at `path` (keys) in `document`; `where` names the document in errors."""
    current = _object(document, where)
    for depth, name in enumerate(path):
        parent = ".".join(path[:depth])
        current = _object(
            _field(current, name, f"{where}: {parent}" if parent else where), f"{where}: {'.'.join(path[: depth + 1])}"
        )
    return current


# --- DetectModerationLabels --------------------------------------------------------------------------


def _label(entry: Any, where: str, *, name: str, confidence: str, parent: str, level: str) -> ModerationLabel:
    document = _object(entry, where)
    value = _number(document, confidence, where)
    if value is None:
        raise ValueError(f"{where}: {confidence} is missing")
    taxonomy_level = _number(document, level, where)
    return ModerationLabel(
        name=_required_text(document, name, where),
        confidence=value,
        parent_name=_text(document, parent, where, required=False) or "",
        taxonomy_level=None if taxonomy_level is None else int(taxonomy_level),
    )


def moderation_result(
    response: Mapping[str, Any], image: S3Image, human_loop_name: str | None, *, review_deferred: bool = False
) -> ModerationResult:
    """A DetectModerationLabels response as a ModerationResult. `human_loop_name` is the name the request
    proposed; the result keeps it only if A2I started the loop."""
    where = "DetectModerationLabels response"
    labels = tuple(
        _label(
            entry,
            f"{where}: ModerationLabels[{i}]",
            name="Name",
            confidence="Confidence",
            parent="ParentName",
            level="TaxonomyLevel",
        )
        for i, entry in enumerate(_list(response.get("ModerationLabels", []), f"{where}: ModerationLabels"))
    )
    activation = _object(response.get("HumanLoopActivationOutput", {}), f"{where}: HumanLoopActivationOutput")
    loop_arn = _text(activation, "HumanLoopArn", where, required=False)
    reasons = _list(activation.get("HumanLoopActivationReasons", []), f"{where}: HumanLoopActivationReasons")
    return ModerationResult(
        image=image,
        labels=labels,
        model_version=_text(response, "ModerationModelVersion", where, required=False),
        human_loop_started=loop_arn is not None,
        human_loop_name=human_loop_name if loop_arn is not None else None,
        human_loop_arn=loop_arn,
        activation_reasons=tuple(str(reason) for reason in reasons),
        activation_conditions_results=_evaluation_results(
            activation.get("HumanLoopActivationConditionsEvaluationResults")
        ),
        review_deferred=review_deferred,
    )


def _evaluation_results(value: Any) -> Mapping[str, Any] | None:
    """The model marks this string `jsonvalue`; botocore leaves it as JSON text in a JSON-protocol body."""
    where = "DetectModerationLabels response: HumanLoopActivationConditionsEvaluationResults"
    if value is None or isinstance(value, Mapping):
        return value
    try:
        return _object(json.loads(value), where)
    except (TypeError, json.JSONDecodeError) as error:
        raise ValueError(f"{where}: not JSON ({error})") from None


# --- the status-change event ------------------------------------------------------------------------


@dataclass(frozen=True)
class LoopState:
    """What an event or DescribeHumanLoop says about a finished loop, before its output is read."""

    name: str
    """humanLoopName."""
    arn: str | None
    """humanLoopArn; None when only output.json is known."""
    flow_definition_arn: str
    """flowDefinitionArn."""
    status: ReviewStatus
    """humanLoopStatus."""
    failure_code: str | None
    """failureCode, for a failed loop."""
    failure_reason: str | None
    """failureReason, for a failed loop."""
    creation_time: datetime | None
    """creationTime."""
    output_uri: str | None
    """humanLoopOutput.outputS3Uri: where a completed loop's output.json is."""


def _status(value: str, where: str) -> ReviewStatus:
    if value not in _STATUSES:
        raise ValueError(f"{where}: status {value!r} is not a finished loop's ({', '.join(_STATUSES)})")
    return cast("ReviewStatus", value)


def loop_state_from_event(event: Any) -> LoopState:
    """Read a "SageMaker A2I HumanLoop Status Change" EventBridge event."""
    where = "EventBridge event"
    event = _object(event, where)
    if event.get("source") != EVENT_SOURCE or event.get("detail-type") != EVENT_DETAIL_TYPE:
        raise ValueError(
            f"{where}: not an A2I status change (source {event.get('source')!r}, detail-type "
            f"{event.get('detail-type')!r}; expected {EVENT_SOURCE!r}, {EVENT_DETAIL_TYPE!r})"
        )
    detail = _object(_field(event, "detail", where), f"{where}: detail")
    where = f"{where}: detail"
    status = _status(_required_text(detail, "humanLoopStatus", where), where)
    output = detail.get("humanLoopOutput") or {}
    output_uri = _text(
        _object(output, f"{where}.humanLoopOutput"),
        "outputS3Uri",
        f"{where}.humanLoopOutput",
        required=status == "Completed",
    )
    return LoopState(
        name=_required_text(detail, "humanLoopName", where),
        arn=_required_text(detail, "humanLoopArn", where),
        flow_definition_arn=_required_text(detail, "flowDefinitionArn", where),
        status=status,
        failure_code=_text(detail, "failureCode", where, required=False),
        failure_reason=_text(detail, "failureReason", where, required=False),
        creation_time=_time(detail, "creationTime", where),
        output_uri=output_uri,
    )


def loop_state_from_description(response: Mapping[str, Any]) -> LoopState | str:
    """Read a DescribeHumanLoop response; a loop still running gives its status (a str) instead."""
    where = "DescribeHumanLoop response"
    status = _required_text(response, "HumanLoopStatus", where)
    if status not in _STATUSES:
        return status
    output = _object(response.get("HumanLoopOutput") or {}, f"{where}: HumanLoopOutput")
    return LoopState(
        name=_required_text(response, "HumanLoopName", where),
        arn=_required_text(response, "HumanLoopArn", where),
        flow_definition_arn=_required_text(response, "FlowDefinitionArn", where),
        status=_status(status, where),
        failure_code=_text(response, "FailureCode", where, required=False),
        failure_reason=_text(response, "FailureReason", where, required=False),
        creation_time=_time(response, "CreationTime", where),
        output_uri=_text(output, "OutputS3Uri", f"{where}: HumanLoopOutput", required=status == "Completed"),
    )


# --- output.json ----------------------------------------------------------------------------------


def _category(entry: Any, where: str) -> Category:
    """A selected category: the full object of a category given as an object (our template passes the
    model's labels), or the string itself for categories given as strings (crowd element's docs)."""
    if isinstance(entry, str):
        return Category(entry, "")
    document = _object(entry, where)
    return Category(_required_text(document, "name", where), _text(document, "parentName", where, required=False) or "")


def _selected(answer_content: Mapping[str, Any], where: str) -> tuple[Category, ...]:
    """The categories in one answer. "None of these apply" is an empty array, an absent key, or no entry
    for the request source at all: AWS's pages show each."""
    if REKOGNITION_SOURCE not in answer_content:
        if answer_content:
            found = ", ".join(sorted(map(repr, answer_content)))
            raise ValueError(
                f"{where}: has {found} but no {REKOGNITION_SOURCE!r} (not a Rekognition moderation answer)"
            )
        return ()
    where = f"{where}[{REKOGNITION_SOURCE!r}]"
    answer = _object(answer_content[REKOGNITION_SOURCE], where)
    present = [key for key in ANSWER_LABEL_KEYS if answer.get(key) is not None]
    if len(present) > 1:
        raise ValueError(f"{where}: both {ANSWER_LABEL_KEYS[0]} and {ANSWER_LABEL_KEYS[1]} are present")
    if not present:
        return ()
    key = present[0]
    entries = _list(answer[key], f"{where}.{key}")
    categories = (_category(entry, f"{where}.{key}[{i}]") for i, entry in enumerate(entries))
    return tuple(dict.fromkeys(categories))  # a category selected once counts once


def _worker_answer(entry: Any, where: str) -> WorkerAnswer:
    document = _object(entry, where)
    identity = _object(
        _object(document.get("workerMetadata") or {}, f"{where}.workerMetadata").get("identityData") or {},
        f"{where}.workerMetadata.identityData",
    )
    content = _object(_field(document, "answerContent", where), f"{where}.answerContent")
    return WorkerAnswer(
        worker_id=_required_text(document, "workerId", where),
        identity_sub=_text(identity, "sub", f"{where}.workerMetadata.identityData", required=False),
        identity_provider=_text(
            identity, "identityProviderType", f"{where}.workerMetadata.identityData", required=False
        ),
        categories=_selected(content, f"{where}.answerContent"),
        acceptance_time=_time(document, "acceptanceTime", where),
        submission_time=_time(document, "submissionTime", where),
        seconds_spent=_number(document, "timeSpentInSeconds", where),
    )


def consensus(answers: Sequence[WorkerAnswer]) -> tuple[tuple[Category, ...], bool]:
    """The categories more than half of the workers selected (in order of first selection), and whether
    every worker selected the same ones."""
    votes: dict[Category, int] = {}
    for answer in answers:
        for category in answer.categories:
            votes[category] = votes.get(category, 0) + 1
    majority = tuple(category for category, count in votes.items() if 2 * count > len(answers))
    unanimous = bool(answers) and len({frozenset(answer.categories) for answer in answers}) == 1
    return majority, unanimous


@dataclass(frozen=True)
class Output:
    """The parts of output.json a Review is made of."""

    human_loop_name: str
    """humanLoopName."""
    flow_definition_arn: str
    """flowDefinitionArn."""
    image: S3Image
    """inputContent.aiServiceRequest.image.s3Object."""
    model_labels: tuple[ModerationLabel, ...]
    """inputContent.selectedAiServiceResponse.moderationLabels."""
    answers: tuple[WorkerAnswer, ...]
    """humanAnswers."""


def parse_output(document: Any, where: str = "output.json") -> Output:
    """Read the output.json of a completed Rekognition moderation loop."""
    document = _object(document, where)
    image_where = f"{where}: inputContent.aiServiceRequest.image.s3Object"
    s3_object = _walk(document, ("inputContent", "aiServiceRequest", "image", "s3Object"), where)
    image = S3Image(
        _required_text(s3_object, "bucket", image_where),
        _required_text(s3_object, "name", image_where),
        _text(s3_object, "version", image_where, required=False),
    )
    selected_where = f"{where}: inputContent.selectedAiServiceResponse"
    selected = _walk(document, ("inputContent", "selectedAiServiceResponse"), where)
    model_labels = tuple(
        _label(
            entry,
            f"{selected_where}.moderationLabels[{i}]",
            name="name",
            confidence="confidence",
            parent="parentName",
            level="taxonomyLevel",
        )
        for i, entry in enumerate(_list(selected.get("moderationLabels", []), f"{selected_where}.moderationLabels"))
    )
    answers = _list(_field(document, "humanAnswers", where), f"{where}: humanAnswers")
    if not 1 <= len(answers) <= MAX_WORKERS:
        raise ValueError(f"{where}: humanAnswers has {len(answers)} answers; a completed loop has 1 to {MAX_WORKERS}")
    return Output(
        human_loop_name=_required_text(document, "humanLoopName", where),
        flow_definition_arn=_required_text(document, "flowDefinitionArn", where),
        image=image,
        model_labels=model_labels,
        answers=tuple(_worker_answer(entry, f"{where}: humanAnswers[{i}]") for i, entry in enumerate(answers)),
    )


def review(state: LoopState, output: Output | None) -> Review:
    """A Review from what a loop's event (or description) says and, for a completed loop, its output."""
    if output is not None:
        for name, said, written in (
            ("humanLoopName", state.name, output.human_loop_name),
            ("flowDefinitionArn", state.flow_definition_arn, output.flow_definition_arn),
        ):
            if said != written:
                raise ValueError(f"{state.output_uri}: {name} {written!r} does not match the loop's {said!r}")
    answers = output.answers if output else ()
    agreed, unanimous = consensus(answers)
    return Review(
        human_loop_name=state.name,
        human_loop_arn=state.arn,
        flow_definition_arn=state.flow_definition_arn,
        status=state.status,
        failure_code=state.failure_code,
        failure_reason=state.failure_reason,
        creation_time=state.creation_time,
        output_uri=state.output_uri,
        image=output.image if output else None,
        model_labels=output.model_labels if output else (),
        answers=answers,
        consensus=agreed,
        unanimous=unanimous,
    )


def review_from_output(output: Output, output_uri: str) -> Review:
    """A Review from output.json alone: a completed loop whose ARN and creation time are not known."""
    state = LoopState(
        output.human_loop_name, None, output.flow_definition_arn, "Completed", None, None, None, output_uri
    )
    return review(state, output)
