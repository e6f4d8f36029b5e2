"""The planned S3, IAM and KMS inputs, replayed as API calls against moto: AWS's shapes accept them."""

from __future__ import annotations

import json

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

REGION = "eu-west-1"


@pytest.fixture
def aws():
    with mock_aws():
        yield {name: boto3.client(name, region_name=REGION) for name in ("s3", "iam", "kms")}


def inputs(plan, token):
    return plan.one(token)["inputs"]


def test_execution_role_and_its_policy_are_accepted_by_iam(aws, dev_plan):
    role = inputs(dev_plan, "aws:iam/role:Role")
    created = aws["iam"].create_role(
        RoleName="moderation-execution-role",
        AssumeRolePolicyDocument=role["assumeRolePolicy"],
        Description=role["description"],
        MaxSessionDuration=role["maxSessionDuration"],
    )
    aws["iam"].put_role_policy(
        RoleName="moderation-execution-role",
        PolicyName="a2i",
        PolicyDocument=inputs(dev_plan, "aws:iam/rolePolicy:RolePolicy")["policy"],
    )
    stored = aws["iam"].get_role_policy(RoleName="moderation-execution-role", PolicyName="a2i")["PolicyDocument"]
    assert [s["Sid"] for s in stored["Statement"]] == ["WriteReviewOutput", "ReadInputImages", "UseOutputKey"]
    assert created["Role"]["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "sagemaker.amazonaws.com"
    }


def test_iam_refuses_a_malformed_policy_so_the_check_above_can_fail(aws, dev_plan):
    aws["iam"].create_role(
        RoleName="r", AssumeRolePolicyDocument=inputs(dev_plan, "aws:iam/role:Role")["assumeRolePolicy"]
    )
    broken = json.loads(inputs(dev_plan, "aws:iam/rolePolicy:RolePolicy")["policy"])
    broken["Statement"][0]["Effect"] = "Maybe"
    with pytest.raises(ClientError, match="MalformedPolicyDocument"):
        aws["iam"].put_role_policy(RoleName="r", PolicyName="a2i", PolicyDocument=json.dumps(broken))


def test_key_with_its_policy_is_accepted_by_kms(aws, dev_plan):
    key = inputs(dev_plan, "aws:kms/key:Key")
    created = aws["kms"].create_key(Policy=key["policy"], Description=key["description"])["KeyMetadata"]
    aws["kms"].enable_key_rotation(KeyId=created["KeyId"])
    assert aws["kms"].get_key_rotation_status(KeyId=created["KeyId"])["KeyRotationEnabled"] is True
    assert json.loads(aws["kms"].get_key_policy(KeyId=created["KeyId"], PolicyName="default")["Policy"]) == json.loads(
        key["policy"]
    )


def test_output_bucket_configuration_is_accepted_by_s3(aws, dev_plan):
    s3 = aws["s3"]
    bucket = dev_plan.outputs["outputBucketName"]
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})

    block = inputs(dev_plan, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")
    s3.put_public_access_block(
        Bucket=bucket,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": block["blockPublicAcls"],
            "IgnorePublicAcls": block["ignorePublicAcls"],
            "BlockPublicPolicy": block["blockPublicPolicy"],
            "RestrictPublicBuckets": block["restrictPublicBuckets"],
        },
    )
    ownership = inputs(dev_plan, "aws:s3/bucketOwnershipControls:BucketOwnershipControls")
    s3.put_bucket_ownership_controls(
        Bucket=bucket, OwnershipControls={"Rules": [{"ObjectOwnership": ownership["rule"]["objectOwnership"]}]}
    )
    rule = inputs(dev_plan, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")[
        "rules"
    ][0]
    s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": rule["applyServerSideEncryptionByDefault"]["sseAlgorithm"],
                        "KMSMasterKeyID": rule["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"],
                    },
                    "BucketKeyEnabled": rule["bucketKeyEnabled"],
                }
            ]
        },
    )
    versioning = inputs(dev_plan, "aws:s3/bucketVersioning:BucketVersioning")
    s3.put_bucket_versioning(
        Bucket=bucket, VersioningConfiguration={"Status": versioning["versioningConfiguration"]["status"]}
    )
    s3.put_bucket_policy(Bucket=bucket, Policy=inputs(dev_plan, "aws:s3/bucketPolicy:BucketPolicy")["policy"])
    lifecycle = inputs(dev_plan, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")["rules"]
    s3.put_bucket_lifecycle_configuration(
        Bucket=bucket,
        LifecycleConfiguration={
            "Rules": [
                {
                    "ID": r["id"],
                    "Status": r["status"],
                    "Filter": {"Prefix": ""},
                    "NoncurrentVersionExpiration": {
                        "NoncurrentDays": r["noncurrentVersionExpiration"]["noncurrentDays"]
                    },
                    "AbortIncompleteMultipartUpload": {
                        "DaysAfterInitiation": r["abortIncompleteMultipartUpload"]["daysAfterInitiation"]
                    },
                }
                for r in lifecycle
            ]
        },
    )

    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    assert (
        s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"][0]["BucketKeyEnabled"]
        is True
    )
    assert json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"][0]["Sid"] == "DenyInsecureTransport"


def test_managed_cors_rule_is_accepted_by_s3(aws, dev_plan):
    cors = inputs(dev_plan, "aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")
    aws["s3"].create_bucket(Bucket=cors["bucket"], CreateBucketConfiguration={"LocationConstraint": REGION})
    rule = cors["corsRules"][0]
    aws["s3"].put_bucket_cors(
        Bucket=cors["bucket"],
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedHeaders": rule["allowedHeaders"],
                    "AllowedMethods": rule["allowedMethods"],
                    "AllowedOrigins": rule["allowedOrigins"],
                    "ExposeHeaders": rule["exposeHeaders"],
                }
            ]
        },
    )
    stored = aws["s3"].get_bucket_cors(Bucket=cors["bucket"])["CORSRules"][0]
    assert (stored["AllowedMethods"], stored["AllowedOrigins"]) == (["GET"], ["*"])
