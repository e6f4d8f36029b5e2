"""Label names against the moderation taxonomy, and warnings for conditions that cannot do what was meant."""

from __future__ import annotations

import pytest

from a2i_moderation import ConfigError
from a2i_moderation.conditions import check_label_names, lint, to_document
from a2i_moderation.conditions.taxonomy import load_taxonomy
from a2i_moderation.settings import conditions_document, conditions_warnings


def doc(*rules, sampling=None):
    friendly = {"labels": list(rules)}
    if sampling is not None:
        friendly["sampling"] = {"percent": sampling}
    return to_document(friendly)


def messages(findings):
    return [str(f) for f in findings]


def test_taxonomy_has_all_three_levels_of_the_current_model_and_the_older_model():
    taxonomy = load_taxonomy()
    levels = {label.level for label in taxonomy.current.values()}
    assert levels == {1, 2, 3}
    assert {"Explicit", "Violence", "Visually Disturbing", "Drugs & Tobacco", "Swimwear or Underwear"} <= set(
        taxonomy.current
    )
    assert taxonomy.current["Exposed Male Genitalia"].parent == "Explicit Nudity"
    assert taxonomy.current["Explicit Nudity"].parent == "Explicit"
    assert {"Graphic Male Nudity", "Graphic Female Nudity", "Suggestive", "Female Swimwear Or Underwear"} <= set(
        taxonomy.older
    )
    assert (taxonomy.current_version, taxonomy.older_version) == ("7", "6.1")


def test_every_older_name_maps_to_current_names():
    taxonomy = load_taxonomy()
    for old, new in taxonomy.renamed.items():
        assert old in taxonomy.older
        assert new
        assert all(name in taxonomy.current for name in new)


def test_current_names_and_star_pass():
    assert (
        check_label_names(
            doc(
                {"name": "Explicit", "above": 50},
                {"name": "*", "below": 60},
                {"name": "Exposed Male Genitalia", "above": 90},
            )
        )
        == []
    )


def test_unknown_name_is_an_error_with_the_closest_names():
    findings = check_label_names(doc({"name": "Explict Nudity", "above": 50}))
    assert [f.level for f in findings] == ["error"]
    assert str(findings[0]).endswith("Did you mean 'Explicit Nudity' or 'Non-Explicit Nudity' or 'Explicit'?")
    assert str(findings[0]).startswith(
        "Conditions[0].ConditionParameters.ModerationLabelName: 'Explict Nudity' is not a Rekognition moderation label"
    )


def test_wrong_case_suggests_the_exact_name():
    assert str(check_label_names(doc({"name": "violence", "above": 50}))[0]).endswith("Did you mean 'Violence'?")


def test_older_model_name_is_a_warning_naming_the_current_label():
    # AWS's own A2I examples still use this name.
    (finding,) = check_label_names(doc({"name": "Graphic Male Nudity", "above": 50}))
    assert finding.level == "warning"
    assert finding.message == (
        "'Graphic Male Nudity' is a label of the older moderation model (6.1); the current model (7) never returns it, "
        "so this check never fires; the current model calls it 'Exposed Male Genitalia'"
    )


def test_custom_labels_switch_accepts_unknown_names():
    assert check_label_names(doc({"name": "Company Logo", "above": 50}), allow_custom_labels=True) == []


def test_unknown_label_is_refused_in_settings_with_the_setting_name():
    with pytest.raises(ConfigError, match=r"^activationConditions.labels\[0\].name: 'Explict'"):
        conditions_document({"labels": [{"name": "Explict", "above": 50}]}, "activationConditions")


def test_below_min_confidence_never_fires():
    (finding,) = lint(doc({"name": "Violence", "below": 40}))
    assert str(finding) == (
        "Conditions[0]: never fires: it asks for 'Violence' with confidence in [0, 40), but DetectModerationLabels "
        "returns no label under the request's MinConfidence 50 (Rekognition's default is 50)"
    )


def test_min_confidence_is_the_applications_not_rekognitions_default():
    assert lint(doc({"name": "Violence", "below": 40}), min_confidence=30) == []
    assert messages(lint(doc({"name": "Violence", "below": 60}), min_confidence=60))[0].startswith(
        "Conditions[0]: never fires"
    )


def test_threshold_equal_to_min_confidence_can_fire():
    assert lint(doc({"name": "Violence", "atOrBelow": 50})) == []


def test_ranges_that_do_not_overlap_never_fire():
    document = {
        "Conditions": [
            {
                "And": [
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "Explicit", "ConfidenceGreaterThan": 90},
                    },
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "Explicit", "ConfidenceLessThan": 80},
                    },
                ]
            }
        ]
    }
    assert messages(lint(document)) == ["Conditions[0]: never fires: the ranges for 'Explicit' do not overlap"]


def test_full_sample_always_fires():
    assert messages(lint(doc(sampling=100))) == [
        "Conditions[0]: always fires: a 100% sample sends every image to people"
    ]


def test_any_label_over_the_whole_visible_range_always_fires():
    assert messages(lint(doc({"name": "*", "atOrAbove": 50}))) == [
        "Conditions[0]: always fires for every response with any label: its range [50, 100] covers every confidence "
        "Rekognition returns at MinConfidence 50"
    ]


def test_covered_rule_is_redundant():
    findings = messages(lint(doc({"name": "Alcohol", "above": 60}, {"name": "Alcohol", "above": 70})))
    assert findings == [
        "Conditions[1]: redundant: it is covered by Conditions[0] ('Alcohol' with confidence in (60, 100])"
    ]


def test_repeated_rule_is_reported_once():
    assert messages(lint(doc({"name": "Alcohol", "above": 60}, {"name": "Alcohol", "above": 60}))) == [
        "Conditions[1]: redundant: it repeats Conditions[0] ('Alcohol' with confidence in (60, 100])"
    ]


def test_check_inside_an_and_that_adds_nothing_is_redundant():
    document = {
        "Conditions": [
            {
                "And": [
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "Weapons", "ConfidenceGreaterThan": 50},
                    },
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "Weapons", "ConfidenceGreaterThan": 60},
                    },
                ]
            }
        ]
    }
    assert messages(lint(document)) == [
        "Conditions[0].And[0]: redundant: the other checks of this And already keep confidence in (60, 100]"
    ]


def test_different_labels_are_not_redundant():
    assert lint(doc({"name": "Alcohol", "above": 60}, {"name": "Violence", "above": 70})) == []


def test_dev_stack_conditions_raise_no_warning():
    document = doc(
        {"name": "Explicit", "between": [50, 95]},
        {"name": "Violence", "between": [60, 90]},
        {"name": "Visually Disturbing", "below": 80},
        sampling=1,
    )
    assert conditions_warnings(document, 50, False, "activationConditions") == []


def test_warnings_are_named_by_setting():
    (warning,) = conditions_warnings(doc({"name": "Violence", "below": 40}), 50, False, "activationConditions")
    assert warning.startswith("activationConditions.Conditions[0]: never fires")
