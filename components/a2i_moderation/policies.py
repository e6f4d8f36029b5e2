"""IAM, S3, SQS and KMS policy documents for the A2I workflow (pure: no Pulumi).

Every document here is least privilege: nothing is allowed with an action wildcard, and identity
policies allow ``Resource: "*"`` only for `rekognition:DetectModerationLabels`, whose stock model
is not a resource. (A key policy's ``Resource: "*"`` means "this key" and is the only form KMS
accepts; the ``Deny`` statements that refuse requests without TLS use ``s3:*`` and ``sqs:*``.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

VERSION = "2012-10-17"
SAGEMAKER_PRINCIPAL = "sagemaker.amazonaws.com"

#: What the execution role needs on a customer managed key used in OutputConfig (AWS's A2I
#: permissions page lists kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*,
#: kms:DescribeKey). The wildcards are spelled out so that no policy here holds a `*` action.
KMS_USE_ACTIONS = [
    "kms:Decrypt",
    "kms:DescribeKey",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
]

#: The CORS rule AWS requires on every bucket holding input images (A2I permissions page):
#: workers' browsers fetch the presigned image URL from the worker portal's origin.
INPUT_IMAGE_CORS_RULE: dict[str, Any] = {
    "allowed_headers": [],
    "allowed_methods": ["GET"],
    "allowed_origins": ["*"],
    "expose_headers": [],
}


def s3_bucket_arn(partition: str, bucket: str) -> str:
    return f"arn:{partition}:s3:::{bucket}"


def trust_policy(partition: str, region: str, account_id: str, confused_deputy_guard: bool = True) -> dict[str, Any]:
    """Lets only SageMaker (A2I) assume the role.

    AWS documents no `aws:SourceArn` for A2I, so the guard uses the `...IfExists` operators with the
    account-wide SageMaker ARN: a request that carries the keys must come from this account and
    region, and a request that carries none (as A2I's documented trust policy allows) still works.
    """
    statement: dict[str, Any] = {
        "Sid": "AllowSageMakerA2I",
        "Effect": "Allow",
        "Principal": {"Service": SAGEMAKER_PRINCIPAL},
        "Action": "sts:AssumeRole",
    }
    if confused_deputy_guard:
        statement["Condition"] = {
            "StringEqualsIfExists": {"aws:SourceAccount": account_id},
            "ArnLikeIfExists": {"aws:SourceArn": f"arn:{partition}:sagemaker:{region}:{account_id}:*"},
        }
    return {"Version": VERSION, "Statement": [statement]}


def execution_role_policy(
    partition: str,
    output_bucket: str,
    output_prefix: str,
    input_buckets: Sequence[str],
    kms_key_arn: str | None,
) -> dict[str, Any]:
    """What A2I does with the role: write answers under the output prefix, read (and presign for
    workers) the input images, and use the output key."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "WriteReviewOutput",
            "Effect": "Allow",
            "Action": ["s3:PutObject"],
            "Resource": [f"{s3_bucket_arn(partition, output_bucket)}/{output_prefix}*"],
        }
    ]
    if input_buckets:
        statements.append(
            {
                "Sid": "ReadInputImages",
                "Effect": "Allow",
                "Action": ["s3:GetObject"],
                "Resource": [f"{s3_bucket_arn(partition, b)}/*" for b in sorted(set(input_buckets))],
            }
        )
    if kms_key_arn:
        statements.append(
            {"Sid": "UseOutputKey", "Effect": "Allow", "Action": KMS_USE_ACTIONS, "Resource": [kms_key_arn]}
        )
    return {"Version": VERSION, "Statement": statements}


