"""A consumer's unit test with the minimal mocks Pulumi's documentation shows: `new_resource`
returns the inputs as the state, so computed values (ARNs, generated names) are missing."""

import json

import pulumi


class MinimalMocks(pulumi.runtime.Mocks):
    def new_resource(self, args):
        return [args.name + "_id", args.inputs]

    def call(self, args):
        return {}


pulumi.runtime.set_mocks(MinimalMocks(), preview=False)

from a2i_moderation import ImageModerationReview  # noqa: E402  (after the mocks, as Pulumi's docs show)


@pulumi.runtime.test
def test_review_names_its_flow_definition_from_its_own_name() -> pulumi.Output[None]:
    review = ImageModerationReview(
        "photos",
        {
            "activation_conditions": json.dumps({"labels": [{"name": "*", "below": 80}]}),
            "task_title": "Check a photo",
            "task_description": "Select every category the photo shows.",
            "input_bucket_names": ["photo-uploads"],
        },
    )

    def check(name: str) -> None:
        assert name.startswith("photos-")

    return review.flow_definition_name.apply(check)
