"""Moderate images in S3 with human review: what an application does with the stack's flow definition.

    python examples/app.py --bucket acme-dev-user-uploads \\
        --parameter-name /a2i-moderation/moderation/flow-definition-arn photos/1.jpg photos/2.jpg

(or `--flow-definition-arn "$(pulumi stack output flowDefinitionArn)"`). The parameter is better: it
always names the current flow definition, which every change of the review settings replaces.

One line per image:

    s3://<bucket>/<key> labels=<name confidence%,...|none> review=<loop name|not-needed|deferred>

`deferred`: A2I's limit of loops in progress was reached (with --on-quota-exceeded continue), the image
was moderated without review. Exit status: 0 when every image was moderated, 1 otherwise (each failure
on stderr). Needs `rekognition:DetectModerationLabels`, `sagemaker:StartHumanLoop`, read access to the
images and, with --parameter-name, `ssm:GetParameter` on the parameter.
"""

from __future__ import annotations

import argparse
import sys

from botocore.exceptions import BotoCoreError, ClientError

from a2i_moderation.client import HumanLoopQuotaExceeded, ModerationClient, ModerationResult, S3Image


def describe(result: ModerationResult) -> str:
    """The line printed for one image."""
    labels = ",".join(f"{label.name} {label.confidence:.0f}%" for label in result.labels) or "none"
    if result.human_loop_name is not None:
        review = result.human_loop_name
    else:
        review = "deferred" if result.review_deferred else "not-needed"
    return f"{result.image.uri} labels={labels} review={review}"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; argparse exits with status 2 on a usage error."""
    parser = argparse.ArgumentParser(description="Moderate images in S3 with Rekognition and A2I human review.")
    parser.add_argument("--bucket", required=True, help="bucket of the images")
    flow = parser.add_mutually_exclusive_group(required=True)
    flow.add_argument("--parameter-name", help="SSM parameter holding the current flow definition ARN")
    flow.add_argument("--flow-definition-arn", help="the flow definition's ARN")
    parser.add_argument("--min-confidence", type=float, default=50, help="MinConfidence, 0 to 100 (default 50)")
    parser.add_argument(
        "--on-quota-exceeded",
        choices=("raise", "continue"),
        default="raise",
        help="when A2I's loops in progress are at their limit: report the image as failed (raise), or "
        "moderate it without review (continue)",
    )
    parser.add_argument("keys", nargs="+", metavar="KEY", help="object keys of the images")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Moderate each key; the exit status (see the module's docstring)."""
    options = parse_args(argv)
    try:
        client = ModerationClient(
            flow_definition_arn=options.flow_definition_arn,
            parameter_name=options.parameter_name,
            min_confidence=options.min_confidence,
            on_quota_exceeded=options.on_quota_exceeded,
        )
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    failed = 0
    for key in options.keys:
        try:
            print(describe(client.moderate(options.bucket, key)), flush=True)
        except HumanLoopQuotaExceeded as error:  # its message names the image
            print(f"error: {error}", file=sys.stderr)
            failed += 1
        except (ClientError, BotoCoreError, ValueError) as error:
            print(f"error: {S3Image(options.bucket, key).uri}: {error}", file=sys.stderr)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
