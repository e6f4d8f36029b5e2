"""ImageModerationReview: the whole A2I human-review workflow for Rekognition DetectModerationLabels."""

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NotRequired, Self, TypedDict

import pulumi
import pulumi_aws as aws

from ..errors import ConfigError
from ..naming import MAX_NAME, WORKFLOW_TAG, arn_parameter_name, s3_uri, slug
from ..settings import ReviewSettings, conditions_warnings, validate_review_args
from ..settings.locations import ARN_RULES, check_locations
from ..status_events import flow_definition_arn_prefix
from ..task_template import default_template
from .application_policies import CallerPolicy, CallerPolicyArgs, ResultsProcessorPolicy, ResultsProcessorPolicyArgs
from .arn_parameter import FlowDefinitionArnParameter, FlowDefinitionArnParameterArgs
from .bucket import ReviewBucket, ReviewBucketArgs
from .errors import reported_as_run_errors
from .flow_definition import ReviewFlowDefinition, ReviewFlowDefinitionArgs
from .input_buckets import InputBuckets, InputBucketsArgs
from .key import ReviewKey, ReviewKeyArgs
from .location import AwsLocationArgs, aws_context
from .results_queue import ReviewResultsQueue, ReviewResultsQueueArgs
from .role import ExecutionRole, ExecutionRoleArgs
from .task_ui import WorkerTaskUi, WorkerTaskUiArgs
from .workteam import PresignedUrlSource, ReviewWorkteam, ReviewWorkteamArgs


class LabelRuleArgs(TypedDict):
    """One rule of the friendly activation conditions: a label and one comparison of its confidence."""

    name: pulumi.Input[str]
    """Moderation label name, exact and case-sensitive (Rekognition's taxonomy), or "*" for any label."""
    below: NotRequired[pulumi.Input[float]]
    """Confidence below this percentage (0 to 100)."""
    at_or_below: NotRequired[pulumi.Input[float]]
    """Confidence at or below this percentage."""
    above: NotRequired[pulumi.Input[float]]
    """Confidence above this percentage."""
    at_or_above: NotRequired[pulumi.Input[float]]
    """Confidence at or above this percentage."""
    equals: NotRequired[pulumi.Input[float]]
    """Confidence equal to this percentage."""
    between: NotRequired[pulumi.Input[Sequence[pulumi.Input[float]]]]
    """[low, high]: confidence from low to high, both included (not with name "*")."""
    sample: NotRequired[pulumi.Input[float]]
    """Start a loop for only this percentage (0.01 to 100) of the images the rule matches."""


class SamplingArgs(TypedDict):
    """A random sample of every image, whatever its labels."""

    percent: pulumi.Input[float]
    """Percentage of all images sent for review, 0.01 to 100 (the same image is always decided alike)."""


class ActivationConditionsArgs(TypedDict):
    """When a human loop starts, in the friendly form: any one rule (or the sample) starts one."""

    labels: NotRequired[pulumi.Input[Sequence[pulumi.Input[LabelRuleArgs]]]]
    """Label rules; each becomes one of AWS's Conditions."""
    sampling: NotRequired[pulumi.Input[SamplingArgs]]
    """A random sample of all images."""


