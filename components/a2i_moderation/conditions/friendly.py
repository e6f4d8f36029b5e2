"""The friendly form of activation conditions, as people write them in stack config, and its
translation to AWS's HumanLoopActivationConditions document (pure: no Pulumi).

    labels:
      - {name: Explicit, between: [50, 95]}      # 50 <= confidence <= 95
      - {name: "*", below: 60}                   # any label under 60
      - {name: Violence, above: 90, sample: 5}   # 5% of the images with Violence over 90
    sampling: {percent: 2}                       # 2% of all images, whatever their labels

Each item of `labels` (and `sampling`) becomes one member of `Conditions`: any one true starts a
human loop. AWS's own document ({"Conditions": [...]}) is accepted as it is.
"""

from __future__ import annotations

import json
from typing import Any

from .grammar import ConditionsError, validate
from .vocabulary import ANY_LABEL, AT_OR_ABOVE, AT_OR_BELOW, BY_WORD, LABEL_CHECK, SAMPLING, Comparison

#: `between: [low, high]` is an And of AT_OR_ABOVE low and AT_OR_BELOW high.
RANGE_WORD = "between"
#: A label rule has exactly one of these.
RULE_WORDS = (*BY_WORD, RANGE_WORD)
LABEL_KEYS = ("name", *RULE_WORDS, "sample")


def is_friendly(value: Any) -> bool:
    return isinstance(value, dict) and "Conditions" not in value and bool({"labels", "sampling"} & set(value))


def _confidence(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0 <= value <= 100


def _percent(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and 0.01 <= value <= 100


def _label_check(name: str, comparison: Comparison, value: float) -> dict[str, Any]:
    return {"ConditionType": LABEL_CHECK, "ConditionParameters": {"ModerationLabelName": name, comparison.key: value}}


def _sampling(percent: float) -> dict[str, Any]:
    return {"ConditionType": SAMPLING, "ConditionParameters": {"RandomSamplingPercentage": percent}}


def _label_item(item: Any, path: str, problems: list[str]) -> dict[str, Any] | None:
    if not isinstance(item, dict):
        rule = f"an object with name and one of {', '.join(RULE_WORDS)}"
        problems.append(f"{path}: {json.dumps(item)} is not a label rule ({rule})")
        return None
    for key in item:
        if key not in LABEL_KEYS:
            problems.append(f"{path}: unknown key {key!r} (allowed: {', '.join(LABEL_KEYS)})")
    name: Any = item.get("name")  # unchecked: a bad name is reported, and the document refused
    if not isinstance(name, str) or not name.strip():
        problems.append(
            f"{path}.name: {json.dumps(name)} is not a label name (an exact, case-sensitive name, or '*' for any label)"
        )
    words = [w for w in RULE_WORDS if w in item]
    if len(words) != 1:
        problems.append(
            f"{path}: needs exactly one of {', '.join(RULE_WORDS)}" + (f" (found {', '.join(words)})" if words else "")
        )
        return None
    word = words[0]
    checks: list[dict[str, Any]] = []
    if word == RANGE_WORD and name == ANY_LABEL:
        # AWS evaluates each check of an And on its own: two checks on "*" may be met by two
        # different labels, so no document says "some label between low and high".
        problems.append(
            f"{path}.between: not allowed with name '*' (AWS checks each bound on its own, so two different labels "
            "could meet them: name the label, one rule per label)"
        )
        return None
    if word == RANGE_WORD:
        bounds = item[word]
        if not (
            isinstance(bounds, list)
            and len(bounds) == 2
            and all(_confidence(b) for b in bounds)
            and bounds[0] <= bounds[1]
        ):
            problems.append(
                f"{path}.between: {json.dumps(bounds)} is not allowed ([low, high] with 0 <= low <= high <= 100)"
            )
            return None
        checks = [
            _label_check(name, AT_OR_ABOVE, bounds[0]),
            _label_check(name, AT_OR_BELOW, bounds[1]),
        ]
    else:
        if not _confidence(item[word]):
            problems.append(f"{path}.{word}: {json.dumps(item[word])} is not between 0 and 100")
            return None
        checks = [_label_check(name, BY_WORD[word], item[word])]
    if "sample" in item:
        if not _percent(item["sample"]):
            problems.append(f"{path}.sample: {json.dumps(item['sample'])} is not between 0.01 and 100 (a percentage)")
            return None
        checks = [_sampling(item["sample"]), *checks]
    return checks[0] if len(checks) == 1 else {"And": checks}


def to_document(value: Any) -> dict[str, Any]:
    """AWS's document for either form, validated. Errors are ConditionsError with paths."""
    if not is_friendly(value):
        return validate(value)
    problems: list[str] = []
    for key in value:
        if key not in ("labels", "sampling"):
            problems.append(f"(top level): unknown key {key!r} (allowed: labels, sampling)")
    conditions: list[dict[str, Any]] = []
    labels = value.get("labels", [])
    if not isinstance(labels, list):
        problems.append(f"labels: {json.dumps(labels)} is not a list of label rules")
        labels = []
    for i, item in enumerate(labels):
        condition = _label_item(item, f"labels[{i}]", problems)
        if condition is not None:
            conditions.append(condition)
    if "sampling" in value:
        sampling = value["sampling"]
        if not isinstance(sampling, dict) or set(sampling) != {"percent"} or not _percent(sampling["percent"]):
            problems.append(f"sampling: {json.dumps(sampling)} is not allowed ({{percent: 0.01 to 100}})")
        else:
            conditions.append(_sampling(sampling["percent"]))
    if problems:
        raise ConditionsError(problems)
    return validate({"Conditions": conditions})
