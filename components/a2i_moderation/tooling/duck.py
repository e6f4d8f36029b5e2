"""`a2i-moderation simulate` on DuckDB (the `simulate` extra): recorded responses scanned in parallel
and in constant memory, plain or gzip, from files, globs or standard input.

Activation conditions are compiled to SQL (conditions/sql.py); the Python evaluator stays the
reference, and a differential test holds both to the same decisions. Lines are read as text and
parsed in SQL so that blank and bad lines, and the line numbers that key responses without a
"key", are those of the Python path (tooling/simulate.py).

Memory: DuckDB streams the lines through one hash aggregate whose groups are counters and label
names, so memory does not grow with the input; `memory_limit` caps it, `threads` sets the parallel
scan. Decisions are written in input order by a pass on one thread (DuckDB keeps the order of a
parallel scan only by buffering rows). Standard input is first copied to a temporary file
(constant memory, disk the size of the input): a file can be scanned in parallel, and again.
"""

# The queries are built as text: every value in them (file names, label names, the seed) enters
# through Dialect.string_literal or double_literal.
# ruff: noqa: S608

from __future__ import annotations

import glob
import os
import shutil
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import duckdb

from ..conditions.evaluate import DEFAULT_SEED
from ..conditions.sql import DUCKDB, CompiledDocument, compile_checks, compile_document, compile_results
from ..conditions.vocabulary import ANY_LABEL, SAMPLING, comparison_of, walk
from ..errors import ConfigError
from .plot import THRESHOLDS
from .simulate import BadLineError, Summary, parse_line, threshold_checks

#: A line of only the characters Python's str.strip() removes is blank, as in simulate._batches (RE2).
BLANK_LINE = r"[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}]*"

GZIP_MAGIC = b"\x1f\x8b"

#: The longest line read (DuckDB's default is 2 MB; a response is a few hundred bytes).
MAX_LINE_BYTES = 2 << 20


@dataclass
class Simulation:
    """What the DuckDB engine computed."""

    summary: Summary
    """The same counts as simulate.simulate's Summary."""
    review_rates: dict[str, list[float]]
    """Per label check path (simulate.threshold_checks): the percentage of responses that would start
    a human loop at each threshold of plot.THRESHOLDS, all else as configured (empty unless asked for)."""


def _literal(value: str) -> str:
    return DUCKDB.string_literal(value)


def _responses_sql(files: Sequence[str], min_confidence: float, numbered: bool) -> str:
    """Columns number, line, status ('blank', 'bad' or 'ok'), key and labels, one row per line.

    Numbering the lines (row_number() over (), a streaming window) keeps the scan in file order on
    one thread: unnumbered, responses without a "key" have a NULL key and number."""
    listed = "[" + ", ".join(_literal(f) for f in files) + "]"
    minimum = DUCKDB.double_literal(min_confidence)
    number = "row_number() OVER ()" if numbered else "NULL::BIGINT"
    # The delimiter \x01 cannot appear in a JSON line: every line is one column.
    return f"""
    lines AS (
        SELECT {number} AS number, line
        FROM read_csv({listed}, columns = {{'line': 'VARCHAR'}}, header = false, delim = '\x01', quote = '',
                      escape = '', auto_detect = false, max_line_size = {MAX_LINE_BYTES})
    ),
    parsed AS (
        SELECT number, line,
            try(from_json(line, '{{"key": "JSON", "ModerationLabels": [{{"Name": "JSON", "Confidence": "JSON"}}]}}'))
                AS document
        FROM lines
    ),
    responses AS (
        SELECT number, line,
            CASE
                WHEN document IS NULL
                    THEN CASE WHEN line IS NULL OR regexp_full_match(line, {_literal(BLANK_LINE)}) THEN 'blank'
                              ELSE 'bad' END
                WHEN document.ModerationLabels IS NULL THEN 'bad'
                WHEN len([1 for e in document.ModerationLabels
                          if coalesce({_is_text("e.Name")} AND {_is_number("e.Confidence")}, false) = false]) > 0
                    THEN 'bad'
                ELSE 'ok'
            END AS status,
            CASE
                WHEN document.key IS NULL THEN number::VARCHAR
                WHEN {_is_text("document.key")} THEN document.key ->> '$'
                WHEN document.key = 'true' THEN 'True'
                WHEN document.key = 'false' THEN 'False'
                WHEN regexp_full_match(document.key, '-?[0-9]+') THEN document.key::HUGEINT::VARCHAR
                WHEN {_is_number("document.key")} THEN document.key::DOUBLE::VARCHAR
                ELSE document.key::VARCHAR
            END AS key,
            CASE WHEN status = 'ok' THEN
                [l for l in [{{'Name': e.Name ->> '$', 'Confidence': e.Confidence::DOUBLE}}
                             for e in document.ModerationLabels] if l.Confidence >= {minimum}]
            END AS labels
        FROM parsed
    )"""


