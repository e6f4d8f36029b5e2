"""`pulumi up` runs __main__.py with the stack's config in PULUMI_CONFIG: it refuses what the preview
refuses, and a bad setting reaches the user as one message (a pulumi.RunError), never a traceback."""

from __future__ import annotations

import json

import pulumi
import pytest
from conftest import dev_stack_document, minimal_args, plan_review, plan_stack

from a2i_moderation import ConfigError, ConfigRunError
from a2i_moderation.tooling.preview.engine import AwsMocks, RecordingMonitor


@pytest.mark.parametrize(
    ("key", "value"),
    [("minConfidance", 70), ("tag", {"team": "x"}), ("humanloop", {"taskCount": 2})],
)
def test_misspelt_key_stops_the_program_itself(tmp_path, key, value):
    document = dev_stack_document()
    document["config"][f"a2i-moderation:{key}"] = value
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(
        ConfigRunError, match=rf"^unknown config key a2i-moderation:{key} \(known: activationConditions, "
    ):
        plan_stack(document, tmp_path, monitor=monitor)
    assert monitor.registrations == []


def test_program_reads_its_config_where_the_language_host_puts_it(tmp_path, monkeypatch):
    seen: dict[str, object] = {}
    real = pulumi.runtime.get_config_env

    def spy() -> dict[str, object]:
        seen.update(real())
        return real()

    monkeypatch.setattr(pulumi.runtime, "get_config_env", spy)
    plan_stack(dev_stack_document(), tmp_path)
    assert seen["a2i-moderation:minConfidence"] == "50"
    assert json.loads(str(seen["a2i-moderation:humanLoop"]))["taskCount"] == 1


def test_config_error_from_the_stack_is_a_run_error_pulumi_prints_without_a_trace(tmp_path):
    document = dev_stack_document()
    document["config"]["a2i-moderation:humanLoop"]["taskCount"] = 4
    with pytest.raises(pulumi.RunError) as raised:
        plan_stack(document, tmp_path)
    assert str(raised.value) == "humanLoop.taskCount: 4 is not allowed (a whole number from 1 to 3)"


def test_region_without_a2i_is_a_run_error(tmp_path):
    document = dev_stack_document()
    document["config"]["aws:region"] = "eu-north-1"
    with pytest.raises(pulumi.RunError, match=r"^aws:region: 'eu-north-1' is not allowed \(Amazon A2I runs in"):
        plan_stack(document, tmp_path)


def test_component_error_is_both_a_config_error_and_a_run_error():
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(ConfigError) as raised:
        plan_review(minimal_args(task_count=9), monitor=monitor)
    assert isinstance(raised.value, pulumi.RunError)
    assert str(raised.value) == "task_count: 9 is not allowed (a whole number from 1 to 3)"
    assert monitor.registrations == []
