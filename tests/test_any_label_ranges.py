"""A range on "*" cannot be said in AWS's document: the friendly form refuses it, and for AWS's own
form the description, lints and evaluator all say what A2I does (each check met on its own)."""

from __future__ import annotations

import pytest

from a2i_moderation.conditions import ConditionsError, Evaluator, lint, to_document
from a2i_moderation.conditions.describe import describe_condition

STAR_RANGE = {
    "And": [
        {
            "ConditionType": "ModerationLabelConfidenceCheck",
            "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceGreaterThanEquals": 60},
        },
        {
            "ConditionType": "ModerationLabelConfidenceCheck",
            "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceLessThanEquals": 90},
        },
    ]
}
EXPLICIT_99_SWIMWEAR_55 = {
    "ModerationLabels": [
        {"Name": "Explicit", "Confidence": 99.0},
        {"Name": "Swimwear or Underwear", "Confidence": 55.0},
    ]
}


def test_friendly_range_on_any_label_is_refused():
    with pytest.raises(ConditionsError) as raised:
        to_document({"labels": [{"name": "*", "between": [60, 90]}]})
    assert raised.value.problems == [
        "labels[0].between: not allowed with name '*' (AWS checks each bound on its own, so two different labels "
        "could meet them: name the label, one rule per label)"
    ]


def test_friendly_range_on_a_named_label_is_still_one_range():
    document = to_document({"labels": [{"name": "Violence", "between": [60, 90]}]})
    assert describe_condition(document["Conditions"][0]) == "Violence between 60% and 90%"


def test_aws_form_and_of_checks_on_any_label_is_described_check_by_check():
    assert describe_condition(STAR_RANGE) == "all of: any label at or above 60%; any label at or below 90%"


def test_evaluator_lets_two_labels_meet_the_two_checks_as_described():
    decision = Evaluator({"Conditions": [STAR_RANGE]}).explain(EXPLICIT_99_SWIMWEAR_55, "img-1")
    assert decision.activated is True


def test_lint_makes_no_range_claim_about_checks_on_any_label():
    document = {
        "Conditions": [
            {
                "And": [
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceGreaterThan": 90},
                    },
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceLessThan": 60},
                    },
                ]
            }
        ]
    }
    # As one label's range, (90, 100] and [0, 60) would never overlap; two labels can meet them.
    assert [f.message for f in lint(document) if "never fires" in f.message] == []
    response = {"ModerationLabels": [{"Name": "Explicit", "Confidence": 95.0}, {"Name": "Alcohol", "Confidence": 55.0}]}
    assert Evaluator(document).explain(response, "img-2").activated is True
