"""A consumer's unit test with a2i_moderation.testing.AwsMocks: every computed value is there, in
AWS's format (ARNs of the placeholder account 123456789012 in the mocks' region)."""

import json

import pulumi

from a2i_moderation.testing import AwsMocks

pulumi.runtime.set_mocks(AwsMocks("eu-west-1"), preview=False)

from a2i_moderation import ImageModerationReview  # noqa: E402  (after the mocks, as Pulumi's docs show)


@pulumi.runtime.test
def test_review_exports_a_flow_definition_arn_applications_can_use() -> pulumi.Output[None]:
    review = ImageModerationReview(
        "photos",
        {
            "activation_conditions": json.dumps({"labels": [{"name": "*", "below": 80}]}),
            "task_title": "Check a photo",
            "task_description": "Select every category the photo shows.",
            "input_bucket_names": ["photo-uploads"],
        },
    )

    def check(values: list[str]) -> None:
        arn, uri = values
        assert arn.startswith("arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/photos-")
        assert uri.startswith("s3://photos-output-bucket-")

    return pulumi.Output.all(review.flow_definition_arn, review.output_s3_uri).apply(check)
