"""ReviewBucket: the S3 bucket that receives A2I's human review answers (output.json files)."""

import json
from collections.abc import Mapping
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from .. import policies
from ..settings import BY_ARG

#: Shared with ImageModerationReview's setting of the same name.
NONCURRENT_DAYS: int = BY_ARG["noncurrent_version_expiration_days"].default


class ReviewBucketArgs(TypedDict):
    kms_key_arn: pulumi.Input[str]
    """Customer managed KMS key that encrypts every object (SSE-KMS with an S3 bucket key)."""
    retain_on_delete: NotRequired[bool]
    """Keep the bucket, with its encryption, versioning, access block and policy, when it is
    replaced or the stack is destroyed (default true): review answers are data."""
    noncurrent_version_expiration_days: NotRequired[pulumi.Input[int]]
    """Days a replaced or deleted object version is kept before S3 removes it (default 90)."""
    expiration_days: NotRequired[pulumi.Input[int]]
    """Days after which current answers expire; omitted (the default) keeps them indefinitely."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the bucket."""


class ReviewBucket(pulumi.ComponentResource):
    """A private, versioned, SSE-KMS encrypted bucket that refuses plain HTTP and survives `pulumi destroy`."""

    bucket_name: pulumi.Output[str]
    """Name of the bucket that receives A2I output."""
    bucket_arn: pulumi.Output[str]
    """ARN of the bucket, arn:aws:s3:::<name>."""

    def __init__(self, name: str, args: ReviewBucketArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:ReviewBucket", name, {}, opts)
        retain = args.get("retain_on_delete", True)
        bucket = aws.s3.Bucket(
            f"{name}-bucket",
            force_destroy=False,
            tags=args.get("tags"),
            opts=pulumi.ResourceOptions(parent=self, retain_on_delete=retain),
        )
        # The settings below are retained with the bucket: deleting them would leave a kept bucket
        # public-accessible, unencrypted for new objects and open to plain HTTP.
        child = pulumi.ResourceOptions(parent=self, retain_on_delete=retain)
        access_block = aws.s3.BucketPublicAccessBlock(
            f"{name}-public-access-block",
            bucket=bucket.id,
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
            opts=child,
        )
        aws.s3.BucketOwnershipControls(
            f"{name}-ownership",
            bucket=bucket.id,
            rule={"object_ownership": "BucketOwnerEnforced"},
            opts=child,
        )
        aws.s3.BucketServerSideEncryptionConfiguration(
            f"{name}-encryption",
            bucket=bucket.id,
            rules=[
                {
                    "apply_server_side_encryption_by_default": {
                        "sse_algorithm": "aws:kms",
                        "kms_master_key_id": args["kms_key_arn"],
                    },
                    "bucket_key_enabled": True,
                }
            ],
            opts=child,
        )
        versioning = aws.s3.BucketVersioning(
            f"{name}-versioning",
            bucket=bucket.id,
            versioning_configuration={"status": "Enabled"},
            opts=child,
        )
        aws.s3.BucketPolicy(
            f"{name}-policy",
            bucket=bucket.id,
            policy=bucket.arn.apply(
                lambda arn: json.dumps(policies.deny_insecure_transport_policy(arn), sort_keys=True)
            ),
            # S3 refuses a bucket policy while the public access block is being written.
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(depends_on=[access_block])),
        )
        rules: list[aws.s3.BucketLifecycleConfigurationRuleArgsDict] = [
            {
                "id": "expire-noncurrent-versions",
                "status": "Enabled",
                "filter": {},
                "noncurrent_version_expiration": {
                    "noncurrent_days": args.get("noncurrent_version_expiration_days", NONCURRENT_DAYS)
                },
                "abort_incomplete_multipart_upload": {"days_after_initiation": 7},
            }
        ]
        if args.get("expiration_days") is not None:
            rules.append(
                {
                    "id": "expire-answers",
                    "status": "Enabled",
                    "filter": {},
                    "expiration": {"days": args["expiration_days"]},
                }
            )
        aws.s3.BucketLifecycleConfiguration(
            f"{name}-lifecycle",
            bucket=bucket.id,
            rules=rules,
            # S3 needs versioning in place before rules about noncurrent versions.
            opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(depends_on=[versioning])),
        )
        self.bucket_name = bucket.bucket
        self.bucket_arn = bucket.arn
        self.register_outputs({"bucket_name": self.bucket_name, "bucket_arn": self.bucket_arn})
