"""Act on finished human reviews: read the stack's results queue and print one decision per review.

    python examples/results_worker.py --queue-url https://sqs.eu-west-1.amazonaws.com/123456789012/reviews \\
        --state reviews.sqlite3 [--once]

Each message is a "SageMaker A2I HumanLoop Status Change" event (the EventBridge rule delivers the
whole event as the body). The worker reads it with `a2i_moderation.client.read_review`, prints the
decision line, remembers it and deletes the message.

Decision line (a contract: one line on stdout per review, in the order the messages were read):

    <loop name> <status> <image> consensus=<categories> workers=<n>

- `<status>`: Completed, Failed or Stopped;
- `<image>`: `s3://<bucket>/<key>`, the key percent-encoded as in a URL (a space is %20), or `-` for a
  failed or stopped loop (only a completed loop's output names the image);
- `<categories>`: the names of the categories more than half of the workers selected, joined by ","
  (names may contain spaces), or `none`;
- `<n>`: how many workers answered (0 for a failed or stopped loop).

It matches `^(\\S+) (Completed|Failed|Stopped) (\\S+) consensus=(.*) workers=(\\d+)$`, for example

    photo-0001-5d41402abc4b-upload-42 Completed s3://acme-uploads/photo-0001.jpg consensus=Explicit Nudity workers=3

Events arrive at least once. The (loop ARN, status) pairs already printed are kept in the SQLite file
`--state`: a repeated event is deleted without printing again. A message that cannot be read (not an
A2I event, output missing or malformed) is reported on stderr and left on the queue: its redrive policy
moves it to the dead-letter queue after its receive count. With `--once` the worker stops when the queue
has nothing new; exit status 0, or 1 if a message was left on the queue. Needs `sqs:ReceiveMessage` and
`sqs:DeleteMessage` on the queue, `s3:GetObject` (and `kms:Decrypt`) on the answers.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from contextlib import closing
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from a2i_moderation.client import Review, read_review

#: ReceiveMessage's limits (botocore's sqs model): 1 to 10 messages, long polling up to 20 seconds.
MAX_MESSAGES = 10
MAX_WAIT_SECONDS = 20


def decision_line(review: Review) -> str:
    """The contract line for one review (see the module's docstring)."""
    image = review.image.uri if review.image else "-"
    consensus = ",".join(category.name for category in review.consensus) or "none"
    return f"{review.human_loop_name} {review.status} {image} consensus={consensus} workers={len(review.answers)}"


class State:
    """The (loop ARN, status) pairs already printed, in a small SQLite file."""

    def __init__(self, path: str):
        """Open (or create) the file at `path`."""
        self.db = sqlite3.connect(path)
        with self.db:
            self.db.execute("CREATE TABLE IF NOT EXISTS printed (loop TEXT, status TEXT, PRIMARY KEY (loop, status))")

    def seen(self, loop: str, status: str) -> bool:
        """Whether this loop's status was printed before."""
        query = "SELECT 1 FROM printed WHERE loop = ? AND status = ?"
        return self.db.execute(query, (loop, status)).fetchone() is not None

    def remember(self, loop: str, status: str) -> None:
        """Record that this loop's status was printed."""
        with self.db:
            self.db.execute("INSERT OR IGNORE INTO printed VALUES (?, ?)", (loop, status))

    def close(self) -> None:
        """Close the file."""
        self.db.close()


def handle(message: dict[str, Any], state: State, s3: Any) -> bool:
    """Print the message's decision unless it was printed before. False if the message cannot be read
    (it must stay on the queue); True when it can be deleted."""
    try:
        review = read_review(message["Body"], s3=s3)
    except (ValueError, ClientError, BotoCoreError) as error:
        print(f"error: message {message['MessageId']}: {error}; left on the queue", file=sys.stderr)
        return False
    loop = review.human_loop_arn or review.human_loop_name
    if not state.seen(loop, review.status):
        print(decision_line(review), flush=True)
        state.remember(loop, review.status)
    return True


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line; argparse exits with status 2 on a usage error."""
    parser = argparse.ArgumentParser(description="Print one decision line per finished A2I human review.")
    parser.add_argument("--queue-url", required=True, help="URL of the SQS queue the EventBridge rule fills")
    parser.add_argument("--state", default="results-worker.sqlite3", help="SQLite file of reviews already printed")
    parser.add_argument("--once", action="store_true", help="stop when the queue has nothing new")
    parser.add_argument(
        "--wait-seconds",
        type=int,
        choices=range(MAX_WAIT_SECONDS + 1),
        default=MAX_WAIT_SECONDS,
        metavar="0..20",
        help="long polling: how long one receive waits for messages (default 20)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Poll the queue (until it has nothing new, with --once); the exit status (see the module's docstring)."""
    options = parse_args(argv)
    sqs, s3 = boto3.client("sqs"), boto3.client("s3")
    handled: set[str] = set()
    left_on_queue = False
    with closing(State(options.state)) as state:
        try:
            while True:
                messages = sqs.receive_message(
                    QueueUrl=options.queue_url, MaxNumberOfMessages=MAX_MESSAGES, WaitTimeSeconds=options.wait_seconds
                ).get("Messages", [])
                if options.once:  # a message left on a queue without visibility timeout comes back at once
                    messages = [message for message in messages if message["MessageId"] not in handled]
                    if not messages:
                        break
                    handled.update(message["MessageId"] for message in messages)
                for message in messages:
                    if handle(message, state, s3):
                        sqs.delete_message(QueueUrl=options.queue_url, ReceiptHandle=message["ReceiptHandle"])
                    else:
                        left_on_queue = True
        except (ClientError, BotoCoreError) as error:
            print(f"error: {options.queue_url}: {error}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            return 130
    return 1 if left_on_queue else 0


if __name__ == "__main__":
    sys.exit(main())
