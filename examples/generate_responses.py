"""Write examples/responses.jsonl: realistic DetectModerationLabels responses for `a2i-moderation simulate`.

    python examples/generate_responses.py [--count 3000] [--seed 20261125] [--out examples/responses.jsonl]

Label names and hierarchy come from the package's moderation taxonomy (model 7). Most images are
clean; flagged ones carry a leaf label with its ancestors (Rekognition returns every level), with a
confidence mix of clear calls (90 to 99.9) and doubtful ones (50 to 90). The fixed seed makes the
file the same on every run.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from a2i_moderation.conditions.taxonomy import load_taxonomy

#: Share of all images flagged with each top-level category (an image may have two).
CATEGORY_RATES = {
    "Swimwear or Underwear": 0.070,
    "Alcohol": 0.050,
    "Non-Explicit Nudity of Intimate parts and Kissing": 0.040,
    "Explicit": 0.035,
    "Violence": 0.030,
    "Drugs & Tobacco": 0.020,
    "Visually Disturbing": 0.012,
    "Rude Gestures": 0.010,
    "Gambling": 0.006,
    "Hate Symbols": 0.003,
}
MIN_CONFIDENCE = 50.0


def _confidence(rng: random.Random) -> float:
    if rng.random() < 0.6:
        return round(90 + 9.9 * rng.betavariate(2.5, 1.2), 4)  # clear calls
    return round(rng.uniform(MIN_CONFIDENCE, 90), 4)  # the model is unsure


def _chain(leaf: str, parents: dict[str, str]) -> list[str]:
    chain = [leaf]
    while parents[chain[-1]]:
        chain.append(parents[chain[-1]])
    return chain


def response(
    rng: random.Random, leaves: dict[str, list[str]], parents: dict[str, str], levels: dict[str, int]
) -> dict[str, Any]:
    labels: dict[str, float] = {}
    for category, rate in CATEGORY_RATES.items():
        if rng.random() >= rate:
            continue
        leaf = rng.choice(leaves[category])
        confidence = _confidence(rng)
        for depth, name in enumerate(_chain(leaf, parents)):
            # Ancestors are at least as certain as the specific label they contain.
            value = min(99.9999, round(confidence + depth * rng.uniform(0, 2.5), 4))
            labels[name] = max(labels.get(name, 0.0), value)
    content_types = []
    if rng.random() < 0.04:
        content_types.append(
            {"Confidence": round(rng.uniform(80, 99.9), 4), "Name": rng.choice(["Animated", "Illustrated"])}
        )
    return {
        "ModerationLabels": [
            {"Confidence": value, "Name": name, "ParentName": parents[name], "TaxonomyLevel": levels[name]}
            for name, value in sorted(labels.items(), key=lambda item: (levels[item[0]], -item[1]))
        ],
        "ModerationModelVersion": "7.0",
        "ContentTypes": content_types,
    }


def responses(count: int, seed: int, key_format: str = "uploads/2026/11/{:05d}.jpg") -> Iterator[dict[str, Any]]:
    """`count` responses, each with a "key", the same for the same seed."""
    taxonomy = load_taxonomy()
    # The alternative spelling in the taxonomy is not a separate label.
    labels = {name: label for name, label in taxonomy.current.items() if name != "Drug & Tobacco Paraphernalia & Use"}
    parents = {name: label.parent for name, label in labels.items()}
    levels = {name: label.level for name, label in labels.items()}
    inner = {parent for parent in parents.values() if parent}
    leaves: dict[str, list[str]] = {}
    for name in labels:
        if name not in inner:
            leaves.setdefault(_chain(name, parents)[-1], []).append(name)
    rng = random.Random(seed)
    for i in range(count):
        yield {"key": key_format.format(i), **response(rng, leaves, parents, levels)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--out", default=str(Path(__file__).with_name("responses.jsonl")))
    options = parser.parse_args()
    with open(options.out, "w", encoding="utf-8") as out:
        for line in responses(options.count, options.seed):
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
    print(f"wrote {options.count} responses to {options.out}")


if __name__ == "__main__":
    main()
