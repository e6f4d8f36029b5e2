"""The component provider that serves these components to programs in every Pulumi language.

`provider/__main__.py` runs it when a TypeScript, Go, C#, Java or YAML program uses the package
(`pulumi package add`). Its schema is what Pulumi's analyzer infers from the components'
annotations. A bad input reaches the caller as Pulumi's input-property error, with the property
named as the schema names it (`taskCount`, `conditions.labels[0].below`), whether it is refused at
once or when an Output resolves. Python programs use the components directly and never come here.
"""

import argparse
import ast
import asyncio
import contextlib
import inspect
import json
import re
import sys
import textwrap
import typing
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import grpc  # type: ignore[import-untyped]  # grpcio ships no type information
import pulumi
from pulumi.errors import InputPropertiesError, InputPropertyErrorDetails
from pulumi.provider import ConstructResult
from pulumi.provider.experimental.analyzer import ComponentDefinition, PropertyDefinition, PropertyType
from pulumi.provider.experimental.component import ComponentProvider
from pulumi.provider.experimental.util import camel_case
from pulumi.provider.server import ComponentInitError, ProviderServicer
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc
from pulumi.runtime.rpc import contains_unknowns

from .. import __version__
from ..errors import ConfigError
from .application_policies import CallerPolicy, ResultsProcessorPolicy
from .arn_parameter import FlowDefinitionArnParameter
from .bucket import ReviewBucket
from .flow_definition import ReviewFlowDefinition
from .input_buckets import InputBuckets
from .key import ReviewKey
from .results_queue import ReviewResultsQueue
from .review import ImageModerationReview
from .role import ExecutionRole
from .task_ui import WorkerTaskUi
from .workteam import ReviewWorkteam

#: The package name: type tokens are `a2i-moderation:index:<Class>`, never to change.
PACKAGE = "a2i-moderation"

#: Every component the package serves, the whole workflow first.
COMPONENTS: tuple[type[pulumi.ComponentResource], ...] = (
    ImageModerationReview,
    ReviewKey,
    ReviewBucket,
    ExecutionRole,
    InputBuckets,
    WorkerTaskUi,
    ReviewWorkteam,
    ReviewFlowDefinition,
    FlowDefinitionArnParameter,
    CallerPolicy,
    ReviewResultsQueue,
    ResultsProcessorPolicy,
)

Schema = Mapping[str, Any]


class ModerationProvider(ComponentProvider):
    """Pulumi's component provider for COMPONENTS, with ConfigErrors turned into input-property errors."""

    def __init__(self) -> None:
        super().__init__(list(COMPONENTS), PACKAGE, version=__version__)
        schema = json.loads(self.schema or "{}")
        self._describe_inherited_inputs(schema)
        _dedent_descriptions(schema)
        self.schema = json.dumps(schema)
        self._resources: Schema = schema["resources"]
        self._types: Schema = schema.get("types", {})

    def construct(
        self, name: str, resource_type: str, inputs: pulumi.Inputs, options: pulumi.ResourceOptions | None = None
    ) -> ConstructResult:
        try:
            return super().construct(name, resource_type, inputs, options)
        except ComponentInitError as exc:
            if isinstance(exc.inner, ConfigError):
                raise self.input_error(resource_type, exc.inner) from None
            raise

    def input_error(self, resource_type: str, error: ConfigError) -> InputPropertiesError:
        """`error` of the component `resource_type` as Pulumi's input-property error."""
        properties = self._resources.get(resource_type, {}).get("inputProperties", {})
        return input_properties_error(error, properties, self._types)

    def map_inputs(self, inputs: pulumi.Inputs, component_def: ComponentDefinition) -> pulumi.Inputs:
        """The inputs under their Python names, an argument holding unknown values (preview) made
        one unknown Output: the components check it, like any Output, once it is known."""
        mapped = super().map_inputs(inputs, component_def)
        return {
            key: pulumi.Output.from_input(value) if contains_unknowns(value) else value for key, value in mapped.items()
        }

    def map_input_properties(
        self,
        inputs: pulumi.Inputs,
        properties: dict[str, PropertyDefinition],
        mapping: dict[str, str],
        component_name: str,
        property_path: str,
    ) -> pulumi.Inputs:
        """The SDK's mapping, but for integers: the wire carries only doubles, which the SDK turns
        into ints with int(), failing on an Output or an unknown and cutting 2.5 down to 2. Whole
        doubles become ints here (an Output's when it resolves); anything else is left for the
        component's own checks to refuse with their message."""
        given = dict(inputs) if isinstance(inputs, dict) else {}
        whole = {
            key: _whole_number(given[key])
            for key, prop in properties.items()
            if prop.type is PropertyType.INTEGER and given.get(key) is not None
        }
        placeholders = dict.fromkeys(whole, 0)
        mapped = dict(
            super().map_input_properties({**given, **placeholders}, properties, mapping, component_name, property_path)
        )
        for key, value in whole.items():
            mapped[mapping[key]] = value
        return mapped

    def _describe_inherited_inputs(self, schema: dict[str, Any]) -> None:
        """Describe inputs a component's args inherit from another TypedDict (AwsLocationArgs).

        The analyzer reads a field's docstring only from the args class's own source, and a
        TypedDict keeps no base classes in its __mro__: the field is found, its docstring is not."""
        for component in COMPONENTS:
            args = inspect.signature(component.__init__).parameters["args"].annotation
            python_names = {camel_case(name): name for name in args.__annotations__}
            resource = schema["resources"][f"{PACKAGE}:index:{component.__name__}"]
            for schema_name, prop in resource["inputProperties"].items():
                if prop.get("description"):
                    continue
                found = (self.analyzer.get_docstring(cls, python_names[schema_name]) for cls in _typed_dicts(args))
                description = next((text for text in found if text), None)
                if description:
                    prop["description"] = description


