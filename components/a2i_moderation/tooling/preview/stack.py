"""Read a Pulumi project and one stack's config the way the Pulumi CLI hands them to a program."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...errors import ConfigError
from ...settings import ReviewSettings, parse_stack_config, settings_from_stack_config
from .. import yaml_problem


@dataclass
class StackConfig:
    project_dir: Path
    project: str
    stack: str
    config: dict[str, str]
    """Fully qualified keys ("aws:region", "<project>:<key>") with string values."""
    secret_keys: list[str]


def find_project(start: Path) -> Path:
    """The nearest directory at or above `start` holding Pulumi.yaml."""
    for directory in (start, *start.parents):
        if (directory / "Pulumi.yaml").is_file():
            return directory
    raise ConfigError(f"no Pulumi.yaml in {start} or above it: run from the project, or pass --project-dir")


def _as_text(value: Any) -> str:
    # Structured values reach a program as JSON text, as `pulumi config` stores them.
    return value if isinstance(value, str) else json.dumps(value)


def load_stack(project_dir: Path, stack: str) -> StackConfig:
    project_file = project_dir / "Pulumi.yaml"
    project = (yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}).get("name")
    if not project:
        raise ConfigError(f"{project_file}: has no project name")
    stack_file = project_dir / f"Pulumi.{stack}.yaml"
    if not stack_file.is_file():
        known = sorted(p.name[len("Pulumi.") : -len(".yaml")] for p in project_dir.glob("Pulumi.*.yaml"))
        raise ConfigError(f"--stack: {stack!r} has no {stack_file.name} (stacks here: {', '.join(known) or 'none'})")
    try:
        document = yaml.safe_load(stack_file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ConfigError(f"{stack_file.name}: not valid YAML ({yaml_problem(exc)})") from None
    if not isinstance(document, dict) or not isinstance(document.get("config") or {}, dict):
        raise ConfigError(f"{stack_file.name}: not a stack file (a YAML mapping whose config: is a mapping of keys)")
    config: dict[str, str] = {}
    secrets: list[str] = []
    for key, value in (document.get("config") or {}).items():
        full = key if ":" in key else f"{project}:{key}"
        if isinstance(value, dict) and set(value) == {"secure"}:
            # Secrets need the stack's key to decrypt; the offline preview shows a stand-in.
            config[full] = "[secret]"
            secrets.append(full)
            continue
        config[full] = _as_text(value)
    return StackConfig(project_dir, project, stack, config, secrets)


def check_project_keys(stack: StackConfig, known: tuple[str, ...]) -> None:
    """A misspelt optional key would be ignored silently by the program: refuse it here."""
    prefix = f"{stack.project}:"
    for key in stack.config:
        if key.startswith(prefix) and key[len(prefix) :] not in known:
            raise ConfigError(
                f"unknown config key {key} in Pulumi.{stack.stack}.yaml (known: {', '.join(sorted(known))})"
            )


def review_settings(stack: StackConfig) -> ReviewSettings:
    """The stack's settings, validated as the stack program validates them (named by config path,
    files such as taskUi.template read relative to the project)."""
    prefix = f"{stack.project}:"
    values = {key[len(prefix) :]: value for key, value in stack.config.items() if key.startswith(prefix)}

    def read_project_file(path: str) -> str:
        return (stack.project_dir / path).read_text(encoding="utf-8")

    return settings_from_stack_config(parse_stack_config(values), read_project_file)
