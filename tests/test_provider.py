"""The provider's construct path: a program in another language builds the components with inputs as
the engine sends them (camelCase names, nested objects, numbers as doubles, unknown values during
preview) and gets what a Python program gets; a bad input comes back as Pulumi's input-property
error naming the property, not as a stack trace."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi
import pytest
from conftest import REGION, ROOT, Plan, run_program
from google.protobuf import struct_pb2
from pulumi.output import Unknown
from pulumi.provider.server import ProviderServicer
from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks, proto
from pulumi.runtime.rpc import UNKNOWN, _special_output_value_sig, _special_sig_key
from pulumi.runtime.sync_await import _sync_await

from a2i_moderation.resources.provider import ModerationProvider, ModerationServicer
from a2i_moderation.settings import args_from_stack_config, parse_stack_config
from a2i_moderation.tooling.preview.engine import RecordingMonitor
from a2i_moderation.tooling.preview.stack import load_stack

PROJECT = "a2i-moderation"
REVIEW = "a2i-moderation:index:ImageModerationReview"
FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"
#: A resource of the calling program that an input comes from.
CALLER_RESOURCE = "urn:pulumi:dev::caller::aws:ssm/parameter:Parameter::threshold"


@pytest.fixture(scope="module")
def provider() -> ModerationProvider:
    return ModerationProvider()


def unknown_output(*dependencies: str) -> dict[str, Any]:
    """An output value whose value is not known yet, as the engine sends it during preview."""
    return {_special_sig_key: _special_output_value_sig, "dependencies": list(dependencies)}


def known_output(value: Any, *dependencies: str) -> dict[str, Any]:
    return {**unknown_output(*dependencies), "value": value}


def construct_request(
    inputs: Mapping[str, Any], dependencies: Mapping[str, Sequence[str]] | None = None, type_: str = REVIEW
) -> Any:
    """The ConstructRequest the engine sends for a program's `new ImageModerationReview(...)`."""
    wire = struct_pb2.Struct()
    wire.update(inputs)  # JSON-like: every number becomes a double, as on the wire
    return proto.ConstructRequest(
        project=PROJECT,
        stack="dev",
        type=type_,
        name="moderation",
        dryRun=True,
        inputs=wire,
        inputDependencies={
            key: proto.ConstructRequest.PropertyDependencies(urns=list(urns))
            for key, urns in (dependencies or {}).items()
        },
    )


class _PreviewIds(Mocks):
    """The project's mocks, but a resource whose physical name is not known yet (preview) gets the
    empty ID the engine gives it: the mocks build IDs from names and expect them known."""

    def __init__(self, mocks: Mocks):
        self.mocks = mocks

    def new_resource(self, args: MockResourceArgs) -> tuple[str | None, dict[Any, Any]]:
        resource_id, state = self.mocks.new_resource(args)
        return (resource_id if isinstance(resource_id, str) else ""), state

    def call(self, args: MockCallArgs) -> Any:
        return self.mocks.call(args)


