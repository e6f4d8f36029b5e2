"""Findings about activation conditions that AWS accepts but that do not do what people mean (pure).

- label names: unknown names are errors (with the closest known names); names only the older
  moderation model returns are warnings naming what the current model calls them;
- conditions that can never fire: below the MinConfidence the application sends, or ranges that
  do not overlap;
- conditions that always fire, and conditions made redundant by another.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .taxonomy import Taxonomy, load_taxonomy
from .vocabulary import ANY_LABEL, LABEL_CHECK, Interval, comparison_of, format_number, label_checks, walk

#: DetectModerationLabels' MinConfidence when the request gives none.
DEFAULT_MIN_CONFIDENCE = 50.0


@dataclass(frozen=True)
class Finding:
    level: str
    """"error" (the settings are refused) or "warning" (shown, allowed)."""
    path: str
    """Where in the document: "Conditions[1].Or[0]"."""
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


ALL = Interval(0.0, True, 100.0, True)


def interval_of(parameters: Mapping[str, Any]) -> Interval:
    """The confidences a label check's ConditionParameters accept."""
    comparison, threshold = comparison_of(parameters)
    return comparison.interval(threshold)


@dataclass(frozen=True)
class Atom:
    """A condition about one label: a check, or an And of checks on that label (and samples)."""

    label: str
    raw: Interval
    sample: float | None
    checks: int

    def visible(self, min_confidence: float) -> Interval:
        return self.raw & Interval(min_confidence, True, 100.0, True)


def atom_of(node: Mapping[str, Any]) -> Atom | None:
    if node.get("ConditionType") == LABEL_CHECK:
        parameters = node["ConditionParameters"]
        return Atom(parameters["ModerationLabelName"], interval_of(parameters), None, 1)
    members = node.get("And")
    if not members or any("ConditionType" not in m for m in members):
        return None
    checks = [m["ConditionParameters"] for m in members if m["ConditionType"] == LABEL_CHECK]
    samples = [
        m["ConditionParameters"]["RandomSamplingPercentage"] for m in members if m["ConditionType"] != LABEL_CHECK
    ]
    labels = {c["ModerationLabelName"] for c in checks}
    if len(labels) != 1 or (labels == {ANY_LABEL} and len(checks) > 1):
        # Several checks on "*" may each be met by a different label: they bound no one label.
        return None
    raw = ALL
    for parameters in checks:
        raw = raw & interval_of(parameters)
    return Atom(labels.pop(), raw, min(samples) if samples else None, len(checks))


def check_label_names(
    document: Mapping[str, Any], allow_custom_labels: bool = False, taxonomy: Taxonomy | None = None
) -> list[Finding]:
    """Unknown label names (errors, or nothing with allow_custom_labels) and older-model names (warnings)."""
    taxonomy = taxonomy or load_taxonomy()
    findings = []
    for path, parameters in label_checks(document):
        name = parameters["ModerationLabelName"]
        where = f"{path}.ConditionParameters.ModerationLabelName"
        if name == ANY_LABEL or name in taxonomy.current:
            continue
        if name in taxonomy.older:
            now = taxonomy.current_names_for(name)
            instead = f"; the current model calls it {' or '.join(repr(n) for n in now)}" if now else ""
            findings.append(
                Finding(
                    "warning",
                    where,
                    f"{name!r} is a label of the older moderation model ({taxonomy.older_version}); the current model "
                    f"({taxonomy.current_version}) never returns it, so this check never fires{instead}",
                )
            )
        elif not allow_custom_labels:
            suggestions = taxonomy.suggest(name)
            hint = f" Did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
            findings.append(
                Finding(
                    "error",
                    where,
                    f"{name!r} is not a Rekognition moderation label (names are exact and case-sensitive; '*' means "
                    f"any label; set allowCustomLabels for custom moderation adapters).{hint}",
                )
            )
    return findings


def _describe(atom: Atom) -> str:
    who = "any label" if atom.label == ANY_LABEL else repr(atom.label)
    return f"{who} with confidence in {atom.raw}"