def key_policy(partition: str, account_id: str, user_role_arns: Sequence[str]) -> dict[str, Any]:
    """The output key's policy: the account keeps administration (KMS refuses a policy that would
    lock out its caller), and the execution role may use the key."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "EnableAccountAdministration",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:{partition}:iam::{account_id}:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if user_role_arns:
        statements.append(
            {
                "Sid": "AllowA2IExecutionRole",
                "Effect": "Allow",
                "Principal": {"AWS": sorted(set(user_role_arns))},
                "Action": KMS_USE_ACTIONS,
                "Resource": "*",
            }
        )
    return {"Version": VERSION, "Statement": statements}


def deny_insecure_transport(action: str, resource: str | list[str]) -> dict[str, Any]:
    """The statement refusing every request to a resource that does not use TLS."""
    return {
        "Sid": "DenyInsecureTransport",
        "Effect": "Deny",
        "Principal": "*",
        "Action": action,
        "Resource": resource,
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }


def deny_insecure_transport_policy(bucket_arn: str) -> dict[str, Any]:
    """Refuses every request to the bucket that does not use TLS."""
    return {"Version": VERSION, "Statement": [deny_insecure_transport("s3:*", [bucket_arn, f"{bucket_arn}/*"])]}


def sns_publish_policy(topic_arn: str, account_id: str) -> dict[str, Any]:
    """SageMaker may publish workteam task notices to the topic (AWS's "Create and manage Amazon SNS
    topics for your work teams"), and only on behalf of this account."""
    return {
        "Version": VERSION,
        "Statement": [
            {
                "Sid": "AllowSageMakerPublish",
                "Effect": "Allow",
                "Principal": {"Service": SAGEMAKER_PRINCIPAL},
                "Action": "sns:Publish",
                "Resource": topic_arn,
                "Condition": {"StringEquals": {"aws:SourceAccount": account_id}},
            }
        ],
    }


#: Which resource `sagemaker:StartHumanLoop` is authorized on, AWS's two sources disagreeing:
#: - IAM's Service Authorization Reference for SageMaker ("Actions, resources, and condition keys
#:   for Amazon SageMaker") lists resource type `flow-definition` for StartHumanLoop;
#: - SageMaker's A2I permissions table (api-permissions-reference.md, "Amazon SageMaker API
#:   Permissions") lists `arn:aws:sagemaker:region:account-id:human-loop/humanLoopName`.
#: The caller policy allows exactly these two, in this account and region, and nothing wider.
START_HUMAN_LOOP_RESOURCES = ("flow-definition", "human-loop")


def start_human_loop_resources(partition: str, region: str, account_id: str, flow_name_prefix: str) -> list[str]:
    """This workflow's flow definitions (current and kept ones, `<name>-*`) and the account's human loops."""
    base = f"arn:{partition}:sagemaker:{region}:{account_id}"
    return [f"{base}:flow-definition/{flow_name_prefix}-*", f"{base}:human-loop/*"]


def caller_policy(
    partition: str,
    region: str,
    account_id: str,
    flow_name_prefix: str,
    input_buckets: Sequence[str],
    parameter_arn: str | None,
) -> dict[str, Any]:
    """What an application needs to send images to review: DetectModerationLabels, starting a human
    loop on this workflow's flow definitions, reading the parameter that names the current one, and
    reading the input images (Rekognition reads them with the caller's permissions).

    `rekognition:DetectModerationLabels` is on `*`: AWS's managed policy for this integration
    (AmazonAugmentedAIIntegratedAPIAccess) grants it so, and the stock model is not a resource."""
    statements: list[dict[str, Any]] = [
        {
            "Sid": "DetectModerationLabels",
            "Effect": "Allow",
            "Action": ["rekognition:DetectModerationLabels"],
            "Resource": "*",
        },
        {
            "Sid": "StartHumanLoopOnThisWorkflow",
            "Effect": "Allow",
            "Action": ["sagemaker:StartHumanLoop"],
            "Resource": start_human_loop_resources(partition, region, account_id, flow_name_prefix),
        },
    ]
    if parameter_arn:
        statements.append(
            {
                "Sid": "ReadFlowDefinitionArn",
                "Effect": "Allow",
                "Action": ["ssm:GetParameter"],
                "Resource": [parameter_arn],
            }
        )
    if input_buckets:
        statements.append(
            {
                "Sid": "ReadInputImages",
                "Effect": "Allow",
                "Action": ["s3:GetObject", "s3:GetObjectVersion"],
                "Resource": [f"{s3_bucket_arn(partition, b)}/*" for b in sorted(set(input_buckets))],
            }
        )
    return {"Version": VERSION, "Statement": statements}


#: What consuming an SQS queue takes (receive, delete, extend the visibility of a message, and read
#: the queue's attributes, which SDK consumers ask for).
QUEUE_CONSUMER_ACTIONS = [
    "sqs:ChangeMessageVisibility",
    "sqs:DeleteMessage",
    "sqs:GetQueueAttributes",
    "sqs:ReceiveMessage",
]


def results_processor_policy(
    partition: str,
    region: str,
    output_bucket: str,
    output_prefix: str,
    kms_key_arn: str | None,
    queue_arn: str | None,
) -> dict[str, Any]:
    """What a result processor needs: read the answers under the output prefix, decrypt them with the
    output key (only through S3), and consume the results queue."""
    bucket_arn = s3_bucket_arn(partition, output_bucket)
    statements: list[dict[str, Any]] = [
        {
            "Sid": "ReadReviewOutput",
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": [f"{bucket_arn}/{output_prefix}*"],
        },
        {
            "Sid": "ListReviewOutput",
            "Effect": "Allow",
            "Action": ["s3:ListBucket"],
            "Resource": [bucket_arn],
            "Condition": {"StringLike": {"s3:prefix": [f"{output_prefix}*"]}},
        },
    ]
    if kms_key_arn:
        statements.append(
            {
                "Sid": "DecryptReviewOutput",
                "Effect": "Allow",
                "Action": ["kms:Decrypt"],
                "Resource": [kms_key_arn],
                "Condition": {"StringEquals": {"kms:ViaService": f"s3.{region}.amazonaws.com"}},
            }
        )
    if queue_arn:
        statements.append(
            {"Sid": "ConsumeResultsQueue", "Effect": "Allow", "Action": QUEUE_CONSUMER_ACTIONS, "Resource": [queue_arn]}
        )
    return {"Version": VERSION, "Statement": statements}


EVENTS_PRINCIPAL = "events.amazonaws.com"


def results_queue_policy(queue_arn: str, rule_arn: str) -> dict[str, Any]:
    """Only this workflow's EventBridge rule may send to the queue, and nothing without TLS."""
    return {
        "Version": VERSION,
        "Statement": [
            {
                "Sid": "AllowThisRuleOnly",
                "Effect": "Allow",
                "Principal": {"Service": EVENTS_PRINCIPAL},
                "Action": "sqs:SendMessage",
                "Resource": queue_arn,
                "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
            },
            deny_insecure_transport("sqs:*", queue_arn),
        ],
    }
