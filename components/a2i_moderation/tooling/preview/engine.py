"""Run a Pulumi program in-process under Pulumi's mock engine and record what it would register.

No AWS account and no Pulumi CLI: the real program runs, every resource registration is recorded
with the inputs and options the engine receives, and the mocks answer with IDs and ARNs in AWS's
formats (deterministic, so an unchanged stack gives an identical plan).
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import json
import logging
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi.runtime import Mocks
from pulumi.runtime.config import set_all_config
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.rpc import UNKNOWN, deserialize_properties
from pulumi.runtime.settings import SETTINGS, get_root_resource, set_root_resource
from pulumi.runtime.stack import _get_rpc_manager, run_pulumi_func
from pulumi.runtime.sync_await import _ensure_event_loop, _sync_await

# The mocks live with the package (consumers use them in their own tests); the preview uses them too.
from ...testing import COMPUTED as COMPUTED
from ...testing import PLACEHOLDER_ACCOUNT as PLACEHOLDER_ACCOUNT
from ...testing import AwsMocks as AwsMocks


def _clean(value: Any) -> Any:
    """Inputs as JSON: unknown values marked as such, no internal sentinels."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in sorted(value.items()) if not k.startswith("__")}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    if value == UNKNOWN:
        return COMPUTED
    if isinstance(value, float) and value.is_integer():
        return int(value)  # the engine's wire format has only doubles
    return value


class RecordingMonitor(MockMonitor):
    """A MockMonitor that keeps every registration with its inputs and resource options."""

    def __init__(self, mocks: Mocks):
        super().__init__(mocks)
        self.registrations: list[dict[str, Any]] = []

    def RegisterResource(self, request: Any) -> Any:  # noqa: N802 (the engine's gRPC name)
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]  # Pulumi's, untyped
        if request.type == "pulumi:pulumi:Stack":
            return response
        _ensure_event_loop()  # type: ignore[no-untyped-call]  # Pulumi's, untyped
        property_deps = {urn for deps in request.propertyDependencies.values() for urn in deps.urns}
        self.registrations.append(
            {
                "urn": response.urn,
                "type": request.type,
                "name": request.name,
                "parent": request.parent or None,
                "custom": bool(request.custom),
                "inputs": _clean(deserialize_properties(request.object)),
                "propertyDependencies": {
                    key: sorted(deps.urns) for key, deps in sorted(request.propertyDependencies.items()) if deps.urns
                },
                "options": {
                    "protect": bool(request.protect),
                    "retainOnDelete": bool(request.retainOnDelete),
                    "deleteBeforeReplace": bool(request.deleteBeforeReplace),
                    "dependsOn": sorted(set(request.dependencies) - property_deps),
                    "ignoreChanges": sorted(request.ignoreChanges),
                    "replaceOnChanges": sorted(request.replaceOnChanges),
                },
            }
        )
        return response


@dataclass
class Plan:
    """What a program would register: the contract of plan.json."""

    project: str
    stack: str
    region: str
    account: str
    resources: list[dict[str, Any]]
    outputs: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    """What the program logged as warnings (pulumi.log.warn), as `pulumi up` would show them."""

    def to_json(self) -> dict[str, Any]:
        return {
            "project": self.project,
            "stack": self.stack,
            "region": self.region,
            "account": self.account,
            "resources": self.resources,
            "outputs": self.outputs,
            "warnings": self.warnings,
        }

    def of_type(self, token: str) -> list[dict[str, Any]]:
        return [r for r in self.resources if r["type"] == token]

    def one(self, token: str) -> dict[str, Any]:
        found = self.of_type(token)
        if len(found) != 1:
            raise LookupError(f"expected one {token}, found {len(found)}")
        return found[0]

    def by_urn(self, urn: str) -> dict[str, Any]:
        return next(r for r in self.resources if r["urn"] == urn)


