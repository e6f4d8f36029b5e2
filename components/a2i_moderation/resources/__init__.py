"""The Pulumi components: one ComponentResource per AWS concept of the review workflow."""

from .application_policies import CallerPolicy, CallerPolicyArgs, ResultsProcessorPolicy, ResultsProcessorPolicyArgs
from .arn_parameter import FlowDefinitionArnParameter, FlowDefinitionArnParameterArgs
from .bucket import ReviewBucket, ReviewBucketArgs
from .errors import ConfigRunError, reported_as_run_errors
from .flow_definition import REKOGNITION_MODERATION_SOURCE, ReviewFlowDefinition, ReviewFlowDefinitionArgs
from .input_buckets import InputBuckets, InputBucketsArgs
from .key import ReviewKey, ReviewKeyArgs
from .results_queue import ReviewResultsQueue, ReviewResultsQueueArgs
from .review import ImageModerationReview, ImageModerationReviewArgs
from .role import ExecutionRole, ExecutionRoleArgs
from .task_ui import WorkerTaskUi, WorkerTaskUiArgs
from .workteam import ReviewWorkteam, ReviewWorkteamArgs

__all__ = [
    "REKOGNITION_MODERATION_SOURCE",
    "CallerPolicy",
    "CallerPolicyArgs",
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
    "reported_as_run_errors",
]
