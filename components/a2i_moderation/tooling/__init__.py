"""The ``a2i-moderation`` command and what only it needs: the offline preview, simulation and plot.

Installed with the ``cli`` extra (and ``plot`` for ``simulate --plot``); stacks that use the
components never import it.
"""

from typing import Any


def yaml_problem(exc: Any) -> str:
    """A YAML parser error in one line: what is wrong and where ("... at line 2, column 5")."""
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    mark = getattr(exc, "problem_mark", None)
    return f"{problem} at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else str(problem)


def read_json_object(option: str, path: str, expected: str) -> dict[str, Any]:
    """The JSON object in the file an option names; a ConfigError naming the option, the file and
    what it should be (`expected`, e.g. "a JSON object") when it is unreadable or not an object."""
    import json
    from pathlib import Path

    from ..errors import ConfigError

    try:
        value = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{option}: {path} is not readable JSON ({exc})") from None
    if not isinstance(value, dict):
        raise ConfigError(f"{option}: {path} is not {expected}")
    return value
