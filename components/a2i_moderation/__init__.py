"""a2i-moderation: Pulumi components for Amazon A2I human review of Rekognition moderation labels.

    from a2i_moderation import ImageModerationReview

Each concept is also usable alone (ReviewKey, ReviewBucket, ExecutionRole, InputBuckets,
WorkerTaskUi, ReviewWorkteam, ReviewFlowDefinition, FlowDefinitionArnParameter, CallerPolicy,
ReviewResultsQueue, ResultsProcessorPolicy).

The package has four parts:

- ``a2i_moderation.resources``: the Pulumi components, one per AWS concept;
- pure logic with no Pulumi import: ``conditions`` (activation conditions), ``settings`` (every
  setting declared once, validated once), ``policies``, ``status_events``, ``naming`` and
  ``task_template``;
- ``a2i_moderation.client``: for application code (boto3, the ``client`` extra): moderate images
  with human review, read what the reviewers decided;
- ``a2i_moderation.tooling``: the ``a2i-moderation`` command (offline preview, simulation, plot),
  installed with the ``cli`` and ``plot`` extras.

The components are imported on first use, so ``import a2i_moderation.conditions`` and
``import a2i_moderation.settings`` load no Pulumi module.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .errors import ConfigError

__version__ = "0.2.0"

if TYPE_CHECKING:
    from .resources import (
        REKOGNITION_MODERATION_SOURCE,
        CallerPolicy,
        CallerPolicyArgs,
        ConfigRunError,
        ExecutionRole,
        ExecutionRoleArgs,
        FlowDefinitionArnParameter,
        FlowDefinitionArnParameterArgs,
        ImageModerationReview,
        ImageModerationReviewArgs,
        InputBuckets,
        InputBucketsArgs,
        ResultsProcessorPolicy,
        ResultsProcessorPolicyArgs,
        ReviewBucket,
        ReviewBucketArgs,
        ReviewFlowDefinition,
        ReviewFlowDefinitionArgs,
        ReviewKey,
        ReviewKeyArgs,
        ReviewResultsQueue,
        ReviewResultsQueueArgs,
        ReviewWorkteam,
        ReviewWorkteamArgs,
        WorkerTaskUi,
        WorkerTaskUiArgs,
        reported_as_run_errors,
    )
    from .task_template import default_template

__all__ = [
    "REKOGNITION_MODERATION_SOURCE",
    "CallerPolicy",
    "CallerPolicyArgs",
    "ConfigError",
    "ConfigRunError",
    "ExecutionRole",
    "ExecutionRoleArgs",
    "FlowDefinitionArnParameter",
    "FlowDefinitionArnParameterArgs",
    "ImageModerationReview",
    "ImageModerationReviewArgs",
    "InputBuckets",
    "InputBucketsArgs",
    "ResultsProcessorPolicy",
    "ResultsProcessorPolicyArgs",
    "ReviewBucket",
    "ReviewBucketArgs",
    "ReviewFlowDefinition",
    "ReviewFlowDefinitionArgs",
    "ReviewKey",
    "ReviewKeyArgs",
    "ReviewResultsQueue",
    "ReviewResultsQueueArgs",
    "ReviewWorkteam",
    "ReviewWorkteamArgs",
    "WorkerTaskUi",
    "WorkerTaskUiArgs",
    "__version__",
    "default_template",
    "reported_as_run_errors",
]

#: Names served lazily, and the module that holds each.
_LAZY = {
    name: ".task_template" if name == "default_template" else ".resources"
    for name in __all__
    if name not in ("ConfigError", "__version__")
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