def lint(document: Mapping[str, Any], min_confidence: float = DEFAULT_MIN_CONFIDENCE) -> list[Finding]:
    """Warnings: conditions that never fire, always fire, or add nothing."""
    findings: list[Finding] = []
    floor = f"MinConfidence {format_number(min_confidence)}"
    reported: list[str] = []
    for path, node in walk(document):
        atom = atom_of(node)
        if atom is None or any(path.startswith(f"{done}.") for done in reported):
            continue
        if atom.raw.empty or atom.visible(min_confidence).empty:
            reported.append(path)
        if atom.raw.empty:
            findings.append(Finding("warning", path, f"never fires: the ranges for {atom.label!r} do not overlap"))
        elif atom.visible(min_confidence).empty:
            findings.append(
                Finding(
                    "warning",
                    path,
                    f"never fires: it asks for {_describe(atom)}, but DetectModerationLabels returns no label under "
                    f"the request's {floor} (Rekognition's default is 50)",
                )
            )
    findings += _always_fires(document, min_confidence, floor)
    findings += _redundant(document, min_confidence)
    return findings


def _alternatives(document: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], str]]:
    """Members that alone start a human loop: top-level conditions and members of top-level Ors."""
    for i, node in enumerate(document["Conditions"]):
        path = f"Conditions[{i}]"
        if "Or" in node:
            for j, member in enumerate(node["Or"]):
                yield member, f"{path}.Or[{j}]"
        else:
            yield node, path


def _always_fires(document: Mapping[str, Any], min_confidence: float, floor: str) -> list[Finding]:
    findings = []
    visible = Interval(min_confidence, True, 100.0, True)
    for node, path in _alternatives(document):
        if node.get("ConditionType") == "Sampling" and node["ConditionParameters"]["RandomSamplingPercentage"] >= 100:
            findings.append(Finding("warning", path, "always fires: a 100% sample sends every image to people"))
            continue
        atom = atom_of(node)
        if atom is not None and atom.sample is None and not atom.raw.empty and visible.within(atom.raw):
            who = (
                "every response with any label"
                if atom.label == ANY_LABEL
                else f"every response that has {atom.label!r}"
            )
            findings.append(
                Finding(
                    "warning",
                    path,
                    f"always fires for {who}: its range {atom.raw} covers every confidence Rekognition returns "
                    f"at {floor}",
                )
            )
    return findings


def _redundant(document: Mapping[str, Any], min_confidence: float) -> list[Finding]:
    findings = []
    alternatives = [(atom_of(node), path) for node, path in _alternatives(document)]
    for i, (atom, path) in enumerate(alternatives):
        if atom is None or atom.raw.empty:
            continue
        for j, (other, other_path) in enumerate(alternatives):
            if i == j or other is None or other.label != atom.label or other.raw.empty:
                continue
            if (
                atom.sample is None
                and other.sample is None
                and atom.visible(min_confidence).within(other.visible(min_confidence))
            ):
                if atom == other and j > i:
                    continue  # report a duplicate once, on the later one
                same = atom == other
                findings.append(
                    Finding(
                        "warning",
                        path,
                        f"redundant: {'it repeats' if same else 'it is covered by'} {other_path} ({_describe(other)})",
                    )
                )
                break
    for path, node in walk(document):
        members = node.get("And")
        if not members or atom_of(node) is None:
            continue
        checks = [
            (i, interval_of(m["ConditionParameters"]))
            for i, m in enumerate(members)
            if m["ConditionType"] == LABEL_CHECK
        ]
        for i, interval in checks:
            rest = ALL
            for j, other_interval in checks:
                if j != i:
                    rest = rest & other_interval
            if len(checks) > 1 and not rest.empty and rest.within(interval) and interval != ALL:
                findings.append(
                    Finding(
                        "warning",
                        f"{path}.And[{i}]",
                        f"redundant: the other checks of this And already keep confidence in {rest}",
                    )
                )
    return findings
