"""Every setting of a review workflow, declared once (pure).

Each declaration carries the component argument, the path in ``Pulumi.<stack>.yaml``, the check,
the default and a one-line meaning. Everything else derives from this table: the stack-config
mapping, the names in error messages, the defaults, the bring-your-own rules and the README's
settings table (``tools/update_readme.py`` writes it; a test fails when they disagree).

Why a table of our own rather than a validation library: the messages must name the setting as
the user wrote it (argument or config path), the bad value and what AWS allows, and values may be
Pulumi Outputs that are checked later; a small table does that in a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import regex

from ..conditions import DEFAULT_MIN_CONFIDENCE
from .checks import Boolean, Check, Choice, Cidr, Integer, Number, S3Prefix, Tags, Text, TextList
from .documents import ActivationConditions, TaskTemplate


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: The default of a setting that must be given.
REQUIRED: Any = _Required()


@dataclass(frozen=True)
class Part:
    """A part of the workflow that is created unless an existing one is given."""

    existing: str
    """The argument that brings an existing one."""
    meaning: str
    """What it is, in words: "output bucket"."""


@dataclass(frozen=True)
class Setting:
    arg: str
    """ImageModerationReview's argument."""
    config: str
    """Where it lives in Pulumi.<stack>.yaml, under the project namespace: "humanLoop.taskCount"."""
    check: Check
    meaning: str
    """One line for the README."""
    default: Any = None
    """The value when omitted: REQUIRED, None (absent: see default_text), or a value."""
    default_text: str = ""
    """How a default that is not a value reads in the README: "created", "never"."""
    part: Part | None = None
    """Set only when this part is created: giving it with an existing one is an error."""
    config_file: bool = False
    """In stack config, a file path (relative to the project) whose content is the value."""
    item_per_resource: bool = False
    """A list whose every item is a resource of its own: it stays a list, Outputs inside included
    (not one Output), so that each item can be registered now."""

    @property
    def required(self) -> bool:
        return self.default is REQUIRED


