"""`a2i-moderation doctor`, run as against AWS: S3, IAM, KMS, Cognito and STS are a moto server on
127.0.0.1 reached through AWS_ENDPOINT_URL; SageMaker and the A2I runtime, which moto lacks, are
botocore Stubbers (every request checked against AWS's models). The healthy account is built from
the dev stack's plan (its policies, bucket names and outputs, not retyped); each test breaks the one
thing a check exists for."""

from __future__ import annotations

import argparse
import copy
import datetime
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from conftest import Plan

from a2i_moderation.tooling import doctor
from a2i_moderation.tooling.cli import _doctor

REGION = "eu-west-1"
NOW = datetime.datetime(2026, 11, 27, tzinfo=datetime.UTC)


def resource(plan: Plan, kind: str) -> dict[str, Any]:
    return next(r for r in plan.resources if r["type"] == kind)


class Account:
    """The dev stack deployed into moto, and its outputs file."""

    def __init__(self, plan: Plan, tmp_path: Path):
        self.plan = plan
        self.tmp_path = tmp_path
        self.s3 = boto3.client("s3", region_name=REGION)
        self.iam = boto3.client("iam", region_name=REGION)
        self.kms = boto3.client("kms", region_name=REGION)
        self.cognito = boto3.client("cognito-idp", region_name=REGION)
        self.outputs = copy.deepcopy(plan.outputs)
        self.input_buckets = list(self.outputs["inputBucketNames"])

    def deploy(self) -> Account:
        planned_key = self.outputs["kmsKeyArn"]
        key_policy = resource(self.plan, "aws:kms/key:Key")["inputs"]["policy"]
        self.key_arn = self.kms.create_key(Policy=key_policy)["KeyMetadata"]["Arn"]
        self.outputs["kmsKeyArn"] = self.key_arn
        role_name = self.outputs["roleArn"].rsplit("/", 1)[-1]
        self.role_name = role_name
        self.iam.create_role(
            RoleName=role_name,
            AssumeRolePolicyDocument=resource(self.plan, "aws:iam/role:Role")["inputs"]["assumeRolePolicy"],
        )
        self.role_policy = resource(self.plan, "aws:iam/rolePolicy:RolePolicy")["inputs"]["policy"].replace(
            planned_key, self.key_arn
        )
        self.iam.put_role_policy(RoleName=role_name, PolicyName="execution", PolicyDocument=self.role_policy)
        bucket = self.outputs["outputBucketName"]
        self.output_bucket = bucket
        self.s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
        self.s3.put_bucket_encryption(
            Bucket=bucket,
            ServerSideEncryptionConfiguration={
                "Rules": [
                    {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": self.key_arn}}
                ]
            },
        )
        self.s3.put_public_access_block(
            Bucket=bucket,
            PublicAccessBlockConfiguration={
                "BlockPublicAcls": True,
                "IgnorePublicAcls": True,
                "BlockPublicPolicy": True,
                "RestrictPublicBuckets": True,
            },
        )
        self.s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        self.s3.put_bucket_policy(
            Bucket=bucket, Policy=resource(self.plan, "aws:s3/bucketPolicy:BucketPolicy")["inputs"]["policy"]
        )
        for name in self.input_buckets:
            self.s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
            self.s3.put_bucket_cors(
                Bucket=name, CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}
            )
        self.pool = self.cognito.create_user_pool(PoolName="reviewers")["UserPool"]["Id"]
        self.group = self.outputs["reviewersGroup"]
        self.cognito.create_group(UserPoolId=self.pool, GroupName=self.group)
        self.cognito.admin_create_user(UserPoolId=self.pool, Username="ana@example.com")
        self.cognito.admin_add_user_to_group(UserPoolId=self.pool, Username="ana@example.com", GroupName=self.group)
        self.outputs["reviewersUserPoolId"] = self.pool
        return self

    def outputs_file(self) -> str:
        path = self.tmp_path / "outputs.json"
        path.write_text(json.dumps(self.outputs))
        return str(path)


def arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:123456789012:{kind}/{name}"


