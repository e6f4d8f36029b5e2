"""Evaluate activation conditions against DetectModerationLabels responses, as A2I does (pure).

Semantics (AWS documents the first four; where its pages are silent we chose, and the README says so):
1. Each member of `Conditions` is an independent alternative: any true member starts a human loop.
   All conditions are evaluated, none is skipped once the answer is known.
2. A label check is true when a returned label has exactly that `Name` (case-sensitive; its
   `ParentName` is not consulted) with a confidence satisfying the comparison. `*` matches any
   returned label. Labels under the request's MinConfidence are not returned, so never match.
3. Sampling gives the same input the same decision every time. Here the decision is a draw from a
   keyed hash of the input's key and a seed (`draw_hex`), compared with the percentage's threshold
   (`sample_threshold_hex`); the draw is shared by every Sampling condition of the document, so
   `Sampling 5` inside `Sampling 10` behave as nested samples. SQL engines compute the same draw
   (conditions/sql.py), so every engine samples the same inputs.
4. Reviewers see the labels of the label checks that were true along a path of true conditions;
   a true Sampling condition that is not inside an `And` with label checks shows every label.
5. (Our choice.) Inside `And`/`Or`, each simple condition is evaluated against the whole response
   on its own: two checks on `*` may be satisfied by different labels.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .vocabulary import ANY_LABEL, LABEL_CHECK, comparison_of, walk, walk_condition

DEFAULT_SEED = "a2i-moderation"

#: Hex digits of a draw: 64 bits.
DRAW_DIGITS = 16


def draw_hex(seed: str, key: str) -> str:
    """The sampling draw of one input: the first 16 hex digits (lower case) of the MD5 of the UTF-8
    bytes of `seed + ":" + key`.

    A 64-bit number written so that comparing the strings compares the numbers, which any SQL
    engine computes bit for bit (`left(md5(seed || ':' || key), 16)`): the same key and seed give
    the same draw on every machine, run and engine, different keys independent-looking draws.
    MD5 is no protection here and needs none: it spreads keys evenly, and every engine has it.
    """
    return hashlib.md5(f"{seed}:{key}".encode(), usedforsecurity=False).hexdigest()[:DRAW_DIGITS]


def sample_threshold_hex(percent: float) -> str | None:
    """The draws a `percent`% sample takes are those below this 16-hex-digit number:
    floor(percent / 100 * 2**64), computed exactly from the float's binary value. None for 100%:
    every draw (the bound, 2**64, has 17 digits)."""
    bound = Fraction(percent) / 100 * 2 ** (4 * DRAW_DIGITS)
    if bound >= 2 ** (4 * DRAW_DIGITS):
        return None
    return f"{int(bound):0{DRAW_DIGITS}x}"


def sampled(draw: str, threshold: str | None) -> bool:
    """Whether a draw (`draw_hex`) falls in the sample whose threshold is `threshold`."""
    return threshold is None or draw < threshold


class _Response:
    """One response, prepared once for every condition: labels by name, and a lazy sampling draw."""

    __slots__ = ("_draw", "by_name", "confidences", "key", "seed")

    def __init__(self, response: Mapping[str, Any], key: str, seed: str):
        labels = response.get("ModerationLabels") or ()
        by_name: dict[str, list[float]] = {}
        for label in labels:
            by_name.setdefault(label["Name"], []).append(label["Confidence"])
        self.by_name = by_name
        self.confidences = [label["Confidence"] for label in labels]
        self.key = key
        self.seed = seed
        self._draw: str | None = None

    def draw(self) -> str:
        if self._draw is None:
            self._draw = draw_hex(self.seed, self.key)
        return self._draw

    def pairs(self) -> Iterable[tuple[str, float]]:
        for name, confidences in self.by_name.items():
            for confidence in confidences:
                yield name, confidence


def has_label_check(node: Mapping[str, Any]) -> bool:
    return any(member.get("ConditionType") == LABEL_CHECK for _, member in walk_condition(node, ""))


def _compile(node: Mapping[str, Any]) -> Callable[[_Response], bool]:
    if "And" in node:
        members = [_compile(m) for m in node["And"]]
        return lambda r: all([m(r) for m in members])  # noqa: C419  # a list: every member is evaluated
    if "Or" in node:
        members = [_compile(m) for m in node["Or"]]
        return lambda r: any([m(r) for m in members])  # noqa: C419  # likewise
    parameters = node["ConditionParameters"]
    if node["ConditionType"] != LABEL_CHECK:
        cut = sample_threshold_hex(parameters["RandomSamplingPercentage"])
        return lambda r: sampled(r.draw(), cut)
    comparison, threshold = comparison_of(parameters)
    compare = comparison.operator
    name = parameters["ModerationLabelName"]
    if name == ANY_LABEL:
        return lambda r: any(compare(c, threshold) for c in r.confidences)

    def check(r: _Response) -> bool:
        found = r.by_name.get(name)
        return found is not None and any(compare(c, threshold) for c in found)

    return check


@dataclass
class Decision:
    """Whether a human loop would start for one input, and why."""

    key: str
    activated: bool
    fired: list[str] = field(default_factory=list)
    """Top-level conditions that were true, as paths: "Conditions[0]"."""
    labels: list[str] = field(default_factory=list)
    """Labels reviewers would be asked about."""
    results: dict[str, Any] = field(default_factory=dict)
    """The document with an EvaluationResult on every condition (A2I's
    HumanLoopActivationConditionsEvaluationResults shape)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "activated": self.activated,
            "fired": self.fired,
            "labels": self.labels,
            "results": self.results,
        }


