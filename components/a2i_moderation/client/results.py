"""What the client returns and raises: frozen values with no AWS SDK behind them (pure: no boto3)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from urllib.parse import quote

#: HumanLoopDataAttributes.ContentClassifiers (botocore's rekognition model).
ContentClassifier = Literal["FreeOfPersonallyIdentifiableInformation", "FreeOfAdultContent"]

#: The statuses a "SageMaker A2I HumanLoop Status Change" event reports (a2i-cloudwatch-events.md).
ReviewStatus = Literal["Completed", "Failed", "Stopped"]


@dataclass(frozen=True)
class S3Image:
    """An image in S3, as DetectModerationLabels reads it (`Image.S3Object`)."""

    bucket: str
    """Name of the bucket."""
    key: str
    """Object key."""
    version: str | None = None
    """Object version, for a versioned bucket; None for the current version."""

    @property
    def uri(self) -> str:
        """`s3://<bucket>/<key>`, the key percent-encoded as in a URL (spaces become %20): one token."""
        return f"s3://{self.bucket}/{quote(self.key, safe='/')}"


@dataclass(frozen=True)
class ModerationLabel:
    """One label from Rekognition's moderation model."""

    name: str
    """The label, for example "Explicit Nudity"."""
    confidence: float
    """Rekognition's confidence in the label, 0 to 100."""
    parent_name: str
    """The label one level up in the taxonomy; "" for a top-level label."""
    taxonomy_level: int | None = None
    """1 to 3 in the current three-level taxonomy; None when the response has no level."""


@dataclass(frozen=True)
class ModerationResult:
    """The outcome of one `ModerationClient.moderate` call."""

    image: S3Image
    """The image that was moderated."""
    labels: tuple[ModerationLabel, ...]
    """The model's labels at or above the client's minimum confidence."""
    model_version: str | None
    """ModerationModelVersion, for example "7.0"."""
    human_loop_started: bool
    """Whether A2I started a human loop (the activation conditions held)."""
    human_loop_name: str | None
    """Name of the loop that was started; None when none was."""
    human_loop_arn: str | None
    """ARN of the loop that was started, `arn:aws:sagemaker:<region>:<account>:human-loop/<name>`;
    None when none was."""
    activation_reasons: tuple[str, ...]
    """HumanLoopActivationReasons, for example ("ConditionsEvaluation",); empty when A2I gave none."""
    activation_conditions_results: Mapping[str, Any] | None
    """HumanLoopActivationConditionsEvaluationResults, parsed from its JSON text; None when absent."""
    review_deferred: bool = False
    """True when the human loop quota was reached and the image was moderated without review: the
    caller should send it for review again later."""


@dataclass(frozen=True)
class Category:
    """A moderation category a worker selected."""

    name: str
    """The category (a moderation label's name)."""
    parent_name: str
    """Its parent in the taxonomy; "" for a top-level category or when the answer gives none."""


@dataclass(frozen=True)
class WorkerAnswer:
    """One worker's answer in output.json's `humanAnswers`."""

    worker_id: str
    """`workerId`: unique to each worker."""
    identity_sub: str | None
    """`workerMetadata.identityData.sub`: the worker's user ID in the private workforce's Cognito
    user pool (or OIDC identity provider); None when the output has no worker metadata."""
    identity_provider: str | None
    """`workerMetadata.identityData.identityProviderType`: "Cognito" or "Oidc"; None when absent."""
    categories: tuple[Category, ...]
    """The categories the worker selected; empty for "None of these apply"."""
    acceptance_time: datetime | None
    """When the worker accepted the task (UTC); None when the output does not say."""
    submission_time: datetime | None
    """When the worker submitted the answer (UTC); None when the output does not say."""
    seconds_spent: float | None
    """`timeSpentInSeconds`: time the worker actively spent on the task; None when absent."""


@dataclass(frozen=True)
class Review:
    """A finished human loop: its status and, when it completed, the workers' answers."""

    human_loop_name: str
    """Name of the human loop."""
    human_loop_arn: str | None
    """ARN of the human loop; None when read from output.json alone (the file does not hold it)."""
    flow_definition_arn: str
    """ARN of the flow definition that started the loop."""
    status: ReviewStatus
    """Completed, Failed or Stopped. Failed and stopped loops have no answers."""
    failure_code: str | None
    """Why a failed loop failed, as a code (for example "Expired"); None otherwise."""
    failure_reason: str | None
    """Why a failed loop failed, in words; None otherwise."""
    creation_time: datetime | None
    """When A2I created the loop (UTC); None when read from output.json alone."""
    output_uri: str | None
    """`s3://.../output.json` with the answers; None for a loop without output."""
    image: S3Image | None
    """The reviewed image; None for a failed or stopped loop (only the output names the image)."""
    model_labels: tuple[ModerationLabel, ...]
    """`selectedAiServiceResponse.moderationLabels`: the model's labels that were shown to workers."""
    answers: tuple[WorkerAnswer, ...]
    """One answer per worker (1 to 3 for a completed loop), in the output's order."""
    consensus: tuple[Category, ...]
    """The categories more than half of the workers selected; empty when the majority chose none."""
    unanimous: bool
    """True when every worker selected the same categories; False without answers."""


class HumanLoopQuotaExceeded(Exception):  # noqa: N818  # named after AWS's HumanLoopQuotaExceededException
    """DetectModerationLabels refused to start a human loop: the flow definition has as many loops in
    progress as A2I allows (HumanLoopQuotaExceededException; 5,000 per flow definition for private
    workteams by AWS's published quotas)."""

    def __init__(
        self, image: S3Image, flow_definition_arn: str, quota_code: str | None = None, service_code: str | None = None
    ) -> None:
        self.image = image
        """The image that was not sent for review."""
        self.flow_definition_arn = flow_definition_arn
        """The flow definition whose loops are exhausted."""
        self.quota_code = quota_code
        """`QuotaCode` from AWS's error (for Service Quotas), when it gave one."""
        self.service_code = service_code
        """`ServiceCode` from AWS's error, when it gave one."""
        super().__init__(
            f"{image.uri}: not sent for review, the flow definition {flow_definition_arn} has as many human "
            "loops in progress as A2I allows (HumanLoopQuotaExceededException); moderate it again later"
        )


class ReviewNotFinishedError(ValueError):
    """`read_review` was given a human loop that is still InProgress or Stopping: there is no result yet."""