class SageMaker:
    """Stubbed SageMaker and A2I runtime, expecting doctor's calls in its order."""

    def __init__(self) -> None:
        session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name=REGION)
        self.sagemaker = session.client("sagemaker")
        self.a2i = session.client("sagemaker-a2i-runtime")
        self.sm = Stubber(self.sagemaker)
        self.rt = Stubber(self.a2i)

    def before(
        self,
        flow_definitions: int = 3,
        workteams: int = 2,
        workforces: list[dict] | None = None,
        creates_workforce: bool = True,
        current: str | None = None,
    ) -> None:
        self.sm.add_response("list_flow_definitions", {"FlowDefinitionSummaries": []}, {"MaxResults": 1})
        names = [f"other-{i}-0000000{i % 10}" for i in range(flow_definitions)]
        if current:
            names[0] = current
        self.summaries = [
            {
                "FlowDefinitionName": n,
                "FlowDefinitionArn": arn("flow-definition", n),
                "FlowDefinitionStatus": "Active",
                "CreationTime": NOW,
            }
            for n in names
        ]
        self.sm.add_response("list_flow_definitions", {"FlowDefinitionSummaries": self.summaries}, {})
        teams = [
            {
                "WorkteamName": f"t{i}",
                "WorkteamArn": arn("workteam", f"private-crowd/t{i}"),
                "MemberDefinitions": [
                    {"CognitoMemberDefinition": {"UserPool": "p", "UserGroup": "g", "ClientId": "c"}}
                ],
                "Description": "d",
            }
            for i in range(workteams)
        ]
        self.sm.add_response("list_workteams", {"Workteams": teams}, {})
        if creates_workforce:
            self.sm.add_response("list_workforces", {"Workforces": workforces or []}, {})

    def after(
        self,
        account: Account,
        status: str = "Active",
        role: str | None = None,
        loops: int = 12,
        pool: str | None = None,
    ) -> None:
        outputs = account.outputs
        self.sm.add_response(
            "describe_flow_definition",
            {
                "FlowDefinitionArn": outputs["flowDefinitionArn"],
                "FlowDefinitionName": outputs["flowDefinitionName"],
                "FlowDefinitionStatus": status,
                "CreationTime": NOW,
                "HumanLoopConfig": {
                    "WorkteamArn": outputs["workteamArn"],
                    "HumanTaskUiArn": outputs["humanTaskUiArn"],
                    "TaskTitle": "t",
                    "TaskDescription": "d",
                    "TaskCount": 1,
                },
                "OutputConfig": {"S3OutputPath": outputs["outputS3Uri"], "KmsKeyId": outputs["kmsKeyArn"]},
                "RoleArn": role or outputs["roleArn"],
            },
            {"FlowDefinitionName": outputs["flowDefinitionName"]},
        )
        team = outputs["workteamArn"].split("/")[-1]
        self.sm.add_response(
            "describe_workteam",
            {
                "Workteam": {
                    "WorkteamName": team,
                    "WorkteamArn": outputs["workteamArn"],
                    "Description": "d",
                    "MemberDefinitions": [
                        {
                            "CognitoMemberDefinition": {
                                "UserPool": pool or account.pool,
                                "UserGroup": account.group,
                                "ClientId": "c",
                            }
                        }
                    ],
                }
            },
            {"WorkteamName": team},
        )
        summaries = [
            {
                "HumanLoopName": f"l{i}",
                "HumanLoopStatus": "InProgress",
                "CreationTime": NOW,
                "FlowDefinitionArn": outputs["flowDefinitionArn"],
            }
            for i in range(loops)
        ]
        self.rt.add_response(
            "list_human_loops", {"HumanLoopSummaries": summaries}, {"FlowDefinitionArn": outputs["flowDefinitionArn"]}
        )
        # retired: the current flow definition's workflow tag, then the listing (only the current one).
        self.sm.add_response(
            "list_tags",
            {"Tags": [{"Key": "a2i-moderation:workflow", "Value": "moderation"}]},
            {"ResourceArn": outputs["flowDefinitionArn"]},
        )
        self.sm.add_response("list_flow_definitions", {"FlowDefinitionSummaries": self.summaries[:1]}, {})


def run_doctor(capsys: pytest.CaptureFixture[str], stubs: SageMaker, *args: str) -> tuple[int, str, str]:
    parser = argparse.Namespace(plan=None, outputs=None, region=None, json=False)
    for option, value in zip(args[::2], args[1::2], strict=True):
        setattr(parser, option.removeprefix("--"), value)
    with stubs.sm, stubs.rt:
        code = _doctor(parser, stubs.sagemaker, stubs.a2i)
        stubs.sm.assert_no_pending_responses()
        stubs.rt.assert_no_pending_responses()
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def line(out: str, name: str) -> str:
    return next(row for row in out.splitlines() if f" {name} " in row + " ")


