"""Activation conditions for Rekognition DetectModerationLabels human loops (pure: no Pulumi)."""

from .grammar import ConditionsError, canonical_json, validate

__all__ = ["ConditionsError", "canonical_json", "validate"]
