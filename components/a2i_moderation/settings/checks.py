"""The kinds of check a setting can have: each one names the setting, the bad value and what is allowed (pure).

A check receives the name to report (the argument name from Python, the config path from a stack
file) and a value known now. Values that are not known yet (Pulumi Outputs of other resources) are
not given to checks: AWS checks them when they resolve.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from typing import Any

import regex

from ..errors import ConfigError

PLAIN_TYPES = (str, int, float, bool, list, tuple, dict, type(None))
EMPTY: Mapping[str, Any] = MappingProxyType({})


def is_plain(value: Any) -> bool:
    """True for values known now; Pulumi Outputs from other resources are checked by AWS later."""
    return isinstance(value, PLAIN_TYPES)


def shown(value: Any) -> str:
    """A value as people wrote it: text quoted, everything else as JSON."""
    return repr(value) if isinstance(value, str) else json.dumps(value)


def refuse(name: str, value: Any, allowed: str) -> ConfigError:
    return ConfigError(f"{name}: {shown(value)} is not allowed ({allowed})")


class Check:
    """Base of every check: `__call__` raises ConfigError or returns the value to use.

    `known` holds the settings already validated, for checks that depend on another setting (the
    settings named in `needs` are validated first).
    """

    #: The type column of the README's settings table.
    type_name = "string"
    #: Settings this check reads from `known`.
    needs: tuple[str, ...] = ()

    @property
    def allowed(self) -> str:
        """What the check accepts, in words (the README's settings table)."""
        return ""

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Text(Check):
    low: int
    high: int
    pattern: regex.Pattern[str] | None = None
    what: str = ""

    @property
    def allowed(self) -> str:
        return self.what or f"text of {self.low} to {self.high} characters"

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        if not isinstance(value, str) or not self.low <= len(value) <= self.high:
            raise refuse(name, value, self.allowed)
        if self.pattern is not None and not self.pattern.fullmatch(value):
            raise refuse(name, value, self.allowed)
        return value


@dataclass(frozen=True)
class S3Prefix(Text):
    """An S3 key prefix: never starting with "/", and ending with one (added when missing)."""

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        super().__call__(name, value, known)
        if value.startswith("/"):
            raise refuse(name, value, "a key prefix does not start with /")
        return value if not value or value.endswith("/") else value + "/"


@dataclass(frozen=True)
class Integer(Check):
    low: int
    high: int | None = None
    type_name = "integer"

    @property
    def allowed(self) -> str:
        if self.high is None:
            return f"a whole number of at least {self.low:,}"
        return f"a whole number from {self.low:,} to {self.high:,}"

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole or value < self.low or (self.high is not None and value > self.high):
            raise refuse(name, value, self.allowed)
        return value


@dataclass(frozen=True)
class Number(Check):
    low: float
    high: float
    what: str
    type_name = "number"

    @property
    def allowed(self) -> str:
        return self.what

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        if not number or not self.low <= value <= self.high:
            raise refuse(name, value, self.allowed)
        return float(value)


@dataclass(frozen=True)
class Boolean(Check):
    type_name = "bool"

    @property
    def allowed(self) -> str:
        return "true or false"

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        if not isinstance(value, bool):
            raise refuse(name, value, self.allowed)
        return value


@dataclass(frozen=True)
class Choice(Check):
    """One of a fixed set of texts (an enum in AWS's model)."""

    options: tuple[str, ...]
    type_name = "string"

    @property
    def allowed(self) -> str:
        return " or ".join(self.options)

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        if isinstance(value, Enum):  # a typed value (the components' enums are str enums)
            value = value.value
        if value not in self.options:
            raise refuse(name, value, self.allowed)
        return str(value)


@dataclass(frozen=True)
class Cidr(Text):
    """An IPv4 or IPv6 network in CIDR notation, with no host bits set."""

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        super().__call__(name, value, known)
        try:
            ipaddress.ip_network(value, strict=True)
        except ValueError:
            raise refuse(name, value, self.allowed) from None
        if "/" not in value:
            raise refuse(name, value, self.allowed)
        return value


@dataclass(frozen=True)
class TextList(Check):
    """A list of texts, each checked by `item`; optionally without repeats."""

    item: Text
    low: int = 0
    high: int | None = None
    unique: bool = False
    type_name = "list of string"

    @property
    def size(self) -> str:
        if self.high is None and self.low == 0:
            return "a list"
        if self.high is None:
            return f"a list of at least {self.low} item"
        return f"a list of {self.low} to {self.high} items"

    @property
    def allowed(self) -> str:
        repeats = ", no repeats" if self.unique else ""
        return f"{self.size}{repeats}; each {self.item.allowed}"

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        if not isinstance(value, (list, tuple)):
            raise refuse(name, value, "a list")
        if len(value) < self.low or (self.high is not None and len(value) > self.high):
            raise refuse(name, value, self.size)
        seen: set[str] = set()
        for i, item in enumerate(value):
            if not is_plain(item):
                continue
            self.item(f"{name}[{i}]", item)
            if self.unique and item in seen:
                raise ConfigError(f"{name}[{i}]: {item!r} is listed twice")
            seen.add(item)
        return tuple(value)


#: Tag keys and values (IAM, S3, KMS, SageMaker): letters, digits, spaces and _.:/=+-@.
_TAG = regex.compile(r"([\p{L}\p{Z}\p{N}_.:/=+\-@]*)")


@dataclass(frozen=True)
class Tags(Check):
    """Tags for every resource; `reserved` of AWS's limit of 50 are ours."""

    limit: int
    reserved: int
    type_name = "map"

    @property
    def allowed(self) -> str:
        return (
            f"at most {self.limit - self.reserved} tags; keys of 1 to 128 and values of 0 to 256 letters, digits, "
            "spaces and _.:/=+-@; keys not starting with aws:"
        )

    def __call__(self, name: str, value: Any, known: Mapping[str, Any] = EMPTY) -> Any:
        if not isinstance(value, Mapping):
            raise refuse(name, value, "a map of tag keys to values")
        room = self.limit - self.reserved
        if len(value) > room:  # one of AWS's 50 is ours
            raise refuse(name, f"{len(value)} tags", f"at most {room}; AWS allows {self.limit} and one is ours")
        for key, text in value.items():
            if (
                not isinstance(key, str)
                or not 1 <= len(key) <= 128
                or not _TAG.fullmatch(key)
                or key.lower().startswith("aws:")
            ):
                raise ConfigError(
                    f"{name}: key {key!r} is not allowed (1 to 128 letters, digits, spaces and _.:/=+-@, "
                    "not starting with aws:)"
                )
            if not is_plain(text):
                continue
            if not isinstance(text, str) or len(text) > 256 or not _TAG.fullmatch(text):
                raise ConfigError(
                    f"{name}.{key}: {text!r} is not allowed (0 to 256 letters, digits, spaces and _.:/=+-@)"
                )
        return dict(value)
