"""Activation conditions in plain words, for people reading a preview or a simulation (pure)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .grammar import ANY_LABEL, LABEL_CHECK

_WORDS = {
    "ConfidenceLessThan": "below",
    "ConfidenceLessThanEquals": "at or below",
    "ConfidenceGreaterThan": "above",
    "ConfidenceGreaterThanEquals": "at or above",
    "ConfidenceEquals": "at exactly",
}


def _percent(value: float) -> str:
    return f"{int(value) if float(value).is_integer() else value}%"


def _label(name: str) -> str:
    return "any label" if name == ANY_LABEL else name


def _check(parameters: Mapping[str, Any]) -> tuple[str, str, float]:
    (comparison,) = (k for k in parameters if k in _WORDS)
    return parameters["ModerationLabelName"], comparison, parameters[comparison]


def describe_condition(node: Mapping[str, Any]) -> str:
    """"Explicit between 50% and 95%", "any label below 60%", "2% random sample", ..."""
    if node.get("ConditionType") == LABEL_CHECK:
        name, comparison, value = _check(node["ConditionParameters"])
        return f"{_label(name)} {_WORDS[comparison]} {_percent(value)}"
    if node.get("ConditionType") is not None:
        return f"{_percent(node['ConditionParameters']['RandomSamplingPercentage'])} random sample"
    if "Or" in node:
        return "any of: " + "; ".join(describe_condition(m) for m in node["Or"])
    members = node["And"]
    samples = [m for m in members if m.get("ConditionType") == "Sampling"]
    checks = [m for m in members if m.get("ConditionType") == LABEL_CHECK]
    rest = [m for m in members if m not in samples and m not in checks]
    names = {_check(m["ConditionParameters"])[0] for m in checks}
    if not rest and len(names) == 1 and checks:
        bounds = dict(_check(m["ConditionParameters"])[1:] for m in checks)
        low, high = bounds.get("ConfidenceGreaterThanEquals"), bounds.get("ConfidenceLessThanEquals")
        if len(checks) == 2 and low is not None and high is not None:
            text = f"{_label(names.pop())} between {_percent(low)} and {_percent(high)}"
        else:
            text = f"{_label(names.pop())} " + " and ".join(f"{_WORDS[c]} {_percent(v)}" for c, v in bounds.items())
        if samples:
            percent = min(s["ConditionParameters"]["RandomSamplingPercentage"] for s in samples)
            return f"{_percent(percent)} random sample of {text}"
        return text
    return "all of: " + "; ".join(describe_condition(m) for m in members)
