"""InputBuckets: the CORS rule A2I requires on every bucket that holds images to review.

AWS's A2I permissions page: human review tasks *fail* unless each input bucket allows GET from any
origin. Input buckets usually belong to another team, so managing the rule is opt-in per bucket.
"""

from collections.abc import Sequence
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from ..policies import INPUT_IMAGE_CORS_RULE


class InputBucketsArgs(TypedDict):
    bucket_names: pulumi.Input[Sequence[pulumi.Input[str]]]
    """Every bucket that holds images sent to DetectModerationLabels with this flow definition."""
    cors_bucket_names: NotRequired[Sequence[str]]
    """The subset whose CORS configuration this stack manages. Warning: S3 keeps one CORS
    configuration per bucket, so this *replaces* whatever rules the bucket had. Plain: each name is
    a resource."""


class InputBuckets(pulumi.ComponentResource):
    """Manages the A2I CORS rule on the input buckets that opt in; reports the others."""

    bucket_names: pulumi.Output[list[str]]
    """All input buckets."""
    unmanaged_cors_bucket_names: pulumi.Output[list[str]]
    """Input buckets left alone: their owners must add the CORS rule, or review tasks fail."""

    def __init__(self, name: str, args: InputBucketsArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:InputBuckets", name, {}, opts)
        managed = list(args.get("cors_bucket_names", []))
        for i, bucket in enumerate(managed):
            # Named by the bucket when it is known now; by its place when it is another resource's output.
            aws.s3.BucketCorsConfiguration(
                f"{name}-cors-{bucket if isinstance(bucket, str) else i}",
                bucket=bucket,
                cors_rules=[aws.s3.BucketCorsConfigurationCorsRuleArgs(**INPUT_IMAGE_CORS_RULE)],
                opts=pulumi.ResourceOptions(parent=self),
            )
        names = pulumi.Output.from_input(args["bucket_names"]).apply(lambda known: [str(b) for b in known])
        self.bucket_names = names
        self.unmanaged_cors_bucket_names = names.apply(lambda known: [b for b in known if b not in managed])
        self.register_outputs(
            {"bucket_names": self.bucket_names, "unmanaged_cors_bucket_names": self.unmanaged_cors_bucket_names}
        )
