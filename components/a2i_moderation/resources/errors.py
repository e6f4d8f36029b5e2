"""Bad settings as Pulumi shows them: one clean message, no stack trace or program source."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pulumi

from ..errors import ConfigError


class ConfigRunError(ConfigError, pulumi.RunError):
    """A ConfigError that is also a pulumi.RunError. Pulumi prints a RunError as its message alone;
    any other exception comes with a full stack trace and the program's source."""


@contextlib.contextmanager
def reported_as_run_errors() -> Iterator[None]:
    """Re-raise any ConfigError from the block as a ConfigRunError with the same message."""
    try:
        yield
    except ConfigRunError:
        raise
    except ConfigError as exc:
        raise ConfigRunError(str(exc)) from None
