"""Check planned SageMaker requests against the API model that ships with botocore.

botocore's own parameter validation checks types, required members and minimums; AWS also
enforces maximums, patterns and enums, which are in the same model. This module turns the
planned resources into the Create* requests the provider sends and checks all of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

import botocore.session
import regex
from botocore.model import ServiceModel, Shape

from .engine import Plan

#: Resource type -> the SageMaker operation that creates it.
OPERATIONS = {
    "aws:sagemaker/flowDefinition:FlowDefinition": "CreateFlowDefinition",
    "aws:sagemaker/humanTaskUI:HumanTaskUI": "CreateHumanTaskUi",
    "aws:sagemaker/workteam:Workteam": "CreateWorkteam",
    "aws:sagemaker/workforce:Workforce": "CreateWorkforce",
}
_PROVIDER_ONLY = {"region", "tagsAll"}


def _api_name(key: str) -> str:
    return key[:1].upper() + key[1:]


def _to_api(value: Any) -> Any:
    """Provider inputs (camelCase) -> API request members (PascalCase)."""
    if isinstance(value, dict):
        return {_api_name(k): _to_api(v) for k, v in value.items() if k not in _PROVIDER_ONLY}
    if isinstance(value, list):
        return [_to_api(v) for v in value]
    return value


def request_for(resource: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The operation name and request the provider would send for a planned SageMaker resource."""
    operation = OPERATIONS[resource["type"]]
    request = _to_api(resource["inputs"])
    tags = request.pop("Tags", None)
    if tags:
        request["Tags"] = [{"Key": k, "Value": v} for k, v in sorted(tags.items())]
    return operation, request


def planned_requests(plan: Plan) -> list[tuple[str, dict[str, Any]]]:
    return [request_for(r) for r in plan.resources if r["type"] in OPERATIONS]


@cache
def sagemaker_model() -> ServiceModel:
    """botocore's SageMaker model, loaded once."""
    return botocore.session.get_session().get_service_model("sagemaker")


def _size_problems(meta: dict[str, Any], size: int, unit: str, path: str) -> Iterator[str]:
    if not meta.get("min", 0) <= size <= meta.get("max", size):
        yield f"{path}: {size} {unit}, allowed {meta.get('min', 0)} to {meta.get('max', 'any')}"


def _problems(shape: Shape, value: Any, path: str) -> Iterator[str]:
    meta = shape.metadata
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            yield f"{path}: expected an object"
            return
        for required in shape.required_members:
            if required not in value:
                yield f"{path}.{required}: required"
        for key, item in value.items():
            if key not in shape.members:
                yield f"{path}.{key}: not a member of {shape.name}"
            else:
                yield from _problems(shape.members[key], item, f"{path}.{key}")
    elif kind == "list":
        if not isinstance(value, list):
            yield f"{path}: expected a list"
            return
        yield from _size_problems(meta, len(value), "items", path)
        for i, item in enumerate(value):
            yield from _problems(shape.member, item, f"{path}[{i}]")
    elif kind == "string":
        if not isinstance(value, str):
            yield f"{path}: expected a string"
            return
        yield from _size_problems(meta, len(value), "characters", path)
        if "pattern" in meta and not regex.fullmatch(meta["pattern"], value):
            yield f"{path}: {value!r} does not match {meta['pattern']}"
        if shape.enum and value not in shape.enum:
            yield f"{path}: {value!r} is not one of {', '.join(shape.enum)}"
    elif kind in ("integer", "long"):
        if not isinstance(value, int) or isinstance(value, bool):
            yield f"{path}: expected a whole number"
        elif not meta.get("min", value) <= value <= meta.get("max", value):
            yield f"{path}: {value} is outside {meta.get('min', '-inf')} to {meta.get('max', 'inf')}"
    elif kind == "boolean" and not isinstance(value, bool):
        yield f"{path}: expected true or false"


def check_request(operation: str, request: dict[str, Any]) -> list[str]:
    """Every way `request` breaks the model's constraints for `operation` (empty when AWS would accept it)."""
    shape = sagemaker_model().operation_model(operation).input_shape
    return list(_problems(shape, request, operation))
