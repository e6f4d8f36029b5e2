"""IAM, S3 and KMS policy documents for the A2I workflow (pure: no Pulumi).

Every document here is least privilege: no action wildcards and no ``Resource: "*"`` in identity
policies. (A key policy's ``Resource: "*"`` means "this key" and is the only form KMS accepts.)
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


def deny_insecure_transport_policy(bucket_arn: str) -> dict[str, Any]:
    """Refuses every request to the bucket that does not use TLS."""
    return {
        "Version": VERSION,
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [bucket_arn, f"{bucket_arn}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


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