def _is_text(json_sql: str) -> str:
    """Whether a JSON value (as DuckDB writes it) is a string."""
    return f"starts_with({json_sql}, '\"')"


def _is_number(json_sql: str) -> str:
    """Whether a JSON value is a number: Python's json reads NaN and Infinity as numbers too."""
    return f"contains('-0123456789NI', left({json_sql}, 1))"


#: A sweep event's n is lo * SPAN + hi: thresholds lo..hi of plot.THRESHOLDS (whole percentages).
SPAN = 128


def _check_columns(document: Mapping[str, Any], seed: str) -> dict[str, str]:
    """Path -> column (c0, c1, ...) of every label check and sampling condition: `decided` has them."""
    return {path: f"c{i}" for i, path in enumerate(compile_checks(document, seed=seed, dialect=DUCKDB))}


def _compiled(document: Mapping[str, Any], seed: str, **forced: str) -> CompiledDocument:
    """The document over the check columns of `decided`, with `forced` checks (by path) replaced."""
    return compile_document(document, seed=seed, dialect=DUCKDB, replace={**_check_columns(document, seed), **forced})


def _confidence_columns(document: Mapping[str, Any]) -> dict[str, str]:
    """Label name (or ANY_LABEL) -> column of `decided` with the confidences of the response's labels
    of that name, for every name a label check tests (the sweep's columns)."""
    names = dict.fromkeys(parameters["ModerationLabelName"] for _, parameters in threshold_checks(document))
    return {name: f"k{i}" for i, name in enumerate(names)}


def _sweep_sql(document: Mapping[str, Any], seed: str) -> list[str]:
    """Per label check, SQL for the list of thresholds lo..hi (as lo * SPAN + hi, within 0..100) at
    which this response would start a human loop, other conditions as configured; for the rows of
    `decided` with labels or a loop (the others have none).

    Conditions only combine with And/Or, so as a check's threshold moves the decision is the one
    with the check forced false, or where the check holds, the one with it forced true; and the
    first cannot start a loop that did not start, nor the second stop one that did. One evaluation
    per check, and only where it can matter, instead of one per threshold."""
    lists = []
    for path, parameters in threshold_checks(document):
        forced_false = _compiled(document, seed, **{path: "FALSE"}).activated
        forced_true = _compiled(document, seed, **{path: "TRUE"}).activated
        comparison, _ = comparison_of(parameters)
        confidences = _confidence_columns(document)[parameters["ModerationLabelName"]]
        top, bottom = f"list_max({confidences})", f"list_min({confidences})"
        holds = {
            "ConfidenceGreaterThan": f"[{{'lo': 0, 'hi': ceil({top}) - 1}}]",
            "ConfidenceGreaterThanEquals": f"[{{'lo': 0, 'hi': floor({top})}}]",
            "ConfidenceLessThan": f"[{{'lo': floor({bottom}) + 1, 'hi': 100}}]",
            "ConfidenceLessThanEquals": f"[{{'lo': ceil({bottom}), 'hi': 100}}]",
            "ConfidenceEquals": f"[{{'lo': c, 'hi': c}} for c in list_distinct({confidences}) if c = floor(c)]",
        }[comparison.key]
        intervals = f"""(CASE
            WHEN activated THEN (CASE WHEN {forced_false} THEN [{{'lo': 0, 'hi': 100}}] ELSE {holds} END)
            WHEN len({confidences}) = 0 THEN []
            WHEN {forced_true} THEN {holds}
            ELSE []
        END)"""
        lists.append(
            f"[greatest(i.lo, 0)::INTEGER * {SPAN} + least(i.hi, 100)::INTEGER for i in {intervals}"
            f" if i.lo <= i.hi and i.hi >= 0 and i.lo <= 100]"
        )
    return lists


