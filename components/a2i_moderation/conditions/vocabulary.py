"""The words of activation conditions: condition types, the five confidence comparisons in every
spelling the package uses, and the one walk over a document's conditions (pure)."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from operator import eq, ge, gt, le, lt
from typing import Any

LABEL_CHECK = "ModerationLabelConfidenceCheck"
SAMPLING = "Sampling"
CONDITION_TYPES = (LABEL_CHECK, SAMPLING)
ANY_LABEL = "*"
SAMPLING_RANGE = (0.01, 100.0)
CONFIDENCE_RANGE = (0.0, 100.0)
#: Keys of a condition that combines a list of member conditions, in the order paths visit them.
BOOLEAN_KEYS = ("And", "Or")


def format_number(value: float) -> str:
    """A threshold as people write it: 50, not 50.0."""
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class Interval:
    """Confidences a check accepts: low..high, each end open or closed."""

    low: float
    low_closed: bool
    high: float
    high_closed: bool

    @property
    def empty(self) -> bool:
        return self.low > self.high or (self.low == self.high and not (self.low_closed and self.high_closed))

    def __and__(self, other: Interval) -> Interval:
        if (self.low, not self.low_closed) >= (other.low, not other.low_closed):
            low, low_closed = self.low, self.low_closed
        else:
            low, low_closed = other.low, other.low_closed
        if (self.high, self.high_closed) <= (other.high, other.high_closed):
            high, high_closed = self.high, self.high_closed
        else:
            high, high_closed = other.high, other.high_closed
        return Interval(low, low_closed, high, high_closed)

    def within(self, other: Interval) -> bool:
        return self.empty or (self & other) == self

    def __str__(self) -> str:
        if self.low == self.high:
            return f"exactly {format_number(self.low)}"
        opening = "[" if self.low_closed else "("
        closing = "]" if self.high_closed else ")"
        return f"{opening}{format_number(self.low)}, {format_number(self.high)}{closing}"


@dataclass(frozen=True)
class Comparison:
    """One confidence comparison of a label check, as AWS, the friendly form, prose and Python spell it."""

    key: str
    """AWS's key in ConditionParameters: "ConfidenceLessThan"."""
    word: str
    """The friendly form's word: "below"."""
    prose: str
    """Plain words before the threshold: "below" (as in "Violence below 60%")."""
    symbol: str
    """Python's operator, for generated source: "<"."""
    operator: Callable[[float, float], bool]
    """operator(confidence, threshold): whether a label's confidence passes."""
    below: bool
    """Whether a confidence under the threshold passes; with `at` and `above`, this gives the interval."""
    at: bool
    above: bool

    def interval(self, threshold: float) -> Interval:
        """The confidences this comparison accepts for `threshold`."""
        low, high = CONFIDENCE_RANGE
        return Interval(
            low if self.below else threshold,
            self.below or self.at,
            high if self.above else threshold,
            self.above or self.at,
        )


EQUALS = Comparison("ConfidenceEquals", "equals", "at exactly", "==", eq, below=False, at=True, above=False)
BELOW = Comparison("ConfidenceLessThan", "below", "below", "<", lt, below=True, at=False, above=False)
AT_OR_BELOW = Comparison(
    "ConfidenceLessThanEquals", "atOrBelow", "at or below", "<=", le, below=True, at=True, above=False
)
ABOVE = Comparison("ConfidenceGreaterThan", "above", "above", ">", gt, below=False, at=False, above=True)
AT_OR_ABOVE = Comparison(
    "ConfidenceGreaterThanEquals", "atOrAbove", "at or above", ">=", ge, below=False, at=True, above=True
)

#: In AWS's order: validation errors list the keys in this order.
COMPARISONS = (EQUALS, BELOW, AT_OR_BELOW, ABOVE, AT_OR_ABOVE)
COMPARISON_KEYS = tuple(comparison.key for comparison in COMPARISONS)
BY_KEY: Mapping[str, Comparison] = {comparison.key: comparison for comparison in COMPARISONS}
#: In the README's order, which the friendly form's errors follow: upper bounds, lower bounds, then exact.
BY_WORD: Mapping[str, Comparison] = {
    comparison.word: comparison for comparison in (BELOW, AT_OR_BELOW, ABOVE, AT_OR_ABOVE, EQUALS)
}


def comparison_of(parameters: Mapping[str, Any]) -> tuple[Comparison, float]:
    """The comparison of a label check's ConditionParameters and its threshold (a valid check has one)."""
    (key,) = (key for key in parameters if key in BY_KEY)
    return BY_KEY[key], parameters[key]


def walk_condition(node: Mapping[str, Any], path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(path, condition) for `node` and every condition under it, depth first, each before its members."""
    yield path, node
    for key in BOOLEAN_KEYS:
        for i, member in enumerate(node.get(key, ())):
            yield from walk_condition(member, f"{path}.{key}[{i}]")


def walk(document: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(path, condition) for every condition of a document: Conditions[0], Conditions[0].Or[1],
    Conditions[0].Or[1].And[0], ... depth first, each before its members."""
    for i, node in enumerate(document["Conditions"]):
        yield from walk_condition(node, f"Conditions[{i}]")


def label_checks(document: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(path, ConditionParameters) for every label check of a document, in `walk`'s order."""
    for path, node in walk(document):
        if node.get("ConditionType") == LABEL_CHECK:
            yield path, node["ConditionParameters"]


def node_at(document: Mapping[str, Any], path: str) -> Mapping[str, Any]:
    """The condition at a path as `walk` spells it; KeyError if there is none."""
    for at, node in walk(document):
        if at == path:
            return node
    raise KeyError(path)
