"""Activation conditions compiled to SQL, for engines that scan responses where they lie (pure: no
engine is imported).

The expressions read two columns: `key` (text) and `labels` (an array of struct(Name text,
Confidence double) in the response's order, after MinConfidence). They give the decisions of
evaluate.Evaluator, which stays the reference: the same activation, the same true top-level
conditions, the same labels shown to reviewers, the same sampling draws (evaluate.draw_hex).
A Dialect spells the few constructs SQL engines spell differently; DUCKDB is one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .evaluate import DEFAULT_SEED, has_label_check, sample_threshold_hex
from .vocabulary import ANY_LABEL, LABEL_CHECK, comparison_of, walk

#: SQL's spelling of each comparison's Python operator.
SQL_OPERATORS = {"==": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


class Dialect(Protocol):
    """How one SQL engine spells arrays of labels, hashing and literals. Each method returns SQL text.

    Predicates refer to one element of the `labels` column as `l` (`l.Name`, `l.Confidence`). The
    rest is SQL every engine reads alike: AND, OR, comparisons, TRUE, CASE and `||` on text."""

    def any_label(self, predicate: str) -> str:
        """True when some element `l` of `labels` satisfies `predicate` (false for no labels)."""
        ...

    def label_names(self, predicate: str) -> str:
        """The array of `l.Name` of the elements satisfying `predicate`, in array order."""
        ...

    def distinct_names_in(self, selected: str) -> str:
        """The names of `labels` that are elements of the string array `selected`, each once, in
        the order of their first appearance in `labels` (as evaluate.Decision.labels)."""
        ...

    def concat(self, parts: Sequence[str]) -> str:
        """The concatenation of string arrays; an empty string array for no parts."""
        ...

    def when(self, condition: str, then: str) -> str:
        """The string array `then` when `condition` is true, else an empty string array."""
        ...

    def md5_hex(self, text_sql: str) -> str:
        """The MD5 of the UTF-8 bytes of a text, as 32 lowercase hex digits."""
        ...

    def left16(self, text_sql: str) -> str:
        """The first 16 characters of a text."""
        ...

    def string_literal(self, value: str) -> str: ...

    def double_literal(self, value: float) -> str:
        """A DOUBLE with exactly the value of a Python float."""
        ...


class DuckDBDialect:
    """DuckDB 1.3 and later (the engine needs try()): list comprehensions, not the lambda arrows DuckDB 2 retires."""

    def any_label(self, predicate: str) -> str:
        return f"(len([1 for l in labels if {predicate}]) > 0)"

    def label_names(self, predicate: str) -> str:
        return f"[l.Name for l in labels if {predicate}]"

    def distinct_names_in(self, selected: str) -> str:
        names = "[l.Name for l in labels]"
        return f"[n for n, i in {names} if list_position({names}, n) = i and list_contains({selected}, n)]"

    def concat(self, parts: Sequence[str]) -> str:
        return f"flatten([{', '.join(parts)}])" if parts else "[]::VARCHAR[]"

    def when(self, condition: str, then: str) -> str:
        return f"(CASE WHEN {condition} THEN {then} ELSE []::VARCHAR[] END)"

    def md5_hex(self, text_sql: str) -> str:
        return f"md5({text_sql})"

    def left16(self, text_sql: str) -> str:
        return f"left({text_sql}, 16)"

    def string_literal(self, value: str) -> str:
        return "'" + value.replace("'", "''") + "'"

    def double_literal(self, value: float) -> str:
        return f"CAST('{float(value)!r}' AS DOUBLE)"


DUCKDB: Dialect = DuckDBDialect()


@dataclass(frozen=True)
class CompiledDocument:
    """SQL expressions over the columns `key` and `labels` giving evaluate.Decision's answers."""

    fired: tuple[str, ...]
    """One boolean per top-level condition: whether it is true (Decision.fired lists the true ones)."""
    activated: str
    """Boolean: whether a human loop starts (the OR of `fired`)."""
    shown: str
    """String array: the labels shown to reviewers, in Decision.labels' order, each once."""
    selected: str
    """String array: the names `shown` is drawn from (with repeats, in no useful order). An engine
    that inlines it into `shown`'s per-label loop may evaluate it once per label: DuckDB does.
    Computing it as a column first, then `Dialect.distinct_names_in` of that column, is cheaper."""


def _and(*terms: str) -> str:
    return " AND ".join(f"({term})" for term in terms)