def _decided_sql(document: Mapping[str, Any], seed: str, sweep: bool = False) -> str:
    """The lines that are not blank, with c0, c1, ... (whether each label check and sampling
    condition is true), f0, f1, ... (each top-level condition), activated, and shown (the labels
    reviewers see, when activated) for responses; NULL for bad lines. With `sweep`, also k0, k1, ...
    (_confidence_columns).

    Each step is a column of its own, so that DuckDB evaluates each check once per response (inlined
    into the expressions that use it, a check would be evaluated once per use, and inside the loop
    over a response's labels once per label)."""
    checks = compile_checks(document, seed=seed, dialect=DUCKDB)
    columns = _check_columns(document, seed)
    compiled = _compiled(document, seed)
    evaluated = ", ".join(f"({checks[path]}) AS {column}" for path, column in columns.items())
    if sweep:
        for name, column in _confidence_columns(document).items():
            matching = "TRUE" if name == ANY_LABEL else f"l.Name = {_literal(name)}"
            evaluated += f", [l.Confidence for l in labels if {matching}] AS {column}"
    fired = ", ".join(f"({value}) AS f{i}" for i, value in enumerate(compiled.fired))
    activated = " OR ".join(f"f{i}" for i in range(len(compiled.fired)))
    return f"""
    checked AS (SELECT *, {evaluated} FROM responses WHERE status <> 'blank'),
    fired AS (SELECT *, {fired} FROM checked),
    selected AS (
        SELECT *, {activated} AS activated, CASE WHEN {activated} THEN {compiled.selected} END AS selected
        FROM fired
    ),
    decided AS (
        SELECT * EXCLUDE (selected),
            CASE WHEN activated THEN {DUCKDB.distinct_names_in("selected")} ELSE []::VARCHAR[] END AS shown
        FROM selected
    )"""


def _events_sql(document: Mapping[str, Any], seed: str, sweep: bool) -> str:
    """One list of {kind, name, n} per line of `decided`: what the aggregate counts."""
    compiled = _compiled(document, seed)

    def event(kind: str, name: str = "NULL", n: str = "NULL") -> str:
        return f"{{'kind': {_literal(kind)}, 'name': ({name})::VARCHAR, 'n': ({n})::INTEGER}}"

    counted = [
        f"[{event('response')}]",
        f"CASE WHEN key IS NULL THEN [{event('unkeyed')}] ELSE [] END",
        f"CASE WHEN activated THEN [{event('activated')}] ELSE [] END",
        *(f"CASE WHEN f{i} THEN [{event('fired', n=str(i))}] ELSE [] END" for i in range(len(compiled.fired))),
        f"[{event('seen', 'l.Name')} for l in labels]",
        f"[{event('shown', 'name')} for name in shown]",
    ]
    if sweep:
        for (path, _), intervals in zip(threshold_checks(document), _sweep_sql(document, seed), strict=True):
            counted.append(f"[{event('sweep', _literal(path), 'i')} for i in {intervals}]")
    # Most responses start no loop and have no labels: nothing to count but themselves (the sweep
    # neither: forcing a check false cannot start a loop that did not start, nor true a check
    # that no label meets).
    return f"""CASE
        WHEN status = 'bad' THEN [{event("bad")}]
        WHEN NOT activated AND len(labels) = 0 AND key IS NOT NULL THEN [{event("response")}]
        ELSE flatten([{", ".join(counted)}])
    END"""


def _decisions_sql(document: Mapping[str, Any], seed: str) -> str:
    """One JSON text per response of `decided`: Decision.to_json's fields, results included, written
    as the Python path writes them (compact; text beyond ASCII is not escaped, which JSON allows)."""
    compiled = _compiled(document, seed)
    fired = DUCKDB.concat(
        [DUCKDB.when(f"f{i}", f"[{_literal(f'Conditions[{i}]')}]") for i in range(len(compiled.fired))]
    )
    results = compile_results(document, seed=seed, dialect=DUCKDB, replace=_check_columns(document, seed))
    return f"""
    SELECT '{{"key":' || to_json(key) || ',"activated":' || CASE WHEN activated THEN 'true' ELSE 'false' END
        || ',"fired":' || to_json({fired}) || ',"labels":' || to_json(shown) || ',"results":' || ({results})
        || '}}' AS decision
    FROM decided WHERE status = 'ok'"""


