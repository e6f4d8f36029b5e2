"""Each part can be brought in existing: nothing is created for it, and its ARN or name is used as given."""

from __future__ import annotations

import json

from conftest import minimal_args, plan_review, policy

KEY = "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee"
ROLE = "arn:aws:iam::123456789012:role/service-role/a2i-reviews"
TEAM = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/trust-and-safety"
UI = "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/house-template"
FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"


def types(plan):
    return {r["type"] for r in plan.resources}


def test_existing_bucket_creates_no_bucket_and_no_key():
    plan = plan_review(minimal_args(output_bucket_name="acme-reviews", output_prefix="moderation"))
    assert not any(t.startswith("aws:s3/bucket") or t == "aws:kms/key:Key" for t in types(plan))
    assert plan.one(FLOW)["inputs"]["outputConfig"] == {"s3OutputPath": "s3://acme-reviews/moderation/"}
    statements = policy(plan.one("aws:iam/rolePolicy:RolePolicy"))["Statement"]
    assert statements[0]["Resource"] == ["arn:aws:s3:::acme-reviews/moderation/*"]
    assert [s["Sid"] for s in statements] == ["WriteReviewOutput", "ReadInputImages"]


def test_existing_bucket_with_existing_key_encrypts_with_that_key():
    plan = plan_review(minimal_args(output_bucket_name="acme-reviews", kms_key_arn=KEY))
    assert plan.one(FLOW)["inputs"]["outputConfig"]["kmsKeyId"] == KEY
    assert policy(plan.one("aws:iam/rolePolicy:RolePolicy"))["Statement"][2]["Resource"] == [KEY]


def test_existing_key_with_created_bucket_creates_no_key():
    plan = plan_review(minimal_args(kms_key_arn=KEY))
    assert "aws:kms/key:Key" not in types(plan)
    encryption = plan.one("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")
    assert encryption["inputs"]["rules"][0]["applyServerSideEncryptionByDefault"]["kmsMasterKeyId"] == KEY


def test_existing_role_creates_no_role_and_the_created_key_trusts_it():
    plan = plan_review(minimal_args(role_arn=ROLE))
    assert not {"aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"} & types(plan)
    assert plan.one(FLOW)["inputs"]["roleArn"] == ROLE
    assert policy(plan.one("aws:kms/key:Key"))["Statement"][1]["Principal"] == {"AWS": [ROLE]}


def test_existing_workteam_creates_no_cognito_or_sagemaker_workforce():
    plan = plan_review(minimal_args(workteam_arn=TEAM))
    assert not any(t.startswith(("aws:cognito", "aws:sagemaker/work")) for t in types(plan))
    assert plan.one(FLOW)["inputs"]["humanLoopConfig"]["workteamArn"] == TEAM


def test_existing_workforce_pool_creates_only_group_and_workteam():
    plan = plan_review(
        minimal_args(workteam_user_pool_id="eu-west-1_AbC123xyZ", workteam_user_pool_client_id="4tq1example7client")
    )
    assert {t for t in types(plan) if t.startswith(("aws:cognito", "aws:sagemaker/work"))} == {
        "aws:cognito/userGroup:UserGroup",
        "aws:sagemaker/workteam:Workteam",
    }
    team = plan.one("aws:sagemaker/workteam:Workteam")["inputs"]
    assert "workforceName" not in team
    assert team["memberDefinitions"] == [
        {
            "cognitoMemberDefinition": {
                "userPool": "eu-west-1_AbC123xyZ",
                "clientId": "4tq1example7client",
                "userGroup": "moderation-reviewers",
            }
        }
    ]


def test_existing_group_creates_no_group():
    plan = plan_review(
        minimal_args(
            workteam_user_pool_id="eu-west-1_AbC123xyZ",
            workteam_user_pool_client_id="4tq1example7client",
            workteam_user_group="reviewers",
        )
    )
    assert "aws:cognito/userGroup:UserGroup" not in types(plan)
    assert (
        plan.one("aws:sagemaker/workteam:Workteam")["inputs"]["memberDefinitions"][0]["cognitoMemberDefinition"][
            "userGroup"
        ]
        == "reviewers"
    )


def test_notification_topic_is_created_with_the_publish_policy_aws_documents():
    plan = plan_review(minimal_args(workteam_create_notification_topic=True))
    topic_policy = plan.one("aws:sns/topicPolicy:TopicPolicy")["inputs"]
    statement = policy(plan.one("aws:sns/topicPolicy:TopicPolicy"))["Statement"][0]
    assert statement == {
        "Sid": "AllowSageMakerPublish",
        "Effect": "Allow",
        "Principal": {"Service": "sagemaker.amazonaws.com"},
        "Action": "sns:Publish",
        "Resource": topic_policy["arn"],
        "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}},
    }
    team = plan.one("aws:sagemaker/workteam:Workteam")["inputs"]
    assert team["notificationConfiguration"] == {"notificationTopicArn": topic_policy["arn"]}
    assert topic_policy["arn"].startswith("arn:aws:sns:eu-west-1:123456789012:moderation-workteam-notifications-")


