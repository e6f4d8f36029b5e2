"""The exact inputs AWS receives from ImageModerationReview with its defaults, and every secure default."""

from __future__ import annotations

import json

from conftest import REGION, policy

ACCOUNT = "123456789012"
BUCKET = "aws:s3/bucket:Bucket"
FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"


def test_flow_definition_receives_the_rekognition_request_source_and_canonical_conditions(default_plan):
    flow = default_plan.one(FLOW)["inputs"]
    assert flow["humanLoopRequestSource"] == {
        "awsManagedHumanLoopRequestSource": "AWS/Rekognition/DetectModerationLabels/Image/V3"
    }
    assert flow["humanLoopActivationConfig"] == {
        "humanLoopActivationConditionsConfig": {
            "humanLoopActivationConditions": '{"Conditions":[{"ConditionParameters":{"ConfidenceLessThan":60,'
            '"ModerationLabelName":"*"},"ConditionType":"ModerationLabelConfidenceCheck"}]}'
        }
    }


def test_flow_definition_human_loop_uses_defaults_and_the_created_parts(default_plan):
    loop = default_plan.one(FLOW)["inputs"]["humanLoopConfig"]
    ui = default_plan.one("aws:sagemaker/humanTaskUI:HumanTaskUI")["inputs"]["humanTaskUiName"]
    team = default_plan.one("aws:sagemaker/workteam:Workteam")["inputs"]["workteamName"]
    assert loop == {
        "humanTaskUiArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:human-task-ui/{ui}",
        "workteamArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:workteam/private-crowd/{team}",
        "taskTitle": "Review an image",
        "taskDescription": "Confirm the moderation labels",
        "taskCount": 1,
        "taskAvailabilityLifetimeInSeconds": 86400,
        "taskTimeLimitInSeconds": 3600,
        "taskKeywords": ["Image", "Moderation"],
    }


def test_flow_definition_writes_encrypted_output_under_the_prefix_with_the_created_role(default_plan):
    flow = default_plan.one(FLOW)["inputs"]
    bucket = default_plan.outputs["output_bucket_name"]
    assert flow["outputConfig"] == {
        "s3OutputPath": f"s3://{bucket}/a2i-output/",
        "kmsKeyId": default_plan.outputs["kms_key_arn"],
    }
    assert flow["roleArn"] == default_plan.outputs["role_arn"]
    assert default_plan.outputs["output_s3_uri"] == f"s3://{bucket}/a2i-output/"


def test_flow_definition_arn_is_exported_in_aws_format(default_plan):
    name = default_plan.outputs["flow_definition_name"]
    assert default_plan.outputs["flow_definition_arn"] == f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:flow-definition/{name}"


def test_output_bucket_is_retained_on_delete_and_never_force_destroyed(default_plan):
    bucket = default_plan.one(BUCKET)
    assert bucket["options"]["retainOnDelete"] is True
    assert bucket["inputs"]["forceDestroy"] is False


def test_bucket_settings_are_retained_with_the_bucket(default_plan):
    settings = [r for r in default_plan.resources if r["type"].startswith("aws:s3/bucket") and "output" in r["name"]]
    assert len(settings) == 7
    assert all(r["options"]["retainOnDelete"] for r in settings)


def test_kms_key_rotates_and_is_retained_so_kept_answers_stay_readable(default_plan):
    key = default_plan.one("aws:kms/key:Key")
    assert key["inputs"]["enableKeyRotation"] is True
    assert key["inputs"]["deletionWindowInDays"] == 30
    assert key["options"]["retainOnDelete"] is True


def test_key_policy_keeps_account_administration_and_lets_only_the_role_use_the_key(default_plan):
    statements = policy(default_plan.one("aws:kms/key:Key"))["Statement"]
    assert statements[0] == {
        "Sid": "EnableAccountAdministration",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
        "Action": "kms:*",
        "Resource": "*",
    }
    assert statements[1]["Principal"] == {"AWS": [default_plan.outputs["role_arn"]]}
    assert statements[1]["Action"] == [
        "kms:Decrypt",
        "kms:DescribeKey",
        "kms:Encrypt",
        "kms:GenerateDataKey",
        "kms:GenerateDataKeyWithoutPlaintext",
        "kms:ReEncryptFrom",
        "kms:ReEncryptTo",
    ]


def test_bucket_encrypts_with_the_key_and_a_bucket_key(default_plan):
    encryption = default_plan.one(
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration"
    )
    assert encryption["inputs"]["rules"] == [
        {
            "applyServerSideEncryptionByDefault": {
                "sseAlgorithm": "aws:kms",
                "kmsMasterKeyId": default_plan.outputs["kms_key_arn"],
            },
            "bucketKeyEnabled": True,
        }
    ]


def test_bucket_blocks_all_public_access(default_plan):
    block = default_plan.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")["inputs"]
    assert {
        k: block[k] for k in ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")
    } == {
        "blockPublicAcls": True,
        "blockPublicPolicy": True,
        "ignorePublicAcls": True,
        "restrictPublicBuckets": True,
    }


def test_bucket_enforces_owner_and_versions_objects(default_plan):
    assert default_plan.one("aws:s3/bucketOwnershipControls:BucketOwnershipControls")["inputs"]["rule"] == {
        "objectOwnership": "BucketOwnerEnforced"
    }
    assert default_plan.one("aws:s3/bucketVersioning:BucketVersioning")["inputs"]["versioningConfiguration"] == {
        "status": "Enabled"
    }


def test_bucket_policy_denies_requests_without_tls(default_plan):
    bucket = default_plan.outputs["output_bucket_name"]
    assert policy(default_plan.one("aws:s3/bucketPolicy:BucketPolicy")) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


