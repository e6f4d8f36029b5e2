"""Worker templates are checked before registration; the default one renders what workers need."""

from __future__ import annotations

import html
import json
import re

import pytest
from liquid import Environment

from a2i_moderation import ConfigError, default_template
from a2i_moderation.task_template import MAX_TEMPLATE_CHARS, check_template

# The task input A2I gives a Rekognition template (the inputContent of AWS's output.json example).
TASK_INPUT = {
    "aiServiceRequest": {
        "humanLoopConfig": {
            "flowDefinitionArn": "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-dev-1a2b3c4d",
            "humanLoopName": "upload-photo-0001",
        },
        "image": {"s3Object": {"bucket": "acme-dev-user-uploads", "name": "uploads/photo 0001.jpg"}},
    },
    "selectedAiServiceResponse": {
        "moderationLabels": [
            {"confidence": 72.5, "name": "Explicit", "parentName": ""},
            {"confidence": 72.5, "name": "Explicit Nudity", "parentName": "Explicit"},
            {"confidence": 61.0, "name": "Drugs & Tobacco", "parentName": ""},
        ],
        "moderationModelVersion": "7.0",
    },
}


def render(template: str) -> str:
    env = Environment(autoescape=True)
    env.filters["to_json"] = lambda value: json.dumps(value)
    env.filters["grant_read_access"] = lambda uri: (
        "https://s3.amazonaws.com/" + uri.removeprefix("s3://") + "?X-Amz-Signature=test"
    )
    return env.from_string(template).render(task={"input": TASK_INPUT})


def attribute(page: str, name: str) -> str:
    """An attribute of the crowd-rekognition-detect-moderation-labels element, HTML-decoded."""
    page = page[page.index("<crowd-rekognition-detect-moderation-labels") :]
    match = re.search(rf"{name}='([^']*)'" + "|" + rf'{name}="([^"]*)"', page)
    assert match, name
    return html.unescape(match.group(1) if match.group(1) is not None else match.group(2))


def test_default_template_passes_the_checks():
    assert check_template(default_template()) == default_template()


def test_default_template_uses_the_rekognition_element_inside_a_crowd_form():
    page = render(default_template())
    assert "<crowd-form>" in page
    assert "</crowd-form>" in page
    assert "<crowd-rekognition-detect-moderation-labels" in page
    assert '<script src="https://assets.crowd.aws/crowd-html-elements.js"></script>' in page


def test_default_template_passes_the_model_labels_as_real_json():
    categories = json.loads(attribute(render(default_template()), "categories"))
    assert [c["name"] for c in categories] == ["Explicit", "Explicit Nudity", "Drugs & Tobacco"]
    assert categories[1]["parentName"] == "Explicit"


def test_default_template_gives_workers_names_and_parents_only():
    categories = json.loads(attribute(render(default_template()), "categories"))
    assert categories == [
        {"name": "Explicit", "parentName": ""},
        {"name": "Explicit Nudity", "parentName": "Explicit"},
        {"name": "Drugs & Tobacco", "parentName": ""},
    ]


def test_default_template_writes_an_empty_list_when_no_label_was_selected():
    labels = TASK_INPUT["selectedAiServiceResponse"]["moderationLabels"]
    TASK_INPUT["selectedAiServiceResponse"]["moderationLabels"] = []
    try:
        page = render(default_template())
    finally:
        TASK_INPUT["selectedAiServiceResponse"]["moderationLabels"] = labels
    assert json.loads(attribute(page, "categories")) == []


def test_default_template_shows_the_request_image_through_grant_read_access():
    assert attribute(render(default_template()), "src") == (
        "https://s3.amazonaws.com/acme-dev-user-uploads/uploads/photo 0001.jpg?X-Amz-Signature=test"
    )


def test_default_template_offers_an_exclusion_choice_as_json():
    assert json.loads(attribute(render(default_template()), "exclusion-category")) == {"text": "None of these apply"}


def test_label_text_cannot_inject_markup():
    TASK_INPUT["selectedAiServiceResponse"]["moderationLabels"].append(
        {"confidence": 60, "name": "x'><script>alert(1)</script>", "parentName": ""}
    )
    try:
        page = render(default_template())
    finally:
        TASK_INPUT["selectedAiServiceResponse"]["moderationLabels"].pop()
    assert "<script>alert(1)</script>" not in page
    assert json.loads(attribute(page, "categories"))[-1]["name"] == "x'><script>alert(1)</script>"


def test_invalid_liquid_is_refused():
    with pytest.raises(ConfigError, match=r"^taskUi.template: the template is not valid Liquid: "):
        check_template("<crowd-form>{% if task.input %}</crowd-form>")


def test_unknown_filter_is_refused_with_its_line():
    template = '<crowd-form>\n<img src="{{ uri | grant_read_acess }}">\n</crowd-form>'
    with pytest.raises(
        ConfigError, match=r"unknown Liquid filter 'grant_read_acess' on line 2 \(A2I adds escape, escape_once"
    ):
        check_template(template)


@pytest.mark.parametrize("filter_name", ["grant_read_access", "to_json", "escape", "escape_once", "skip_autoescape"])
def test_a2i_filters_are_accepted(filter_name):
    check_template(f"<crowd-form>{{{{ task.input | {filter_name} }}}}</crowd-form>")


def test_template_without_crowd_form_is_refused():
    with pytest.raises(ConfigError, match="has no <crowd-form> element"):
        check_template("<form>{{ task.input | to_json }}</form>")


def test_template_over_the_api_limit_is_refused():
    big = "<crowd-form>" + "x" * MAX_TEMPLATE_CHARS + "</crowd-form>"
    with pytest.raises(ConfigError, match=r"has 128,025 characters; CreateHumanTaskUi allows at most 128,000"):
        check_template(big)


def test_empty_template_is_refused():
    with pytest.raises(ConfigError, match="the template is empty"):
        check_template("   ")
