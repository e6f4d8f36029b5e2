"""a2i-moderation: Pulumi components for Amazon A2I human review of Rekognition moderation labels.

    from a2i_moderation import ImageModerationReview

Each concept is also usable alone (ReviewKey, ReviewBucket, ExecutionRole, InputBuckets,
WorkerTaskUi, ReviewWorkteam, ReviewFlowDefinition).
"""

from .bucket import ReviewBucket, ReviewBucketArgs
from .errors import ConfigError
from .flow import REKOGNITION_MODERATION_SOURCE, ReviewFlowDefinition, ReviewFlowDefinitionArgs
from .inputs import InputBuckets, InputBucketsArgs
from .key import ReviewKey, ReviewKeyArgs
from .review import ImageModerationReview, ImageModerationReviewArgs
from .role import ExecutionRole, ExecutionRoleArgs
from .task_ui import WorkerTaskUi, WorkerTaskUiArgs
from .template import default_template
from .workteam import ReviewWorkteam, ReviewWorkteamArgs

__all__ = [
    "REKOGNITION_MODERATION_SOURCE",
    "ConfigError",
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
    "default_template",
]
