"""`a2i-moderation preview` end to end, in a subprocess, as a user or CI runs it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import ROOT

CLI = str(Path(sys.executable).parent / "a2i-moderation")


def preview(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([CLI, "preview", *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def project_copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "Pulumi.dev.yaml", "__main__.py"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(ROOT / "templates", project / "templates")
    return project


def test_preview_prints_the_tree_and_exports_and_writes_plan_json(tmp_path):
    result = preview("--stack", "dev", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "└─ ImageModerationReview moderation" in result.stdout
    assert "FlowDefinition moderation-flow-definition" in result.stdout
    assert 'flowDefinitionArn: "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-dev-' in result.stdout
    assert "Every planned SageMaker request fits botocore's API model (4 checked)." in result.stdout
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert {"project", "stack", "resources", "outputs"} <= set(plan)
    assert (plan["project"], plan["stack"]) == ("a2i-moderation", "dev")
    for resource in plan["resources"]:
        assert {"urn", "type", "name", "parent", "custom", "inputs", "options"} <= set(resource)
        assert set(resource["options"]) == {"protect", "retainOnDelete", "deleteBeforeReplace", "dependsOn", "ignoreChanges", "replaceOnChanges"}
    assert plan["outputs"]["flowDefinitionArn"].startswith("arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/")


def test_preview_states_the_cors_requirement_for_buckets_left_alone(tmp_path):
    result = preview("--out", str(tmp_path))
    assert "input bucket acme-dev-partner-images is not managed here: its owner must add A2I's CORS rule" in result.stdout


def test_preview_of_an_unchanged_stack_is_byte_identical(tmp_path):
    preview("--out", str(tmp_path / "one"))
    preview("--out", str(tmp_path / "two"))
    assert (tmp_path / "one" / "plan.json").read_bytes() == (tmp_path / "two" / "plan.json").read_bytes()


def test_default_output_directory_is_dot_preview_of_the_stack(tmp_path):
    project = project_copy(tmp_path)
    result = preview(cwd=project)
    assert result.returncode == 0, result.stderr
    assert (project / ".preview" / "dev" / "plan.json").is_file()


def test_configuration_error_exits_2_with_the_message_and_writes_no_plan(tmp_path):
    project = project_copy(tmp_path)
    stack = yaml.safe_load((project / "Pulumi.dev.yaml").read_text())
    stack["config"]["a2i-moderation:humanLoop"]["taskCount"] = 4
    (project / "Pulumi.dev.yaml").write_text(yaml.safe_dump(stack))
    stale = project / ".preview" / "dev" / "plan.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}")
    result = preview(cwd=project)
    assert result.returncode == 2
    assert "error: humanLoop.taskCount: 4 is not allowed (a whole number from 1 to 3)" in result.stderr
    assert "Traceback" not in result.stderr
    assert not stale.exists()


def test_unknown_stack_exits_2_and_lists_the_stacks(tmp_path):
    result = preview("--stack", "prod", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "error: --stack: 'prod' has no Pulumi.prod.yaml (stacks here: dev)" in result.stderr
    assert not (tmp_path / "plan.json").exists()


def test_misspelt_config_key_exits_2_instead_of_being_ignored(tmp_path):
    project = project_copy(tmp_path)
    stack = yaml.safe_load((project / "Pulumi.dev.yaml").read_text())
    stack["config"]["a2i-moderation:tag"] = {"team": "x"}
    (project / "Pulumi.dev.yaml").write_text(yaml.safe_dump(stack))
    result = preview(cwd=project)
    assert result.returncode == 2
    assert "error: unknown config key a2i-moderation:tag in Pulumi.dev.yaml (known: activationConditions," in result.stderr


def test_plan_json_follows_its_published_schema(tmp_path):
    from importlib import resources

    import jsonschema

    assert preview("--no-ui", "--out", str(tmp_path)).returncode == 0
    schema = json.loads(resources.files("a2i_moderation.tooling.preview").joinpath("plan.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads((tmp_path / "plan.json").read_text()), schema)
    broken = json.loads((tmp_path / "plan.json").read_text())
    del broken["resources"][0]["options"]["retainOnDelete"]
    try:
        jsonschema.validate(broken, schema)
    except jsonschema.ValidationError as exc:
        assert "'retainOnDelete' is a required property" in exc.message
    else:
        raise AssertionError("the schema let a plan without retainOnDelete through")
