"""Activation conditions in plain words, for people reading a preview or a simulation (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .vocabulary import (
    ANY_LABEL,
    AT_OR_ABOVE,
    AT_OR_BELOW,
    LABEL_CHECK,
    SAMPLING,
    Comparison,
    comparison_of,
    format_number,
)


def _percent(value: float) -> str:
    return f"{format_number(value)}%"


def _label(name: str) -> str:
    return "any label" if name == ANY_LABEL else name


def _check(parameters: Mapping[str, Any]) -> tuple[str, Comparison, float]:
    comparison, threshold = comparison_of(parameters)
    return parameters["ModerationLabelName"], comparison, threshold


def describe_condition(node: Mapping[str, Any]) -> str:
    """ "Explicit between 50% and 95%", "any label below 60%", "2% random sample", ..."""
    if node.get("ConditionType") == LABEL_CHECK:
        name, comparison, value = _check(node["ConditionParameters"])
        return f"{_label(name)} {comparison.prose} {_percent(value)}"
    if node.get("ConditionType") is not None:
        return f"{_percent(node['ConditionParameters']['RandomSamplingPercentage'])} random sample"
    if "Or" in node:
        return "any of: " + "; ".join(describe_condition(m) for m in node["Or"])
    members = node["And"]
    samples = [m for m in members if m.get("ConditionType") == SAMPLING]
    checks = [m for m in members if m.get("ConditionType") == LABEL_CHECK]
    rest = [m for m in members if m not in samples and m not in checks]
    names = {_check(m["ConditionParameters"])[0] for m in checks}
    # Checks on "*" are met label by label, possibly by different labels: not a range of one label.
    one_label = names != {ANY_LABEL} or len(checks) == 1
    if not rest and len(names) == 1 and checks and one_label:
        bounds = dict(_check(m["ConditionParameters"])[1:] for m in checks)
        low, high = bounds.get(AT_OR_ABOVE), bounds.get(AT_OR_BELOW)
        if len(checks) == 2 and low is not None and high is not None:
            text = f"{_label(names.pop())} between {_percent(low)} and {_percent(high)}"
        else:
            text = f"{_label(names.pop())} " + " and ".join(f"{c.prose} {_percent(v)}" for c, v in bounds.items())
        if samples:
            percent = min(s["ConditionParameters"]["RandomSamplingPercentage"] for s in samples)
            return f"{_percent(percent)} random sample of {text}"
        return text
    return "all of: " + "; ".join(describe_condition(m) for m in members)