class ImageModerationReviewArgs(TypedDict):
    conditions: NotRequired[pulumi.Input[ActivationConditionsArgs]]
    """When a human loop starts, as typed rules (the friendly form): labels with a comparison, and
    a random sample. Give this or the AWS document (activation conditions). Validated, label names checked against the
    moderation taxonomy, turned into AWS's document."""
    activation_conditions: NotRequired[pulumi.Input[str]]
    """AWS's HumanLoopActivationConditions document ({"Conditions": [...]}) as JSON text, or the
    friendly form's JSON (a dict is accepted too from Python). Give this or the typed conditions. Validated and
    serialised canonically; an Output is checked when it resolves, with the same messages."""
    min_confidence: NotRequired[float]
    """The MinConfidence your applications send to DetectModerationLabels (default 50): conditions
    asking below it never fire, and are reported. Plain: the conditions are checked against it now."""
    allow_custom_labels: NotRequired[bool]
    """Accept label names outside Rekognition's moderation taxonomy (custom moderation adapters).
    Plain, like the minimum confidence."""
    task_title: pulumi.Input[str]
    """Title workers see in their task list (1 to 128 characters)."""
    task_description: pulumi.Input[str]
    """Description workers see (1 to 255 characters)."""
    input_bucket_names: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Buckets holding the images applications send to DetectModerationLabels (at least one)."""
    cors_bucket_names: NotRequired[Sequence[str]]
    """Input buckets whose CORS configuration this stack replaces with A2I's required GET rule.
    The others must have that rule already, or review tasks fail. Plain: each name is a resource."""
    task_count: NotRequired[pulumi.Input[int]]
    """Distinct workers who review each image, 1 to 3 (default 1)."""
    task_availability_lifetime_seconds: NotRequired[pulumi.Input[int]]
    """How long a task waits for a worker, 1 to 864,000 seconds (default 86,400: one day)."""
    task_time_limit_seconds: NotRequired[pulumi.Input[int]]
    """How long a worker has for one task, 30 to 28,800 seconds (default 3,600)."""
    task_keywords: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """1 to 5 keywords that help workers find tasks (default Image, Moderation)."""
    retain_replaced_flow_definitions: NotRequired[bool]
    """Keep a replaced flow definition, and its task UI, instead of deleting them (default true):
    deleting a flow definition stops and deletes every human loop no worker has started, so the
    images queued for review would never be reviewed. Also on `pulumi destroy`. Delete them once
    drained (ListHumanLoops shows none in progress); false only for throwaway stacks. Plain: a
    resource option."""
    workteam_arn: NotRequired[pulumi.Input[str]]
    """Existing workteam. Omitted: a private workteam is created (see the other workteam settings)."""
    workteam_user_pool_id: NotRequired[pulumi.Input[str]]
    """When creating the workteam: user pool of the account's existing private workforce. Omitted:
    a user pool and the workforce are created (one private workforce per account and region)."""
    workteam_user_pool_client_id: NotRequired[pulumi.Input[str]]
    """When creating the workteam: the workforce's app client; required with the user pool ID."""
    workteam_user_group: NotRequired[pulumi.Input[str]]
    """When creating the workteam: existing Cognito group of reviewers. Omitted: one is created."""
    workteam_description: NotRequired[pulumi.Input[str]]
    """When creating the workteam: its description (1 to 200 characters)."""
    workteam_notification_topic_arn: NotRequired[pulumi.Input[str]]
    """When creating the workteam: existing SNS topic for task notices."""
    workteam_create_notification_topic: NotRequired[bool]
    """When creating the workteam: create an SNS topic for task notices (default false). Plain: it
    decides whether the topic exists."""
    workteam_presigned_url_source_ip: NotRequired[PresignedUrlSource]
    """When creating the workteam: S3 accepts each presigned image URL only from the IP address of
    the worker it was made for (default Enabled)."""
    workteam_presigned_url_vpc_source_ip: NotRequired[PresignedUrlSource]
    """When creating the workteam: the same for a private worker portal inside a VPC, reached
    through the VPC's S3 interface endpoint (default Disabled)."""
    workforce_sign_in_cidrs: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """When creating the workforce (no user pool ID given): the 1 to 10 networks, in CIDR notation,
    its portal accepts sign-ins from (default: anywhere)."""
    output_bucket_name: NotRequired[pulumi.Input[str]]
    """Existing bucket for the answers. Omitted: a secure bucket is created."""
    output_prefix: NotRequired[pulumi.Input[str]]
    """Key prefix for answers (default "a2i-output/"); a "/" is added when missing."""
    kms_key_arn: NotRequired[pulumi.Input[str]]
    """Existing KMS key for the answers; its policy must let the execution role use it. Omitted: a
    key is created with the bucket (with an existing bucket, its default encryption applies)."""
    retain_output_on_delete: NotRequired[bool]
    """Keep the created bucket and key on replacement and `pulumi destroy` (default true). Set
    false only for throwaway stacks: deleting them loses every review answer. Plain: a resource option."""
    noncurrent_version_expiration_days: NotRequired[pulumi.Input[int]]
    """Created bucket: days old object versions are kept (default 90)."""
    output_expiration_days: NotRequired[pulumi.Input[int]]
    """Created bucket: days after which answers expire (default: never)."""
    role_arn: NotRequired[pulumi.Input[str]]
    """Existing execution role. Omitted: a least-privilege role is created."""
    confused_deputy_guard: NotRequired[bool]
    """Created role: aws:SourceAccount/aws:SourceArn ...IfExists conditions in the trust policy
    (default true). Plain, like the other switches."""
    human_task_ui_arn: NotRequired[pulumi.Input[str]]
    """Existing worker task UI. Omitted: one is created from the task template."""
    task_template: NotRequired[pulumi.Input[str]]
    """Liquid worker template content (default: templates/rekognition-moderation.liquid.html)."""
    flow_definition_name_prefix: NotRequired[pulumi.Input[str]]
    """The workflow's name in its account and region (default: the component's name): start of the
    flow definition and task UI names, and what the results rule and caller policy select
    (<name>-*). Give each workflow its own."""
    publish_arn_parameter: NotRequired[bool]
    """Keep the current flow definition ARN in an SSM String parameter, updated on every replacement,
    for applications to read instead of a hard-coded ARN (default true). Plain: it decides whether
    the parameter exists, like the other create_* switches."""
    arn_parameter_name: NotRequired[pulumi.Input[str]]
    """Name of that parameter (default /a2i-moderation/<name>/flow-definition-arn, where <name> is the
    flow definition name prefix)."""
    create_caller_policy: NotRequired[bool]
    """Create a managed IAM policy for applications (default true): DetectModerationLabels,
    StartHumanLoop on this workflow's flow definitions, reading the parameter and the input images."""
    create_results_queue: NotRequired[bool]
    """Send this workflow's human-loop status changes (EventBridge) to an encrypted SQS queue with a
    dead-letter queue (default true)."""
    create_processor_policy: NotRequired[bool]
    """Create a managed IAM policy for result processors (default true): read and decrypt the
    answers, consume the results queue."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for every resource that takes them (at most 49; a2i-moderation:workflow is added)."""


