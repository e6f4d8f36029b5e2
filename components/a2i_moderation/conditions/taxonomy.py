"""The Rekognition moderation label taxonomy, shipped as versioned data (taxonomy.json) (pure)."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Label:
    name: str
    parent: str
    level: int


@dataclass(frozen=True)
class Taxonomy:
    current_version: str
    older_version: str
    current: dict[str, Label]
    """Labels the current model returns, by name (all three levels)."""
    older: dict[str, Label]
    """Labels of the older model (two levels), by name."""
    renamed: dict[str, tuple[str, ...]]
    """Older-model name -> the current model's name(s) for the same content."""

    def current_names_for(self, older_name: str) -> tuple[str, ...]:
        return self.renamed.get(older_name, ())

    def suggest(self, name: str, limit: int = 3) -> list[str]:
        """Known names closest to `name`, current model first; case differences count as close."""
        by_lower = {known.lower(): known for known in (*self.older, *self.current)}
        if name.lower() in by_lower:
            return [by_lower[name.lower()]]
        matches = difflib.get_close_matches(name.lower(), list(by_lower), n=limit, cutoff=0.6)
        return [by_lower[m] for m in matches]


@cache
def load_taxonomy() -> Taxonomy:
    data = json.loads(
        resources.files("a2i_moderation.conditions").joinpath("taxonomy.json").read_text(encoding="utf-8")
    )

    def labels(version: str) -> dict[str, Label]:
        return {item["name"]: Label(item["name"], item["parent"], item["level"]) for item in data[version]["labels"]}

    return Taxonomy(
        current_version=data["current"]["version"],
        older_version=data["older"]["version"],
        current=labels("current"),
        older=labels("older"),
        renamed={old: tuple(new) for old, new in data["older_to_current"].items()},
    )
