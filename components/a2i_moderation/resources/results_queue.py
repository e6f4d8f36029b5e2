"""ReviewResultsQueue: the workflow's human-loop status changes, from EventBridge to an SQS queue."""

import json
from collections.abc import Mapping
from typing import NotRequired, TypedDict

import pulumi
import pulumi_aws as aws

from .. import policies
from ..status_events import status_change_pattern

#: SQS's longest retention (14 days): a result must outlive a long outage of its processor.
RETENTION_SECONDS = 1_209_600
#: Receives before a message no processor could handle moves to the dead-letter queue.
MAX_RECEIVE_COUNT = 5
#: How long a received message stays hidden from other processors (reading output.json is quick).
VISIBILITY_TIMEOUT_SECONDS = 60
#: EventBridge retries a failed delivery for up to a day (its maximum), then uses the dead-letter queue.
DELIVERY_RETRY = aws.cloudwatch.EventTargetRetryPolicyArgsDict(
    maximum_event_age_in_seconds=86_400, maximum_retry_attempts=185
)


class ReviewResultsQueueArgs(TypedDict):
    flow_definition_arn_prefix: pulumi.Input[str]
    """arn:aws:sagemaker:<region>:<account>:flow-definition/<workflow name>-: the events of every flow
    definition of the workflow, current and kept ones, and of no other workflow."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the rule and the queues."""


class ReviewResultsQueue(pulumi.ComponentResource):
    """Every end of a human loop of this workflow (Completed, Failed, Stopped) as a message in an
    encrypted SQS queue: the message body is the EventBridge event. Events arrive at least once, so
    consumers must be idempotent. Messages no consumer can handle, and events EventBridge could not
    deliver, go to the dead-letter queue; both queues keep messages 14 days and accept them only
    from this rule, over TLS."""

    queue_url: pulumi.Output[str]
    """URL of the results queue, https://sqs.<region>.amazonaws.com/<account>/<name>."""
    queue_arn: pulumi.Output[str]
    """ARN of the results queue, arn:aws:sqs:<region>:<account>:<name>."""
    dead_letter_queue_arn: pulumi.Output[str]
    """ARN of the dead-letter queue."""
    dead_letter_queue_url: pulumi.Output[str]
    """URL of the dead-letter queue."""
    rule_arn: pulumi.Output[str]
    """ARN of the EventBridge rule, arn:aws:events:<region>:<account>:rule/<name>."""
    event_pattern: pulumi.Output[str]
    """The rule's event pattern (JSON)."""

    def __init__(self, name: str, args: ReviewResultsQueueArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:ReviewResultsQueue", name, {}, opts)
        child = pulumi.ResourceOptions(parent=self)
        tags = args.get("tags")
        dead_letters = aws.sqs.Queue(
            f"{name}-dlq",
            sqs_managed_sse_enabled=True,
            message_retention_seconds=RETENTION_SECONDS,
            tags=tags,
            opts=child,
        )
        queue = aws.sqs.Queue(
            f"{name}-queue",
            sqs_managed_sse_enabled=True,
            message_retention_seconds=RETENTION_SECONDS,
            visibility_timeout_seconds=VISIBILITY_TIMEOUT_SECONDS,
            redrive_policy=dead_letters.arn.apply(
                lambda arn: json.dumps({"deadLetterTargetArn": arn, "maxReceiveCount": MAX_RECEIVE_COUNT})
            ),
            tags=tags,
            opts=child,
        )
        pattern = pulumi.Output.from_input(args["flow_definition_arn_prefix"]).apply(
            lambda prefix: json.dumps(status_change_pattern(prefix), sort_keys=True)
        )
        rule = aws.cloudwatch.EventRule(
            f"{name}-rule",
            description="A2I human loops of this workflow that ended (a2i-moderation)",
            event_pattern=pattern,
            tags=tags,
            opts=child,
        )
        queue_policies = [
            aws.sqs.QueuePolicy(
                f"{name}-{part}-policy",
                queue_url=target.url,
                policy=pulumi.Output.all(target.arn, rule.arn).apply(
                    lambda v: json.dumps(policies.results_queue_policy(v[0], v[1]), sort_keys=True)
                ),
                opts=child,
            )
            for part, target in (("queue", queue), ("dlq", dead_letters))
        ]
        aws.cloudwatch.EventTarget(
            f"{name}-target",
            rule=rule.name,
            arn=queue.arn,
            dead_letter_config={"arn": dead_letters.arn},
            retry_policy=DELIVERY_RETRY,
            # No event before the queue accepts it: an early one would go to the dead-letter queue.
            opts=pulumi.ResourceOptions(parent=self, depends_on=queue_policies),
        )
        self.queue_url = queue.url
        self.queue_arn = queue.arn
        self.dead_letter_queue_arn = dead_letters.arn
        self.dead_letter_queue_url = dead_letters.url
        self.rule_arn = rule.arn
        self.event_pattern = pattern
        self.register_outputs(
            {
                "queue_url": self.queue_url,
                "queue_arn": self.queue_arn,
                "dead_letter_queue_arn": self.dead_letter_queue_arn,
                "dead_letter_queue_url": self.dead_letter_queue_url,
                "rule_arn": self.rule_arn,
                "event_pattern": self.event_pattern,
            }
        )