@pytest.fixture
def plan_path(dev_plan: Plan, tmp_path: Path) -> str:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(dev_plan.to_json()))  # as `a2i-moderation preview` writes it
    return str(path)


# --- before `pulumi up` ---------------------------------------------------------------------


def make_input_buckets(plan: Plan, cors: bool = True, skip: str | None = None) -> None:
    s3 = boto3.client("s3", region_name=REGION)
    for name in plan.outputs["inputBucketNames"]:
        if name == skip:
            continue
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        if cors:
            s3.put_bucket_cors(
                Bucket=name, CORSConfiguration={"CORSRules": [{"AllowedMethods": ["GET"], "AllowedOrigins": ["*"]}]}
            )


def test_plan_on_a_ready_account_passes_every_check(aws_endpoint, dev_plan, plan_path, capsys):
    make_input_buckets(dev_plan)
    stubs = SageMaker()
    stubs.before()
    code, out, _ = run_doctor(capsys, stubs, "--plan", plan_path)
    assert code == 0, out
    assert "A2I runs in eu-west-1" in out
    assert "passed       private workforce" in out
    assert "3 of 100 used in eu-west-1; 1 more needed" in line(out, "room for flow definitions")
    assert "2 of 25 used in eu-west-1; 1 more needed" in line(out, "room for workteams")
    assert "the plan writes A2I's CORS rule" in line(out, "input bucket acme-dev-user-uploads")
    assert "with a CORS rule allowing GET" in line(out, "input bucket acme-dev-partner-images")
    assert out.rstrip().endswith("6 passed, 0 failed, 0 not checked")


def test_input_bucket_without_cors_rule_fails(aws_endpoint, dev_plan, plan_path, capsys):
    make_input_buckets(dev_plan, cors=False)
    stubs = SageMaker()
    stubs.before()
    code, out, _ = run_doctor(capsys, stubs, "--plan", plan_path)
    assert code == 1
    row = line(out, "input bucket acme-dev-partner-images")
    assert row.lstrip().startswith("FAILED")
    assert "every task for its images fails" in row
    assert line(out, "input bucket acme-dev-user-uploads").lstrip().startswith("passed")  # the plan sets it


def test_missing_input_bucket_fails(aws_endpoint, dev_plan, plan_path, capsys):
    make_input_buckets(dev_plan, skip="acme-dev-user-uploads")
    stubs = SageMaker()
    stubs.before()
    code, out, _ = run_doctor(capsys, stubs, "--plan", plan_path)
    assert code == 1
    assert "does not exist: create it, or correct inputBuckets" in line(out, "input bucket acme-dev-user-uploads")


def test_existing_private_workforce_fails_a_plan_that_creates_one(aws_endpoint, dev_plan, plan_path, capsys):
    make_input_buckets(dev_plan)
    stubs = SageMaker()
    workforce = {
        "WorkforceName": "default",
        "WorkforceArn": arn("workforce", "default"),
        "CognitoConfig": {"UserPool": "eu-west-1_Existing1", "ClientId": "existingclient"},
    }
    stubs.before(workforces=[workforce])
    code, out, _ = run_doctor(capsys, stubs, "--plan", plan_path)
    assert code == 1
    row = line(out, "private workforce")
    assert "already has its one private workforce in eu-west-1 (default)" in row
    assert "workteam.create.userPoolId: eu-west-1_Existing1 and workteam.create.userPoolClientId: existingclient" in row


def test_full_flow_definition_quota_fails(aws_endpoint, dev_plan, plan_path, capsys):
    make_input_buckets(dev_plan)
    stubs = SageMaker()
    stubs.before(flow_definitions=100, workteams=25)
    code, out, _ = run_doctor(capsys, stubs, "--plan", plan_path)
    assert code == 1
    assert "100 of 100 used in eu-west-1, 1 more needed: delete drained" in line(out, "room for flow definitions")
    assert "25 of 25 used in eu-west-1, 1 more needed" in line(out, "room for workteams")


def test_region_without_a2i_fails_without_asking_sagemaker(aws_endpoint, dev_plan, plan_path, capsys):
    make_input_buckets(dev_plan)
    plan = json.loads(Path(plan_path).read_text())
    plan["region"] = "eu-south-2"
    Path(plan_path).write_text(json.dumps(plan))
    stubs = SageMaker()
    stubs.sm.add_response("list_flow_definitions", {"FlowDefinitionSummaries": []}, {})
    stubs.sm.add_response("list_workteams", {"Workteams": []}, {})
    stubs.sm.add_response("list_workforces", {"Workforces": []}, {})
    code, out, _ = run_doctor(capsys, stubs, "--plan", plan_path)
    assert code == 1
    assert "FAILED       A2I runs in eu-south-2" in out
    assert "A2I does not run there: deploy to one of" in out