def expand_inputs(inputs: Sequence[str]) -> list[str]:
    """Files for paths and globs, in the order given (a glob's matches sorted); "-" stays "-"."""
    files: list[str] = []
    for given in inputs:
        if given == "-":
            files.append(given)
            continue
        matches = sorted(glob.glob(given)) if glob.has_magic(given) else [given]
        matches = [m for m in matches if Path(m).is_file()]
        if not matches:
            raise ConfigError(f"--responses: {given} is not a file (nor a pattern matching files, nor - for stdin)")
        files.extend(matches)
    return files


def _readable(files: Sequence[str], stdin: IO[bytes] | None, folder: Path) -> list[str]:
    """The files, with "-" replaced by a copy of standard input in `folder` (gzip kept as gzip)."""
    paths = []
    for i, given in enumerate(files):
        if given != "-":
            paths.append(given)
            continue
        source = stdin if stdin is not None else sys.stdin.buffer
        head = source.read(2)
        target = folder / f"stdin-{i}{'.jsonl.gz' if head == GZIP_MAGIC else '.jsonl'}"
        with target.open("wb") as out:
            out.write(head)
            shutil.copyfileobj(source, out, 1 << 20)
        paths.append(str(target))
    return paths


def _watch(connection: duckdb.DuckDBPyConnection, on_progress: Callable[[float], None] | None) -> threading.Event:
    """Report DuckDB's progress (a percentage) every second while a query runs, until set."""
    done = threading.Event()
    if on_progress is None:
        return done

    def watch() -> None:
        while not done.wait(1.0):
            percent = connection.query_progress()
            if percent >= 0:
                on_progress(percent)

    threading.Thread(target=watch, daemon=True).start()
    return done


def _samples(document: Mapping[str, Any]) -> bool:
    return any(node.get("ConditionType") == SAMPLING for _, node in walk(document))


class _Scan:
    """The queries of one simulation, on one connection."""

    def __init__(
        self,
        connection: duckdb.DuckDBPyConnection,
        paths: Sequence[str],
        document: Mapping[str, Any],
        seed: str,
        min_confidence: float,
        on_progress: Callable[[float], None] | None,
    ):
        self.connection = connection
        self.paths = paths
        self.document = document
        self.seed = seed
        self.min_confidence = min_confidence
        self.on_progress = on_progress

    def responses(self, numbered: bool) -> str:
        return _responses_sql(self.paths, self.min_confidence, numbered)

    def run(self, query: str) -> list[tuple[Any, ...]]:
        done = _watch(self.connection, self.on_progress)
        try:
            return self.connection.execute(query).fetchall()
        except duckdb.InvalidInputException as error:
            problem = str(error).splitlines()[0]
            raise ConfigError(f"--responses: DuckDB cannot read the lines as JSON lines ({problem})") from None
        finally:
            done.set()

    def counts(self, numbered: bool, sweep: bool) -> list[tuple[Any, ...]]:
        """(kind, name, n, count) rows: see _events_sql."""
        return self.run(f"""
            WITH {self.responses(numbered)}, {_decided_sql(self.document, self.seed, sweep)}
            SELECT e.kind, e.name, e.n, count(*)
            FROM (SELECT unnest({_events_sql(self.document, self.seed, sweep)}) AS e FROM decided)
            GROUP BY ALL""")

    def first_bad_line(self) -> BadLineError:
        """parse_line's error for the first bad line (its own words)."""
        first = "SELECT number, line FROM responses WHERE status = 'bad' ORDER BY number LIMIT 1"
        ((number, text),) = self.run(f"WITH {self.responses(numbered=True)} {first}")
        try:
            parse_line(text + "\n", number, self.min_confidence)  # as Python reads it: with its newline
        except BadLineError as error:
            return error
        return BadLineError(number, "DuckDB cannot read it as a DetectModerationLabels response (strict JSON)")

    def write_decisions(self, out: Path) -> None:
        """In input order: DuckDB keeps the order of a parallel scan only by buffering the rows it
        has not written yet, so this pass reads on one thread, in constant memory."""
        decided = f"{self.responses(numbered=True)}, {_decided_sql(self.document, self.seed)}"
        query = f"WITH {decided} {_decisions_sql(self.document, self.seed)}"
        # Each row is one JSON text without newlines: written as it is, no quoting.
        options = "FORMAT csv, HEADER false, QUOTE '', ESCAPE '', DELIMITER '\x01'"
        self.run(f"COPY ({query}) TO {_literal(str(out))} ({options})")


