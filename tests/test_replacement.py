"""Flow definitions and task UIs cannot be updated in AWS: a change must give a new name and leave the bucket alone."""

from __future__ import annotations

import re

from conftest import minimal_args, plan_review

from a2i_moderation.naming import NAME_PATTERN

FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"
UI = "aws:sagemaker/humanTaskUI:HumanTaskUI"
SAMPLING = {"Conditions": [{"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": 2}}]}


def flow_name(plan):
    return plan.one(FLOW)["inputs"]["flowDefinitionName"]


def bucket_side(plan):
    """Everything about the output bucket and its key, as registered."""
    return {
        r["name"]: (r["inputs"], r["options"])
        for r in plan.resources
        if r["type"].startswith("aws:s3/bucket") or r["type"] == "aws:kms/key:Key"
    }


def test_unchanged_settings_keep_every_name(default_plan):
    again = plan_review(minimal_args())
    assert again.to_json() == default_plan.to_json()


def test_changed_condition_replaces_flow_definition_only(default_plan):
    changed = plan_review(minimal_args(activation_conditions=SAMPLING))
    assert flow_name(changed) != flow_name(default_plan)
    assert bucket_side(changed) == bucket_side(default_plan)
    assert changed.one(UI)["inputs"] == default_plan.one(UI)["inputs"]


def test_changed_task_count_gives_a_new_flow_definition_name(default_plan):
    assert flow_name(plan_review(minimal_args(task_count=2))) != flow_name(default_plan)


def test_tags_do_not_rename_the_flow_definition(default_plan):
    # Tags are the one setting AWS updates in place.
    assert flow_name(plan_review(minimal_args(tags={"team": "safety"}))) == flow_name(default_plan)


def test_changed_template_renames_task_ui_and_flow_definition_but_not_the_bucket(default_plan):
    from a2i_moderation import default_template

    changed = plan_review(minimal_args(task_template=default_template().replace("Instructions", "How to review")))
    assert changed.one(UI)["inputs"]["humanTaskUiName"] != default_plan.one(UI)["inputs"]["humanTaskUiName"]
    assert flow_name(changed) != flow_name(default_plan)
    assert bucket_side(changed) == bucket_side(default_plan)


def test_replaced_resources_are_created_before_the_old_ones_are_deleted(default_plan):
    # New names mean no collision, so the default create-before-delete order is safe and keeps
    # a flow definition available to applications throughout.
    for token in (FLOW, UI):
        assert default_plan.one(token)["options"]["deleteBeforeReplace"] is False


def test_names_fit_the_api_pattern_with_an_eight_character_hash(default_plan):
    for name in (flow_name(default_plan), default_plan.one(UI)["inputs"]["humanTaskUiName"]):
        assert NAME_PATTERN.fullmatch(name)
        assert re.fullmatch(r".+-[0-9a-f]{8}", name)


def test_two_stacks_with_identical_settings_never_share_a_name():
    # dev and prod in one account: same component name, same prefix, same settings.
    dev = plan_review(minimal_args(flow_definition_name_prefix="moderation"), stack="dev")
    prod = plan_review(minimal_args(flow_definition_name_prefix="moderation"), stack="prod")
    assert flow_name(dev) != flow_name(prod)
    assert dev.one(UI)["inputs"]["humanTaskUiName"] != prod.one(UI)["inputs"]["humanTaskUiName"]
    assert (
        dev.one("aws:sagemaker/workteam:Workteam")["inputs"]["workteamName"]
        != prod.one("aws:sagemaker/workteam:Workteam")["inputs"]["workteamName"]
    )


def test_long_component_names_still_give_valid_names():
    plan = plan_review(minimal_args(), name="a-very-long-component-name-for-the-moderation-review-of-user-images")
    assert len(flow_name(plan)) <= 63
    assert NAME_PATTERN.fullmatch(flow_name(plan))