def test_access_denied_is_not_checked_never_passed(aws_endpoint, dev_plan, plan_path, capsys):
    make_input_buckets(dev_plan)
    stubs = SageMaker()
    stubs.sm.add_response("list_flow_definitions", {"FlowDefinitionSummaries": []}, {"MaxResults": 1})
    stubs.sm.add_response("list_flow_definitions", {"FlowDefinitionSummaries": []}, {})
    stubs.sm.add_response("list_workteams", {"Workteams": []}, {})
    stubs.sm.add_client_error("list_workforces", "AccessDeniedException", "not authorized", 400)
    code, out, _ = run_doctor(capsys, stubs, "--plan", plan_path)
    assert code == 3  # none failed, one could not be seen
    row = line(out, "private workforce")
    assert row.lstrip().startswith("not checked")
    assert "access denied to ListWorkforces" in row


# --- after `pulumi up` ----------------------------------------------------------------------


@pytest.fixture
def account(aws_endpoint, dev_plan, tmp_path) -> Account:
    return Account(dev_plan, tmp_path).deploy()


def healthy_stubs(account: Account, **after: Any) -> SageMaker:
    stubs = SageMaker()
    stubs.before(creates_workforce=False, current=account.outputs["flowDefinitionName"])
    stubs.after(account, **after)
    return stubs


def test_deployed_stack_passes_every_check(account, capsys):
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 0, out
    for name in (
        "flow definition moderation-dev-37e62426",
        "output bucket moderation-output-bucket-9889e80",
        "output key",
        "execution role trust",
        "execution role permissions",
        "input bucket acme-dev-user-uploads encryption",
        "reviewers",
        "human loops in progress",
        "retired flow definitions",
    ):
        assert line(out, name).lstrip().startswith("passed"), out
    assert "1 enabled member(s) in moderation-dev-reviewers" in out
    assert "12 of 5,000 allowed per flow definition" in out
    assert out.rstrip().endswith("15 passed, 0 failed, 0 not checked")


def test_json_output_lists_every_check(account, capsys):
    stubs = healthy_stubs(account)
    code, out, _ = run_doctor(capsys, stubs, "--outputs", account.outputs_file(), "--json", True)
    report = json.loads(out)
    assert code == 0
    assert report["source"] == "outputs"
    assert report["counts"] == {"passed": 15, "failed": 0, "not checked": 0}
    detail = "enabled; its policy and the role's let the role use it"
    assert {"check": "output key", "status": "passed", "detail": detail} in report["checks"]


def test_flow_definition_not_active_or_with_another_role_fails(account, capsys):
    other = "arn:aws:iam::123456789012:role/someone-else"
    stubs = healthy_stubs(account, status="Failed", role=other)
    code, out, _ = run_doctor(capsys, stubs, "--outputs", account.outputs_file())
    assert code == 1
    row = line(out, "flow definition moderation-dev-37e62426")
    assert "status is Failed (expected Active)" in row
    assert f"role is {other}" in row


def test_output_bucket_without_versioning_or_public_access_block_fails(account, capsys):
    account.s3.put_bucket_versioning(Bucket=account.output_bucket, VersioningConfiguration={"Status": "Suspended"})
    account.s3.delete_public_access_block(Bucket=account.output_bucket)
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    row = line(out, f"output bucket {account.output_bucket}")
    assert "versioning is not enabled" in row
    blocks = "BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy, RestrictPublicBuckets"
    assert f"public access is not blocked ({blocks} off)" in row


def test_disabled_key_fails(account, capsys):
    account.kms.disable_key(KeyId=account.key_arn.rsplit("/", 1)[-1])
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    assert "the key is Disabled: A2I cannot write answers" in line(out, "output key")


def test_key_policy_that_names_only_the_account_passes_when_the_role_policy_allows(account, capsys):
    """AWS's rule for key policies: naming the account delegates to the role's own policy."""
    policy = json.loads(account.kms.get_key_policy(KeyId=account.key_arn, PolicyName="default")["Policy"])
    policy["Statement"] = [s for s in policy["Statement"] if s.get("Sid") != "AllowA2IExecutionRole"]
    account.kms.put_key_policy(KeyId=account.key_arn, PolicyName="default", Policy=json.dumps(policy))
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 0, out
    assert line(out, "output key").lstrip().startswith("passed")


