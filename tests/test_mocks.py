"""The offline preview's stand-in IDs and ARNs have AWS's formats (patterns from botocore's models)."""

from __future__ import annotations

import regex
from conftest import minimal_args, plan_review

from a2i_moderation.tooling.preview.apimodel import sagemaker_model


def pattern(shape: str) -> str:
    return sagemaker_model().shape_for(shape).metadata["pattern"]


def test_exported_arns_match_the_sagemaker_model(dev_plan):
    outputs = dev_plan.outputs
    for value, shape in (
        (outputs["flowDefinitionArn"], "FlowDefinitionArn"),
        (outputs["humanTaskUiArn"], "HumanTaskUiArn"),
        (outputs["workteamArn"], "WorkteamArn"),
        (outputs["roleArn"], "RoleArn"),
        (outputs["kmsKeyArn"], "KmsKeyId"),
        (outputs["reviewersUserPoolId"], "CognitoUserPool"),
    ):
        assert regex.fullmatch(pattern(shape), value), (shape, value)


def test_workforce_and_topic_arns_match_the_sagemaker_model():
    plan = plan_review(minimal_args(workteam_create_notification_topic=True))
    topic = plan.one("aws:sns/topicPolicy:TopicPolicy")["inputs"]["arn"]
    assert regex.fullmatch(pattern("NotificationTopicArn"), topic)
    workforce = plan.one("aws:sagemaker/workteam:Workteam")["inputs"]["workforceName"]
    assert regex.fullmatch(pattern("WorkforceName"), workforce)


def test_kms_key_arn_is_a_key_arn_with_a_uuid(dev_plan):
    assert regex.fullmatch(
        r"arn:aws:kms:eu-west-1:123456789012:key/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}",
        dev_plan.outputs["kmsKeyArn"],
    )


def test_bucket_name_follows_pulumi_auto_naming(dev_plan):
    assert regex.fullmatch(r"moderation-output-bucket-[0-9a-f]{7}", dev_plan.outputs["outputBucketName"])
