"""The friendly form in stack config becomes AWS's document; both forms give the same canonical JSON."""

from __future__ import annotations

import pytest

from a2i_moderation.conditions import ConditionsError, canonical_json, to_document
from a2i_moderation.conditions.describe import describe_condition


def label(name, **comparison):
    return {
        "ConditionType": "ModerationLabelConfidenceCheck",
        "ConditionParameters": {"ModerationLabelName": name, **comparison},
    }


def sampling(percent):
    return {"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": percent}}


@pytest.mark.parametrize(
    ("word", "comparison"),
    [
        ("below", "ConfidenceLessThan"),
        ("atOrBelow", "ConfidenceLessThanEquals"),
        ("above", "ConfidenceGreaterThan"),
        ("atOrAbove", "ConfidenceGreaterThanEquals"),
        ("equals", "ConfidenceEquals"),
    ],
)
def test_each_word_is_one_comparison(word, comparison):
    assert to_document({"labels": [{"name": "Violence", word: 70}]}) == {
        "Conditions": [label("Violence", **{comparison: 70})]
    }


def test_between_is_inclusive_at_both_ends():
    assert to_document({"labels": [{"name": "Explicit", "between": [50, 95]}]}) == {
        "Conditions": [
            {"And": [label("Explicit", ConfidenceGreaterThanEquals=50), label("Explicit", ConfidenceLessThanEquals=95)]}
        ]
    }


def test_sample_of_a_label_rule_is_an_and_with_sampling():
    # AWS's example: 5% of the images whose Graphic Male Nudity confidence is over 50.
    assert to_document({"labels": [{"name": "Violence", "above": 90, "sample": 5}]}) == {
        "Conditions": [{"And": [sampling(5), label("Violence", ConfidenceGreaterThan=90)]}]
    }


def test_sampling_is_its_own_alternative():
    assert to_document({"sampling": {"percent": 2}}) == {"Conditions": [sampling(2)]}


def test_friendly_and_aws_forms_give_the_same_canonical_json():
    friendly = {
        "labels": [{"name": "Explicit", "between": [50, 95]}, {"name": "*", "below": 60}],
        "sampling": {"percent": 2},
    }
    aws = {
        "Conditions": [
            {
                "And": [
                    label("Explicit", ConfidenceGreaterThanEquals=50.0),
                    label("Explicit", ConfidenceLessThanEquals=95),
                ]
            },
            label("*", ConfidenceLessThan=60),
            sampling(2.0),
        ]
    }
    assert canonical_json(to_document(friendly)) == canonical_json(to_document(aws))


def test_aws_form_passes_through_unchanged():
    document = {"Conditions": [sampling(5)]}
    assert to_document(document) is document


def test_plain_words_describe_each_rule():
    document = to_document(
        {
            "labels": [
                {"name": "Explicit", "between": [50, 95]},
                {"name": "*", "below": 60},
                {"name": "Violence", "above": 90, "sample": 5},
            ],
            "sampling": {"percent": 2},
        }
    )
    assert [describe_condition(c) for c in document["Conditions"]] == [
        "Explicit between 50% and 95%",
        "any label below 60%",
        "5% random sample of Violence above 90%",
        "2% random sample",
    ]


@pytest.mark.parametrize(
    ("friendly", "problem"),
    [
        ({"labels": [{"name": "Violence", "below": 120}]}, "labels[0].below: 120 is not between 0 and 100"),
        (
            {"labels": [{"name": "Violence"}]},
            "labels[0]: needs exactly one of below, atOrBelow, above, atOrAbove, equals, between",
        ),
        (
            {"labels": [{"name": "Violence", "below": 60, "above": 90}]},
            "labels[0]: needs exactly one of below, atOrBelow, above, atOrAbove, equals, between (found below, above)",
        ),
        (
            {"labels": [{"name": "Explicit", "between": [95, 50]}]},
            "labels[0].between: [95, 50] is not allowed ([low, high] with 0 <= low <= high <= 100)",
        ),
        (
            {"labels": [{"name": "Violence", "above": 90, "sample": 0}]},
            "labels[0].sample: 0 is not between 0.01 and 100 (a percentage)",
        ),
        ({"labels": [{"name": "", "above": 90}]}, 'labels[0].name: "" is not a label name'),
        ({"labels": [{"name": "Violence", "abov": 90}]}, "labels[0]: unknown key 'abov'"),
        ({"sampling": {"percent": 200}}, 'sampling: {"percent": 200} is not allowed ({percent: 0.01 to 100})'),
        (
            {"labels": [], "sampling": {"percent": 1}, "extra": 1},
            "(top level): unknown key 'extra' (allowed: labels, sampling)",
        ),
    ],
)
def test_friendly_errors_name_the_path(friendly, problem):
    with pytest.raises(ConditionsError) as caught:
        to_document(friendly)
    assert caught.value.problems[0].startswith(problem)


def test_friendly_form_with_no_rules_is_refused():
    with pytest.raises(ConditionsError, match="Conditions: needs a list of at least 1 condition"):
        to_document({"labels": []})
