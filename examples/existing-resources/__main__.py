"""Bring your own bucket, key, role, workteam and task UI: a2i-moderation adds the flow definition and
what applications use (the ARN's parameter, the results queue and the two managed policies)."""

import json

import pulumi

from a2i_moderation import ImageModerationReview

review = ImageModerationReview(
    "moderation",
    {
        "activation_conditions": json.dumps(
            {
                "Conditions": [
                    {
                        "And": [
                            {
                                "ConditionType": "ModerationLabelConfidenceCheck",
                                "ConditionParameters": {
                                    "ModerationLabelName": "Violence",
                                    "ConfidenceGreaterThanEquals": 60,
                                },
                            },
                            {
                                "ConditionType": "ModerationLabelConfidenceCheck",
                                "ConditionParameters": {"ModerationLabelName": "Violence", "ConfidenceLessThan": 90},
                            },
                        ]
                    }
                ]
            }
        ),
        "task_title": "Review a possibly violent image",
        "task_description": "Confirm whether the image shows violence.",
        "input_bucket_names": ["acme-media-ingest"],
        "output_bucket_name": "acme-review-answers",
        "output_prefix": "moderation/",
        "kms_key_arn": "arn:aws:kms:eu-west-1:123456789012:key/1111aaaa-22bb-33cc-44dd-555555eeeeee",
        "role_arn": "arn:aws:iam::123456789012:role/service-role/a2i-reviews",
        "workteam_arn": "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/trust-and-safety",
        "human_task_ui_arn": "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/house-moderation-template",
    },
)

pulumi.export("flowDefinitionArn", review.flow_definition_arn)
pulumi.export("flowDefinitionArnParameterName", review.arn_parameter_name)
pulumi.export("resultsQueueUrl", review.results_queue_url)
