"""A2I's decision for DetectModerationLabels responses: AWS's examples, boundaries, `*`, And/Or and sampling."""

from __future__ import annotations

import random

import pytest

from a2i_moderation.conditions import Evaluator, to_document
from a2i_moderation.conditions.evaluate import draw_hex

GMN = "Graphic Male Nudity"


def label(name, **comparison):
    return {
        "ConditionType": "ModerationLabelConfidenceCheck",
        "ConditionParameters": {"ModerationLabelName": name, **comparison},
    }


def sampling(percent):
    return {"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": percent}}


def response(*labels):
    return {
        "ModerationLabels": [{"Name": name, "Confidence": confidence, "ParentName": ""} for name, confidence in labels],
        "ModerationModelVersion": "7.0",
    }


def activated(document, *labels, key="image-1"):
    return Evaluator(document).explain(response(*labels), key).activated


def rate(document, labels, count=20_000):
    evaluator = Evaluator(document)
    responses = [response(*labels)] * count
    return sum(1 for fired in evaluator.decide_all(responses, [f"k{i}" for i in range(count)]) if fired) / count


# AWS's Rekognition examples (a2i-json-humantaskactivationconditions-rekognition-example.md), with
# the decisions their text describes.
EXAMPLE_1 = {
    "Conditions": [
        {
            "Or": [
                {"And": [label(GMN, ConfidenceLessThanEquals=99), label(GMN, ConfidenceGreaterThanEquals=90)]},
                {
                    "And": [
                        label("Graphic Female Nudity", ConfidenceLessThanEquals=99),
                        label("Graphic Female Nudity", ConfidenceGreaterThanEquals=80),
                    ]
                },
            ]
        }
    ]
}


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ([(GMN, 95)], True),
        ([(GMN, 99.5)], False),
        ([(GMN, 85)], False),
        ([("Graphic Female Nudity", 85)], True),
        ([], False),
    ],
)
def test_example_1_either_range_starts_a_loop(labels, expected):
    assert activated(EXAMPLE_1, *labels) is expected


def test_example_2_any_label_at_or_above_75_and_reviewers_see_those_labels():
    document = {"Conditions": [label("*", ConfidenceGreaterThanEquals=75)]}
    decision = Evaluator(document).explain(response(("Violence", 80), ("Weapons", 60), ("Alcohol", 75)), "k")
    assert decision.activated
    assert decision.labels == ["Violence", "Alcohol"]


def test_example_3_samples_five_percent_and_shows_every_label():
    document = {"Conditions": [sampling(5)]}
    assert 0.045 <= rate(document, [("Violence", 70)]) <= 0.055
    sampled = next(
        k
        for k in (f"k{i}" for i in range(1000))
        if Evaluator(document).explain(response(("Violence", 70), ("Alcohol", 90)), k).activated
    )
    assert Evaluator(document).explain(response(("Violence", 70), ("Alcohol", 90)), sampled).labels == [
        "Violence",
        "Alcohol",
    ]


def test_example_4_samples_only_images_with_the_label_and_shows_only_that_label():
    document = {"Conditions": [{"And": [sampling(5), label(GMN, ConfidenceGreaterThan=50)]}]}
    assert rate(document, [("Violence", 99)]) == 0
    assert 0.045 <= rate(document, [(GMN, 60)]) <= 0.055
    evaluator = Evaluator(document)
    sampled = next(
        k
        for k in (f"k{i}" for i in range(1000))
        if evaluator.explain(response((GMN, 60), ("Alcohol", 90)), k).activated
    )
    assert evaluator.explain(response((GMN, 60), ("Alcohol", 90)), sampled).labels == [GMN]


def test_example_5_always_low_confidence_and_a_sample_of_high_confidence():
    document = {
        "Conditions": [
            {"Or": [label(GMN, ConfidenceLessThan=60), {"And": [sampling(5), label(GMN, ConfidenceGreaterThan=90)]}]}
        ]
    }
    assert rate(document, [(GMN, 55)]) == 1
    assert 0.045 <= rate(document, [(GMN, 95)]) <= 0.055
    assert rate(document, [(GMN, 75)]) == 0


def test_example_6_label_always_and_a_sample_of_the_rest():
    document = {"Conditions": [{"Or": [sampling(5), label(GMN, ConfidenceGreaterThan=50)]}]}
    assert rate(document, [(GMN, 60)]) == 1
    assert 0.045 <= rate(document, [("Violence", 99)]) <= 0.055


def test_results_have_the_shape_of_aws_output_example():
    # The humanTaskActivationConditionResults of AWS's Rekognition output.json example.
    document = {
        "Conditions": [
            {
                "Or": [
                    label("Suggestive", ConfidenceLessThan=98),
                    label("Female Swimwear Or Underwear", ConfidenceGreaterThan=98),
                ]
            }
        ]
    }
    decision = Evaluator(document).explain(response(("Suggestive", 96.7122802734375)), "k")
    assert decision.results == {
        "Conditions": [
            {
                "EvaluationResult": True,
                "Or": [
                    {
                        "ConditionParameters": {"ConfidenceLessThan": 98, "ModerationLabelName": "Suggestive"},
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "EvaluationResult": True,
                    },
                    {
                        "ConditionParameters": {
                            "ConfidenceGreaterThan": 98,
                            "ModerationLabelName": "Female Swimwear Or Underwear",
                        },
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "EvaluationResult": False,
                    },
                ],
            }
        ]
    }
    assert (decision.fired, decision.labels) == (["Conditions[0]"], ["Suggestive"])


