"""ModerationClient: DetectModerationLabels with A2I human review, for application code (boto3)."""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Literal, get_args

import boto3
from botocore.exceptions import ClientError

from ..naming import human_loop_name
from .parsing import moderation_result
from .results import ContentClassifier, HumanLoopQuotaExceeded, ModerationResult, S3Image

#: DetectModerationLabels' errors that mean "slow down" (botocore's rekognition model lists both).
THROTTLING_ERRORS = frozenset({"ThrottlingException", "ProvisionedThroughputExceededException"})
QUOTA_ERROR = "HumanLoopQuotaExceededException"
#: Also in DetectModerationLabels' model errors: the flow definition named in HumanLoopConfig is gone
#: (replaced by a deployment) or never existed.
GONE_ERROR = "ResourceNotFoundException"
#: FlowDefinitionArn (botocore's sagemaker-a2i-runtime model), anchored.
FLOW_DEFINITION_ARN = re.compile(r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:flow-definition/.+")

_CLASSIFIERS: tuple[str, ...] = get_args(ContentClassifier)


def _error_code(error: ClientError) -> str:
    return str(error.response.get("Error", {}).get("Code", ""))


class ModerationClient:
    """Moderate images in S3 with Rekognition; A2I starts a human loop when the flow definition's
    activation conditions hold.

        client = ModerationClient(parameter_name="/a2i-moderation/moderation/flow-definition-arn")
        result = client.moderate("acme-uploads", "photos/1.jpg", request_id=upload_id)

    The flow definition is named by its ARN, or by the SSM parameter the stack keeps it in. An ARN read
    from the parameter is cached (for `parameter_max_age` seconds, or until it fails) and read again
    when DetectModerationLabels says the flow definition is gone: a deployment that replaces the flow
    definition then needs no restart of the application.

    Throttling is retried up to `max_attempts` calls in all, after a delay that doubles from
    `base_delay` (up to `max_delay`) with random jitter. botocore's own retries (its retry mode) come
    first, inside each of those calls.
    """

    def __init__(
        self,
        *,
        flow_definition_arn: str | None = None,
        parameter_name: str | None = None,
        min_confidence: float = 50,
        content_classifiers: Sequence[ContentClassifier] = (),
        on_quota_exceeded: Literal["raise", "continue"] = "raise",
        rekognition: Any = None,
        ssm: Any = None,
        session: Any = None,
        parameter_max_age: float | None = None,
        max_attempts: int = 5,
        base_delay: float = 0.5,
        max_delay: float = 20.0,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """
        flow_definition_arn: the flow definition's ARN; or
        parameter_name: the SSM parameter (String) holding it. Exactly one of the two.
        min_confidence: MinConfidence, 0 to 100; the activation conditions only see labels at or above it.
        content_classifiers: HumanLoopConfig.DataAttributes.ContentClassifiers to declare for every image.
        on_quota_exceeded: "raise" HumanLoopQuotaExceeded, or "continue": moderate without review and
            return the result with `review_deferred=True`.
        rekognition, ssm: boto3 clients to use; or
        session: a boto3 Session to make them from (the default session when neither is given).
        parameter_max_age: seconds an ARN read from the parameter is used before it is read again;
            None: until DetectModerationLabels reports the flow definition gone.
        max_attempts, base_delay, max_delay: retries of throttled calls (seconds).
        sleep, clock: time.sleep and time.monotonic, replaceable in tests.
        """
        if (flow_definition_arn is None) == (parameter_name is None):
            raise ValueError("ModerationClient: give exactly one of flow_definition_arn and parameter_name")
        if flow_definition_arn is not None and not FLOW_DEFINITION_ARN.fullmatch(flow_definition_arn):
            raise ValueError(f"flow_definition_arn: {flow_definition_arn!r} is not a flow definition ARN")
        if session is not None and (rekognition is not None or ssm is not None):
            raise ValueError("ModerationClient: give boto3 clients or a session to make them from, not both")
        if not 0 <= min_confidence <= 100:
            raise ValueError(f"min_confidence: {min_confidence} is not allowed (0 to 100)")
        for classifier in content_classifiers:
            if classifier not in _CLASSIFIERS:
                raise ValueError(f"content_classifiers: {classifier!r} is not one of {', '.join(_CLASSIFIERS)}")
        if on_quota_exceeded not in ("raise", "continue"):
            raise ValueError(f"on_quota_exceeded: {on_quota_exceeded!r} is not 'raise' or 'continue'")
        if max_attempts < 1:
            raise ValueError(f"max_attempts: {max_attempts} is not allowed (at least 1)")
        if parameter_max_age is not None and parameter_max_age < 0:
            raise ValueError(f"parameter_max_age: {parameter_max_age} is not allowed (0 or more seconds)")

        self._parameter_name = parameter_name
        self._arn = flow_definition_arn
        self._arn_read_at = 0.0
        self._min_confidence = min_confidence
        self._classifiers = list(content_classifiers)
        self._on_quota_exceeded = on_quota_exceeded
        self._parameter_max_age = parameter_max_age
        self._max_attempts = max_attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._sleep = sleep
        self._clock = clock
        if rekognition is None or (parameter_name is not None and ssm is None):
            session = session or boto3.Session()
        self._rekognition = rekognition or session.client("rekognition")
        self._ssm = None if parameter_name is None else ssm or session.client("ssm")

    @property
    def flow_definition_arn(self) -> str:
        """The flow definition the next review goes to: the given ARN, or the parameter's (cached)."""
        if self._arn is None or self._parameter_expired():
            return self._read_parameter()
        return self._arn

    def moderate(
        self, bucket: str, key: str, *, version: str | None = None, request_id: str | None = None
    ) -> ModerationResult:
        """DetectModerationLabels on s3://<bucket>/<key> with a human loop named for this request
        (`naming.human_loop_name`: give `request_id`, unique per request, to make it traceable).

        Raises HumanLoopQuotaExceeded (with on_quota_exceeded="raise"), botocore's ClientError for
        anything else AWS refuses, and ValueError if the parameter does not hold a flow definition ARN."""
        image = S3Image(bucket, key, version)
        loop_name = human_loop_name(bucket, key, request_id)
        try:
            return self._moderate_with_review(image, loop_name)
        except HumanLoopQuotaExceeded:
            if self._on_quota_exceeded == "raise":
                raise
        return moderation_result(self._call(self._request(image)), image, None, review_deferred=True)

    def _moderate_with_review(self, image: S3Image, loop_name: str) -> ModerationResult:
        arn = self.flow_definition_arn
        try:
            return self._detect(image, loop_name, arn)
        except ClientError as error:
            if _error_code(error) != GONE_ERROR or self._parameter_name is None:
                raise
            fresh = self._read_parameter()
            if fresh == arn:  # the parameter still names the missing flow definition
                raise
        return self._detect(image, loop_name, fresh)

    def _detect(self, image: S3Image, loop_name: str, arn: str) -> ModerationResult:
        loop: dict[str, Any] = {"HumanLoopName": loop_name, "FlowDefinitionArn": arn}
        if self._classifiers:
            loop["DataAttributes"] = {"ContentClassifiers": self._classifiers}
        try:
            response = self._call(self._request(image, loop))
        except ClientError as error:
            if _error_code(error) != QUOTA_ERROR:
                raise
            raise HumanLoopQuotaExceeded(
                image, arn, error.response.get("QuotaCode"), error.response.get("ServiceCode")
            ) from error
        return moderation_result(response, image, loop_name)

    def _request(self, image: S3Image, loop: Mapping[str, Any] | None = None) -> dict[str, Any]:
        s3_object = {"Bucket": image.bucket, "Name": image.key}
        if image.version is not None:
            s3_object["Version"] = image.version
        request: dict[str, Any] = {"Image": {"S3Object": s3_object}, "MinConfidence": self._min_confidence}
        if loop is not None:
            request["HumanLoopConfig"] = loop
        return request

    def _call(self, request: Mapping[str, Any]) -> Mapping[str, Any]:
        attempt = 1
        while True:
            try:
                response: Mapping[str, Any] = self._rekognition.detect_moderation_labels(**request)
                return response
            except ClientError as error:
                if _error_code(error) not in THROTTLING_ERRORS or attempt >= self._max_attempts:
                    raise
            self._sleep(self._delay(attempt))
            attempt += 1

    def _delay(self, attempt: int) -> float:
        """Between half and all of an exponential ceiling ("equal jitter"): callers throttled together
        spread out, and each retry still waits longer than the one before."""
        ceiling = min(self._max_delay, self._base_delay * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311  # spreading retries, not secrecy

    def _parameter_expired(self) -> bool:
        age = self._parameter_max_age
        return self._parameter_name is not None and age is not None and self._clock() - self._arn_read_at >= age

    def _read_parameter(self) -> str:
        assert self._parameter_name is not None
        assert self._ssm is not None
        value = self._ssm.get_parameter(Name=self._parameter_name)["Parameter"]["Value"]
        if not isinstance(value, str) or not FLOW_DEFINITION_ARN.fullmatch(value):
            raise ValueError(f"SSM parameter {self._parameter_name}: {value!r} is not a flow definition ARN")
        self._arn, self._arn_read_at = value, self._clock()
        return value
