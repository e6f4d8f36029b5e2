"""Canary: the private Pulumi APIs the offline engine (a2i_moderation.tooling.preview.engine) relies on.

Pulumi may change anything under pulumi.runtime in a minor release. When one of these tests fails,
the offline preview would break or silently record less: update engine.py for the new Pulumi, and
this list with it. (Deprecation warnings from these APIs fail the suite too: pytest turns warnings
into errors.)
"""

from __future__ import annotations

import importlib
import inspect

import pulumi
import pytest
from pulumi.runtime.proto import resource_pb2

#: module -> names the engine imports from it.
PRIVATE_NAMES = {
    "pulumi.runtime": ("Mocks", "MockCallArgs", "MockResourceArgs", "set_mocks"),
    "pulumi.runtime.config": ("set_all_config",),
    "pulumi.runtime.mocks": ("MockMonitor",),
    "pulumi.runtime.rpc": ("UNKNOWN", "deserialize_properties"),
    "pulumi.runtime.settings": ("SETTINGS", "get_root_resource", "set_root_resource"),
    "pulumi.runtime.stack": ("run_pulumi_func", "_get_rpc_manager"),
    "pulumi.runtime.sync_await": ("_ensure_event_loop", "_sync_await"),
}

#: RegisterResourceRequest fields the recording monitor copies into plan.json.
RECORDED_FIELDS = (
    "type",
    "name",
    "parent",
    "custom",
    "object",
    "propertyDependencies",
    "protect",
    "retainOnDelete",
    "deleteBeforeReplace",
    "dependencies",
    "ignoreChanges",
    "replaceOnChanges",
)


@pytest.mark.parametrize(
    ("module", "name"), [(m, n) for m, names in PRIVATE_NAMES.items() for n in names], ids=lambda v: str(v)
)
def test_private_name_the_engine_imports_still_exists(module, name):
    assert hasattr(importlib.import_module(module), name), (
        f"Pulumi {pulumi.__version__ if hasattr(pulumi, '__version__') else ''} has no {module}.{name}: "
        "update a2i_moderation/tooling/preview/engine.py"
    )


def test_set_mocks_still_takes_a_monitor_a_logger_and_preview():
    parameters = inspect.signature(pulumi.runtime.set_mocks).parameters
    assert {"mocks", "project", "stack", "preview", "logger", "monitor"} <= set(parameters)


def test_mock_monitor_still_registers_resources_through_one_method():
    from pulumi.runtime.mocks import MockMonitor

    assert list(inspect.signature(MockMonitor.RegisterResource).parameters) == ["self", "request"]
    assert list(inspect.signature(MockMonitor.__init__).parameters)[:2] == ["self", "mocks"]


@pytest.mark.parametrize("field", RECORDED_FIELDS)
def test_register_resource_request_still_has_the_recorded_field(field):
    assert field in resource_pb2.RegisterResourceRequest.DESCRIPTOR.fields_by_name


def test_rpc_manager_and_settings_still_track_what_is_outstanding():
    from pulumi.runtime.settings import SETTINGS
    from pulumi.runtime.stack import _get_rpc_manager

    manager = _get_rpc_manager()
    assert isinstance(manager.rpcs, list)
    assert hasattr(manager, "unhandled_exception")
    assert hasattr(manager, "exception_traceback")
    assert isinstance(SETTINGS.outputs, set)
    assert hasattr(SETTINGS, "lock")


def test_deserialize_properties_still_turns_a_struct_into_a_dict():
    from google.protobuf import struct_pb2
    from pulumi.runtime.rpc import deserialize_properties

    struct = struct_pb2.Struct()
    struct.update({"bucket": "acme", "count": 2})
    assert deserialize_properties(struct) == {"bucket": "acme", "count": 2}