def _dedent_descriptions(node: Any) -> None:
    """Descriptions as the docstrings read, without their source indentation (the analyzer keeps it,
    and generated SDKs would show it in their docs)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                node[key] = inspect.cleandoc(value)
            else:
                _dedent_descriptions(value)
    elif isinstance(node, list):
        for item in node:
            _dedent_descriptions(item)


def _typed_dicts(args: type) -> Iterator[type]:
    """`args` and the TypedDicts it extends, nearest first, read from its class statement (at run
    time a TypedDict on Python 3.11 keeps no trace of its bases)."""
    yield args
    statement = ast.parse(textwrap.dedent(inspect.getsource(args))).body[0]
    assert isinstance(statement, ast.ClassDef)
    names = vars(sys.modules[args.__module__])
    for base in statement.bases:
        found = names.get(base.id) if isinstance(base, ast.Name) else None
        if isinstance(found, type) and typing.is_typeddict(found):
            yield from _typed_dicts(found)


def _whole_number(value: Any) -> Any:
    if isinstance(value, pulumi.Output):
        return value.apply(_whole_number)
    return int(value) if isinstance(value, float) and value.is_integer() else value


# --- ConfigError -> InputPropertiesError ---------------------------------------------------------

#: A dotted path's parts: `conditions`, `.labels`, `[0]`, `.below`.
_PART = re.compile(r"\[\d+\]|\.?[^.\[]+")
#: A Python argument name in a message: `task_count`, `workteam_user_pool_id`.
_PYTHON_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
_WORD = re.compile(r"\b[A-Za-z]\w*\b")


def input_properties_error(error: ConfigError, properties: Schema, types: Schema) -> InputPropertiesError:
    """The component's ConfigError as the engine reports a bad input to a program in any language.

    Each line of the message starts with the setting's name as Python spells it ("task_count: 0 is
    not allowed ..."). It becomes the schema's property path (taskCount) with the rest as the
    reason; a line about several settings names each of them, the whole line as the reason."""
    lines = [_schema_names(line, properties) for line in str(error).splitlines()]
    details: list[InputPropertyErrorDetails] = []
    for line in lines:
        head, colon, reason = line.partition(": ")
        path = schema_path(head, properties, types) if colon else None
        if path is not None:
            details.append({"property_path": path, "reason": reason})
        else:
            named = dict.fromkeys(word for word in _WORD.findall(line) if word in properties)
            details.extend({"property_path": name, "reason": line} for name in named)
    return InputPropertiesError("\n".join(lines), details or None)


def _schema_names(text: str, properties: Schema) -> str:
    """`text` with each of the component's Python argument names in the schema's spelling."""

    def renamed(match: re.Match[str]) -> str:
        name = camel_case(match.group())
        return name if name in properties else match.group()

    return _PYTHON_NAME.sub(renamed, text)


def schema_path(path: str, properties: Schema, types: Schema) -> str | None:
    """A setting's path in the schema's names (`conditions.labels[0].at_or_below` ->
    `conditions.labels[0].atOrBelow`); None unless it starts with one of `properties`.

    Past the schema's objects (a tag's key, a field inside JSON text) the path stays as written."""
    parts = _PART.findall(path)
    if not parts or "".join(parts) != path or parts[0].startswith(("[", ".")):
        return None
    shown: list[str] = []
    fields: Schema | None = properties
    node: Schema | None = None
    for part in parts:
        if part.startswith("["):
            node = node.get("items") if node is not None else None
        else:
            key = part.removeprefix(".")
            known = fields or {}
            name = key if key in known else camel_case(key)
            if name in known:
                node = known[name]
            elif shown:
                name, node = key, None
            else:
                return None
            part = f".{name}" if shown else name
        shown.append(part)
        fields = _object_fields(node, types)
    return "".join(shown)


def _object_fields(node: Schema | None, types: Schema) -> Schema | None:
    ref = (node or {}).get("$ref", "")
    if not ref.startswith("#/types/"):
        return None
    found: Schema | None = types.get(ref.removeprefix("#/types/"), {}).get("properties")
    return found


def _config_error(exc: BaseException | None) -> ConfigError | None:
    """The ConfigError behind `exc`: Pulumi re-raises what fails while an input is serialised as a
    ValueError naming the input and resource, with the original as its cause."""
    while exc is not None and not isinstance(exc, ConfigError):
        exc = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    return exc


class ModerationServicer(ProviderServicer):
    """Pulumi's provider server, for values checked when an Output resolves: such a check fails after
    `construct` has returned, in a child's registration, and reaches Construct as a ValueError with
    a stack trace. Here it becomes the input-property error the caller would have had at once."""

    provider: ModerationProvider

    async def _construct(self, request: Any, context: Any) -> Any:
        try:
            return await super()._construct(request, context)
        except Exception as exc:
            refused = _config_error(exc)
            if refused is None:
                raise
            raise self.provider.input_error(request.type, refused) from None


def main(args: Sequence[str]) -> None:
    """Serve ModerationProvider to the engine, as `pulumi.provider.main` serves a provider: the
    engine's address is the first argument; the port is printed on stdout for the engine to read."""
    parser = argparse.ArgumentParser(description="a2i-moderation component provider (gRPC server)")
    parser.add_argument("engine", help="Pulumi engine address")
    engine = parser.parse_known_args(args)[0].engine

    async def serve() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        servicer = ModerationServicer(ModerationProvider(), list(args), engine_address=engine)
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port(address="127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