def test_key_policy_without_the_role_or_the_account_fails(account, capsys):
    policy = json.loads(account.kms.get_key_policy(KeyId=account.key_arn, PolicyName="default")["Policy"])
    for statement in policy["Statement"]:
        if statement.get("Sid") == "AllowA2IExecutionRole":
            statement["Principal"] = {"AWS": "arn:aws:iam::123456789012:role/someone-else"}
    account.kms.put_key_policy(KeyId=account.key_arn, PolicyName="default", Policy=json.dumps(policy))
    role_policy = json.loads(account.role_policy)
    role_policy["Statement"] = [s for s in role_policy["Statement"] if s.get("Sid") != "UseOutputKey"]
    account.iam.put_role_policy(
        RoleName=account.role_name, PolicyName="execution", PolicyDocument=json.dumps(role_policy)
    )
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    assert "the execution role may not kms:GenerateDataKey with it" in line(out, "output key")


def test_trust_policy_that_no_longer_admits_sagemaker_fails(account, capsys):
    trust = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}],
    }
    account.iam.update_assume_role_policy(RoleName=account.role_name, PolicyDocument=json.dumps(trust))
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    assert "SageMaker may not assume it" in line(out, "execution role trust")


def test_role_that_cannot_read_an_input_bucket_fails(account, capsys):
    role_policy = json.loads(account.role_policy)
    for statement in role_policy["Statement"]:
        if statement.get("Sid") == "ReadInputImages":
            statement["Resource"] = ["arn:aws:s3:::acme-dev-user-uploads/*"]
    account.iam.put_role_policy(
        RoleName=account.role_name, PolicyName="execution", PolicyDocument=json.dumps(role_policy)
    )
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    row = line(out, "execution role permissions")
    assert "read acme-dev-partner-images (s3:GetObject not allowed" in row
    assert "acme-dev-user-uploads" not in row


