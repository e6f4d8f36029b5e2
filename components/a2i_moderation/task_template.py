"""Worker task templates: the checks a template passes before it is registered (pure: no Pulumi).

A2I renders templates with Liquid. A broken template is only noticed when a worker opens a task,
so it is parsed here with python-liquid, and its filters, size and form are checked first.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from .errors import ConfigError

if TYPE_CHECKING:
    from liquid import Environment

#: CreateHumanTaskUi's UiTemplate.Content: 1 to 128,000 characters (botocore's sagemaker model).
MAX_TEMPLATE_CHARS = 128_000

DEFAULT_TEMPLATE = "rekognition-moderation.liquid.html"

#: Filters A2I adds to standard Liquid (a2i-custom-templates.md, "Add Automation with Liquid").
A2I_FILTERS = ("escape", "escape_once", "grant_read_access", "skip_autoescape", "to_json")

_CROWD_FORM = re.compile(r"<crowd-form[\s>]")


def _line_of(content: str, index: int) -> int:
    return content.count("\n", 0, index) + 1


def check_template(content: str, setting: str = "taskUi.template") -> str:
    """Return `content` if A2I can use it as a worker task template, else raise ConfigError."""
    if not isinstance(content, str) or not content.strip():
        raise ConfigError(f"{setting}: the template is empty (1 to {MAX_TEMPLATE_CHARS:,} characters allowed)")
    problem = template_problem(content)
    if problem is not None:
        raise ConfigError(f"{setting}: {problem}")
    return content


@lru_cache(maxsize=1)
def _environment() -> Environment:
    """python-liquid, loaded when a template is first checked: commands that never check one (such
    as `simulate`) start without it."""
    from liquid import Environment

    return Environment(autoescape=True)


@lru_cache(maxsize=16)
def template_problem(content: str) -> str | None:
    """What stops A2I from using `content`, or None. Remembered: the review workflow checks the
    template with its settings, and the task UI component checks what it is given."""
    if len(content) > MAX_TEMPLATE_CHARS:
        return f"the template has {len(content):,} characters; CreateHumanTaskUi allows at most {MAX_TEMPLATE_CHARS:,}"
    from liquid.exceptions import LiquidError

    environment = _environment()
    try:
        template = environment.from_string(content)
    except LiquidError as exc:
        return f"the template is not valid Liquid: {exc}"
    known = set(environment.filters) | set(A2I_FILTERS)
    for filter_name, spans in template.analyze().filters.items():
        if filter_name not in known:
            lines = ", ".join(str(_line_of(content, s.index)) for s in spans)
            return (
                f"unknown Liquid filter {filter_name!r} on line {lines} (A2I adds "
                f"{', '.join(A2I_FILTERS)} to the standard Liquid filters)"
            )
    if not _CROWD_FORM.search(content):
        return "the template has no <crowd-form> element; A2I needs one to submit answers"
    return None


def default_template() -> str:
    """The worker template shipped with the package (templates/rekognition-moderation.liquid.html)."""
    return resources.files("a2i_moderation.templates").joinpath(DEFAULT_TEMPLATE).read_text(encoding="utf-8")
