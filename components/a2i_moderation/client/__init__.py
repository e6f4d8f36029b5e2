"""a2i_moderation.client: application code's side of the review workflow (install the ``client`` extra).

    from a2i_moderation.client import ModerationClient, read_review

- ``ModerationClient``: DetectModerationLabels with a human loop, the flow definition named by its
  ARN or by the SSM parameter the stack keeps it in;
- ``read_review``: a finished loop's status, workers' answers and their consensus, from the
  EventBridge status-change event, the output.json URI or the loop's name.

``results`` and ``parsing`` are pure (no boto3); ``ModerationClient`` and ``read_review`` load boto3
when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .results import (
    Category,
    ContentClassifier,
    HumanLoopQuotaExceeded,
    ModerationLabel,
    ModerationResult,
    Review,
    ReviewNotFinishedError,
    ReviewStatus,
    S3Image,
    WorkerAnswer,
)

if TYPE_CHECKING:
    from .moderate import ModerationClient
    from .reviews import read_review

__all__ = [
    "Category",
    "ContentClassifier",
    "HumanLoopQuotaExceeded",
    "ModerationClient",
    "ModerationLabel",
    "ModerationResult",
    "Review",
    "ReviewNotFinishedError",
    "ReviewStatus",
    "S3Image",
    "WorkerAnswer",
    "read_review",
]

#: Names served lazily (they import boto3), and the module that holds each.
_LAZY = {"ModerationClient": ".moderate", "read_review": ".reviews"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