def _generate(document: Mapping[str, Any]) -> str:
    """Python source of a `decide(response, key)` specialised to one document.

    Evaluating 100,000 responses must cost less than half of parsing them, so the hot path is one
    pass over the labels into local variables and one boolean expression per condition. Label
    names and numbers come from a validated document and enter the source through repr().
    """
    names: dict[str, str] = {}
    any_label = False

    def expression(node: Mapping[str, Any]) -> str:
        nonlocal any_label
        for op, joiner in (("And", " and "), ("Or", " or ")):
            if op in node:
                return "(" + joiner.join(expression(m) for m in node[op]) + ")"
        parameters = node["ConditionParameters"]
        if node["ConditionType"] != LABEL_CHECK:
            cut = sample_threshold_hex(parameters["RandomSamplingPercentage"])
            if cut is None:
                return "True"
            return f"(((draw := _draw(_seed, key)) if draw is None else draw) < {cut!r})"
        comparison, threshold = comparison_of(parameters)
        symbol, value = comparison.symbol, repr(float(threshold))
        name = parameters["ModerationLabelName"]
        if name == ANY_LABEL:
            any_label = True
            return f"any(c {symbol} {value} for c in confidences)"
        variable = names.setdefault(name, f"c{len(names)}")
        return f"({variable} is not None and {variable} {symbol} {value})"

    conditions = [expression(node) for node in document["Conditions"]]
    body = ["labels = response.get('ModerationLabels') or ()", "draw = None", "twice = False"]
    body += [f"{variable} = None" for variable in names.values()]
    if names:
        body += ["for label in labels:", "    name = label['Name']"]
        for i, (name, variable) in enumerate(names.items()):
            body += [
                f"    {'if' if i == 0 else 'elif'} name == {name!r}:",
                f"        if {variable} is not None:",
                "            twice = True  # a name returned twice: the general evaluator decides",
                "            break",
                f"        {variable} = label['Confidence']",
            ]
    if any_label:
        body.append("confidences = [label['Confidence'] for label in labels]")
    body += ["if twice:", "    fired = _general(response, key)[1]", "else:", "    fired = []"]
    for i, condition in enumerate(conditions):
        body += [f"    if {condition}:", f"        fired.append({i})"]
    single = ["def decide(response, key):", *(f"    {line}" for line in body), "    return bool(fired), fired"]
    batch = [
        "def decide_all(responses, keys):",
        "    decisions = []",
        "    for response, key in zip(responses, keys):",
        *(f"        {line}" for line in body),
        "        decisions.append(fired)",
        "    return decisions",
    ]
    return "\n".join(single + batch) + "\n"


