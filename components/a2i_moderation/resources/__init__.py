"""The Pulumi components: one ComponentResource per AWS concept of the review workflow."""

from .bucket import ReviewBucket, ReviewBucketArgs
from .errors import ConfigRunError, reported_as_run_errors
from .flow_definition import REKOGNITION_MODERATION_SOURCE, ReviewFlowDefinition, ReviewFlowDefinitionArgs
from .input_buckets import InputBuckets, InputBucketsArgs
from .key import ReviewKey, ReviewKeyArgs
from .review import ImageModerationReview, ImageModerationReviewArgs
from .role import ExecutionRole, ExecutionRoleArgs
from .task_ui import WorkerTaskUi, WorkerTaskUiArgs
from .workteam import ReviewWorkteam, ReviewWorkteamArgs

__all__ = [
    "REKOGNITION_MODERATION_SOURCE",
    "ConfigRunError",
    "ExecutionRole",
    "ExecutionRoleArgs",
    "ImageModerationReview",
    "ImageModerationReviewArgs",
    "InputBuckets",
    "InputBucketsArgs",
    "ReviewBucket",
    "ReviewBucketArgs",
    "ReviewFlowDefinition",
    "ReviewFlowDefinitionArgs",
    "ReviewKey",
    "ReviewKeyArgs",
    "ReviewWorkteam",
    "ReviewWorkteamArgs",
    "WorkerTaskUi",
    "WorkerTaskUiArgs",
    "reported_as_run_errors",
]
