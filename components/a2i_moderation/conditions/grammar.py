"""The HumanLoopActivationConditions document for Rekognition DetectModerationLabels.

Validates the document exactly as AWS documents it (stricter than AWS's published JSON schema,
which accepts `{}` and unknown keys) and serialises it canonically, so that unchanged settings
always produce the same string and never show a diff in a preview.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..errors import ConfigError
from .vocabulary import (
    ANY_LABEL,
    BOOLEAN_KEYS,
    COMPARISON_KEYS,
    CONDITION_TYPES,
    CONFIDENCE_RANGE,
    LABEL_CHECK,
    SAMPLING,
    SAMPLING_RANGE,
)

# The vocabulary's constants were defined here before vocabulary.py: their importers keep working.
__all__ = [
    "ANY_LABEL",
    "CONDITION_TYPES",
    "CONFIDENCE_RANGE",
    "LABEL_CHECK",
    "MAX_DOCUMENT_CHARS",
    "MAX_NESTING",
    "SAMPLING",
    "SAMPLING_RANGE",
    "ConditionsError",
    "canonical_json",
    "validate",
]

#: CreateFlowDefinition's HumanLoopActivationConditions is a string of at most this many characters
#: (botocore's sagemaker model, shape HumanLoopActivationConditions).
MAX_DOCUMENT_CHARS = 10_240

#: And/Or may be nested this deep ("up to two levels of nesting", AWS's activation-condition schema page).
MAX_NESTING = 2


class ConditionsError(ConfigError):
    """One or more problems in an activation-conditions document, each with its JSON path."""

    def __init__(self, problems: list[str], setting: str = "activationConditions"):
        self.problems = problems
        lines = [f"{setting}.{p}" if not p.startswith("(") else f"{setting} {p}" for p in problems]
        super().__init__("\n".join(lines))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _check_keys(node: dict[str, Any], path: str, allowed: tuple[str, ...], problems: list[str]) -> None:
    for key in node:
        if key not in allowed:
            problems.append(f"{path}: unknown key {key!r} (allowed: {', '.join(allowed)})")


def _check_label_parameters(params: dict[str, Any], path: str, problems: list[str]) -> None:
    _check_keys(params, path, ("ModerationLabelName", *COMPARISON_KEYS), problems)
    name = params.get("ModerationLabelName")
    if name is None:
        problems.append(
            f"{path}.ModerationLabelName: required (an exact, case-sensitive label name, or '*' for any label)"
        )
    elif not isinstance(name, str) or not name.strip():
        problems.append(f"{path}.ModerationLabelName: {_fmt(name)} is not a label name (a non-empty string, or '*')")
    given = [c for c in COMPARISON_KEYS if c in params]
    if not given:
        problems.append(f"{path}: needs one confidence comparison ({', '.join(COMPARISON_KEYS)})")
    elif len(given) > 1:
        problems.append(
            f"{path}: has {len(given)} comparisons ({', '.join(given)}); use one per condition and "
            "combine conditions with And for a range"
        )
    low, high = CONFIDENCE_RANGE
    for comparison in given:
        value = params[comparison]
        if not _is_number(value) or not low <= value <= high:
            problems.append(f"{path}.{comparison}: {_fmt(value)} is not between 0 and 100")


def _check_sampling_parameters(params: dict[str, Any], path: str, problems: list[str]) -> None:
    _check_keys(params, path, ("RandomSamplingPercentage",), problems)
    low, high = SAMPLING_RANGE
    if "RandomSamplingPercentage" not in params:
        problems.append(f"{path}.RandomSamplingPercentage: required (a number from 0.01 to 100)")
        return
    value = params["RandomSamplingPercentage"]
    if not _is_number(value) or not low <= value <= high:
        problems.append(f"{path}.RandomSamplingPercentage: {_fmt(value)} is not between 0.01 and 100")


def _check_condition(node: Any, path: str, depth: int, problems: list[str]) -> None:
    if not isinstance(node, dict):
        problems.append(f"{path}: {_fmt(node)} is not a condition object")
        return
    operators = [op for op in BOOLEAN_KEYS if op in node]
    if operators:
        if len(node) != 1:
            problems.append(f"{path}: an {operators[0]} condition has no other keys (found {', '.join(sorted(node))})")
            return
        op = operators[0]
        members = node[op]
        if depth >= MAX_NESTING:
            problems.append(f"{path}.{op}: And/Or may be nested at most {MAX_NESTING} levels deep")
            return
        if not isinstance(members, list) or len(members) < 2:
            problems.append(f"{path}.{op}: needs a list of at least 2 conditions")
            return
        for i, member in enumerate(members):
            _check_condition(member, f"{path}.{op}[{i}]", depth + 1, problems)
        return
    _check_keys(node, path, ("ConditionType", "ConditionParameters"), problems)
    ctype = node.get("ConditionType")
    if ctype not in CONDITION_TYPES:
        problems.append(
            f"{path}.ConditionType: {_fmt(ctype)} is not allowed for DetectModerationLabels "
            f"(allowed: {', '.join(CONDITION_TYPES)}, or an And/Or of conditions)"
        )
        return
    params = node.get("ConditionParameters")
    if not isinstance(params, dict):
        problems.append(f"{path}.ConditionParameters: required (an object)")
        return
    if ctype == LABEL_CHECK:
        _check_label_parameters(params, f"{path}.ConditionParameters", problems)
    else:
        _check_sampling_parameters(params, f"{path}.ConditionParameters", problems)


def validate(document: Any) -> dict[str, Any]:
    """Return the document if it is a valid activation-conditions document, else raise ConditionsError
    listing every problem with its JSON path."""
    problems: list[str] = []
    if not isinstance(document, dict):
        raise ConditionsError([f"(the document): {_fmt(document)} is not an object with a 'Conditions' list"])
    _check_keys(document, "(top level)", ("Conditions",), problems)
    conditions = document.get("Conditions")
    if not isinstance(conditions, list) or not conditions:
        problems.append("Conditions: needs a list of at least 1 condition")
    else:
        for i, node in enumerate(conditions):
            _check_condition(node, f"Conditions[{i}]", 0, problems)
    if not problems:
        size = len(canonical_json(document))
        if size > MAX_DOCUMENT_CHARS:
            problems.append(f"(the document): {size} characters is over the API's limit of {MAX_DOCUMENT_CHARS}")
    if problems:
        raise ConditionsError(problems)
    return document


def _normalise(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical_json(document: dict[str, Any]) -> str:
    """The document as AWS receives it: sorted keys, no spaces, whole numbers without a fraction."""
    return json.dumps(_normalise(document), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