class Evaluator:
    """Compiled once per document; `decide` is the fast path, `explain` gives the full answer."""

    def __init__(self, document: Mapping[str, Any], seed: str = DEFAULT_SEED):
        self.document = document
        self.seed = seed
        self._top = [_compile(node) for node in document["Conditions"]]
        self._simple: dict[int, Callable[[_Response], bool]] = {
            id(node): _compile(node) for _, node in walk(document) if "ConditionType" in node
        }

        namespace: dict[str, Any] = {"_draw": draw_hex, "_seed": seed, "_general": self.decide_general}
        exec(compile(_generate(document), "<activation conditions>", "exec"), namespace)  # noqa: S102
        self.decide: Callable[[Mapping[str, Any], str], tuple[bool, list[int]]] = namespace["decide"]
        """(activated, indices of the true top-level conditions) for one response."""
        self.decide_all: Callable[[Sequence[Mapping[str, Any]], Sequence[str]], list[list[int]]] = namespace[
            "decide_all"
        ]
        """For many responses and their keys: the indices of the true top-level conditions of each
        (an empty list: no human loop). The fastest way through a large file."""

    def decide_general(self, response: Mapping[str, Any], key: str) -> tuple[bool, list[int]]:
        """`decide` without the generated fast path: the reference it is tested against."""
        prepared = _Response(response, key, self.seed)
        fired = [i for i, condition in enumerate(self._top) if condition(prepared)]
        return bool(fired), fired

    def explain(self, response: Mapping[str, Any], key: str) -> Decision:
        prepared = _Response(response, key, self.seed)
        selected: set[str] = set()
        all_labels = [label["Name"] for label in response.get("ModerationLabels") or ()]
        conditions = []
        fired = []
        for i, node in enumerate(self.document["Conditions"]):
            result, value = self._explain(node, prepared)
            conditions.append(result)
            if value:
                fired.append(f"Conditions[{i}]")
                selected.update(self._selected(node, result, prepared, all_labels, in_and=False))
        ordered = [name for name in dict.fromkeys(all_labels) if name in selected]
        return Decision(key, bool(fired), fired, ordered, {"Conditions": conditions})

    def _explain(self, node: Mapping[str, Any], r: _Response) -> tuple[dict[str, Any], bool]:
        for op, combine in (("And", all), ("Or", any)):
            if op in node:
                members = [self._explain(m, r) for m in node[op]]
                value = combine(v for _, v in members)
                return {"EvaluationResult": value, op: [m for m, _ in members]}, value
        value = self._simple[id(node)](r)
        return {**node, "EvaluationResult": value}, value

    def _selected(
        self, node: Mapping[str, Any], result: Mapping[str, Any], r: _Response, all_labels: list[str], in_and: bool
    ) -> Iterable[str]:
        if not result["EvaluationResult"]:
            return
        for op in ("And", "Or"):
            if op in node:
                for member, member_result in zip(node[op], result[op], strict=True):
                    yield from self._selected(member, member_result, r, all_labels, in_and=op == "And")
                if op == "And" and not has_label_check(node):
                    yield from all_labels
                return
        parameters = node["ConditionParameters"]
        if node["ConditionType"] != LABEL_CHECK:
            if not in_and:
                yield from all_labels
            return
        comparison, threshold = comparison_of(parameters)
        compare = comparison.operator
        name = parameters["ModerationLabelName"]
        for label, confidence in r.pairs():
            if (name == ANY_LABEL or label == name) and compare(confidence, threshold):
                yield label
