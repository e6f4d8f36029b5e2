"""What-if simulation: run activation conditions over recorded DetectModerationLabels responses (pure).

The CLI (`a2i-moderation simulate`) reads the files and draws the plot; this module parses lines,
evaluates them in batches and keeps the counts a moderation team decides with.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..conditions import Evaluator
from ..conditions.describe import describe_condition
from ..conditions.vocabulary import label_checks
from ..errors import ConfigError
from . import yaml_problem

BATCH = 5_000
LABELS_SHOWN = 12


class BadLineError(ConfigError):
    """A line of the responses file that is not a DetectModerationLabels response."""

    def __init__(self, number: int, problem: str):
        self.number = number
        super().__init__(f"line {number}: {problem}")


def parse_line(text: str, number: int, min_confidence: float) -> tuple[str, dict[str, Any]]:
    """(key, response) from one JSON line. Labels under `min_confidence` are dropped: Rekognition
    would not return them to a request with that MinConfidence."""
    try:
        response = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadLineError(number, f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(response, dict):
        raise BadLineError(number, "not a JSON object (one DetectModerationLabels response per line)")
    labels = response.get("ModerationLabels")
    if not isinstance(labels, list):
        raise BadLineError(number, "has no ModerationLabels list (one DetectModerationLabels response per line)")
    for i, label in enumerate(labels):
        if not (
            isinstance(label, dict)
            and isinstance(label.get("Name"), str)
            and isinstance(label.get("Confidence"), (int, float))
            and not isinstance(label.get("Confidence"), bool)
        ):
            raise BadLineError(number, f"ModerationLabels[{i}] needs a Name (text) and a Confidence (number)")
    if any(label["Confidence"] < min_confidence for label in labels):
        response["ModerationLabels"] = [label for label in labels if label["Confidence"] >= min_confidence]
    key = response.get("key")
    return (str(key) if key is not None else str(number)), response


@dataclass
class Summary:
    """Counts over every evaluated response."""

    document: dict[str, Any]
    total: int = 0
    activated: int = 0
    bad_lines: int = 0
    per_condition: Counter[int] = field(default_factory=Counter)
    """Responses for which each top-level condition was true (several may be true at once)."""
    per_label: Counter[str] = field(default_factory=Counter)
    """Reviews in which each label is shown to reviewers."""
    seen: Counter[str] = field(default_factory=Counter)
    """Responses in which each label was returned."""

    @property
    def review_rate(self) -> float:
        return self.activated / self.total if self.total else 0.0

    def monthly(self, volume: int, price_per_review: float) -> tuple[float, float]:
        """(human reviews, cost) per month for `volume` images a month."""
        reviews = self.review_rate * volume
        return reviews, reviews * price_per_review

    def report(self, volume: int | None, price_per_review: float, task_count: int | None = None) -> str:
        lines = [
            f"Responses evaluated: {self.total:,}"
            + (f" ({self.bad_lines:,} bad lines skipped)" if self.bad_lines else ""),
            f"Human loops started: {self.activated:,} ({self.review_rate:.2%})",
            "",
            "By condition (a response can meet several):",
        ]
        for i, condition in enumerate(self.document["Conditions"]):
            count = self.per_condition[i]
            share = count / self.total if self.total else 0.0
            lines.append(f"  Conditions[{i}]  {count:>8,}  {share:7.2%}  {describe_condition(condition)}")
        lines += ["", f"By label, the {LABELS_SHOWN} most reviewed (responses returning it / reviews showing it):"]
        ranked = sorted(self.seen, key=lambda label: (-self.per_label[label], -self.seen[label], label))
        for label in ranked[:LABELS_SHOWN]:
            lines.append(f"  {label:<52} {self.seen[label]:>8,} / {self.per_label[label]:>8,}")
        if len(ranked) > LABELS_SHOWN:
            lines.append(f"  ... {len(ranked) - LABELS_SHOWN} more labels (all of them are in --decisions)")
        if volume:
            reviews, cost = self.monthly(volume, price_per_review)
            lines += [
                "",
                f"At {volume:,} images a month: about {reviews:,.0f} human reviews a month, "
                f"{cost:,.2f} USD at {price_per_review:g} USD per reviewed image",
            ]
            if task_count and task_count > 1:
                lines.append(f"  ({reviews * task_count:,.0f} worker tasks: {task_count} workers review each image)")
        return "\n".join(lines)


def _batches(
    lines: Iterable[str], min_confidence: float, skip_bad: bool, summary: Summary
) -> Iterator[tuple[list[str], list[dict[str, Any]]]]:
    keys: list[str] = []
    responses: list[dict[str, Any]] = []
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            key, response = parse_line(text, number, min_confidence)
        except BadLineError:
            if not skip_bad:
                raise
            summary.bad_lines += 1
            continue
        keys.append(key)
        responses.append(response)
        if len(keys) >= BATCH:
            yield keys, responses
            keys, responses = [], []
    if keys:
        yield keys, responses


def simulate(
    lines: Iterable[str],
    evaluator: Evaluator,
    min_confidence: float = 50.0,
    skip_bad_lines: bool = False,
    on_decision: Callable[[dict[str, Any]], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
    keep: list[tuple[str, dict[str, Any]]] | None = None,
) -> Summary:
    """Evaluate every response; `on_decision` receives one decision line per response (costlier:
    the full EvaluationResults), `keep` collects the parsed responses (for the plot)."""
    summary = Summary(dict(evaluator.document))
    for keys, responses in _batches(lines, min_confidence, skip_bad_lines, summary):
        fired_lists = evaluator.decide_all(responses, keys)
        for key, response, fired in zip(keys, responses, fired_lists, strict=True):
            summary.total += 1
            for label in response["ModerationLabels"]:
                summary.seen[label["Name"]] += 1
            if fired or on_decision is not None:
                decision = evaluator.explain(response, key)
                if on_decision is not None:
                    on_decision(decision.to_json())
                if fired:
                    summary.activated += 1
                    summary.per_condition.update(fired)
                    summary.per_label.update(decision.labels)
        if keep is not None:
            keep.extend(zip(keys, responses, strict=True))
        if on_progress is not None:
            on_progress(summary.total)
    return summary


def load_conditions_file(text: str, name: str) -> Any:
    """A conditions file: JSON, or YAML (which JSON is a subset of)."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{name}: neither JSON nor YAML ({yaml_problem(exc)})") from None


def threshold_checks(document: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    """Every label check in the document, with its path: the thresholds a plot can vary."""
    return list(label_checks(document))
