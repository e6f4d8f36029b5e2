"""`a2i-moderation preview`: in-process through cli.main, and end to end as the installed console script."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, Result, run_cli, run_console_script


def preview(*args: str | Path, cwd: Path = ROOT) -> Result:
    return run_cli("preview", *args, cwd=cwd)


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "templates", project / "templates")
    return project


def test_preview_prints_the_tree_and_exports_and_writes_plan_json(console_dev_preview):
    """End to end: the installed console script."""
    result, out = console_dev_preview.result, console_dev_preview.out
    assert result.code == 0, result.stderr
    assert "└─ ImageModerationReview moderation" in result.stdout
    assert "FlowDefinition moderation-flow-definition" in result.stdout
    assert (
        'flowDefinitionArn: "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-dev-' in result.stdout
    )
    assert "Every planned SageMaker request fits botocore's API model (4 checked)." in result.stdout
    plan = json.loads((out / "plan.json").read_text())
    assert {"project", "stack", "resources", "outputs"} <= set(plan)
    assert (plan["project"], plan["stack"]) == ("a2i-moderation", "dev")
    for resource in plan["resources"]:
        assert {"urn", "type", "name", "parent", "custom", "inputs", "options"} <= set(resource)
        assert set(resource["options"]) == {
            "protect",
            "retainOnDelete",
            "deleteBeforeReplace",
            "dependsOn",
            "ignoreChanges",
            "replaceOnChanges",
        }
    assert plan["outputs"]["flowDefinitionArn"].startswith("arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/")


def test_preview_states_the_cors_requirement_for_buckets_left_alone(tmp_path):
    result = preview("--no-ui", "--out", tmp_path)
    assert (
        "input bucket acme-dev-partner-images is not managed here: its owner must add A2I's CORS rule" in result.stdout
    )


def test_preview_of_an_unchanged_stack_is_byte_identical(tmp_path, console_dev_preview):
    """Two processes (another hash seed each): an order that depends on the process would show."""
    preview("--no-ui", "--out", tmp_path / "again")
    assert (tmp_path / "again" / "plan.json").read_bytes() == (console_dev_preview.out / "plan.json").read_bytes()


def test_default_output_directory_is_dot_preview_of_the_stack(tmp_path):
    project = project_copy(tmp_path)
    result = preview("--no-ui", cwd=project)
    assert result.code == 0, result.stderr
    assert (project / ".preview" / "dev" / "plan.json").is_file()


def test_configuration_error_exits_2_with_the_message_and_writes_no_plan(tmp_path):
    """End to end: the installed console script, whose users must see one line and no traceback."""
    project = project_copy(tmp_path)
    stack = yaml.safe_load((project / "Pulumi.dev.yaml").read_text())
    stack["config"]["a2i-moderation:humanLoop"]["taskCount"] = 4
    (project / "Pulumi.dev.yaml").write_text(yaml.safe_dump(stack))
    stale = project / ".preview" / "dev" / "plan.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    result = run_console_script("preview", cwd=project)
    assert result.code == 2
    assert "error: humanLoop.taskCount: 4 is not allowed (a whole number from 1 to 3)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not stale.exists()


def test_unknown_stack_exits_2_and_lists_the_stacks(tmp_path):
    result = preview("--stack", "prod", "--out", tmp_path)
    assert result.code == 2
    assert "error: --stack: 'prod' has no Pulumi.prod.yaml (stacks here: dev)" in result.stderr
    assert not (tmp_path / "plan.json").exists()


def test_misspelt_config_key_exits_2_instead_of_being_ignored(tmp_path):
    project = project_copy(tmp_path)
    stack = yaml.safe_load((project / "Pulumi.dev.yaml").read_text())
    stack["config"]["a2i-moderation:tag"] = {"team": "x"}
    (project / "Pulumi.dev.yaml").write_text(yaml.safe_dump(stack))
    result = preview(cwd=project)
    assert result.code == 2
    assert (
        "error: unknown config key a2i-moderation:tag in Pulumi.dev.yaml (known: activationConditions," in result.stderr
    )


def test_plan_json_follows_its_published_schema(tmp_path):
    from importlib import resources

    import jsonschema

    assert preview("--no-ui", "--out", tmp_path).code == 0
    schema = json.loads(resources.files("a2i_moderation.tooling.preview").joinpath("plan.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads((tmp_path / "plan.json").read_text()), schema)
    broken = json.loads((tmp_path / "plan.json").read_text())
    del broken["resources"][0]["options"]["retainOnDelete"]
    with pytest.raises(jsonschema.ValidationError, match="'retainOnDelete' is a required property"):
        jsonschema.validate(broken, schema)