def run_program(
    program: Callable[[], Any],
    *,
    project: str,
    stack: str,
    config: Mapping[str, str] | None = None,
    region: str | None = None,
    account_id: str = PLACEHOLDER_ACCOUNT,
    monitor: RecordingMonitor | None = None,
    secret_keys: Sequence[str] = (),
) -> Plan:
    """Run `program` (a callable that declares resources and exports) under the mock engine.

    `config` holds fully qualified keys ("aws:region", "<project>:<key>") with string values, and
    reaches the program as the Pulumi CLI's language host hands it over: in the PULUMI_CONFIG
    environment variable (PULUMI_CONFIG_SECRET_KEYS naming `secret_keys`). Exceptions from the
    program propagate unchanged; pass your own `monitor` to see what was registered before one was
    raised.
    """
    config = dict(config or {})
    region = region or config.get("aws:region") or "us-east-1"
    mocks = AwsMocks(region, account_id)
    monitor = monitor or RecordingMonitor(mocks)
    monitor.mocks = mocks
    set_root_resource(None)  # type: ignore[arg-type]  # None resets it: a fresh root stack for each run
    warnings = _WarningCollector()
    pulumi.runtime.set_mocks(mocks, project=project, stack=stack, preview=True, monitor=monitor, logger=warnings.logger)
    root = get_root_resource()
    with _language_host_config(config, secret_keys), _collector_paused():
        try:
            _sync_await(run_pulumi_func(program))
        except BaseException:
            # Pulumi stops waiting at the first failed registration; the others would fail later,
            # inside the next program run in this process. Let them finish now, quietly.
            _sync_await(_drain_rpcs())
            raise
    exports = _sync_await(pulumi.Output.from_input(root.outputs).future())  # type: ignore[union-attr]
    resources = sorted(monitor.registrations, key=lambda r: r["urn"])
    return Plan(project, stack, region, account_id, resources, _clean(exports or {}), sorted(set(warnings.messages)))


async def _drain_rpcs() -> None:
    """Let every registration and output still outstanding finish, ignoring their errors, and
    forget the failure Pulumi remembers, so the next run in this process starts clean."""
    manager = _get_rpc_manager()
    while manager.rpcs or SETTINGS.outputs:
        while manager.rpcs:
            with contextlib.suppress(Exception):
                await manager.rpcs.pop()
        with SETTINGS.lock:
            pending = list(SETTINGS.outputs)
            SETTINGS.outputs.clear()
        await asyncio.gather(*pending, return_exceptions=True)
    manager.unhandled_exception = None
    manager.exception_traceback = None


@contextlib.contextmanager
def _language_host_config(config: Mapping[str, str], secret_keys: Sequence[str]) -> Iterator[None]:
    """Config as `pulumi up` passes it: pulumi-language-python puts it in PULUMI_CONFIG (and the
    secret keys in PULUMI_CONFIG_SECRET_KEYS) before it starts the program. What the program reads
    from there, and how, is then exactly what it does under `pulumi up`."""
    names = ("PULUMI_CONFIG", "PULUMI_CONFIG_SECRET_KEYS")
    saved = {name: os.environ.get(name) for name in names}
    set_all_config({})  # nothing left from an earlier run in this process
    os.environ["PULUMI_CONFIG"] = json.dumps(dict(config))
    os.environ["PULUMI_CONFIG_SECRET_KEYS"] = json.dumps(list(secret_keys))
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the program runs.

    The engine makes many short-lived futures and tasks; with the collector on, its full passes
    over every live object made a stack of n workflows cost n squared. Reference counting still
    frees almost everything, and the collector takes the rest once it runs again.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class _WarningCollector(logging.Handler):
    """Receives what the program logs through the mock engine; keeps the warnings."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.logger = logging.getLogger(f"a2i-moderation.preview.{id(self)}")
        self.logger.propagate = False
        self.logger.setLevel(logging.WARNING)
        self.logger.addHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
