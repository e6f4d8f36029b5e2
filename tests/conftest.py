"""Shared helpers: run components or the real stack program under Pulumi's mock engine."""

from __future__ import annotations

import copy
import json
import runpy
from pathlib import Path
from typing import Any

import pulumi
import pytest
import yaml

from a2i_moderation import ImageModerationReview
from a2i_moderation.tooling.preview.engine import Plan, RecordingMonitor, run_program
from a2i_moderation.tooling.preview.stack import load_stack

ROOT = Path(__file__).resolve().parents[1]
REGION = "eu-west-1"

LOW_CONFIDENCE_ANY_LABEL = {
    "Conditions": [
        {
            "ConditionType": "ModerationLabelConfidenceCheck",
            "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceLessThan": 60},
        }
    ]
}


def minimal_args(**overrides: Any) -> dict[str, Any]:
    """The fewest settings an ImageModerationReview needs."""
    args: dict[str, Any] = {
        "activation_conditions": copy.deepcopy(LOW_CONFIDENCE_ANY_LABEL),
        "task_title": "Review an image",
        "task_description": "Confirm the moderation labels",
        "input_bucket_names": ["acme-uploads"],
    }
    args.update(overrides)
    return args


def plan_review(
    args: dict[str, Any], name: str = "moderation", monitor: RecordingMonitor | None = None, stack: str = "test"
) -> Plan:
    """Run one ImageModerationReview under the mock engine and return what it registered."""

    def program() -> None:
        review = ImageModerationReview(name, args)
        for output in ("flow_definition_arn", "flow_definition_name", "output_s3_uri", "output_bucket_name", "role_arn",
                       "human_task_ui_arn", "workteam_arn", "kms_key_arn"):  # fmt: skip
            pulumi.export(output, getattr(review, output))

    return run_program(program, project="a2i-moderation", stack=stack, config={"aws:region": REGION}, monitor=monitor)


def dev_stack_document() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())


def plan_stack(document: dict[str, Any] | None = None, tmp_path: Path | None = None, monitor: RecordingMonitor | None = None) -> Plan:
    """Run the repository's real __main__.py with a stack file (the dev stack unless given)."""
    if document is None:
        stack = load_stack(ROOT, "dev")
    else:
        assert tmp_path is not None
        for name in ("Pulumi.yaml", "__main__.py"):
            (tmp_path / name).write_text((ROOT / name).read_text())
        (tmp_path / "templates").mkdir(exist_ok=True)
        for template in (ROOT / "templates").glob("*.html"):
            (tmp_path / "templates" / template.name).write_text(template.read_text())
        (tmp_path / "Pulumi.test.yaml").write_text(yaml.safe_dump(document))
        stack = load_stack(tmp_path, "test")
    return run_program(
        lambda: runpy.run_path(str(stack.project_dir), run_name="__main__"),
        project=stack.project,
        stack=stack.stack,
        config=stack.config,
        monitor=monitor,
    )


def policy(resource: dict[str, Any], field: str = "policy") -> dict[str, Any]:
    return json.loads(resource["inputs"][field])


@pytest.fixture(scope="session")
def default_plan() -> Plan:
    return plan_review(minimal_args())


@pytest.fixture(scope="session")
def dev_plan() -> Plan:
    return plan_stack()