class PreviewMonitor(RecordingMonitor):
    """Records registrations like the offline preview, with IDs of unknown names left unknown."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "mocks" and isinstance(value, Mocks) and not isinstance(value, _PreviewIds):
            value = _PreviewIds(value)
        super().__setattr__(name, value)


def construct(
    provider: ModerationProvider,
    inputs: Mapping[str, Any],
    dependencies: Mapping[str, Sequence[str]] | None = None,
    monitor: RecordingMonitor | None = None,
    type_: str = REVIEW,
) -> Plan:
    """Run the provider's Construct under the mock engine as its gRPC server does (inputs and options
    decoded from the request, the state encoded for the response) and record what it registers."""
    request = construct_request(inputs, dependencies, type_)
    servicer = ProviderServicer(provider, [], engine_address="")

    def program() -> None:
        decoded = _sync_await(ProviderServicer._construct_inputs(request.inputs, request.inputDependencies))
        options = ProviderServicer._construct_options(request)
        result = provider.construct(request.name, request.type, decoded, options)
        _sync_await(servicer._construct_response(result))

    monitor = monitor or PreviewMonitor(None)  # type: ignore[arg-type]  # run_program sets its mocks
    return run_program(program, project=PROJECT, stack="dev", config={"aws:region": REGION}, monitor=monitor)


def schema_inputs(provider: ModerationProvider) -> Mapping[str, Any]:
    return json.loads(provider.schema or "{}")["resources"][REVIEW]["inputProperties"]


def camel(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


#: How a program in another language can give the dev stack's activation conditions.
CONDITIONS_AS = {
    "activationConditions": lambda document: json.dumps(document),  # JSON text
    "conditions": lambda document: document,  # the typed object (friendly form)
}


def dev_stack_inputs(provider: ModerationProvider, conditions_as: str) -> dict[str, Any]:
    """Pulumi.dev.yaml's settings as a TypeScript or YAML program writes them: camelCase inputs."""
    stack = load_stack(ROOT, "dev")
    prefix = f"{PROJECT}:"
    config = parse_stack_config({k.removeprefix(prefix): v for k, v in stack.config.items() if k.startswith(prefix)})
    args = args_from_stack_config(config, lambda path: (ROOT / path).read_text(encoding="utf-8"))
    document = args.pop("activation_conditions")
    inputs = {camel(name): value for name, value in args.items()}
    inputs[conditions_as] = CONDITIONS_AS[conditions_as](document)
    known = schema_inputs(provider)
    assert set(inputs) <= set(known), sorted(set(inputs) - set(known))
    return inputs


def registrations(plan: Plan) -> list[dict[str, Any]]:
    return plan.resources


@pytest.mark.parametrize("conditions_as", list(CONDITIONS_AS))
def test_dev_stack_through_the_provider_registers_what_the_python_stack_does(provider, dev_plan, conditions_as):
    plan = construct(provider, dev_stack_inputs(provider, conditions_as))
    assert registrations(plan) == registrations(dev_plan)
    assert len(plan.of_type(FLOW)) == 1


def test_every_component_is_served_under_its_type_token(provider):
    from a2i_moderation.resources.provider import COMPONENTS

    schema = json.loads(provider.schema or "{}")
    assert set(schema["resources"]) == {f"{PROJECT}:index:{c.__name__}" for c in COMPONENTS}
    assert schema["name"] == PROJECT


# --- unknown values during preview ---------------------------------------------------------------


def minimal_inputs(**overrides: Any) -> dict[str, Any]:
    inputs: dict[str, Any] = {
        "activationConditions": json.dumps({"labels": [{"name": "Violence", "below": 80}]}),
        "taskTitle": "Review an image",
        "taskDescription": "Confirm the moderation labels",
        "inputBucketNames": ["acme-uploads"],
    }
    inputs.update(overrides)
    return inputs


def test_unknown_inputs_during_preview_reach_the_resources_as_unknown(provider):
    plan = construct(
        provider,
        minimal_inputs(
            taskCount=unknown_output(CALLER_RESOURCE),
            workteamArn=unknown_output(CALLER_RESOURCE),
            taskKeywords=["Image", unknown_output(CALLER_RESOURCE)],
        ),
        dependencies={
            "taskCount": [CALLER_RESOURCE],
            "workteamArn": [CALLER_RESOURCE],
            "taskKeywords": [CALLER_RESOURCE],
        },
    )
    flow = plan.one(FLOW)
    loop = flow["inputs"]["humanLoopConfig"]
    assert all(isinstance(loop[key], Unknown) for key in ("taskCount", "workteamArn", "taskKeywords"))
    assert CALLER_RESOURCE in flow["propertyDependencies"]["humanLoopConfig"]
    assert not plan.of_type("aws:sagemaker/workteam:Workteam")  # an existing workteam, known later


def test_unknown_sentinel_values_are_unknown_too(provider):
    """Callers that send no output values mark an unknown with the engine's sentinel, top-level or nested."""
    plan = construct(
        provider,
        minimal_inputs(taskCount=UNKNOWN, taskKeywords=["Image", UNKNOWN]),
        dependencies={"taskCount": [CALLER_RESOURCE]},
    )
    loop = plan.one(FLOW)["inputs"]["humanLoopConfig"]
    assert isinstance(loop["taskCount"], Unknown)
    assert isinstance(loop["taskKeywords"], Unknown)