class _Compiler:
    def __init__(self, seed: str, dialect: Dialect, replace: Mapping[str, str]):
        self.dialect = dialect
        self.replace = replace
        self.draw = dialect.left16(dialect.md5_hex(f"{dialect.string_literal(seed + ':')} || key"))
        self.all_labels = dialect.label_names("TRUE")

    def label_predicate(self, parameters: Mapping[str, Any]) -> str:
        comparison, threshold = comparison_of(parameters)
        confidence = f"l.Confidence {SQL_OPERATORS[comparison.symbol]} {self.dialect.double_literal(threshold)}"
        name = parameters["ModerationLabelName"]
        if name == ANY_LABEL:
            return confidence
        return f"l.Name = {self.dialect.string_literal(name)} AND {confidence}"

    def value(self, node: Mapping[str, Any], path: str) -> str:
        """Boolean SQL: whether the condition at `path` is true."""
        for op, joiner in (("And", " AND "), ("Or", " OR ")):
            if op in node:
                members = [self.value(member, f"{path}.{op}[{i}]") for i, member in enumerate(node[op])]
                return joiner.join(f"({member})" for member in members)
        if path in self.replace:
            return self.replace[path]
        parameters = node["ConditionParameters"]
        if node["ConditionType"] != LABEL_CHECK:
            threshold = sample_threshold_hex(parameters["RandomSamplingPercentage"])
            return "TRUE" if threshold is None else f"{self.draw} < {self.dialect.string_literal(threshold)}"
        return self.dialect.any_label(self.label_predicate(parameters))

    def selections(self, node: Mapping[str, Any], path: str, guard: str, in_and: bool) -> Iterator[str]:
        """String arrays whose union is the set of labels this true condition shows (evaluate's
        `_selected`); `guard` is true when the condition and every condition above it are."""
        for op in ("And", "Or"):
            if op in node:
                for i, member in enumerate(node[op]):
                    at = f"{path}.{op}[{i}]"
                    # Inside a true And every member is true; inside an Or only some are.
                    member_guard = guard if op == "And" else _and(guard, self.value(member, at))
                    yield from self.selections(member, at, member_guard, in_and=op == "And")
                if op == "And" and not has_label_check(node):
                    yield self.dialect.when(guard, self.all_labels)
                return
        if node["ConditionType"] != LABEL_CHECK:
            if not in_and:
                yield self.dialect.when(guard, self.all_labels)
            return
        yield self.dialect.when(guard, self.dialect.label_names(self.label_predicate(node["ConditionParameters"])))

    def results(self, node: Mapping[str, Any], path: str) -> str:
        """Text SQL: the JSON of the condition with an EvaluationResult on it and every member."""
        literal = self.dialect.string_literal
        result = f"CASE WHEN {self.value(node, path)} THEN 'true' ELSE 'false' END"
        for op in ("And", "Or"):
            if op in node:
                members = f" || {literal(',')} || ".join(
                    self.results(member, f"{path}.{op}[{i}]") for i, member in enumerate(node[op])
                )
                opening, middle = '{"EvaluationResult":', f',"{op}":['
                return f"{literal(opening)} || {result} || {literal(middle)} || {members} || {literal(']}')}"
        opening = json.dumps(dict(node), separators=(",", ":"))[:-1] + ',"EvaluationResult":'
        return f"{literal(opening)} || {result} || {literal('}')}"


def compile_document(
    document: Mapping[str, Any],
    *,
    seed: str = DEFAULT_SEED,
    dialect: Dialect,
    replace: Mapping[str, str] | None = None,
) -> CompiledDocument:
    """SQL for a validated activation-conditions document and sampling seed.

    `replace` maps paths of label checks ("Conditions[0].And[1]", as vocabulary.walk spells them)
    to boolean SQL used in their place: the threshold sweep of the plot forces one check true or
    false this way."""
    compiler = _Compiler(seed, dialect, replace or {})
    paths = [f"Conditions[{i}]" for i in range(len(document["Conditions"]))]
    fired = tuple(compiler.value(node, path) for node, path in zip(document["Conditions"], paths, strict=True))
    selections = [
        selection
        for node, path, value in zip(document["Conditions"], paths, fired, strict=True)
        for selection in compiler.selections(node, path, value, in_and=False)
    ]
    selected = dialect.concat(selections)
    return CompiledDocument(
        fired=fired,
        activated=" OR ".join(f"({value})" for value in fired),
        shown=dialect.distinct_names_in(selected),
        selected=selected,
    )


def compile_checks(document: Mapping[str, Any], *, seed: str = DEFAULT_SEED, dialect: Dialect) -> dict[str, str]:
    """Boolean SQL for each label check and sampling condition, by path (vocabulary.walk's order).

    Computed as columns first and passed to compile_document as `replace`, each check is evaluated
    once per response however often the document's expressions (and the plot's sweep) use it."""
    compiler = _Compiler(seed, dialect, {})
    return {path: compiler.value(node, path) for path, node in walk(document) if "ConditionType" in node}


def compile_results(
    document: Mapping[str, Any],
    *,
    seed: str = DEFAULT_SEED,
    dialect: Dialect,
    replace: Mapping[str, str] | None = None,
) -> str:
    """Text SQL over `key` and `labels`: the JSON of Decision.results (the document with an
    EvaluationResult on every condition) as json.dumps writes it compactly (separators "," and
    ":"), built with SQL's `||` and CASE. `replace` as compile_document's."""
    compiler = _Compiler(seed, dialect, replace or {})
    members = f" || {dialect.string_literal(',')} || ".join(
        compiler.results(node, f"Conditions[{i}]") for i, node in enumerate(document["Conditions"])
    )
    opening = '{"Conditions":['
    return f"{dialect.string_literal(opening)} || {members} || {dialect.string_literal(']}')}"
