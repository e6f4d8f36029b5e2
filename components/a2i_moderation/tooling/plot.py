"""The what-if picture: review rate against each label check's threshold (matplotlib)."""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..conditions import Evaluator
from ..conditions.describe import describe_condition
from ..conditions.vocabulary import LABEL_CHECK, comparison_of, node_at
from .simulate import threshold_checks

MAX_PLOTTED = 20_000
THRESHOLDS = list(range(101))


def _with_threshold(document: dict[str, Any], path: str, value: float) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    parameters = node_at(changed, path)["ConditionParameters"]
    comparison, _ = comparison_of(parameters)
    parameters[comparison.key] = value
    return changed


def review_rates(
    document: dict[str, Any], responses: Sequence[tuple[str, dict[str, Any]]], seed: str
) -> dict[str, list[float]]:
    """Per label check (by path): the percentage of `responses` that would start a human loop if that
    check's threshold were each of THRESHOLDS, all else as configured."""
    keys = [key for key, _ in responses]
    parsed = [response for _, response in responses]
    rates: dict[str, list[float]] = {}
    for path, _ in threshold_checks(document):
        rates[path] = []
        for threshold in THRESHOLDS:
            decisions = Evaluator(_with_threshold(document, path, threshold), seed).decide_all(parsed, keys)
            rates[path].append(100.0 * sum(1 for fired in decisions if fired) / len(parsed) if parsed else 0.0)
    return rates


def draw_review_rates(
    document: dict[str, Any], rates: Mapping[str, Sequence[float]], out: Path, min_confidence: float, counted: str
) -> int:
    """Draw one curve per label check from `review_rates` (or the DuckDB engine's, which are the same);
    the configured threshold is marked. `counted` says over what ("3,000 responses"). Returns the
    number of curves."""
    # The Figure API, not pyplot: no GUI backend is looked for, and the command starts faster.
    from matplotlib.figure import Figure

    checks = threshold_checks(document)
    figure = Figure(figsize=(10, 6), dpi=110)
    axes = figure.add_subplot()
    for path, parameters in checks:
        curve = rates[path]
        label = f"{path}: {describe_condition({'ConditionType': LABEL_CHECK, 'ConditionParameters': parameters})}"
        (line,) = axes.plot(THRESHOLDS, curve, label=label, linewidth=1.8)
        _, configured = comparison_of(parameters)
        at = min(range(len(THRESHOLDS)), key=lambda i: abs(THRESHOLDS[i] - configured))
        axes.plot([configured], [curve[at]], marker="o", markersize=8, color=line.get_color())
        axes.axvline(configured, color=line.get_color(), linestyle=":", linewidth=1)
    axes.axvspan(
        0, min_confidence, color="0.92", zorder=0, label=f"below MinConfidence {min_confidence:g}: never returned"
    )
    axes.set_xlim(0, 100)
    axes.set_xlabel("threshold of this check (confidence %), other conditions as configured")
    axes.set_ylabel("responses that start a human loop (%)")
    axes.set_title(f"Review rate against each threshold, {counted}; dots: configured")
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=8, loc="best")
    # Fixed margins that fit the labels at this size: the "tight" layout engine measures every text
    # twice and would double the time spent drawing.
    figure.subplots_adjust(left=0.07, right=0.985, bottom=0.09, top=0.93)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out)
    return len(checks)


def plot_thresholds(
    document: dict[str, Any],
    responses: Sequence[tuple[str, dict[str, Any]]],
    out: Path,
    seed: str,
    min_confidence: float,
) -> int:
    """Draw one curve per label check: the share of responses that would start a human loop if that
    check's threshold were x, all else as configured, over at most MAX_PLOTTED of the responses;
    the configured threshold is marked. Returns the number of curves."""
    step = max(1, len(responses) // MAX_PLOTTED)
    sample = responses[::step]
    note = f" (every {step}th of {len(responses):,})" if step > 1 else ""
    rates = review_rates(document, sample, seed)
    return draw_review_rates(document, rates, out, min_confidence, f"{len(sample):,} responses{note}")