class ImageModerationReview(pulumi.ComponentResource):
    """Everything A2I needs to send doubtful DetectModerationLabels results to people.

    Each part is created securely or brought in existing: KMS key, output bucket, execution role,
    workteam and worker task UI. All settings are validated before any resource is registered.
    """

    flow_definition_arn: pulumi.Output[str]
    """Pass as HumanLoopConfig.FlowDefinitionArn: arn:aws:sagemaker:<region>:<account>:flow-definition/<name>.
    Changes whenever the flow definition is replaced."""
    flow_definition_name: pulumi.Output[str]
    """Physical name of the flow definition, <prefix>-<hash>."""
    output_s3_uri: pulumi.Output[str]
    """Where answers land, s3://<bucket>/<prefix>; A2I adds
    <flow definition name>/YYYY/MM/DD/hh/mm/ss/<loop>/output.json."""
    output_bucket_name: pulumi.Output[str]
    """Bucket holding the answers."""
    kms_key_arn: pulumi.Output[str | None]
    """KMS key encrypting the answers (None for an existing bucket without a given key)."""
    role_arn: pulumi.Output[str]
    """Execution role A2I assumes, arn:aws:iam::<account>:role/<name>."""
    human_task_ui_arn: pulumi.Output[str]
    """Worker task UI, arn:aws:sagemaker:<region>:<account>:human-task-ui/<name>."""
    workteam_arn: pulumi.Output[str]
    """Workteam, arn:aws:sagemaker:<region>:<account>:workteam/private-crowd/<name>."""
    input_bucket_names: pulumi.Output[list[str]]
    """Buckets whose images may be reviewed."""
    unmanaged_cors_bucket_names: pulumi.Output[list[str]]
    """Input buckets whose owners must add A2I's CORS rule themselves."""
    reviewers_user_pool_id: pulumi.Output[str | None]
    """Cognito user pool of the created workteam: create reviewers' users here (None for an existing workteam)."""
    reviewers_group: pulumi.Output[str | None]
    """Cognito group whose members form the created workteam: add reviewers to it."""
    worker_portal_url: pulumi.Output[str | None]
    """Where reviewers sign in, when this stack created the private workforce."""
    activation_conditions: pulumi.Output[str]
    """The HumanLoopActivationConditions JSON the flow definition holds (canonical)."""
    arn_parameter_name: pulumi.Output[str | None]
    """SSM parameter holding the current flow definition ARN (None when not published)."""
    arn_parameter_arn: pulumi.Output[str | None]
    """Its ARN, arn:aws:ssm:<region>:<account>:parameter/<name>."""
    caller_policy_arn: pulumi.Output[str | None]
    """Managed policy to attach to applications' roles, arn:aws:iam::<account>:policy/<name>."""
    processor_policy_arn: pulumi.Output[str | None]
    """Managed policy to attach to result processors' roles."""
    results_queue_url: pulumi.Output[str | None]
    """SQS queue receiving this workflow's human-loop status changes (the EventBridge event as body)."""
    results_queue_arn: pulumi.Output[str | None]
    """ARN of the results queue, arn:aws:sqs:<region>:<account>:<name>."""
    results_dead_letter_queue_arn: pulumi.Output[str | None]
    """ARN of the results queue's dead-letter queue."""
    results_rule_arn: pulumi.Output[str | None]
    """EventBridge rule selecting this workflow's events, arn:aws:events:<region>:<account>:rule/<name>."""

    def __init__(self, name: str, args: ImageModerationReviewArgs, opts: pulumi.ResourceOptions | None = None):
        # Validate everything first: a bad value must not leave half a workflow behind.
        with reported_as_run_errors():
            settings = validate_review_args(*_conditions_as_setting(args))
        self._create(name, settings, opts)

    @classmethod
    def from_settings(cls, name: str, settings: ReviewSettings, opts: pulumi.ResourceOptions | None = None) -> Self:
        """A workflow from settings validated already (`a2i_moderation.settings`), as the stack program
        builds them from Pulumi.<stack>.yaml: nothing is validated twice."""
        review = cls.__new__(cls)
        review._create(name, settings, opts)
        return review

    def _create(self, name: str, s: ReviewSettings, opts: pulumi.ResourceOptions | None) -> None:
        super().__init__("a2i-moderation:index:ImageModerationReview", name, {}, opts)
        known = self._check_brought_parts(s)
        # Looked up once here (what the check above asked is reused) and handed down: each part
        # would otherwise ask the provider again.
        account_id, partition, region = aws_context(known, self)
        part = _Parts(
            name=name,
            settings=s,
            prefix=s.flow_definition_name_prefix or slug(name, MAX_NAME - 12),
            tags=_with_workflow_tag(s.tags, name),
            location=AwsLocationArgs(account_id=account_id, partition=partition, region=region),
            opts=pulumi.ResourceOptions(parent=self),
        )
        activation = self._activation_conditions(s)

        # The created key names the role in its policy and the role's policy names the key. The
        # role resource itself depends on neither, so the key waits for the role's ARN.
        role_arn: pulumi.Input[str]
        resolve_role_arn: Callable[[pulumi.Output[str]], None] | None = None
        if s.role_arn is not None:
            role_arn = s.role_arn
        else:
            role_arn, resolve_role_arn = pulumi.deferred_output()
        kms_key_arn = part.key(role_arn)
        bucket_name = part.bucket(kms_key_arn)
        inputs = InputBuckets(
            f"{name}-inputs",
            InputBucketsArgs(bucket_names=s.input_bucket_names, cors_bucket_names=list(s.cors_bucket_names)),
            opts=part.opts,
        )
        usable_role_arn: pulumi.Input[str] = role_arn
        if resolve_role_arn is not None:
            role = part.role(bucket_name, kms_key_arn)
            resolve_role_arn(role.role_arn)
            # Flow definitions must not start before the role may act: depend on its policy too.
            usable_role_arn = pulumi.Output.all(role.role_arn, role.policy_name).apply(lambda v: str(v[0]))
        task_ui_arn = part.task_ui()
        workteam_arn, reviewers = part.workteam()
        # A computed name can be missing under a consumer's minimal test mocks: say so, do not crash.
        output_s3_uri = pulumi.Output.all(bucket_name, s.output_prefix).apply(lambda v: s3_uri(v[0], v[1]))
        flow = part.flow_definition(activation, usable_role_arn, task_ui_arn, workteam_arn, output_s3_uri, kms_key_arn)

        self.flow_definition_arn = flow.flow_definition_arn
        self.flow_definition_name = flow.flow_definition_name
        self.output_s3_uri = output_s3_uri
        self.output_bucket_name = pulumi.Output.from_input(bucket_name)
        self.kms_key_arn = pulumi.Output.from_input(kms_key_arn)
        self.role_arn = pulumi.Output.from_input(role_arn)
        self.human_task_ui_arn = pulumi.Output.from_input(task_ui_arn)
        self.workteam_arn = pulumi.Output.from_input(workteam_arn)
        self.input_bucket_names = inputs.bucket_names
        self.unmanaged_cors_bucket_names = inputs.unmanaged_cors_bucket_names
        self.reviewers_user_pool_id = pulumi.Output.from_input(reviewers[0])
        self.reviewers_group = pulumi.Output.from_input(reviewers[1])
        self.worker_portal_url = pulumi.Output.from_input(reviewers[2])
        self.activation_conditions = activation
        self._applications(part, flow.flow_definition_arn, bucket_name, kms_key_arn)
        self.register_outputs(
            {
                "arn_parameter_name": self.arn_parameter_name,
                "arn_parameter_arn": self.arn_parameter_arn,
                "caller_policy_arn": self.caller_policy_arn,
                "processor_policy_arn": self.processor_policy_arn,
                "results_queue_url": self.results_queue_url,
                "results_queue_arn": self.results_queue_arn,
                "results_dead_letter_queue_arn": self.results_dead_letter_queue_arn,
                "results_rule_arn": self.results_rule_arn,
                "activation_conditions": self.activation_conditions,
                "flow_definition_arn": self.flow_definition_arn,
                "flow_definition_name": self.flow_definition_name,
                "output_s3_uri": self.output_s3_uri,
                "output_bucket_name": self.output_bucket_name,
                "kms_key_arn": self.kms_key_arn,
                "role_arn": self.role_arn,
                "human_task_ui_arn": self.human_task_ui_arn,
                "workteam_arn": self.workteam_arn,
                "input_bucket_names": self.input_bucket_names,
                "unmanaged_cors_bucket_names": self.unmanaged_cors_bucket_names,
                "reviewers_user_pool_id": self.reviewers_user_pool_id,
                "reviewers_group": self.reviewers_group,
                "worker_portal_url": self.worker_portal_url,
            }
        )

    def _applications(
        self,
        part: "_Parts",
        flow_definition_arn: pulumi.Output[str],
        bucket_name: pulumi.Input[str],
        kms_key_arn: pulumi.Input[str] | None,
    ) -> None:
        """What applications use: the ARN's parameter, the results queue and the two policies."""
        nothing: pulumi.Output[str | None] = pulumi.Output.from_input(None)
        parameter = part.arn_parameter(flow_definition_arn)
        queue = part.results_queue()
        self.arn_parameter_name = parameter.parameter_name if parameter else nothing
        self.arn_parameter_arn = parameter.parameter_arn if parameter else nothing
        self.results_queue_url = queue.queue_url if queue else nothing
        self.results_queue_arn = queue.queue_arn if queue else nothing
        self.results_dead_letter_queue_arn = queue.dead_letter_queue_arn if queue else nothing
        self.results_rule_arn = queue.rule_arn if queue else nothing
        caller = part.caller_policy(parameter.parameter_arn if parameter else None)
        processor = part.processor_policy(bucket_name, kms_key_arn, queue.queue_arn if queue else None)
        self.caller_policy_arn = caller.policy_arn if caller else nothing
        self.processor_policy_arn = processor.policy_arn if processor else nothing

    def _check_brought_parts(self, s: ReviewSettings) -> AwsLocationArgs:
        """ARNs brought in must be of this region, its partition and (where AWS needs it) this account.

        Asked of the provider now, before any part is registered (a blocking lookup, made only when
        an ARN was brought): a mismatch stops the program with one message instead of failing the
        flow definition after the other parts exist. Returns the account and region it learnt."""
        if not any(isinstance(getattr(s, rule.arg), str) for rule in ARN_RULES):
            return {}
        invoke = pulumi.InvokeOptions(parent=self)
        region = aws.get_region(opts=invoke).region
        account = aws.get_caller_identity(opts=invoke).account_id
        if region is None or account is None:
            return {}  # a test's minimal mocks answer nothing: nothing to compare with
        with reported_as_run_errors():
            check_locations(vars(s), s.name, region, account)
        return {"account_id": account, "region": region}

    def _activation_conditions(self, s: ReviewSettings) -> pulumi.Output[str]:
        """The canonical document; what AWS accepts but will not do as meant is logged as a warning.

        The settings checked the conditions: those known now with the others, an Output when it
        resolves. What is left is to tell people about the Output's once it is known."""
        given: pulumi.Input[str] = s.activation_conditions
        if isinstance(given, str):
            for warning in s.condition_warnings:
                pulumi.log.warn(warning, resource=self)
            return pulumi.Output.from_input(given)
        setting = s.name("activation_conditions")

        def warned(text: str) -> str:
            document = json.loads(text)
            for warning in conditions_warnings(document, s.min_confidence, s.allow_custom_labels, setting):
                pulumi.log.warn(warning, resource=self)
            return text

        return pulumi.Output.from_input(s.activation_conditions).apply(warned)


