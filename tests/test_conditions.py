"""The HumanLoopActivationConditions grammar: what AWS documents, errors with JSON paths, canonical JSON."""

from __future__ import annotations

import json

import pytest

from a2i_moderation.conditions import ConditionsError, canonical_json, validate


def label(name="*", **comparison):
    return {
        "ConditionType": "ModerationLabelConfidenceCheck",
        "ConditionParameters": {"ModerationLabelName": name, **comparison},
    }


def sampling(percent):
    return {"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": percent}}


def problems(document):
    with pytest.raises(ConditionsError) as caught:
        validate(document)
    return caught.value.problems


# AWS's six Rekognition examples (a2i-json-humantaskactivationconditions-rekognition-example.md).
AWS_EXAMPLES = [
    {
        "Conditions": [
            {
                "Or": [
                    {
                        "And": [
                            label("Graphic Male Nudity", ConfidenceLessThanEquals=99),
                            label("Graphic Male Nudity", ConfidenceGreaterThanEquals=90),
                        ]
                    },
                    {
                        "And": [
                            label("Graphic Female Nudity", ConfidenceLessThanEquals=99),
                            label("Graphic Female Nudity", ConfidenceGreaterThanEquals=80),
                        ]
                    },
                ]
            }
        ]
    },
    {"Conditions": [label("*", ConfidenceGreaterThanEquals=75)]},
    {"Conditions": [sampling(5)]},
    {"Conditions": [{"And": [sampling(5), label("Graphic Male Nudity", ConfidenceGreaterThan=50)]}]},
    {
        "Conditions": [
            {
                "Or": [
                    label("Graphic Male Nudity", ConfidenceLessThan=60),
                    {"And": [sampling(5), label("Graphic Male Nudity", ConfidenceGreaterThan=90)]},
                ]
            }
        ]
    },
    {"Conditions": [{"Or": [sampling(5), label("Graphic Male Nudity", ConfidenceGreaterThan=50)]}]},
]


@pytest.mark.parametrize("document", AWS_EXAMPLES, ids=[f"aws-example-{i + 1}" for i in range(6)])
def test_every_aws_example_is_accepted(document):
    assert validate(document) is document


@pytest.mark.parametrize(
    "comparison",
    [
        "ConfidenceEquals",
        "ConfidenceLessThan",
        "ConfidenceLessThanEquals",
        "ConfidenceGreaterThan",
        "ConfidenceGreaterThanEquals",
    ],
)
def test_each_documented_comparison_is_accepted(comparison):
    validate({"Conditions": [label("Violence", **{comparison: 50})]})


@pytest.mark.parametrize("value", [0, 100, 0.5, 99.99])
def test_confidence_bounds_are_inclusive(value):
    validate({"Conditions": [label(ConfidenceLessThan=value)]})


@pytest.mark.parametrize("value", [-1, 100.01, 120, "60", True, None])
def test_confidence_outside_0_to_100_names_the_path(value):
    assert problems({"Conditions": [label(ConfidenceLessThan=value)]}) == [
        f"Conditions[0].ConditionParameters.ConfidenceLessThan: {json.dumps(value)} is not between 0 and 100"
    ]


def test_error_path_reaches_into_nested_conditions():
    document = {"Conditions": [sampling(5), {"Or": [label(ConfidenceLessThan=120), label(ConfidenceGreaterThan=5)]}]}
    assert problems(document) == [
        "Conditions[1].Or[0].ConditionParameters.ConfidenceLessThan: 120 is not between 0 and 100"
    ]


@pytest.mark.parametrize("percent", [0.01, 1, 100])
def test_sampling_percentage_from_001_to_100(percent):
    validate({"Conditions": [sampling(percent)]})


@pytest.mark.parametrize("percent", [0, 0.001, 101, "5"])
def test_sampling_percentage_outside_range_is_refused(percent):
    assert problems({"Conditions": [sampling(percent)]}) == [
        f"Conditions[0].ConditionParameters.RandomSamplingPercentage: {json.dumps(percent)} is not between 0.01 and 100"
    ]


def test_empty_document_is_refused_though_aws_schema_accepts_it():
    assert problems({}) == ["Conditions: needs a list of at least 1 condition"]


def test_empty_conditions_list_is_refused():
    assert problems({"Conditions": []}) == ["Conditions: needs a list of at least 1 condition"]


def test_unknown_top_level_key_is_refused():
    assert problems({"Conditions": [sampling(5)], "Extra": 1}) == [
        "(top level): unknown key 'Extra' (allowed: Conditions)"
    ]