@pytest.mark.parametrize(
    ("comparison", "at_threshold"),
    [
        ("ConfidenceEquals", True),
        ("ConfidenceLessThan", False),
        ("ConfidenceLessThanEquals", True),
        ("ConfidenceGreaterThan", False),
        ("ConfidenceGreaterThanEquals", True),
    ],
)
def test_confidence_equal_to_the_threshold(comparison, at_threshold):
    assert activated({"Conditions": [label("Violence", **{comparison: 70})]}, ("Violence", 70)) is at_threshold
    assert activated({"Conditions": [label("Violence", **{comparison: 70})]}, ("Violence", 70.0001)) is (
        comparison.startswith("ConfidenceGreater")
    )


def test_names_are_exact_and_case_sensitive_and_parents_do_not_match():
    document = {"Conditions": [label("Explicit", ConfidenceGreaterThan=50)]}
    assert not activated(document, ("explicit", 90))
    only_child = {"ModerationLabels": [{"Name": "Explicit Nudity", "ParentName": "Explicit", "Confidence": 90}]}
    assert not Evaluator(document).explain(only_child, "k").activated


def test_star_matches_any_label_but_not_an_empty_response():
    document = {"Conditions": [label("*", ConfidenceLessThan=60)]}
    assert activated(document, ("Violence", 90), ("Alcohol", 55))
    assert not activated(document)


def test_and_needs_every_member_and_or_any():
    both = {
        "Conditions": [
            {"And": [label("Violence", ConfidenceGreaterThan=50), label("Weapons", ConfidenceGreaterThan=50)]}
        ]
    }
    either = {
        "Conditions": [
            {"Or": [label("Violence", ConfidenceGreaterThan=50), label("Weapons", ConfidenceGreaterThan=50)]}
        ]
    }
    assert not activated(both, ("Violence", 90))
    assert activated(both, ("Violence", 90), ("Weapons", 60))
    assert activated(either, ("Weapons", 60))


def test_every_true_top_level_condition_is_reported():
    document = to_document(
        {
            "labels": [
                {"name": "Violence", "above": 50},
                {"name": "Weapons", "above": 50},
                {"name": "Alcohol", "above": 50},
            ]
        }
    )
    decision = Evaluator(document).explain(response(("Violence", 90), ("Alcohol", 60)), "k")
    assert decision.fired == ["Conditions[0]", "Conditions[2]"]
    assert Evaluator(document).decide(response(("Violence", 90), ("Alcohol", 60)), "k") == (True, [0, 2])


def test_sampling_gives_the_same_input_the_same_decision():
    document = {"Conditions": [sampling(50)]}
    first = [Evaluator(document).decide(response(), f"k{i}")[0] for i in range(200)]
    again = [Evaluator(document).decide(response(), f"k{i}")[0] for i in range(200)]
    assert first == again
    assert 60 < sum(first) < 140


def test_seed_changes_which_inputs_are_sampled():
    draws_a = [draw_hex("a", f"k{i}") for i in range(100)]
    draws_b = [draw_hex("b", f"k{i}") for i in range(100)]
    assert draws_a != draws_b
    assert all(len(d) == 16 and int(d, 16) >= 0 for d in draws_a + draws_b)


def test_sampling_conditions_share_one_draw_so_smaller_samples_nest_in_larger():
    small, large = Evaluator({"Conditions": [sampling(5)]}), Evaluator({"Conditions": [sampling(10)]})
    keys = [f"k{i}" for i in range(5000)]
    in_small = {k for k in keys if small.decide(response(), k)[0]}
    in_large = {k for k in keys if large.decide(response(), k)[0]}
    assert in_small < in_large


@pytest.mark.parametrize("percent", [0.01, 1, 25, 100])
def test_sampling_rate_matches_the_percentage(percent):
    measured = rate({"Conditions": [sampling(percent)]}, [], count=40_000)
    assert abs(measured - percent / 100) <= max(0.0005, 4 * (percent / 100 * (1 - percent / 100) / 40_000) ** 0.5)


def test_name_returned_twice_is_decided_by_the_general_evaluator():
    document = {"Conditions": [label("Violence", ConfidenceLessThan=60)]}
    twice = response(("Violence", 90), ("Violence", 55))
    assert Evaluator(document).decide(twice, "k") == (True, [0])


def test_generated_fast_path_agrees_with_the_general_evaluator():
    rng = random.Random(11)
    names = ["Explicit", "Violence", "Alcohol", "Weapons", "*"]
    comparisons = [
        "ConfidenceEquals",
        "ConfidenceLessThan",
        "ConfidenceLessThanEquals",
        "ConfidenceGreaterThan",
        "ConfidenceGreaterThanEquals",
    ]

    def condition(depth):
        roll = rng.random()
        if depth < 2 and roll < 0.3:
            return {rng.choice(["And", "Or"]): [condition(depth + 1) for _ in range(rng.randint(2, 3))]}
        if roll < 0.4:
            return sampling(rng.choice([1, 10, 50]))
        return label(rng.choice(names), **{rng.choice(comparisons): rng.choice([50, 60, 60.5, 75, 90])})

    for _ in range(200):
        evaluator = Evaluator({"Conditions": [condition(0) for _ in range(rng.randint(1, 4))]})
        responses = [
            response(
                *[
                    (rng.choice(names[:4]), rng.choice([50, 60, 60.5, 75, 90, rng.uniform(50, 100)]))
                    for _ in range(rng.randint(0, 3))
                ]
            )
            for _ in range(30)
        ]
        keys = [f"k{i}" for i in range(30)]
        general = [evaluator.decide_general(r, k)[1] for r, k in zip(responses, keys, strict=True)]
        assert evaluator.decide_all(responses, keys) == general
        assert [evaluator.decide(r, k)[1] for r, k in zip(responses, keys, strict=True)] == general
        assert [[f"Conditions[{i}]" for i in g] for g in general] == [
            evaluator.explain(r, k).fired for r, k in zip(responses, keys, strict=True)
        ]
