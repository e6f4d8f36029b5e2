"""The one error type for bad settings: raised before any resource is registered."""

from __future__ import annotations


class ConfigError(ValueError):
    """A setting has a value AWS would refuse (or that cannot work). The message names the setting,
    the bad value and what is allowed, for example
    ``humanLoop.taskCount: 4 is not allowed (1 to 3)``."""
