"""Evaluation speed: deciding 100,000 DetectModerationLabels responses against the dev stack's
activation conditions, as a ratio to json.loads of the same lines, measured in the same run.

    .venv/bin/python benchmarks/evaluate.py [--count 100000] [--repeat 5]

ratio = (parse + evaluate) / parse. Target: <= 1.5 (evaluation adds at most half of the parse time).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))

from generate_responses import responses  # noqa: E402

from a2i_moderation.conditions import Evaluator  # noqa: E402
from a2i_moderation.settings import conditions_document  # noqa: E402
from a2i_moderation.tooling.preview.stack import load_stack, review_settings  # noqa: E402


def dev_conditions() -> dict:
    return conditions_document(review_settings(load_stack(ROOT, "dev")).activation_conditions, "activationConditions")


def make_lines(count: int) -> list[str]:
    return [json.dumps(line) for line in responses(count, seed=7, key_format="img-{:06d}")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    evaluator = Evaluator(dev_conditions())
    lines = make_lines(options.count)
    parse_times, evaluate_times = [], []
    for _ in range(options.repeat):
        started = time.perf_counter()
        parsed = [json.loads(line) for line in lines]
        parse_times.append(time.perf_counter() - started)
        keys = [r["key"] for r in parsed]
        started = time.perf_counter()
        decisions = evaluator.decide_all(parsed, keys)
        evaluate_times.append(time.perf_counter() - started)
    parse, evaluate = statistics.median(parse_times), statistics.median(evaluate_times)
    rate = sum(1 for fired in decisions if fired) / len(decisions)
    print(
        f"responses: {options.count:,} ({sum(map(len, lines)) / len(lines):.0f} bytes a line), review rate {rate:.2%}"
    )
    print(
        f"json.loads: {parse * 1e3:8.1f} ms   ({parse / options.count * 1e6:.2f} us a line, median of {options.repeat})"
    )
    print(
        f"evaluate:   {evaluate * 1e3:8.1f} ms   "
        f"({evaluate / options.count * 1e6:.2f} us a line, median of {options.repeat})"
    )
    print(f"ratio (parse + evaluate) / parse: {(parse + evaluate) / parse:.2f}  (target <= 1.50)")


if __name__ == "__main__":
    main()
