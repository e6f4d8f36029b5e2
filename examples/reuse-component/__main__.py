"""A product team's stack: its own upload bucket, plus human review from a2i-moderation."""

import json

import pulumi
import pulumi_aws as aws

from a2i_moderation import ImageModerationReview

uploads = aws.s3.Bucket("uploads")

review = ImageModerationReview(
    "photo-review",
    {
        "activation_conditions": json.dumps(
            {
                "Conditions": [
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceLessThan": 80},
                    },
                    {"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": 0.5}},
                ]
            }
        ),
        "task_title": "Check a shared photo",
        "task_description": "Select every moderation category the photo shows.",
        "task_count": 2,
        "input_bucket_names": ["photo-sharing-uploads-prod"],
        "cors_bucket_names": ["photo-sharing-uploads-prod"],
        "workteam_arn": "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/trust-and-safety",
        "tags": {"team": "photo-sharing"},
    },
)

pulumi.export("uploadsBucket", uploads.bucket)
pulumi.export("flowDefinitionArn", review.flow_definition_arn)
