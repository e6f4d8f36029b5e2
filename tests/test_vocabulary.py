"""One vocabulary for activation conditions: the comparison table agrees with itself, with every module
that speaks it (grammar, friendly form, prose, evaluation, lints, README), and the walk gives the paths."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest
from conftest import ROOT, label_check
from conftest import sampling as sample

from a2i_moderation.conditions import ConditionsError, Evaluator, lint, to_document, validate
from a2i_moderation.conditions.describe import describe_condition
from a2i_moderation.conditions.friendly import LABEL_KEYS
from a2i_moderation.conditions.vocabulary import (
    BY_KEY,
    BY_WORD,
    COMPARISON_KEYS,
    COMPARISONS,
    LABEL_CHECK,
    Comparison,
    Interval,
    comparison_of,
    label_checks,
    node_at,
    walk,
)
from a2i_moderation.tooling.plot import _with_threshold

THRESHOLDS = (0.0, 37.5, 70.0, 100.0)
#: Every half point, and a hair either side of each threshold.
CONFIDENCES = sorted(
    {x / 2 for x in range(201)} | {t + d for t in THRESHOLDS for d in (-1e-9, 1e-9) if 0 <= t + d <= 100}
)

each_comparison = pytest.mark.parametrize("comparison", COMPARISONS, ids=lambda c: c.word)


def check(name: str, comparison: Comparison, threshold: float) -> dict[str, Any]:
    return label_check(name, comparison.key, threshold)


def point(confidence: float) -> Interval:
    return Interval(confidence, True, confidence, True)


NESTED = {
    "Conditions": [
        check("Violence", BY_WORD["above"], 90),
        {"Or": [{"And": [check("Explicit", BY_WORD["atOrAbove"], 50), sample(5)]}, check("*", BY_WORD["below"], 60)]},
        sample(2),
    ]
}


def test_comparisons_are_in_aws_order_and_found_by_key_and_by_word() -> None:
    assert COMPARISON_KEYS == (
        "ConfidenceEquals",
        "ConfidenceLessThan",
        "ConfidenceLessThanEquals",
        "ConfidenceGreaterThan",
        "ConfidenceGreaterThanEquals",
    )
    assert all(BY_KEY[c.key] is c and BY_WORD[c.word] is c for c in COMPARISONS)
    assert len(BY_KEY) == len(BY_WORD) == len(COMPARISONS) == 5


@each_comparison
def test_operator_accepts_a_confidence_exactly_when_it_lies_in_the_interval(comparison: Comparison) -> None:
    for threshold in THRESHOLDS:
        interval = comparison.interval(threshold)
        for confidence in CONFIDENCES:
            assert comparison.operator(confidence, threshold) is point(confidence).within(interval), (
                confidence,
                threshold,
            )


@each_comparison
def test_symbol_is_the_operator_in_python(comparison: Comparison) -> None:
    spelled = eval(f"lambda confidence, threshold: confidence {comparison.symbol} threshold")
    for threshold in THRESHOLDS:
        for confidence in CONFIDENCES:
            assert spelled(confidence, threshold) is comparison.operator(confidence, threshold)


@pytest.mark.parametrize(
    ("word", "shown"),
    [
        ("below", "[0, 40)"),
        ("atOrBelow", "[0, 40]"),
        ("above", "(40, 100]"),
        ("atOrAbove", "[40, 100]"),
        ("equals", "exactly 40"),
    ],
)
def test_interval_is_shown_as_lints_write_it(word: str, shown: str) -> None:
    assert str(BY_WORD[word].interval(40)) == shown


def test_comparison_of_gives_the_comparison_and_its_threshold() -> None:
    parameters = {"ModerationLabelName": "Violence", "ConfidenceLessThanEquals": 37.5}
    assert comparison_of(parameters) == (BY_WORD["atOrBelow"], 37.5)


def test_grammar_lists_the_aws_keys_in_the_table_order() -> None:
    with pytest.raises(ConditionsError) as raised:
        validate(
            {"Conditions": [{"ConditionType": LABEL_CHECK, "ConditionParameters": {"ModerationLabelName": "Violence"}}]}
        )
    assert raised.value.problems == [
        f"Conditions[0].ConditionParameters: needs one confidence comparison ({', '.join(COMPARISON_KEYS)})"
    ]


@each_comparison
def test_grammar_accepts_each_key(comparison: Comparison) -> None:
    document = {"Conditions": [check("Violence", comparison, 70)]}
    assert validate(document) is document


@each_comparison
def test_friendly_word_becomes_the_aws_key(comparison: Comparison) -> None:
    friendly = {"labels": [{"name": "Violence", comparison.word: 70}]}
    assert to_document(friendly) == {"Conditions": [check("Violence", comparison, 70)]}


def test_friendly_rule_keys_and_errors_list_the_words_in_the_readme_order() -> None:
    assert LABEL_KEYS == ("name", "below", "atOrBelow", "above", "atOrAbove", "equals", "between", "sample")
    assert LABEL_KEYS[1:6] == tuple(BY_WORD)
    with pytest.raises(ConditionsError) as raised:
        to_document({"labels": [{"name": "Violence"}]})
    assert raised.value.problems == [f"labels[0]: needs exactly one of {', '.join(BY_WORD)}, between"]


def test_readme_table_has_the_words_symbols_and_keys_of_the_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(\w+): x` \| confidence (\S+) x \| `(\w+)` \|$", readme, re.MULTILINE)
    # The README writes equality as arithmetic does.
    assert [(word, "==" if symbol == "=" else symbol, key) for word, symbol, key in rows] == [
        (c.word, c.symbol, c.key) for c in BY_WORD.values()
    ]


@pytest.mark.parametrize(
    ("word", "described"),
    [
        ("below", "Violence below 70%"),
        ("atOrBelow", "Violence at or below 70%"),
        ("above", "Violence above 70%"),
        ("atOrAbove", "Violence at or above 70%"),
        ("equals", "Violence at exactly 70%"),
    ],
)
def test_describe_uses_the_prose(word: str, described: str) -> None:
    comparison = BY_WORD[word]
    assert describe_condition(check("Violence", comparison, 70)) == described == f"Violence {comparison.prose} 70%"


@each_comparison
@pytest.mark.parametrize("name", ["Violence", "*"])
def test_evaluate_decides_as_the_operator(comparison: Comparison, name: str) -> None:
    evaluator = Evaluator({"Conditions": [check(name, comparison, 70)]})
    for confidence in (69.5, 70, 70.5):
        response = {"ModerationLabels": [{"Name": "Violence", "Confidence": confidence}]}
        expected = comparison.operator(confidence, 70)
        assert evaluator.decide(response, "k")[0] is expected, confidence
        assert evaluator.decide_general(response, "k")[0] is expected, confidence
        assert evaluator.explain(response, "k").activated is expected, confidence


@each_comparison
@pytest.mark.parametrize("threshold", [40, 50, 60, 100])
def test_lint_says_never_fires_exactly_when_no_returned_confidence_passes(
    comparison: Comparison, threshold: float
) -> None:
    findings = lint({"Conditions": [check("Violence", comparison, threshold)]}, min_confidence=50)
    returned = [confidence for confidence in CONFIDENCES if confidence >= 50]
    never = not any(comparison.operator(confidence, threshold) for confidence in returned)
    assert any("never fires" in finding.message for finding in findings) is never


def test_walk_yields_every_condition_with_its_path_parents_before_members() -> None:
    assert [path for path, _ in walk(NESTED)] == [
        "Conditions[0]",
        "Conditions[1]",
        "Conditions[1].Or[0]",
        "Conditions[1].Or[0].And[0]",
        "Conditions[1].Or[0].And[1]",
        "Conditions[1].Or[1]",
        "Conditions[2]",
    ]
    assert dict(walk(NESTED))["Conditions[1].Or[0].And[1]"] is NESTED["Conditions"][1]["Or"][0]["And"][1]


def test_label_checks_yields_each_checks_parameters_with_its_path() -> None:
    assert [(path, parameters["ModerationLabelName"]) for path, parameters in label_checks(NESTED)] == [
        ("Conditions[0]", "Violence"),
        ("Conditions[1].Or[0].And[0]", "Explicit"),
        ("Conditions[1].Or[1]", "*"),
    ]


def test_node_at_finds_a_condition_by_the_walks_path() -> None:
    assert node_at(NESTED, "Conditions[1].Or[1]") is NESTED["Conditions"][1]["Or"][1]
    with pytest.raises(KeyError):
        node_at(NESTED, "Conditions[1].Or[2]")


def test_plot_varies_only_the_threshold_of_the_check_at_the_path() -> None:
    before = copy.deepcopy(NESTED)
    expected = copy.deepcopy(NESTED)
    expected["Conditions"][1]["Or"][0]["And"][0] = check("Explicit", BY_WORD["atOrAbove"], 42)
    assert _with_threshold(NESTED, "Conditions[1].Or[0].And[0]", 42) == expected
    assert before == NESTED