def test_existing_task_ui_creates_no_task_ui():
    plan = plan_review(minimal_args(human_task_ui_arn=UI))
    assert "aws:sagemaker/humanTaskUI:HumanTaskUI" not in types(plan)
    assert plan.one(FLOW)["inputs"]["humanLoopConfig"]["humanTaskUiArn"] == UI


EVERYTHING_EXISTING = {
    "output_bucket_name": "acme-reviews",
    "kms_key_arn": KEY,
    "role_arn": ROLE,
    "workteam_arn": TEAM,
    "human_task_ui_arn": UI,
}
#: What applications use, created by default whatever else is brought.
APPLICATION_PARTS = {
    "aws:ssm/parameter:Parameter",
    "aws:iam/policy:Policy",
    "aws:sqs/queue:Queue",
    "aws:sqs/queuePolicy:QueuePolicy",
    "aws:cloudwatch/eventRule:EventRule",
    "aws:cloudwatch/eventTarget:EventTarget",
}


def test_everything_existing_creates_the_flow_definition_and_what_applications_use():
    plan = plan_review(minimal_args(**EVERYTHING_EXISTING))
    assert {r["type"] for r in plan.resources if r["custom"]} == {FLOW, *APPLICATION_PARTS}
    assert plan.outputs["kms_key_arn"] == KEY


def test_everything_existing_without_application_parts_creates_only_the_flow_definition():
    plan = plan_review(
        minimal_args(
            **EVERYTHING_EXISTING,
            publish_arn_parameter=False,
            create_caller_policy=False,
            create_results_queue=False,
            create_processor_policy=False,
        )
    )
    assert [r["type"] for r in plan.resources if r["custom"]] == [FLOW]
    assert plan.outputs["results_queue_url"] is None
    assert plan.outputs["caller_policy_arn"] is None


def test_custom_template_is_used_as_given():
    template = (
        "<crowd-form><crowd-rekognition-detect-moderation-labels "
        "categories='{{ task.input.selectedAiServiceResponse.moderationLabels | to_json }}'>"
        "</crowd-rekognition-detect-moderation-labels></crowd-form>"
    )
    plan = plan_review(minimal_args(task_template=template))
    assert plan.one("aws:sagemaker/humanTaskUI:HumanTaskUI")["inputs"]["uiTemplate"]["content"] == template


def test_managed_cors_rule_is_exactly_the_one_aws_requires():
    plan = plan_review(
        minimal_args(input_bucket_names=["acme-uploads", "partner-images"], cors_bucket_names=["acme-uploads"])
    )
    cors = plan.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")["inputs"]
    assert cors == {
        "bucket": "acme-uploads",
        "corsRules": [{"allowedHeaders": [], "allowedMethods": ["GET"], "allowedOrigins": ["*"], "exposeHeaders": []}],
    }
    assert json.loads(json.dumps(plan.outputs))


def test_opting_out_of_retention_lets_bucket_and_key_go():
    plan = plan_review(minimal_args(retain_output_on_delete=False))
    kept = {r["type"] for r in plan.resources if r["options"]["retainOnDelete"]}
    # What stays is the flow definition and its task UI, kept for their queued reviews.
    assert kept == {"aws:sagemaker/flowDefinition:FlowDefinition", "aws:sagemaker/humanTaskUI:HumanTaskUI"}


def test_replaced_flow_definition_and_task_ui_are_kept_for_their_queued_reviews():
    plan = plan_review(minimal_args())
    assert plan.one("aws:sagemaker/flowDefinition:FlowDefinition")["options"]["retainOnDelete"] is True
    assert plan.one("aws:sagemaker/humanTaskUI:HumanTaskUI")["options"]["retainOnDelete"] is True


def test_throwaway_stack_can_let_replaced_flow_definitions_go():
    plan = plan_review(minimal_args(retain_output_on_delete=False, retain_replaced_flow_definitions=False))
    assert not any(r["options"]["retainOnDelete"] for r in plan.resources)


def test_guard_can_be_turned_off():
    plan = plan_review(minimal_args(confused_deputy_guard=False))
    assert "Condition" not in policy(plan.one("aws:iam/role:Role"), "assumeRolePolicy")["Statement"][0]


def test_expiry_of_answers_is_opt_in():
    plan = plan_review(minimal_args(output_expiration_days=365))
    rules = plan.one("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")["inputs"]["rules"]
    assert rules[1] == {"id": "expire-answers", "status": "Enabled", "filter": {}, "expiration": {"days": 365}}
