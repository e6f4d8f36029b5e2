"""Each setting is declared once; names, defaults, config paths and the README derive from it."""

from __future__ import annotations

import dataclasses
import subprocess
import sys

import pytest
from conftest import ROOT, dev_stack_document, minimal_args, plan_stack

from a2i_moderation import ImageModerationReviewArgs
from a2i_moderation.settings import (
    BY_ARG,
    CONFIG_KEYS,
    CONFIG_NAMES,
    SETTINGS,
    ReviewSettings,
    settings_from_stack_config,
    validate_review_args,
)
from a2i_moderation.settings import stack_config as stack_config_module
from a2i_moderation.settings.declarations import REQUIRED
from a2i_moderation.settings.reference import render_settings_table

#: Fields of ReviewSettings that are not settings but what validation found out.
DERIVED = {"condition_warnings", "names"}


#: The typed way to give activation_conditions: the component turns it into that setting.
TYPED_CONDITIONS = "conditions"


def test_declarations_name_the_component_arguments():
    assert [s.arg for s in SETTINGS] != []
    arguments = ImageModerationReviewArgs.__required_keys__ | ImageModerationReviewArgs.__optional_keys__
    assert set(BY_ARG) | {TYPED_CONDITIONS} == arguments


def test_required_arguments_are_required_in_the_typed_args():
    # Activation conditions are required as one of two arguments, so neither is required alone.
    required = {s.arg for s in SETTINGS if s.default is REQUIRED} - {"activation_conditions"}
    assert required == set(ImageModerationReviewArgs.__required_keys__)
    assert {"activation_conditions", TYPED_CONDITIONS} <= ImageModerationReviewArgs.__optional_keys__


def test_validated_settings_have_a_field_per_declaration():
    fields = {f.name for f in dataclasses.fields(ReviewSettings)} - DERIVED
    assert fields == set(BY_ARG)


def test_validated_settings_cannot_be_changed():
    settings = validate_review_args(minimal_args())
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.task_count = 2


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.default not in (None, REQUIRED)], ids=lambda s: s.arg)
def test_every_default_passes_its_own_check(setting):
    setting.check(setting.arg, setting.default, {})


def test_defaults_come_from_the_declarations():
    settings = validate_review_args(minimal_args())
    for setting in SETTINGS:
        if setting.default not in (None, REQUIRED):
            assert getattr(settings, setting.arg) == setting.default, setting.arg


def test_config_keys_are_the_tops_of_the_declared_paths():
    assert CONFIG_KEYS == (
        "name",
        "activationConditions",
        "minConfidence",
        "allowCustomLabels",
        "humanLoop",
        "retainReplacedFlowDefinitions",
        "inputBuckets",
        "workteam",
        "output",
        "role",
        "taskUi",
        "applications",
        "results",
        "tags",
    )


def test_every_key_of_the_dev_stack_is_declared():
    keys = {key.split(":", 1)[1] for key in dev_stack_document()["config"] if key.startswith("a2i-moderation:")}
    assert keys <= set(CONFIG_KEYS)


@pytest.mark.parametrize(
    ("arg", "python_message", "config_message"),
    [
        ("task_count", "task_count: 9 is not allowed", "humanLoop.taskCount: 9 is not allowed"),
        ("output_expiration_days", "output_expiration_days: 9.5 is not", "output.expireAfterDays: 9.5 is not"),
    ],
)
def test_errors_name_the_setting_as_the_user_wrote_it(arg, python_message, config_message):
    value = 9 if arg == "task_count" else 9.5
    with pytest.raises(Exception, match=python_message):
        validate_review_args(minimal_args(**{arg: value}))
    with pytest.raises(Exception, match=config_message.replace(".", r"\.")):
        validate_review_args(minimal_args(**{arg: value}), CONFIG_NAMES)


def test_readme_settings_table_matches_the_declarations():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_settings_table() in readme, "run: .venv/bin/python tools/update_readme.py"


def test_readme_table_has_a_row_per_setting_with_its_default():
    table = render_settings_table()
    for setting in SETTINGS:
        (row,) = [line for line in table.splitlines() if line.startswith(f"| `{setting.config}` | `{setting.arg}` |")]
        default = row.split(" | ")[3]
        assert (default == "required") == (setting.default is REQUIRED), row


def test_update_readme_check_passes_on_the_committed_readme():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "update_readme.py"), "--check"], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr) == (0, "")


def test_stack_program_validates_its_settings_once(monkeypatch, tmp_path):
    calls: list[dict[str, str]] = []
    real = stack_config_module.validate_review_args

    def counting(args, names=None):
        calls.append(dict(names or {}))
        return real(args, names)

    monkeypatch.setattr(stack_config_module, "validate_review_args", counting)
    monkeypatch.setattr("a2i_moderation.resources.review.validate_review_args", counting)
    plan_stack(dev_stack_document(), tmp_path)
    assert calls == [dict(CONFIG_NAMES)]


def test_stack_settings_read_the_template_file_through_the_given_reader():
    config = {
        k.split(":", 1)[1]: v for k, v in dev_stack_document()["config"].items() if k.startswith("a2i-moderation:")
    }
    config["taskUi"] = {"template": "templates/rekognition-moderation.liquid.html"}
    asked: list[str] = []

    def read(path: str) -> str:
        asked.append(path)
        return (ROOT / path).read_text(encoding="utf-8")

    settings = settings_from_stack_config(config, read)
    assert asked == ["templates/rekognition-moderation.liquid.html"]
    assert settings.task_template == (ROOT / "templates/rekognition-moderation.liquid.html").read_text()


def test_unreadable_template_file_is_a_config_error():
    config = {
        k.split(":", 1)[1]: v for k, v in dev_stack_document()["config"].items() if k.startswith("a2i-moderation:")
    }
    config["taskUi"] = {"template": "missing.html"}

    def read(path: str) -> str:
        raise FileNotFoundError(2, "No such file or directory")

    with pytest.raises(
        Exception, match=r"^taskUi\.template: cannot read 'missing\.html' \(No such file or directory\)$"
    ):
        settings_from_stack_config(config, read)
