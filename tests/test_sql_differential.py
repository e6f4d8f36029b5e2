"""Activation conditions compiled to SQL and run on DuckDB give the Python evaluator's decisions,
response by response: activation, true top-level conditions, labels shown and EvaluationResults,
for generated responses and edge cases under a document per grammar form; the summary, the plot's
review rates and the first bad line are the Python path's too, whatever the input's form."""

from __future__ import annotations

import gzip
import io
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from conftest import label_check as check
from conftest import load_example
from conftest import sampling as sample

from a2i_moderation.conditions import Evaluator, to_document
from a2i_moderation.conditions.evaluate import DEFAULT_SEED, draw_hex
from a2i_moderation.conditions.sql import DUCKDB, compile_document
from a2i_moderation.tooling.duck import simulate_files
from a2i_moderation.tooling.plot import review_rates
from a2i_moderation.tooling.simulate import BadLineError, simulate

MIN_CONFIDENCE = 50.0
#: A label name that needs quoting in SQL, with characters beyond ASCII.
ODD_NAME = "Spray paint 'n\\ tags 🎨"


generate_responses = load_example("generate_responses.py")


def labels(*pairs: tuple[str, float]) -> list[dict[str, Any]]:
    return [{"Name": name, "Confidence": confidence, "ParentName": ""} for name, confidence in pairs]


COMPARISONS = [
    "ConfidenceEquals",
    "ConfidenceLessThan",
    "ConfidenceLessThanEquals",
    "ConfidenceGreaterThan",
    "ConfidenceGreaterThanEquals",
]

#: One document per grammar form.
DOCUMENTS: dict[str, dict[str, Any]] = {
    "each comparison on a name": {"Conditions": [check("Violence", c, 60) for c in COMPARISONS]},
    "each comparison on any label": {"Conditions": [check("*", c, 60) for c in COMPARISONS]},
    "thresholds between whole numbers": {
        "Conditions": [check("Alcohol", "ConfidenceGreaterThanEquals", 75.25), check("*", "ConfidenceEquals", 60.5)]
    },
    "and": {
        "Conditions": [
            {"And": [check("Violence", "ConfidenceGreaterThan", 50), check("Weapons", "ConfidenceLessThan", 90)]}
        ]
    },
    "or": {
        "Conditions": [{"Or": [check("Explicit", "ConfidenceGreaterThan", 90), check("*", "ConfidenceLessThan", 55)]}]
    },
    "nested two levels": {
        "Conditions": [
            {
                "Or": [
                    {
                        "And": [
                            check("Explicit", "ConfidenceGreaterThanEquals", 50),
                            check("Explicit", "ConfidenceLessThanEquals", 95),
                        ]
                    },
                    {
                        "And": [
                            check("Violence", "ConfidenceGreaterThan", 60),
                            {"Or": [check("Weapons", "ConfidenceGreaterThan", 50), sample(30)]},
                        ]
                    },
                ]
            },
            {
                "And": [
                    {"Or": [check(ODD_NAME, "ConfidenceGreaterThan", 50), check("Alcohol", "ConfidenceEquals", 60)]},
                    check("*", "ConfidenceGreaterThan", 50),
                ]
            },
        ]
    },
    "sampling alone": {"Conditions": [sample(20)]},
    "sampling of everything": {"Conditions": [{"And": [sample(100), check("Violence", "ConfidenceGreaterThan", 60)]}]},
    "the smallest sample": {"Conditions": [sample(0.01), check("Violence", "ConfidenceGreaterThan", 90)]},
    "sampling inside and": {"Conditions": [{"And": [sample(40), check("*", "ConfidenceGreaterThan", 60)]}]},
    "nested samples": {
        "Conditions": [
            sample(10),
            {"And": [sample(50), sample(5)]},
            {"Or": [sample(3), check("Violence", "ConfidenceLessThan", 70)]},
        ]
    },
    "sample under or inside and": {
        "Conditions": [
            {
                "And": [
                    check("Alcohol", "ConfidenceGreaterThan", 50),
                    {"Or": [sample(50), check("Violence", "ConfidenceGreaterThan", 95)]},
                ]
            }
        ]
    },
    "friendly form": to_document(
        {
            "labels": [
                {"name": "Explicit", "between": [50, 95]},
                {"name": "*", "below": 60},
                {"name": "Violence", "above": 90, "sample": 25},
                {"name": ODD_NAME, "atOrAbove": 50},
                {"name": "Alcohol", "equals": 60},
                {"name": "Drugs & Tobacco", "atOrBelow": 80},
            ],
            "sampling": {"percent": 2},
        }
    ),
    "dev stack": to_document(
        {
            "labels": [
                {"name": "Explicit", "between": [50, 95]},
                {"name": "Violence", "between": [60, 90]},
                {"name": "Visually Disturbing", "below": 80},
            ],
            "sampling": {"percent": 1},
        }
    ),
}