# Patterns and lengths from botocore's sagemaker model (service-2.json), unless noted.
TITLE = regex.compile(r"[\t\n\r -\uD7FF\uE000-\uFFFD]*")
KEYWORD = regex.compile(r"[A-Za-z0-9]+( [A-Za-z0-9]+)*")
WORKTEAM_ARN = regex.compile(r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]*:[0-9]{12}:workteam/.*")
TASK_UI_ARN = regex.compile(r"arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]+:[0-9]{12}:human-task-ui/.*")
ROLE_ARN = regex.compile(r"arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+")
USER_POOL = regex.compile(r"[\w-]+_[0-9a-zA-Z]+")
CLIENT_ID = regex.compile(r"[ -~]+")
USER_GROUP = regex.compile(r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+")
TOPIC_ARN = regex.compile(r"arn:aws[a-z\-]*:sns:[a-z0-9\-]*:[0-9]{12}:[a-zA-Z0-9_.-]*")
FLOW_PREFIX = regex.compile(r"[a-z0-9](-*[a-z0-9])*")
# pulumi-aws validates OutputConfig.KmsKeyId as an ARN; A2I needs the key, not an alias.
KMS_KEY_ARN = regex.compile(r"arn:aws[a-z\-]*:kms:[a-z0-9\-]+:\d{12}:key/[a-zA-Z0-9\-]+")
# S3 bucket naming rules (general purpose buckets): 3-63 characters, lower case, digits, dots, hyphens.
# SSM parameter names (SSM's PutParameter naming constraints): letters, digits and _.- , "/" between
# levels (at most 15), not starting with "aws" or "ssm" in any case.
SSM_PARAMETER_NAME = regex.compile(r"(?!/?(?i:aws|ssm))(?:(?:/[A-Za-z0-9_.\-]+){1,15}|[A-Za-z0-9_.\-]+)")
BUCKET = regex.compile(r"[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]")
PREFIX = regex.compile(r"[A-Za-z0-9!_.*'()/\-]*")

#: FlowDefinitionName: 63 characters, less "-" and the 8-character hash.
MAX_FLOW_PREFIX = 54
#: pulumi-aws FlowDefinition: availability 1..864000 s; the Terraform provider beneath it caps the
#: time limit at 28800 s (flow_definition.go, IntBetween(30, 28800)).
LIFETIME_RANGE = (1, 864_000)
TIME_LIMIT_RANGE = (30, 28_800)
#: SSM caps a parameter's whole ARN at 1,011 characters; this leaves room for any region and account.
MAX_SSM_PARAMETER_NAME = 950
#: AWS allows 50 tags per resource; a2i-moderation:workflow is ours.
MAX_TAGS = 50

BUCKET_NAME = Text(3, 63, BUCKET, "an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens")

#: botocore's sagemaker enum EnabledOrDisabled.
ENABLED_OR_DISABLED = ("Enabled", "Disabled")

WORKTEAM = Part("workteam_arn", "workteam")
OUTPUT_BUCKET = Part("output_bucket_name", "output bucket")
ROLE = Part("role_arn", "execution role")
TASK_UI = Part("human_task_ui_arn", "worker task UI")

SETTINGS: tuple[Setting, ...] = (
    Setting(
        "flow_definition_name_prefix",
        "name",
        Text(
            1,
            MAX_FLOW_PREFIX,
            FLOW_PREFIX,
            f"1 to {MAX_FLOW_PREFIX} lower-case letters, digits and hyphens, "
            "starting and ending with a letter or digit",
        ),
        "The workflow's name in its account and region: start of the flow definition and task UI names (a hash "
        "of their settings follows), and what the results rule and caller policy select (`<name>-*`). Give "
        "each stack its own, and none that starts with another's name and a hyphen.",
        default_text="the component's name (`moderation` in the stack)",
    ),
    Setting(
        "activation_conditions",
        "activationConditions",
        ActivationConditions(),
        "When a human loop starts: the friendly form or AWS's `HumanLoopActivationConditions` document (below).",
        REQUIRED,
    ),
    Setting(
        "min_confidence",
        "minConfidence",
        Number(0, 100, "the MinConfidence your applications send, 0 to 100"),
        "The `MinConfidence` your applications send to `DetectModerationLabels`; conditions asking below it "
        "never fire and are reported.",
        DEFAULT_MIN_CONFIDENCE,
    ),
    Setting(
        "allow_custom_labels",
        "allowCustomLabels",
        Boolean(),
        "Accept label names outside Rekognition's moderation taxonomy (custom moderation adapters).",
        False,
    ),
    Setting(
        "task_title",
        "humanLoop.taskTitle",
        Text(1, 128, TITLE, "text of 1 to 128 characters"),
        "Title workers see in their task list.",
        REQUIRED,
    ),
    Setting(
        "task_description",
        "humanLoop.taskDescription",
        Text(1, 255, None, "text of 1 to 255 characters"),
        "Description workers see.",
        REQUIRED,
    ),
    Setting("task_count", "humanLoop.taskCount", Integer(1, 3), "Distinct workers who review each image.", 1),
    Setting(
        "task_availability_lifetime_seconds",
        "humanLoop.taskAvailabilityLifetimeSeconds",
        Integer(*LIFETIME_RANGE),
        "How long a task waits for a worker, in seconds (AWS's default: one day).",
        86_400,
    ),
    Setting(
        "task_time_limit_seconds",
        "humanLoop.taskTimeLimitSeconds",
        Integer(*TIME_LIMIT_RANGE),
        "How long a worker has for one task, in seconds.",
        3_600,
    ),
    Setting(
        "task_keywords",
        "humanLoop.taskKeywords",
        TextList(Text(1, 30, KEYWORD, "1 to 30 letters and digits, single spaces between words"), low=1, high=5),
        "Keywords that help workers find tasks.",
        ("Image", "Moderation"),
    ),
    Setting(
        "retain_replaced_flow_definitions",
        "retainReplacedFlowDefinitions",
        Boolean(),
        "Keep a replaced or destroyed flow definition and its task UI: deleting one drops every image queued "
        "for review. Delete them once drained; false only for throwaway stacks.",
        True,
    ),
    Setting(
        "input_bucket_names",
        "inputBuckets",
        TextList(BUCKET_NAME, low=1, unique=True),
        "Buckets holding the images your applications send: each a name, or `{name, manageCors}`.",
        REQUIRED,
    ),
    Setting(
        "cors_bucket_names",
        "inputBuckets[].manageCors",
        TextList(BUCKET_NAME, unique=True),
        "Input buckets whose CORS configuration this stack replaces with A2I's rule; the others need it already.",
        (),
        item_per_resource=True,
    ),
    Setting(
        "workteam_arn",
        "workteam.arn",
        Text(
            1, 256, WORKTEAM_ARN, "a workteam ARN, arn:aws:sagemaker:<region>:<account>:workteam/private-crowd/<name>"
        ),
        "An existing workteam (then give no `create`).",
        default_text="created",
    ),
    Setting(
        "workteam_description",
        "workteam.create.description",
        Text(1, 200, None, "text of 1 to 200 characters"),
        "Description of the created workteam.",
        "Reviewers of images that the moderation model is unsure about",
        part=WORKTEAM,
    ),
    Setting(
        "workteam_user_pool_id",
        "workteam.create.userPoolId",
        Text(1, 55, USER_POOL, "a Cognito user pool ID such as us-east-1_AbC123xyZ"),
        "User pool of the account's existing private workforce (one per account and region).",
        default_text="created",
        part=WORKTEAM,
    ),
    Setting(
        "workteam_user_pool_client_id",
        "workteam.create.userPoolClientId",
        Text(1, 1024, CLIENT_ID, "a Cognito app client ID"),
        "That workforce's app client (required with `userPoolId`).",
        default_text="created",
        part=WORKTEAM,
    ),
    Setting(
        "workteam_user_group",
        "workteam.create.userGroup",
        Text(1, 128, USER_GROUP, "a Cognito group name of 1 to 128 characters, no spaces"),
        "Existing Cognito group of reviewers.",
        default_text="created",
        part=WORKTEAM,
    ),
    Setting(
        "workteam_notification_topic_arn",
        "workteam.create.notificationTopicArn",
        Text(1, 256, TOPIC_ARN, "an SNS topic ARN"),
        "Existing SNS topic for task notices.",
        default_text="none",
        part=WORKTEAM,
    ),
    Setting(
        "workteam_create_notification_topic",
        "workteam.create.createNotificationTopic",
        Boolean(),
        "Create that topic, with the publish policy SageMaker needs. AWS documents that A2I tasks send no "
        "SNS notices (only Ground Truth jobs do).",
        False,
        part=WORKTEAM,
    ),
    Setting(
        "workteam_presigned_url_source_ip",
        "workteam.create.presignedUrlSourceIp",
        Choice(ENABLED_OR_DISABLED),
        "Images reach workers through presigned S3 URLs: `Enabled` makes S3 accept each URL only from the IP "
        "address of the worker it was made for (`WorkerAccessConfiguration.S3Presign.IamPolicyConstraints.SourceIp`).",
        "Enabled",
        part=WORKTEAM,
    ),
    Setting(
        "workteam_presigned_url_vpc_source_ip",
        "workteam.create.presignedUrlVpcSourceIp",
        Choice(ENABLED_OR_DISABLED),
        "The same for workers reaching a private worker portal inside a VPC (`VpcSourceIp`; needs the VPC's "
        "S3 interface endpoint).",
        "Disabled",
        part=WORKTEAM,
    ),
    Setting(
        "workforce_sign_in_cidrs",
        "workteam.create.signInCidrs",
        TextList(Cidr(4, 64, None, "a CIDR block such as 203.0.113.0/24"), low=1, high=10, unique=True),
        "Networks from which reviewers may sign in to the created workforce's portal (`SourceIpConfig`; "
        "not with `userPoolId`, which joins an existing workforce).",
        default_text="anywhere",
        part=WORKTEAM,
    ),
    Setting(
        "output_prefix",
        "output.prefix",
        S3Prefix(0, 512, PREFIX, "an S3 key prefix of letters, digits and !_.*'()/- , not starting with /"),
        "Key prefix for answers; a `/` is added when missing.",
        "a2i-output/",
    ),
    Setting(
        "output_bucket_name",
        "output.bucketName",
        BUCKET_NAME,
        "An existing bucket for answers (then no bucket or key is created unless `kmsKeyArn` is given).",
        default_text="created",
    ),
    Setting(
        "kms_key_arn",
        "output.kmsKeyArn",
        Text(1, 2048, KMS_KEY_ARN, "a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key-id>"),
        "An existing KMS key for the answers; its policy must let the execution role use it.",
        default_text="created",
    ),
    Setting(
        "retain_output_on_delete",
        "output.retainOnDestroy",
        Boolean(),
        "Keep the created bucket and key on replacement and destroy: deleting them loses every answer.",
        True,
    ),
    Setting(
        "noncurrent_version_expiration_days",
        "output.noncurrentVersionDays",
        Integer(1),
        "Days old object versions are kept in the created bucket.",
        90,
        part=OUTPUT_BUCKET,
    ),
    Setting(
        "output_expiration_days",
        "output.expireAfterDays",
        Integer(1),
        "Days after which answers expire in the created bucket.",
        default_text="never",
        part=OUTPUT_BUCKET,
    ),
    Setting(
        "role_arn",
        "role.arn",
        Text(20, 2048, ROLE_ARN, "an IAM role ARN, arn:aws:iam::<account>:role/<name>"),
        "An existing execution role.",
        default_text="created",
    ),
    Setting(
        "confused_deputy_guard",
        "role.confusedDeputyGuard",
        Boolean(),
        "The `...IfExists` source conditions in the created role's trust policy.",
        True,
        part=ROLE,
    ),
    Setting(
        "human_task_ui_arn",
        "taskUi.arn",
        Text(
            1,
            1024,
            TASK_UI_ARN,
            "a human task UI ARN, arn:aws:sagemaker:<region>:<account>:human-task-ui/<name>",
        ),
        "An existing worker task UI.",
        default_text="created",
    ),
    Setting(
        "task_template",
        "taskUi.template",
        TaskTemplate(),
        "The Liquid worker template: its content from Python, a file relative to the project in stack config.",
        default_text="the shipped template",
        part=TASK_UI,
        config_file=True,
    ),
    Setting(
        "publish_arn_parameter",
        "applications.publishArnParameter",
        Boolean(),
        "Keep the current flow definition ARN in an SSM String parameter, updated on every replacement, "
        "for applications to read.",
        True,
    ),
    Setting(
        "arn_parameter_name",
        "applications.arnParameterName",
        Text(
            1,
            MAX_SSM_PARAMETER_NAME,
            SSM_PARAMETER_NAME,
            f"an SSM parameter name of at most {MAX_SSM_PARAMETER_NAME} letters, digits and _.- with / between "
            "at most 15 levels, not starting with aws or ssm",
        ),
        "Name of that parameter.",
        default_text="`/a2i-moderation/<name>/flow-definition-arn`",
    ),
    Setting(
        "create_caller_policy",
        "applications.createCallerPolicy",
        Boolean(),
        "A managed IAM policy for applications: `DetectModerationLabels`, `StartHumanLoop` on this workflow, "
        "the parameter and the input images.",
        True,
    ),
    Setting(
        "create_results_queue",
        "results.createQueue",
        Boolean(),
        "Send this workflow's human-loop status changes (EventBridge) to an encrypted SQS queue with a "
        "dead-letter queue.",
        True,
    ),
    Setting(
        "create_processor_policy",
        "results.createProcessorPolicy",
        Boolean(),
        "A managed IAM policy for result processors: read and decrypt the answers, consume the queue.",
        True,
    ),
    Setting(
        "tags",
        "tags",
        Tags(MAX_TAGS, reserved=1),
        f"Tags for every resource that takes them (at most {MAX_TAGS - 1}; `a2i-moderation:workflow` is added).",
        {},
    ),
)

#: The declarations by argument name.
BY_ARG: Mapping[str, Setting] = {setting.arg: setting for setting in SETTINGS}
