"""provider/schema.json: what the plugin serves, a valid Pulumi package schema, every type resolved
and every input and output described (generated SDKs carry the descriptions as their docs)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

from conftest import ROOT
from pulumi_schemas import TYPES_PREFIX, package_schema, problems, pulumi_validator

from a2i_moderation.resources.provider import COMPONENTS, PACKAGE, ModerationProvider

#: References to Pulumi's built-in types (pulumi.json#/Any, #/Archive, #/Asset, #/Json).
BUILTIN_PREFIX = "pulumi.json#/"


def test_committed_schema_is_what_the_plugin_serves():
    served = json.loads(ModerationProvider().schema or "{}")
    assert package_schema() == served, "provider/schema.json is out of date: run tools/generate_schema.py"


def test_generate_schema_check_passes_on_the_committed_schema():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_schema.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_schema_is_a_valid_pulumi_package_schema():
    assert problems(pulumi_validator("package-metaschema"), package_schema()) == []


def test_metaschema_refuses_a_broken_schema():
    """The validation is real: a property of an unknown type and a bad package name fail it."""
    broken = package_schema()
    broken["name"] = "a2i moderation"
    review = broken["resources"][f"{PACKAGE}:index:ImageModerationReview"]
    review["inputProperties"]["taskCount"]["type"] = "int"
    found = problems(pulumi_validator("package-metaschema"), broken)
    assert any(p.startswith("name:") for p in found)
    assert any("taskCount" in p for p in found)


def test_schema_serves_every_component_and_only_them():
    schema = package_schema()
    assert schema["name"] == PACKAGE
    assert set(schema["resources"]) == {f"{PACKAGE}:index:{c.__name__}" for c in COMPONENTS}
    assert all(resource["isComponent"] for resource in schema["resources"].values())


def _refs(node: Any, where: str) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield where, value
            else:
                yield from _refs(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _refs(item, f"{where}[{i}]")


def test_every_type_reference_resolves():
    schema = package_schema()
    refs = list(_refs(schema, "schema"))
    assert refs, "the schema refers to its object types"
    unresolved = [
        (where, ref)
        for where, ref in refs
        if not (ref.startswith(TYPES_PREFIX) and ref.removeprefix(TYPES_PREFIX) in schema.get("types", {}))
        and not ref.startswith(BUILTIN_PREFIX)
    ]
    assert unresolved == []


def _described() -> Iterator[tuple[str, dict[str, Any]]]:
    schema = package_schema()
    for token, resource in schema["resources"].items():
        yield token, resource
        for kind in ("inputProperties", "properties"):
            for name, prop in resource.get(kind, {}).items():
                yield f"{token} {kind}.{name}", prop
    for token, object_type in schema.get("types", {}).items():
        yield token, object_type
        for name, prop in object_type.get("properties", {}).items():
            yield f"{token} properties.{name}", prop


def test_every_resource_type_input_and_output_has_a_description():
    missing = [where for where, spec in _described() if not str(spec.get("description", "")).strip()]
    assert missing == [], "no description: add a docstring under each field"


def test_plugin_entry_point_serves_the_committed_schema():
    """What the engine does first with the plugin: run provider/ (its __main__.py), read the port it
    prints, ask for the schema."""
    import grpc  # type: ignore[import-untyped]  # grpcio ships no type information
    from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

    plugin = subprocess.Popen(
        [sys.executable, str(ROOT / "provider"), "127.0.0.1:1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert plugin.stdout is not None
        line = plugin.stdout.readline()
        assert line.strip().isdigit(), f"the plugin printed no port: {line!r}"
        port = int(line)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = provider_pb2_grpc.ResourceProviderStub(channel)
            served = stub.GetSchema(provider_pb2.GetSchemaRequest(version=0), timeout=60).schema
    finally:
        plugin.kill()
        plugin.communicate()
    assert json.loads(served) == package_schema()