def test_bucket_policy_waits_for_the_public_access_block(default_plan):
    block = default_plan.one("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")["urn"]
    assert default_plan.one("aws:s3/bucketPolicy:BucketPolicy")["options"]["dependsOn"] == [block]


def test_lifecycle_expires_noncurrent_versions_and_keeps_current_answers(default_plan):
    rules = default_plan.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")["inputs"]["rules"]
    assert rules == [
        {
            "id": "expire-noncurrent-versions",
            "status": "Enabled",
            "filter": {},
            "noncurrentVersionExpiration": {"noncurrentDays": 90},
            "abortIncompleteMultipartUpload": {"daysAfterInitiation": 7},
        }
    ]


def test_role_trusts_only_sagemaker_with_the_if_exists_confused_deputy_guard(default_plan):
    trust = policy(default_plan.one("aws:iam/role:Role"), "assumeRolePolicy")
    assert trust["Statement"] == [
        {
            "Sid": "AllowSageMakerA2I",
            "Effect": "Allow",
            "Principal": {"Service": "sagemaker.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT},
                "ArnLikeIfExists": {"aws:SourceArn": f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:*"},
            },
        }
    ]


def test_role_policy_writes_only_under_the_prefix_and_reads_only_input_buckets(default_plan):
    bucket = default_plan.outputs["output_bucket_name"]
    statements = policy(default_plan.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    assert statements[:2] == [
        {
            "Sid": "WriteReviewOutput",
            "Effect": "Allow",
            "Action": ["s3:PutObject"],
            "Resource": [f"arn:aws:s3:::{bucket}/a2i-output/*"],
        },
        {
            "Sid": "ReadInputImages",
            "Effect": "Allow",
            "Action": ["s3:GetObject"],
            "Resource": ["arn:aws:s3:::acme-uploads/*"],
        },
    ]
    assert statements[2]["Resource"] == [default_plan.outputs["kms_key_arn"]]


def test_role_policy_has_no_wildcard_action_or_resource(default_plan):
    for statement in policy(default_plan.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]:
        assert all("*" not in action for action in statement["Action"])
        assert "*" not in statement["Resource"]


def test_flow_definition_waits_for_the_role_policy(default_plan):
    # The role ARN reaches the flow definition only once the role may act: never a bare role.
    flow = default_plan.one(FLOW)
    role_policy = default_plan.one("aws:iam/rolePolicy:RolePolicy")
    assert role_policy["urn"] in flow["propertyDependencies"]["roleArn"]


def test_input_buckets_get_no_cors_rule_unless_asked(default_plan):
    assert default_plan.of_type("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration") == []


def test_task_ui_holds_the_default_template(default_plan):
    from a2i_moderation import default_template

    ui = default_plan.one("aws:sagemaker/humanTaskUI:HumanTaskUI")["inputs"]
    assert ui["uiTemplate"] == {"content": default_template()}
    assert ui["humanTaskUiName"].startswith("moderation-ui-")


def test_created_workteam_uses_the_created_workforce_pool_client_and_group(default_plan):
    team = default_plan.one("aws:sagemaker/workteam:Workteam")["inputs"]
    workforce = default_plan.one("aws:sagemaker/workforce:Workforce")["inputs"]
    group = default_plan.one("aws:cognito/userGroup:UserGroup")["inputs"]
    assert team["workforceName"] == workforce["workforceName"]
    member = team["memberDefinitions"][0]["cognitoMemberDefinition"]
    assert member["userPool"] == workforce["cognitoConfig"]["userPool"] == group["userPoolId"]
    assert member["clientId"] == workforce["cognitoConfig"]["clientId"]
    assert member["userGroup"] == group["name"] == "moderation-reviewers"
    assert "notificationConfiguration" not in team


def test_user_pool_admits_only_admin_created_users_with_a_strong_password_policy(default_plan):
    pool = default_plan.one("aws:cognito/userPool:UserPool")["inputs"]
    assert pool["adminCreateUserConfig"] == {"allowAdminCreateUserOnly": True}
    assert pool["passwordPolicy"]["minimumLength"] == 12
    assert pool["mfaConfiguration"] == "OPTIONAL"


def test_every_child_is_parented_to_its_component_and_named_from_it(default_plan):
    by_urn = {r["urn"]: r for r in default_plan.resources}
    for resource in default_plan.resources:
        if resource["type"] == "a2i-moderation:index:ImageModerationReview":
            continue
        parent = by_urn[resource["parent"]]
        assert resource["name"].startswith(parent["name"] + "-"), resource["name"]


def test_every_taggable_resource_carries_the_workflow_tag(default_plan):
    tagged = [r for r in default_plan.resources if r["custom"] and "tags" in r["inputs"]]
    assert len(tagged) >= 6
    assert all(r["inputs"]["tags"]["a2i-moderation:workflow"] == "moderation" for r in tagged)


def test_nothing_is_protected_so_destroy_can_run(default_plan):
    assert not any(r["options"]["protect"] for r in default_plan.resources)


def test_plan_inputs_are_plain_json(default_plan):
    json.dumps(default_plan.to_json())


def test_args_classes_mark_exactly_the_required_settings():
    # Pulumi's component providers read these TypedDicts as the schema: optional must stay optional.
    from a2i_moderation import ImageModerationReviewArgs, ReviewKeyArgs, ReviewWorkteamArgs

    # Activation conditions come as `conditions` or `activation_conditions`: one is checked at run time.
    assert ImageModerationReviewArgs.__required_keys__ == {
        "task_title",
        "task_description",
        "input_bucket_names",
    }
    assert ReviewKeyArgs.__required_keys__ == {"user_role_arns"}
    assert ReviewWorkteamArgs.__required_keys__ == {"name_prefix"}
    assert {"account_id", "partition", "region"} <= ReviewWorkteamArgs.__optional_keys__