def test_textract_condition_type_is_refused_with_the_allowed_types():
    document = {"Conditions": [{"ConditionType": "ImportantFormKeyConfidenceCheck", "ConditionParameters": {}}]}
    assert problems(document) == [
        'Conditions[0].ConditionType: "ImportantFormKeyConfidenceCheck" is not allowed for DetectModerationLabels '
        "(allowed: ModerationLabelConfidenceCheck, Sampling, or an And/Or of conditions)"
    ]


def test_label_check_needs_a_label_name():
    document = {
        "Conditions": [
            {"ConditionType": "ModerationLabelConfidenceCheck", "ConditionParameters": {"ConfidenceLessThan": 5}}
        ]
    }
    assert problems(document) == [
        "Conditions[0].ConditionParameters.ModerationLabelName: required "
        "(an exact, case-sensitive label name, or '*' for any label)"
    ]


def test_label_check_needs_exactly_one_comparison():
    assert problems({"Conditions": [label("Violence")]}) == [
        "Conditions[0].ConditionParameters: needs one confidence comparison (ConfidenceEquals, ConfidenceLessThan, "
        "ConfidenceLessThanEquals, ConfidenceGreaterThan, ConfidenceGreaterThanEquals)"
    ]
    two = problems({"Conditions": [label("Violence", ConfidenceLessThan=90, ConfidenceGreaterThan=50)]})
    assert two == [
        "Conditions[0].ConditionParameters: has 2 comparisons (ConfidenceLessThan, ConfidenceGreaterThan); use one per "
        "condition and combine conditions with And for a range"
    ]


def test_misspelt_parameter_is_an_unknown_key():
    document = {"Conditions": [{"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercent": 5}}]}
    assert problems(document)[0] == (
        "Conditions[0].ConditionParameters: unknown key 'RandomSamplingPercent' (allowed: RandomSamplingPercentage)"
    )


@pytest.mark.parametrize("operator", ["And", "Or"])
def test_operators_need_at_least_two_members(operator):
    assert problems({"Conditions": [{operator: [sampling(5)]}]}) == [
        f"Conditions[0].{operator}: needs a list of at least 2 conditions"
    ]


def test_two_levels_of_nesting_are_allowed():
    validate(
        {
            "Conditions": [
                {"Or": [label(ConfidenceLessThan=60), {"And": [sampling(5), label(ConfidenceGreaterThan=90)]}]}
            ]
        }
    )


def test_a_third_level_of_nesting_is_refused():
    deep = {"Or": [sampling(1), {"And": [sampling(2), {"Or": [sampling(3), sampling(4)]}]}]}
    assert problems({"Conditions": [deep]}) == [
        "Conditions[0].Or[1].And[1].Or: And/Or may be nested at most 2 levels deep"
    ]


def test_operator_with_other_keys_is_refused():
    assert problems({"Conditions": [{"And": [sampling(1), sampling(2)], "ConditionType": "Sampling"}]}) == [
        "Conditions[0]: an And condition has no other keys (found And, ConditionType)"
    ]


def test_every_problem_is_reported_at_once():
    document = {"Conditions": [label(ConfidenceLessThan=-5), sampling(0)]}
    assert len(problems(document)) == 2


def test_document_over_the_api_limit_is_refused():
    document = {"Conditions": [label(f"Label {i:04d} with a long name", ConfidenceLessThan=50) for i in range(120)]}
    assert len(canonical_json(document)) > 10_240
    assert problems(document)[0].startswith("(the document): ")
    assert problems(document)[0].endswith("characters is over the API's limit of 10240")


def test_canonical_json_sorts_keys_and_drops_spaces():
    assert canonical_json({"Conditions": [sampling(5)]}) == (
        '{"Conditions":[{"ConditionParameters":{"RandomSamplingPercentage":5},"ConditionType":"Sampling"}]}'
    )


def test_canonical_json_writes_whole_numbers_without_a_fraction():
    assert canonical_json({"Conditions": [label(ConfidenceLessThan=60.0)]}) == canonical_json(
        {"Conditions": [label(ConfidenceLessThan=60)]}
    )
    assert '"ConfidenceLessThan":60.5' in canonical_json({"Conditions": [label(ConfidenceLessThan=60.5)]})


def test_canonical_json_is_the_same_whatever_the_key_order():
    reordered = {
        "Conditions": [
            {
                "ConditionParameters": {"ConfidenceLessThan": 60, "ModerationLabelName": "*"},
                "ConditionType": "ModerationLabelConfidenceCheck",
            }
        ]
    }
    assert canonical_json(reordered) == canonical_json({"Conditions": [label(ConfidenceLessThan=60)]})


def test_label_names_keep_their_case_and_characters():
    assert '"ModerationLabelName":"Drugs & Tobacco"' in canonical_json(
        {"Conditions": [label("Drugs & Tobacco", ConfidenceLessThan=60)]}
    )