def test_whole_doubles_become_integers(provider):
    plan = construct(provider, minimal_inputs(taskCount=2.0, taskTimeLimitSeconds=known_output(600.0, CALLER_RESOURCE)))
    loop = plan.one(FLOW)["inputs"]["humanLoopConfig"]
    assert loop["taskCount"] == 2
    assert loop["taskTimeLimitInSeconds"] == 600


# --- bad inputs ----------------------------------------------------------------------------------


def construct_error(
    provider: ModerationProvider, inputs: Mapping[str, Any], **kwargs: Any
) -> pulumi.InputPropertiesError:
    monitor = PreviewMonitor(None)  # type: ignore[arg-type]  # run_program sets its mocks
    with pytest.raises(pulumi.InputPropertiesError) as caught:
        construct(provider, inputs, monitor=monitor, **kwargs)
    assert not [r for r in monitor.registrations if r["custom"]], "nothing created for a bad input"
    return caught.value


@pytest.mark.parametrize(
    ("overrides", "path", "reason"),
    [
        ({"taskCount": 0}, "taskCount", "0 is not allowed (a whole number from 1 to 3)"),
        ({"taskCount": 2.5}, "taskCount", "2.5 is not allowed (a whole number from 1 to 3)"),
        ({"taskKeywords": ["Image", "b@d"]}, "taskKeywords[1]", "'b@d' is not allowed"),
        (
            {"activationConditions": json.dumps({"labels": [{"name": "Violence", "below": 150.5}]})},
            "activationConditions.labels[0].below",
            "150.5 is not between 0 and 100",
        ),
        (
            {
                "activationConditions": None,
                "conditions": {"labels": [{"name": "Violence", "atOrBelow": 150.5}]},
            },
            "conditions.labels[0].atOrBelow",
            "150.5 is not between 0 and 100",
        ),
    ],
)
def test_bad_input_is_an_input_property_error_naming_the_property(provider, overrides, path, reason):
    inputs = {key: value for key, value in minimal_inputs(**overrides).items() if value is not None}
    error = construct_error(provider, inputs)
    assert error.errors is not None
    assert [e["property_path"] for e in error.errors] == [path]
    assert error.errors[0]["reason"].startswith(reason)
    assert error.message.startswith(f"{path}: {reason}")


def test_rule_between_inputs_names_each_of_them(provider):
    error = construct_error(
        provider,
        minimal_inputs(
            workteamArn="arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/reviewers",
            workteamDescription="Reviewers",
        ),
    )
    assert [e["property_path"] for e in error.errors or []] == ["workteamArn", "workteamDescription"]
    assert error.message.startswith("workteamArn brings an existing workteam, so workteamDescription")


class _Context:
    """The gRPC context Construct aborts with."""

    def __init__(self) -> None:
        self.status: Any = None

    async def abort_with_status(self, status: Any) -> None:
        self.status = status


def test_bad_value_known_only_when_an_output_resolves_is_an_input_property_error(provider, monkeypatch):
    """The check runs after construct returns, in a child's registration; the server turns what fails
    there into the input-property error, as gRPC status details the engine prints per property."""
    inputs = minimal_inputs(taskCount=known_output(7.0, CALLER_RESOURCE))
    with pytest.raises(ValueError, match="While processing") as raised:
        construct(provider, inputs, dependencies={"taskCount": [CALLER_RESOURCE]})

    async def failing_construct(self: Any, request: Any, context: Any) -> Any:
        raise raised.value

    monkeypatch.setattr(ProviderServicer, "_construct", failing_construct)
    servicer = ModerationServicer(provider, [], engine_address="")
    context = _Context()
    with pytest.raises(pulumi.InputPropertiesError) as caught:
        _sync_await(servicer.Construct(construct_request(inputs), context))
    assert caught.value.errors == [
        {"property_path": "taskCount", "reason": "7 is not allowed (a whole number from 1 to 3)"}
    ]
    details = dict(context.status.trailing_metadata)["grpc-status-details-bin"]
    assert b"taskCount" in details
    assert str(context.status.code) == "StatusCode.INVALID_ARGUMENT"


def test_missing_required_input_is_the_sdks_input_property_error(provider):
    inputs = minimal_inputs()
    del inputs["taskTitle"]
    with pytest.raises(pulumi.InputPropertyError) as caught:
        construct(provider, inputs)
    assert caught.value.property_path == "taskTitle"
