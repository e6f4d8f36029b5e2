"""Activation conditions for Rekognition DetectModerationLabels human loops (pure: no Pulumi).

vocabulary: condition types, the five confidence comparisons and the walk over a document, which
the others share; grammar: AWS's document, validated and serialised canonically; friendly: the
short form for stack config; taxonomy and lint: label names and conditions that cannot do what was
meant; evaluate: A2I's decision for a DetectModerationLabels response.
"""

from .evaluate import Decision, Evaluator
from .friendly import is_friendly, to_document
from .grammar import ConditionsError, canonical_json, validate
from .lint import DEFAULT_MIN_CONFIDENCE, Finding, check_label_names, lint

__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "ConditionsError",
    "Decision",
    "Evaluator",
    "Finding",
    "canonical_json",
    "check_label_names",
    "is_friendly",
    "lint",
    "to_document",
    "validate",
]