#: The typed rules' comparison words as the friendly form spells them (the others are the same).
_FRIENDLY_WORDS = {"at_or_below": "atOrBelow", "at_or_above": "atOrAbove"}


def _friendly_rule(rule: Any) -> Any:
    if isinstance(rule, pulumi.Output):
        return rule.apply(_friendly_rule)
    return {_FRIENDLY_WORDS.get(key, key): value for key, value in rule.items()} if isinstance(rule, dict) else rule


def _friendly_labels(labels: Any) -> Any:
    if isinstance(labels, pulumi.Output):
        return labels.apply(_friendly_labels)
    return [_friendly_rule(rule) for rule in labels] if isinstance(labels, (list, tuple)) else labels


def _friendly(conditions: Any) -> Any:
    """The typed `conditions` argument as the friendly form the settings read (stack config's shape)."""
    if isinstance(conditions, pulumi.Output):
        return conditions.apply(_friendly)
    if not isinstance(conditions, dict):
        return conditions  # refused by the check, with its value
    return {key: _friendly_labels(value) if key == "labels" else value for key, value in conditions.items()}


def _conditions_as_setting(args: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The arguments with typed `conditions` given as the activation_conditions setting, and the name
    its messages use: one setting, one check, whichever way the conditions came."""
    given = dict(args)
    if "conditions" not in given or given["conditions"] is None:
        given.pop("conditions", None)
        if given.get("activation_conditions") is None:
            raise ConfigError("conditions or activation_conditions: required (when a human loop starts)")
        return given, {}
    if given.get("activation_conditions") is not None:
        raise ConfigError("conditions and activation_conditions both say when a human loop starts: give one of them")
    given["activation_conditions"] = _friendly(given.pop("conditions"))
    return given, {"activation_conditions": "conditions"}


def _with_workflow_tag(
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]], name: str
) -> pulumi.Input[Mapping[str, pulumi.Input[str]]]:
    """The user's tags and the workflow tag, which tells this workflow's resources from others'."""
    if isinstance(tags, Mapping):
        return {**tags, WORKFLOW_TAG: name}
    return pulumi.Output.all(tags).apply(lambda known: {**known[0], WORKFLOW_TAG: name})


_Reviewers = tuple[pulumi.Input[str | None], pulumi.Input[str | None], pulumi.Input[str | None]]


@dataclass(frozen=True)
class _Parts:
    """Builds each part of one workflow from its settings: created, or the existing one passed on."""

    name: str
    settings: ReviewSettings
    prefix: pulumi.Input[str]
    tags: pulumi.Input[Mapping[str, pulumi.Input[str]]]
    location: AwsLocationArgs
    opts: pulumi.ResourceOptions

    def key(self, role_arn: pulumi.Input[str]) -> pulumi.Input[str] | None:
        """The key for the answers: the given one, none for an existing bucket, or a created one."""
        s = self.settings
        if s.kms_key_arn is not None or s.output_bucket_name is not None:
            return s.kms_key_arn
        args = ReviewKeyArgs(user_role_arns=[role_arn], retain_on_delete=s.retain_output_on_delete, tags=self.tags)
        return ReviewKey(f"{self.name}-kms", {**args, **self.location}, opts=self.opts).key_arn

    def bucket(self, kms_key_arn: pulumi.Input[str] | None) -> pulumi.Input[str]:
        s = self.settings
        if s.output_bucket_name is not None:
            return s.output_bucket_name
        assert kms_key_arn is not None  # a created bucket always has the created (or given) key
        args = ReviewBucketArgs(
            kms_key_arn=kms_key_arn,
            retain_on_delete=s.retain_output_on_delete,
            noncurrent_version_expiration_days=s.noncurrent_version_expiration_days,
            tags=self.tags,
        )
        if s.output_expiration_days is not None:
            args["expiration_days"] = s.output_expiration_days
        return ReviewBucket(f"{self.name}-output", args, opts=self.opts).bucket_name

    def role(self, bucket_name: pulumi.Input[str], kms_key_arn: pulumi.Input[str] | None) -> ExecutionRole:
        s = self.settings
        args = ExecutionRoleArgs(
            output_bucket_name=bucket_name,
            output_prefix=s.output_prefix,
            input_bucket_names=s.input_bucket_names,
            confused_deputy_guard=s.confused_deputy_guard,
            tags=self.tags,
        )
        if kms_key_arn is not None:
            args["kms_key_arn"] = kms_key_arn
        return ExecutionRole(f"{self.name}-execution", {**args, **self.location}, opts=self.opts)

    def task_ui(self) -> pulumi.Input[str]:
        s = self.settings
        if s.human_task_ui_arn is not None:
            return s.human_task_ui_arn
        template = s.task_template if s.task_template is not None else default_template()
        args = WorkerTaskUiArgs(
            template=template,
            name_prefix=self.prefix,
            retain_on_delete=s.retain_replaced_flow_definitions,
            tags=self.tags,
        )
        return WorkerTaskUi(f"{self.name}-task-ui", args, opts=self.opts).human_task_ui_arn

    def workteam(self) -> tuple[pulumi.Input[str], _Reviewers]:
        """(workteam ARN, (user pool, group, portal URL) of a created team, or Nones)."""
        s = self.settings
        if s.workteam_arn is not None:
            return s.workteam_arn, (None, None, None)
        args = ReviewWorkteamArgs(
            name_prefix=self.prefix,
            description=s.workteam_description,
            create_notification_topic=s.workteam_create_notification_topic,
            presigned_url_source_ip=PresignedUrlSource(s.workteam_presigned_url_source_ip),
            presigned_url_vpc_source_ip=PresignedUrlSource(s.workteam_presigned_url_vpc_source_ip),
            tags=self.tags,
        )
        if s.workforce_sign_in_cidrs is not None:
            args["sign_in_cidrs"] = s.workforce_sign_in_cidrs
        if s.workteam_user_pool_id is not None and s.workteam_user_pool_client_id is not None:
            args["user_pool_id"] = s.workteam_user_pool_id
            args["user_pool_client_id"] = s.workteam_user_pool_client_id
        if s.workteam_user_group is not None:
            args["user_group"] = s.workteam_user_group
        if s.workteam_notification_topic_arn is not None:
            args["notification_topic_arn"] = s.workteam_notification_topic_arn
        team = ReviewWorkteam(f"{self.name}-workteam", {**args, **self.location}, opts=self.opts)
        return team.workteam_arn, (team.user_pool_id, team.user_group, team.worker_portal_url)

    def arn_parameter(self, flow_definition_arn: pulumi.Input[str]) -> FlowDefinitionArnParameter | None:
        s = self.settings
        if not s.publish_arn_parameter:
            return None
        args = FlowDefinitionArnParameterArgs(
            parameter_name=s.arn_parameter_name or pulumi.Output.from_input(self.prefix).apply(arn_parameter_name),
            flow_definition_arn=flow_definition_arn,
            tags=self.tags,
        )
        return FlowDefinitionArnParameter(f"{self.name}-arn-parameter", args, opts=self.opts)

    def results_queue(self) -> ReviewResultsQueue | None:
        if not self.settings.create_results_queue:
            return None
        location = self.location
        arn_prefix = pulumi.Output.all(
            location["partition"], location["region"], location["account_id"], self.prefix
        ).apply(lambda v: flow_definition_arn_prefix(*v))
        args = ReviewResultsQueueArgs(flow_definition_arn_prefix=arn_prefix, tags=self.tags)
        return ReviewResultsQueue(f"{self.name}-results", args, opts=self.opts)

    def caller_policy(self, parameter_arn: pulumi.Input[str] | None) -> CallerPolicy | None:
        s = self.settings
        if not s.create_caller_policy:
            return None
        args = CallerPolicyArgs(
            flow_definition_name_prefix=self.prefix, input_bucket_names=s.input_bucket_names, tags=self.tags
        )
        if parameter_arn is not None:
            args["parameter_arn"] = parameter_arn
        return CallerPolicy(f"{self.name}-caller", {**args, **self.location}, opts=self.opts)

    def processor_policy(
        self, bucket_name: pulumi.Input[str], kms_key_arn: pulumi.Input[str] | None, queue_arn: pulumi.Input[str] | None
    ) -> ResultsProcessorPolicy | None:
        s = self.settings
        if not s.create_processor_policy:
            return None
        args = ResultsProcessorPolicyArgs(output_bucket_name=bucket_name, output_prefix=s.output_prefix, tags=self.tags)
        if kms_key_arn is not None:
            args["kms_key_arn"] = kms_key_arn
        if queue_arn is not None:
            args["queue_arn"] = queue_arn
        return ResultsProcessorPolicy(f"{self.name}-processor", {**args, **self.location}, opts=self.opts)

    def flow_definition(
        self,
        activation: pulumi.Input[str],
        role_arn: pulumi.Input[str],
        task_ui_arn: pulumi.Input[str],
        workteam_arn: pulumi.Input[str],
        output_s3_uri: pulumi.Input[str],
        kms_key_arn: pulumi.Input[str] | None,
    ) -> ReviewFlowDefinition:
        s = self.settings
        args = ReviewFlowDefinitionArgs(
            name_prefix=self.prefix,
            activation_conditions=activation,
            role_arn=role_arn,
            human_task_ui_arn=task_ui_arn,
            workteam_arn=workteam_arn,
            output_s3_uri=output_s3_uri,
            task_title=s.task_title,
            task_description=s.task_description,
            task_count=s.task_count,
            task_availability_lifetime_seconds=s.task_availability_lifetime_seconds,
            task_time_limit_seconds=s.task_time_limit_seconds,
            task_keywords=s.task_keywords,
            retain_on_delete=s.retain_replaced_flow_definitions,
            tags=self.tags,
        )
        if kms_key_arn is not None:
            args["kms_key_arn"] = kms_key_arn
        return ReviewFlowDefinition(f"{self.name}-flow", args, opts=self.opts)
