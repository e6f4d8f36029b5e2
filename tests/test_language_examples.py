"""examples/typescript and examples/yaml: programs in other languages that use the plugin package.

Without the Pulumi CLI and generated SDKs, what can be checked offline is checked: each project
file is valid per Pulumi's project schema and adds the package from the plugin directory, and
every resource type, property name, nested property and required input the programs use is the
package schema's."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import yaml
from pulumi_schemas import example_dir, package_schema, problems, pulumi_validator, resource_problems

from a2i_moderation.resources.provider import PACKAGE

REVIEW = f"{PACKAGE}:index:ImageModerationReview"
LANGUAGE_EXAMPLES = ("typescript", "yaml")


def project(name: str) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((example_dir(name) / "Pulumi.yaml").read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("name", LANGUAGE_EXAMPLES)
def test_project_file_is_valid_and_adds_the_package_from_the_plugin(name):
    document = project(name)
    assert problems(pulumi_validator("project-schema"), document) == []
    plugin = (example_dir(name) / document["packages"][PACKAGE]).resolve()
    assert (plugin / "PulumiPlugin.yaml").is_file()
    assert yaml.safe_load((plugin / "PulumiPlugin.yaml").read_text(encoding="utf-8"))["runtime"]["name"] == "python"


def test_project_schema_refuses_a_broken_project_file():
    broken = {**project("yaml"), "runtime": 3, "packages": {PACKAGE: {"path": "../../provider"}}}
    found = problems(pulumi_validator("project-schema"), broken)
    assert any(p.startswith("runtime") for p in found)
    assert any(p.startswith("packages") for p in found)


# --- YAML ------------------------------------------------------------------------------------------


def test_yaml_program_uses_the_schemas_resource_type_and_properties():
    resources = project("yaml")["resources"]
    reviews = {name: r for name, r in resources.items() if r["type"] == REVIEW}
    assert reviews, "the example creates a review workflow"
    for name, resource in resources.items():
        assert resource_problems(resource["type"], resource.get("properties", {}), name) == []


def test_yaml_outputs_read_outputs_of_the_component():
    outputs = package_schema()["resources"][REVIEW]["properties"]
    for expression in project("yaml")["outputs"].values():
        match = re.fullmatch(r"\$\{moderation\.(\w+)\}", expression)
        assert match is not None, expression
        assert match.group(1) in outputs, expression


def test_resource_problems_finds_unknown_wrong_and_missing_properties():
    found = resource_problems(
        REVIEW,
        {
            "taskTitle": "t",
            "taskDescription": 3,
            "taskCount": 1,
            "inputBuckets": ["a"],
            "conditions": {"labels": [{"name": "Violence", "bellow": 80}]},
        },
        "moderation",
    )
    assert "moderation.taskDescription: 3 is not of type string" in found
    assert "moderation.inputBucketNames: required" in found
    assert any(p.startswith("moderation.inputBuckets: not a property") for p in found)
    assert any(p.startswith("moderation.conditions.labels[0].bellow: not a property") for p in found)


# --- TypeScript ----------------------------------------------------------------------------------

INDEX_TS = example_dir("typescript") / "index.ts"


def typescript_arguments(source: str, class_name: str) -> dict[str, Any]:
    """The object literal a program passes to `new <sdk>.<class_name>(name, {...})`, read as JSON
    (it holds only literals: keys are quoted, comments and trailing commas dropped)."""
    start = re.search(rf"new \w+\.{class_name}\(\s*\"[^\"]+\",\s*", source)
    assert start is not None, f"no new {class_name}(...)"
    depth, end = 0, start.end()
    for end in range(start.end(), len(source)):
        depth += {"{": 1, "}": -1}.get(source[end], 0)
        if depth == 0:
            break
    literal = source[start.end() : end + 1]
    literal = re.sub(r"//[^\n]*", "", literal)
    literal = re.sub(r"([{,]\s*)([A-Za-z_]\w*)\s*:", r'\1"\2":', literal)
    literal = re.sub(r",(\s*[}\]])", r"\1", literal)
    arguments: dict[str, Any] = json.loads(literal)
    return arguments


def test_typescript_program_uses_the_schemas_input_names():
    arguments = typescript_arguments(INDEX_TS.read_text(encoding="utf-8"), "ImageModerationReview")
    assert resource_problems(REVIEW, arguments, "ImageModerationReview") == []


def test_typescript_program_imports_the_generated_sdk_and_reads_component_outputs():
    source = INDEX_TS.read_text(encoding="utf-8")
    sdk = f"@pulumi/{PACKAGE}"  # the npm name Pulumi's Node.js code generator gives a package without a namespace
    assert f'from "{sdk}"' in source
    manifest = json.loads((example_dir("typescript") / "package.json").read_text(encoding="utf-8"))
    assert manifest["dependencies"][sdk] == f"file:sdks/{PACKAGE}"  # what `pulumi package add` links
    outputs = package_schema()["resources"][REVIEW]["properties"]
    read = re.findall(r"\breview\.(\w+)", source)
    assert read
    assert set(read) <= set(outputs)
