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