def test_bucket_policy_deny_is_seen_by_the_evaluator(account, capsys):
    deny = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "NoA2I",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": f"arn:aws:s3:::{account.output_bucket}/*",
            }
        ],
    }
    account.s3.put_bucket_policy(Bucket=account.output_bucket, Policy=json.dumps(deny))
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    assert "write answers (s3:PutObject explicitly denied)" in line(out, "execution role permissions")


def customer_key_on(account: Account, bucket: str, role_may_decrypt: bool) -> None:
    statements = [
        {
            "Sid": "Admin",
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": "kms:*",
            "Resource": "*",
        }
    ]
    if role_may_decrypt:
        statements.append(
            {
                "Sid": "A2I",
                "Effect": "Allow",
                "Principal": {"AWS": account.outputs["roleArn"]},
                "Action": "kms:Decrypt",
                "Resource": "*",
            }
        )
    key = account.kms.create_key(Policy=json.dumps({"Version": "2012-10-17", "Statement": statements}))
    account.s3.put_bucket_encryption(
        Bucket=bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [
                {
                    "ApplyServerSideEncryptionByDefault": {
                        "SSEAlgorithm": "aws:kms",
                        "KMSMasterKeyID": key["KeyMetadata"]["KeyId"],
                    }
                }
            ]
        },
    )


def test_input_bucket_with_a_customer_key_the_role_cannot_use_fails(account, capsys):
    customer_key_on(account, "acme-dev-partner-images", role_may_decrypt=False)
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    row = line(out, "input bucket acme-dev-partner-images encryption")
    assert "does not let the execution role decrypt (not allowed (no statement allows it))" in row
    assert "workers see no images" in row


def test_input_bucket_with_a_customer_key_the_role_may_use_passes(account, capsys):
    customer_key_on(account, "acme-dev-partner-images", role_may_decrypt=True)
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 0, out
    assert "its customer managed key lets the execution role decrypt" in out


def test_empty_reviewers_group_fails(account, capsys):
    account.cognito.admin_remove_user_from_group(
        UserPoolId=account.pool, Username="ana@example.com", GroupName=account.group
    )
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    assert "nobody is in moderation-dev-reviewers" in line(out, "reviewers")
    assert "`a2i-moderation reviewers add --outputs " in out


def test_loops_near_the_quota_fail(account, capsys):
    code, out, _ = run_doctor(capsys, healthy_stubs(account, loops=4_600), "--outputs", account.outputs_file())
    assert code == 1
    assert "4,600 of 5,000 allowed per flow definition; at the quota" in line(out, "human loops in progress")


def test_credentials_of_another_account_exit_2(account, capsys):
    account.outputs["flowDefinitionArn"] = account.outputs["flowDefinitionArn"].replace("123456789012", "999999999999")
    stubs = SageMaker()
    code, _, err = run_doctor(capsys, stubs, "--outputs", account.outputs_file())
    assert code == 2
    assert "the AWS credentials are for account 123456789012, the stack is in account 999999999999" in err


def test_no_credentials_exit_2(offline_aws, plan_path, monkeypatch, capsys):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    code, _, err = run_doctor(capsys, SageMaker(), "--plan", plan_path)
    assert code == 2
    assert "no AWS credentials found" in err


def test_unreadable_plan_exits_2(offline_aws, tmp_path, capsys):
    (tmp_path / "plan.json").write_text("{not json")
    code, _, err = run_doctor(capsys, SageMaker(), "--plan", str(tmp_path / "plan.json"))
    assert code == 2
    assert "--plan:" in err
    assert "is not readable JSON" in err


def test_doctor_only_reads(account, capsys, monkeypatch):
    """Every call doctor makes, to every service, is a Get, List, Describe or Head."""
    calls: list[str] = []
    original = boto3.Session.client

    def record(client) -> None:
        # before-parameter-build comes before the Stubber answers (at before-call): stubbed calls count too.
        client.meta.events.register("before-parameter-build", lambda model, **_: calls.append(model.name))

    def recording(self, *args, **kwargs):
        client = original(self, *args, **kwargs)
        record(client)
        return client

    monkeypatch.setattr(boto3.Session, "client", recording)
    stubs = healthy_stubs(account)
    record(stubs.sagemaker)
    record(stubs.a2i)
    code, out, _ = run_doctor(capsys, stubs, "--outputs", account.outputs_file())
    assert code == 0, out
    # Every service was read (the recording saw them all), and the role's policies only once.
    assert {"GetCallerIdentity", "HeadBucket", "GetRole", "GetKeyPolicy", "ListUsersInGroup"} <= set(calls)
    assert {"ListFlowDefinitions", "DescribeFlowDefinition", "DescribeWorkteam", "ListHumanLoops"} <= set(calls)
    assert calls.count("GetRole") == 1
    assert all(name.startswith(("Get", "List", "Describe", "Head")) for name in calls), sorted(set(calls))


def test_cli_parses_doctor_options():
    from a2i_moderation.tooling.cli import main

    with pytest.raises(SystemExit) as exited:
        main(["doctor"])  # one of --plan or --outputs is required
    assert exited.value.code == 2


def test_checks_never_pass_what_the_evaluator_cannot_decide():
    target = doctor.Target(source="outputs", path="o.json", region=REGION, account="123456789012", input_buckets=())

    def undecidable() -> doctor.Check:
        from a2i_moderation.policy_evaluation import NotEvaluatedError

        raise NotEvaluatedError("condition operator DateGreaterThan")

    (check,) = doctor._guarded("execution role", undecidable)
    assert check.status is doctor.Status.NOT_CHECKED
    assert "DateGreaterThan" in check.detail
    assert target.deployed


def test_api_the_endpoint_does_not_serve_is_not_checked(aws_endpoint, dev_plan, plan_path, capsys):
    """No stub: SageMaker goes to the moto server too, which does not serve A2I's calls."""
    make_input_buckets(dev_plan)
    code = _doctor(argparse.Namespace(plan=plan_path, outputs=None, region=None, json=False))
    out = capsys.readouterr().out
    assert code == 3
    row = line(out, "A2I runs in eu-west-1")
    assert row.lstrip().startswith("not checked")
    assert "ListFlowDefinitions answered" in row
    assert "<" not in row  # the endpoint's web page is not pasted into the table
    assert line(out, "input bucket acme-dev-partner-images").lstrip().startswith("passed")


def test_output_bucket_encrypted_without_the_stack_key_fails(account, capsys):
    account.s3.put_bucket_encryption(
        Bucket=account.output_bucket,
        ServerSideEncryptionConfiguration={
            "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]
        },
    )
    code, out, _ = run_doctor(capsys, healthy_stubs(account), "--outputs", account.outputs_file())
    assert code == 1
    assert f"its default encryption is not SSE-KMS with {account.key_arn}" in line(out, "output bucket")