def _random_documents(count: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(12)
    names = ["Explicit", "Violence", "Alcohol", "Weapons", ODD_NAME, "*"]

    def condition(depth: int) -> dict[str, Any]:
        roll = rng.random()
        if depth < 2 and roll < 0.35:
            return {rng.choice(["And", "Or"]): [condition(depth + 1) for _ in range(rng.randint(2, 3))]}
        if roll < 0.45:
            return sample(rng.choice([1, 10, 50, 99.99]))
        return check(rng.choice(names), rng.choice(COMPARISONS), rng.choice([50, 60, 60.5, 75, 90]))

    for _ in range(count):
        yield {"Conditions": [condition(0) for _ in range(rng.randint(1, 4))]}


#: More shapes, for breadth: their decisions are compared, not their plots (slow in Python).
RANDOM_DOCUMENTS = {f"random {i}": document for i, document in enumerate(_random_documents(12))}


def edge_cases() -> list[dict[str, Any]]:
    """Responses the generator does not write."""
    return [
        {"key": "no labels", "ModerationLabels": []},
        {"key": "a name twice", "ModerationLabels": labels(("Violence", 90), ("Violence", 55))},
        {"key": "a name twice, apart", "ModerationLabels": labels(("Alcohol", 55), ("Violence", 95), ("Alcohol", 99))},
        {"key": "at the thresholds", "ModerationLabels": labels(("Violence", 60), ("Alcohol", 60.5), ("Explicit", 95))},
        {
            "key": "at the thresholds too",
            "ModerationLabels": labels(("Alcohol", 75.25), ("Weapons", 90), ("Explicit", 50)),
        },
        {
            "key": "whole numbers",
            "ModerationLabels": [{"Name": "Alcohol", "Confidence": 60}, {"Name": "Violence", "Confidence": 75}],
        },
        {
            "key": "under MinConfidence",
            "ModerationLabels": labels(("Violence", 49.99), ("Weapons", 20), ("Alcohol", 50)),
        },
        {"key": "ключ/画像-é 🎨.jpg", "ModerationLabels": labels((ODD_NAME, 70), ("Violence", 65))},
        {"key": "quote ' and \\ backslash \"", "ModerationLabels": labels(("Explicit", 92))},
        {"ModerationLabels": labels(("Violence", 70), ("Weapons", 60))},  # keyed by its line number
        {"ModerationLabels": []},
        {"key": None, "ModerationLabels": labels(("Alcohol", 95))},
        {"key": 12345, "ModerationLabels": labels(("Violence", 61))},
        {"key": "", "ModerationLabels": labels(("Violence", 80))},
        {
            "key": "many",
            "ModerationLabels": labels(
                *[
                    (name, 50 + 7 * i)
                    for i, name in enumerate(["Explicit", "Violence", "Alcohol", "Weapons", ODD_NAME, "Gambling"])
                ]
            ),
        },
    ]


def response_lines() -> list[str]:
    generated = generate_responses.responses(1500, 20261127, "uploads/{:05d}.jpg")
    lines = [json.dumps(r, separators=(",", ":")) for r in generated]
    edges = [json.dumps(r, ensure_ascii=i % 2 == 0) for i, r in enumerate(edge_cases())]
    # The edge cases among the generated ones, blank lines between: line numbers key some of them.
    return [*lines[:700], "", *edges[:8], "   ", *lines[700:1400], *edges[8:], "\t", *lines[1400:]]


@pytest.fixture(scope="module")
def responses_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("responses") / "responses.jsonl"
    path.write_text("\n".join(response_lines()) + "\n", encoding="utf-8")
    return path


def python_path(path: Path, document: dict[str, Any], seed: str = DEFAULT_SEED, skip_bad_lines: bool = False):
    decisions: list[dict[str, Any]] = []
    kept: list[tuple[str, dict[str, Any]]] = []
    with path.open(encoding="utf-8") as lines:
        summary = simulate(
            lines, Evaluator(document, seed), MIN_CONFIDENCE, skip_bad_lines, decisions.append, keep=kept
        )
    return summary, decisions, kept


def read_decisions(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("name", [*DOCUMENTS, *RANDOM_DOCUMENTS])
def test_duckdb_makes_the_python_evaluators_decisions(name, responses_file, tmp_path):
    document = DOCUMENTS.get(name) or RANDOM_DOCUMENTS[name]
    sweep = name in DOCUMENTS
    expected_summary, expected, kept = python_path(responses_file, document)
    out = tmp_path / "decisions.jsonl"
    simulation = simulate_files(
        [str(responses_file)], document, min_confidence=MIN_CONFIDENCE, decisions=out, sweep=sweep
    )

    decisions = read_decisions(out)
    assert [d["key"] for d in decisions] == [d["key"] for d in expected]
    for got, want in zip(decisions, expected, strict=True):
        assert got == want, got["key"]
    summary = simulation.summary
    assert (summary.total, summary.activated, summary.bad_lines) == (
        expected_summary.total,
        expected_summary.activated,
        expected_summary.bad_lines,
    )
    assert summary.per_condition == expected_summary.per_condition
    assert summary.per_label == expected_summary.per_label
    assert summary.seen == expected_summary.seen
    assert simulation.review_rates == (review_rates(document, kept, DEFAULT_SEED) if sweep else {})


def test_every_response_is_decided_and_some_of_each_kind(responses_file):
    """The documents are worth comparing on: each activates some responses and not others."""
    for name, document in DOCUMENTS.items():
        summary, _, _ = python_path(responses_file, document)
        assert 0 < summary.activated < summary.total, name


def test_compiled_expressions_read_only_key_and_labels():
    """What the Spark engine relies on: the SQL needs no column but key and labels."""
    document = DOCUMENTS["friendly form"]
    compiled = compile_document(document, seed="s", dialect=DUCKDB)
    evaluator = Evaluator(document, "s")
    rows = [(r.get("key", "k"), r["ModerationLabels"]) for r in edge_cases()]
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE t (key VARCHAR, labels STRUCT(Name VARCHAR, Confidence DOUBLE)[])")
        connection.executemany(
            "INSERT INTO t VALUES (?, ?)",
            [
                [str(key), [{"Name": label["Name"], "Confidence": label["Confidence"]} for label in ls]]
                for key, ls in rows
            ],
        )
        got = connection.execute(
            f"SELECT [{', '.join(compiled.fired)}], {compiled.activated}, {compiled.shown} FROM t"
        ).fetchall()
    for (key, ls), (fired, activated, shown) in zip(rows, got, strict=True):
        decision = evaluator.explain({"ModerationLabels": ls}, str(key))
        assert activated == decision.activated
        assert [f"Conditions[{i}]" for i, value in enumerate(fired) if value] == decision.fired
        assert shown == decision.labels


def test_sql_draw_is_the_python_draw_bit_for_bit():
    keys = ["image-1", "ключ/画像-é 🎨.jpg", "", "quote ' and \\", *(f"uploads/{i:05d}.jpg" for i in range(200))]
    with duckdb.connect() as connection:
        connection.execute("CREATE TABLE t (key VARCHAR)")
        connection.executemany("INSERT INTO t VALUES (?)", [[key] for key in keys])
        seed = "seed with 'quote'"
        draw = DUCKDB.left16(DUCKDB.md5_hex(f"{DUCKDB.string_literal(seed + ':')} || key"))
        got = dict(connection.execute(f"SELECT key, {draw} FROM t").fetchall())
    assert got == {key: draw_hex(seed, key) for key in keys}


def test_several_files_gzip_and_standard_input_read_as_one_file(responses_file, tmp_path):
    document = DOCUMENTS["nested samples"]  # line numbers key responses without a key, and drive draws
    lines = responses_file.read_text(encoding="utf-8").splitlines(keepends=True)
    first, second = tmp_path / "part-1.jsonl", tmp_path / "part-2.jsonl.gz"
    first.write_text("".join(lines[:1000]), encoding="utf-8")
    with gzip.open(second, "wt", encoding="utf-8") as out:
        out.write("".join(lines[1000:]))
    _, expected, _ = python_path(responses_file, document)

    out = tmp_path / "globbed.jsonl"
    simulate_files([str(tmp_path / "part-*.jsonl*")], document, min_confidence=MIN_CONFIDENCE, decisions=out)
    assert read_decisions(out) == expected

    piped = io.BytesIO(gzip.compress(responses_file.read_bytes()))
    simulate_files(["-"], document, min_confidence=MIN_CONFIDENCE, decisions=out, stdin=piped)
    assert read_decisions(out) == expected


def test_windows_line_endings(responses_file, tmp_path):
    document = DOCUMENTS["nested samples"]
    crlf = tmp_path / "crlf.jsonl"
    crlf.write_bytes(responses_file.read_bytes().replace(b"\n", b"\r\n"))
    _, expected, _ = python_path(responses_file, document)
    out = tmp_path / "decisions.jsonl"
    simulate_files([str(crlf)], document, min_confidence=MIN_CONFIDENCE, decisions=out)
    assert read_decisions(out) == expected


BAD_LINES = [
    "not json",
    "[1, 2]",
    '{"ModerationLabels": {"Name": "Violence"}}',
    '{"key": "no list"}',
    '{"ModerationLabels": [{"Name": "Violence", "Confidence": "90"}]}',
    '{"ModerationLabels": [{"Name": 7, "Confidence": 90}]}',
    '{"ModerationLabels": [{"Name": "Violence", "Confidence": true}]}',
    '{"ModerationLabels": [{"Name": "Violence"}]}',
    '{"ModerationLabels": [5]}',
    '{"ModerationLabels": [{"Name": "Violence", "Confidence": 90}',
]


@pytest.mark.parametrize("bad", BAD_LINES)
def test_first_bad_line_stops_the_run_with_the_python_paths_error(bad, responses_file, tmp_path):
    lines = responses_file.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([*lines[:40], bad, *lines[40:60], bad, *lines[60:]]) + "\n", encoding="utf-8")
    with pytest.raises(BadLineError) as expected:
        python_path(path, DOCUMENTS["dev stack"])
    with pytest.raises(BadLineError) as got:
        simulate_files([str(path)], DOCUMENTS["dev stack"], min_confidence=MIN_CONFIDENCE)
    assert str(got.value) == str(expected.value)
    assert got.value.number == 41


def test_bad_lines_skipped_are_counted_as_the_python_path_counts_them(responses_file, tmp_path):
    lines = responses_file.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "bad.jsonl"
    path.write_text("\n".join([*BAD_LINES, *lines, *BAD_LINES[:3]]) + "\n", encoding="utf-8")
    document = DOCUMENTS["nested two levels"]
    expected_summary, expected, _ = python_path(path, document, skip_bad_lines=True)
    out = tmp_path / "decisions.jsonl"
    simulation = simulate_files(
        [str(path)], document, min_confidence=MIN_CONFIDENCE, skip_bad_lines=True, decisions=out
    )
    assert simulation.summary.bad_lines == expected_summary.bad_lines == len(BAD_LINES) + 3
    assert (simulation.summary.total, simulation.summary.activated) == (
        expected_summary.total,
        expected_summary.activated,
    )
    assert read_decisions(out) == expected


def test_a_line_of_whitespace_python_strips_is_blank(responses_file, tmp_path):
    lines = responses_file.read_text(encoding="utf-8").splitlines()
    # Every character str.strip() removes but the line breaks, which Python's file reading splits on.
    spaces = "".join(chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in "\r\n")
    path = tmp_path / "spaces.jsonl"
    path.write_text("\n".join([lines[0], spaces, lines[1]]) + "\n", encoding="utf-8")
    expected, _, _ = python_path(path, DOCUMENTS["dev stack"])
    summary = simulate_files([str(path)], DOCUMENTS["dev stack"], min_confidence=MIN_CONFIDENCE).summary
    assert (summary.total, summary.bad_lines) == (expected.total, expected.bad_lines) == (2, 0)
