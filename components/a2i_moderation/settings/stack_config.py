"""From a stack's config (``Pulumi.<stack>.yaml``) to validated settings, named as in the file (pure).

The config paths come from the declarations; what is specific to the file's shape is here: the
objects each key holds, ``workteam`` taking either ``arn`` or ``create``, and ``inputBuckets``
items that are a name or ``{name, manageCors}``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import ConfigError
from .checks import shown
from .declarations import BY_ARG, SETTINGS, Setting
from .locations import check_locations
from .validation import ReviewSettings, validate_review_args

#: The project's config namespace, as error messages name keys.
NAMESPACE = "a2i-moderation"

#: Keys that hold exactly one of two fields, with what each one means.
ONE_OF: Mapping[str, Mapping[str, str]] = {
    "workteam": {"arn": "an existing workteam", "create": "a new private workteam"},
}

_LIST_ITEM = "[]."
#: Lists whose items are a name or {name, <flag>}: list key -> the setting listing the flagged names.
_FLAGGED: Mapping[str, Setting] = {s.config.split(_LIST_ITEM)[0]: s for s in SETTINGS if _LIST_ITEM in s.config}


def _top(path: str) -> str:
    return path.split(".", 1)[0].split("[", 1)[0]


#: Every top-level key of the namespace, in the order of the declarations.
CONFIG_KEYS: tuple[str, ...] = tuple(dict.fromkeys(_top(s.config) for s in SETTINGS))
#: Keys a stack file must have.
REQUIRED_KEYS: tuple[str, ...] = tuple(
    key for key in CONFIG_KEYS if key in ONE_OF or any(s.required and _top(s.config) == key for s in SETTINGS)
)
#: How error messages name each argument when the value came from the stack file.
CONFIG_NAMES: Mapping[str, str] = {s.arg: s.config for s in SETTINGS}


def _fields(key: str) -> dict[str, set[str]]:
    """Fields allowed in each object under a config key, by dotted parent ('' for the key's own object)."""
    allowed: dict[str, set[str]] = {}
    for setting in SETTINGS:
        top, dot, rest = setting.config.partition(".")
        if top != key or not dot:
            continue
        parent, _, leaf = rest.rpartition(".")
        allowed.setdefault(parent, set()).add(leaf)
        if parent:
            allowed.setdefault("", set()).add(parent)
    return allowed


def _check_object(key: str, value: Any, allowed: Mapping[str, set[str]], parent: str = "") -> None:
    where = f"{key}.{parent}" if parent else key
    fields = ", ".join(sorted(allowed.get(parent, ())))
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {json.dumps(value)} is not allowed (an object with {fields})")
    for field, inner in value.items():
        if field not in allowed.get(parent, set()):
            raise ConfigError(f"{where}: unknown field {field!r} (allowed: {fields})")
        child = f"{parent}.{field}" if parent else field
        if child in allowed:
            _check_object(key, inner, allowed, child)


def _dig(value: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _list_items(setting: Setting, items: Any) -> tuple[list[Any], list[Any]]:
    """A list of names or of {name, <flag>} objects -> (names, names whose flag is true)."""
    key, flag = setting.config, _FLAGGED[setting.config].config.rpartition(".")[2]
    if not isinstance(items, list):
        raise ConfigError(
            f"{key}: {json.dumps(items)} is not allowed (a list of names, or of {{name, {flag}}} objects)"
        )
    item_check = getattr(setting.check, "item", None)
    names: list[Any] = []
    flagged: list[Any] = []
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        if isinstance(item, dict):
            extra = sorted(set(item) - {"name", flag})
            if extra:
                raise ConfigError(f"{where}: unknown field {extra[0]!r} (allowed: {', '.join(sorted(('name', flag)))})")
            name, on = item.get("name"), item.get(flag, False)
            if not isinstance(on, bool):
                raise ConfigError(f"{where}.{flag}: {json.dumps(on)} is not allowed (true or false)")
            where += ".name"
        else:
            name, on = item, False
        if item_check is not None:
            item_check(where, name)
        names.append(name)
        if on:
            flagged.append(name)
    return names, flagged


def args_from_stack_config(config: Mapping[str, Any], read_file: Callable[[str], str]) -> dict[str, Any]:
    """ImageModerationReview's arguments from the project's stack config (key -> parsed value,
    without the namespace), with the file a config_file setting names read by `read_file`.

    Checks the file's shape (unknown keys and fields, required keys); the values themselves are
    checked by `validate_review_args`.
    """
    unknown = sorted(set(config) - set(CONFIG_KEYS))
    if unknown:
        raise ConfigError(f"unknown config key {NAMESPACE}:{unknown[0]} (known: {', '.join(sorted(CONFIG_KEYS))})")
    for key in CONFIG_KEYS:
        allowed = _fields(key)
        if key in config and allowed:
            _check_object(key, config[key], allowed)
    for key in REQUIRED_KEYS:
        if key not in config:
            raise ConfigError(f"{NAMESPACE}:{key}: required (see the README's config reference)")
    for key, choices in ONE_OF.items():
        if sum(field in config[key] for field in choices) != 1:
            either = " or ".join(f"{field} ({meaning})" for field, meaning in choices.items())
            raise ConfigError(f"{key}: give exactly one of {either}")

    args: dict[str, Any] = {}
    for setting in SETTINGS:
        top, _, rest = setting.config.partition(".")
        if _LIST_ITEM in setting.config:
            continue  # read with its list
        value = config.get(top) if not rest else _dig(config.get(top) or {}, rest)
        if value is None:
            continue
        if setting.config in _FLAGGED:
            value, args[_FLAGGED[setting.config].arg] = _list_items(setting, value)
        elif setting.config_file:
            value = _read(setting, value, args, read_file)
        args[setting.arg] = value
    return args


def _read(setting: Setting, path: Any, args: Mapping[str, Any], read_file: Callable[[str], str]) -> str:
    if not isinstance(path, str):
        raise ConfigError(f"{setting.config}: {shown(path)} is not allowed (a file path)")
    if setting.part is not None and args.get(setting.part.existing) is not None:
        existing = BY_ARG[setting.part.existing].config
        raise ConfigError(
            f"{existing} brings an existing {setting.part.meaning}, so {setting.config} cannot be set too; "
            "give one or the other"
        )
    try:
        return read_file(path)
    except OSError as exc:
        raise ConfigError(f"{setting.config}: cannot read {path!r} ({exc.strerror or exc})") from None


def settings_from_stack_config(
    config: Mapping[str, Any], read_file: Callable[[str], str], region: str | None = None
) -> ReviewSettings:
    """Validated settings from the project's stack config, every error named by its config path.
    With the stack's `region`, every ARN brought in must be of that region and its partition."""
    settings = validate_review_args(args_from_stack_config(config, read_file), CONFIG_NAMES)
    if region is not None:
        check_locations(vars(settings), settings.name, region)
    return settings


def parse_stack_config(raw: Mapping[str, str | None]) -> dict[str, Any]:
    """Stack config as the Pulumi engine hands it over (structured values as JSON text) -> objects."""
    parsed: dict[str, Any] = {}
    for key, text in raw.items():
        if text is None:
            continue
        if key == "name":
            parsed[key] = text
            continue
        try:
            parsed[key] = json.loads(text)
        except json.JSONDecodeError:
            # A bare YAML scalar reaches the program as plain text.
            parsed[key] = text
    return parsed