def _summary(document: Mapping[str, Any], rows: Sequence[tuple[Any, ...]], sweep: bool) -> Simulation:
    summary = Summary(dict(document))
    starts: dict[str, Counter[int]] = {path: Counter() for path, _ in threshold_checks(document)}
    stops: dict[str, Counter[int]] = {path: Counter() for path in starts}
    for kind, name, n, count in rows:
        if kind == "response":
            summary.total = count
        elif kind == "bad":
            summary.bad_lines = count
        elif kind == "activated":
            summary.activated = count
        elif kind == "fired":
            summary.per_condition[n] = count
        elif kind == "seen":
            summary.seen[name] = count
        elif kind == "shown":
            summary.per_label[name] = count
        elif kind == "sweep":
            lo, hi = divmod(n, SPAN)
            starts[name][lo] += count
            stops[name][hi + 1] += count
    rates: dict[str, list[float]] = {}
    if sweep:
        for path in starts:
            active, curve = 0, []
            for threshold in THRESHOLDS:
                active += starts[path][threshold] - stops[path][threshold]
                curve.append(100.0 * active / summary.total if summary.total else 0.0)
            rates[path] = curve
    return Simulation(summary, rates)


def simulate_files(
    inputs: Sequence[str],
    document: Mapping[str, Any],
    *,
    seed: str = DEFAULT_SEED,
    min_confidence: float = 50.0,
    skip_bad_lines: bool = False,
    decisions: Path | None = None,
    sweep: bool = False,
    on_progress: Callable[[float], None] | None = None,
    threads: int | None = None,
    memory_limit: str = "512MB",
    stdin: IO[bytes] | None = None,
) -> Simulation:
    """Evaluate every response of the files (paths, globs, "-" for standard input; .gz read as gzip).

    Responses without a "key" are keyed by their line number counted across the files in order, as
    if they were one file. A bad line raises BadLineError (parse_line's) unless `skip_bad_lines`.
    `decisions` receives one JSON line per response (Decision.to_json's fields, results included)
    in input order; `sweep` computes the plot's review rates. `on_progress` receives DuckDB's
    percentage done about once a second.

    One parallel pass counts; a second, on one thread, when responses without a key meet Sampling
    conditions (their draws need line numbers); decisions are one more pass, on one thread."""
    files = expand_inputs(inputs)
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": memory_limit,
        "threads": threads or os.cpu_count() or 1,
        # Nothing here needs DuckDB's row order (numbering and decisions run on one thread), and
        # keeping it costs memory that grows with the input.
        "preserve_insertion_order": False,
    }
    with tempfile.TemporaryDirectory(prefix="a2i-simulate-") as folder:
        paths = _readable(files, stdin, Path(folder))
        with duckdb.connect(config=config) as connection:
            # Spilled data (if any) goes beside the copy of standard input, and goes with it.
            connection.execute(f"SET temp_directory = {_literal(folder)}")
            # query_progress() is measured only with the progress bar on; on_progress shows it instead.
            connection.execute("SET enable_progress_bar = true")
            connection.execute("SET enable_progress_bar_print = false")
            scan = _Scan(connection, paths, document, seed, min_confidence, on_progress)
            rows = scan.counts(numbered=False, sweep=sweep)
            unkeyed = sum(count for kind, _, _, count in rows if kind == "unkeyed")
            if unkeyed and _samples(document):
                rows = scan.counts(numbered=True, sweep=sweep)
            if not skip_bad_lines and any(kind == "bad" for kind, *_ in rows):
                raise scan.first_bad_line()
            simulation = _summary(document, rows, sweep)
            if decisions is not None:
                scan.write_decisions(decisions)
    return simulation
