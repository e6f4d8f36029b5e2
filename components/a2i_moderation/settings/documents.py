"""Checks of the two settings that are documents: the activation conditions and the worker template (pure)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .. import conditions
from ..errors import ConfigError
from ..task_template import check_template
from .checks import EMPTY, Check


def conditions_document(value: Any, setting: str, allow_custom_labels: bool = False) -> dict[str, Any]:
    """AWS's activation-conditions document from JSON text or a parsed object, in AWS's form or the
    friendly one, validated, with every label name known (unless custom labels are allowed)."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{setting}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from exc
    try:
        document = conditions.to_document(value)
    except conditions.ConditionsError as exc:
        raise conditions.ConditionsError(exc.problems, setting=setting) from None
    errors = [f for f in conditions.check_label_names(document, allow_custom_labels) if f.level == "error"]
    if errors:
        problems = [str(f) for f in errors]
        if conditions.is_friendly(value):
            # Name the rule as the user wrote it, once (a range is two checks on one name).
            problems = list(dict.fromkeys(_FRIENDLY_NAME.sub(r"labels[\1].name:", p) for p in problems))
        raise conditions.ConditionsError(problems, setting=setting)
    return document


#: A label check's name in the document the friendly form becomes: labels[i] is Conditions[i].
_FRIENDLY_NAME = re.compile(r"^Conditions\[(\d+)\](?:\.And\[\d+\])?\.ConditionParameters\.ModerationLabelName:")


def conditions_warnings(
    document: Mapping[str, Any], min_confidence: float, allow_custom_labels: bool, setting: str
) -> list[str]:
    """What to tell people about a valid document: older-model names, never/always firing, redundancy."""
    findings = conditions.check_label_names(document, allow_custom_labels) + conditions.lint(document, min_confidence)
    return [f"{setting}.{f}" for f in findings if f.level == "warning"]


@dataclass(frozen=True)
class ActivationConditions(Check):
    """JSON text or an object, in AWS's form or the friendly one; the result is AWS's document."""

    type_name = "object"
    needs = ("allow_custom_labels",)

    @property
    def allowed(self) -> str:
        return "see Activation conditions below; label names from Rekognition's taxonomy"

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        return conditions_document(value, name, bool(known.get("allow_custom_labels", False)))


@dataclass(frozen=True)
class TaskTemplate(Check):
    """Liquid that A2I can render: parsed, known filters, a <crowd-form>, at most 128,000 characters."""

    type_name = "string"

    @property
    def allowed(self) -> str:
        return "valid Liquid with A2I's filters and a `<crowd-form>`, at most 128,000 characters"

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        return check_template(value, name)
