"""The committed package schema and Pulumi's JSON schemas (tests/data/pulumi), with what the tests
check against them: documents valid per Pulumi's metaschemas, and programs' properties per the
package schema."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import regex
from conftest import ROOT

PACKAGE_SCHEMA = ROOT / "provider" / "schema.json"
PULUMI_SCHEMAS = ROOT / "tests" / "data" / "pulumi"
TYPES_PREFIX = "#/types/"


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[jsonschema.ValidationError]:
    # Pulumi's patterns are ECMAScript (named groups as (?<name>...)): `regex` reads them, `re` cannot.
    if validator.is_type(instance, "string") and not regex.search(pattern, instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


@cache
def pulumi_validator(name: str) -> Any:
    """A validator for Pulumi's `package-metaschema` or `project-schema`."""
    return _Validator(json.loads((PULUMI_SCHEMAS / f"{name}.json").read_text(encoding="utf-8")))


def problems(validator: Any, document: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}" for e in validator.iter_errors(document)]


def package_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(PACKAGE_SCHEMA.read_text(encoding="utf-8"))
    return schema


def object_properties(spec: Mapping[str, Any], schema: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The properties of the object type a property spec refers to; None for any other type."""
    ref = spec.get("$ref", "")
    if not ref.startswith(TYPES_PREFIX):
        return None
    found: Mapping[str, Any] = schema["types"][ref.removeprefix(TYPES_PREFIX)]["properties"]
    return found


def property_problems(
    values: Mapping[str, Any], properties: Mapping[str, Any], required: list[str], schema: Mapping[str, Any], where: str
) -> list[str]:
    """What is wrong with `values` given for an object of the schema: unknown names, missing
    required ones, and values of the wrong type, nested objects and lists included."""
    found = [
        f"{where}.{name}: not a property (known: {', '.join(sorted(properties))})"
        for name in values
        if name not in properties
    ]
    found += [f"{where}.{name}: required" for name in required if name not in values]
    for name, value in values.items():
        if name in properties:
            found += _value_problems(value, properties[name], schema, f"{where}.{name}")
    return found


_JSON_TYPES: Mapping[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}


def _value_problems(value: Any, spec: Mapping[str, Any], schema: Mapping[str, Any], where: str) -> list[str]:
    if isinstance(value, str) and value.startswith("${"):
        return []  # a Pulumi YAML interpolation: its type is known only to the program
    fields = object_properties(spec, schema)
    if fields is not None:
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not an object"]
        required = schema["types"][spec["$ref"].removeprefix(TYPES_PREFIX)].get("required", [])
        return property_problems(value, fields, required, schema, where)
    kind = str(spec.get("type"))
    if kind not in _JSON_TYPES:
        return []
    if (isinstance(value, bool) and kind != "boolean") or not isinstance(value, _JSON_TYPES[kind]):
        return [f"{where}: {value!r} is not of type {kind}"]
    if isinstance(value, list):
        return [
            p for i, item in enumerate(value) for p in _value_problems(item, spec["items"], schema, f"{where}[{i}]")
        ]
    if isinstance(value, dict) and "additionalProperties" in spec:
        extra = spec["additionalProperties"]
        return [p for key, item in value.items() for p in _value_problems(item, extra, schema, f"{where}.{key}")]
    return []


def resource_problems(token: str, properties: Mapping[str, Any], where: str) -> list[str]:
    """What is wrong with a program's `properties` for the package's resource `token`."""
    schema = package_schema()
    resource = schema["resources"].get(token)
    if resource is None:
        return [f"{where}: {token} is not a resource of the package"]
    return property_problems(properties, resource["inputProperties"], resource.get("requiredInputs", []), schema, where)


def example_dir(name: str) -> Path:
    return ROOT / "examples" / name
