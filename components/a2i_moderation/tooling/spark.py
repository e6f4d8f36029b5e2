"""Activation conditions on Apache Spark: `Evaluator.explain`'s decisions for a DataFrame of
DetectModerationLabels responses, as Spark SQL compiled from the document (the `spark` extra).

Works with PySpark 3.5 and 4 (AWS Glue 5, Amazon EMR 7, a laptop) and imports nothing outside the
standard library and PySpark, so the package can be shipped to a cluster as a plain zip;
examples/spark/moderation_whatif.py is a job that reads responses from S3.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812  # PySpark's own convention
from pyspark.sql.types import ArrayType, DoubleType, StringType, StructField, StructType

from ..conditions import DEFAULT_MIN_CONFIDENCE, to_document
from ..conditions.evaluate import DEFAULT_SEED
from ..conditions.sql import Dialect, compile_document, compile_results
from ..errors import ConfigError
from .simulate import Summary

#: What `responses_from_json` reads of each line; the other fields of a response are skipped.
RESPONSE_SCHEMA = StructType(
    [
        StructField("key", StringType()),
        StructField(
            "ModerationLabels",
            ArrayType(StructType([StructField("Name", StringType()), StructField("Confidence", DoubleType())])),
        ),
    ]
)

_EMPTY = "CAST(array() AS array<string>)"
_CONDITION = "Conditions[{}]"


class SparkSql:
    """Spark SQL for the condition compiler: higher-order functions over the `labels` column."""

    def any_label(self, predicate: str) -> str:
        return f"exists(labels, l -> {predicate})"

    def label_names(self, predicate: str) -> str:
        return f"transform(filter(labels, l -> {predicate}), l -> l.Name)"

    def distinct_names_in(self, selected: str) -> str:
        # array_distinct keeps each name's first position.
        return f"filter(array_distinct(transform(labels, l -> l.Name)), n -> array_contains({selected}, n))"

    def concat(self, parts: Sequence[str]) -> str:
        if not parts:
            return _EMPTY
        return parts[0] if len(parts) == 1 else f"concat({', '.join(parts)})"

    def when(self, condition: str, then: str) -> str:
        return f"CASE WHEN {condition} THEN {then} ELSE {_EMPTY} END"

    def md5_hex(self, text_sql: str) -> str:
        return f"md5({text_sql})"  # of the string's UTF-8 bytes, in lowercase hex

    def left16(self, text_sql: str) -> str:
        return f"substring({text_sql}, 1, 16)"

    def string_literal(self, value: str) -> str:
        if any(character in value for character in "'\\$"):
            # As UTF-8 bytes: Spark's parser replaces ${...} (${env:HOME} is a path) even inside quotes,
            # and reads backslashes as spark.sql.parser.escapedStringLiterals says.
            return f"CAST(X'{value.encode().hex().upper()}' AS STRING)"
        return f"'{value}'"

    def double_literal(self, value: float) -> str:
        return f"{float(value)!r}D"  # repr is the shortest text that reads back as the same double


SPARK: Dialect = SparkSql()


def _problem() -> Column:
    """Why a response cannot be evaluated (as simulate's bad lines), or null."""
    incomplete = F.exists("ModerationLabels", lambda label: label["Name"].isNull() | label["Confidence"].isNull())
    return (
        F.when(
            F.col("key").isNull(),
            F.lit('a response has no "key": Spark reads no line numbers, so each JSON line needs its key'),
        )
        .when(
            F.col("ModerationLabels").isNull(),
            F.concat(F.lit("response "), F.col("key"), F.lit(": has no ModerationLabels list")),
        )
        .when(
            incomplete,
            F.concat(
                F.lit("response "),
                F.col("key"),
                F.lit(": every ModerationLabels item needs a Name (text) and a Confidence (number)"),
            ),
        )
    )


def responses_from_json(spark: SparkSession, paths: str | Sequence[str], *, skip_bad_lines: bool = False) -> DataFrame:
    """DetectModerationLabels responses from JSON lines (files or folders, local or s3://, gzip or
    not), one response per line with its "key": the columns `decisions` reads.

    A line that is not JSON, or whose labels have the wrong types, stops the job; with
    `skip_bad_lines` it is left out (uncounted), as are responses `decisions` would refuse.
    """
    reader = (
        spark.read.schema(RESPONSE_SCHEMA)
        .option("mode", "DROPMALFORMED" if skip_bad_lines else "FAILFAST")
        .option("recursiveFileLookup", "true")  # dated folders under a prefix: s3://bucket/responses/2026/11/
    )
    responses = reader.json(paths if isinstance(paths, str) else list(paths))
    return responses.where(_problem().isNull()) if skip_bad_lines else responses


def decisions(
    responses: DataFrame,
    document: Mapping[str, Any],
    *,
    seed: str = DEFAULT_SEED,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    results: bool = False,
) -> DataFrame:
    """A human-loop decision per response, the same as `Evaluator(document, seed).explain`'s.

    `responses` has a `key` column and DetectModerationLabels' `ModerationLabels` (an array of
    structs with at least Name and Confidence); labels under `min_confidence` are dropped first, as
    Rekognition does not return them. `document` is AWS's form or the friendly one. The result has
    `key`, `activated` (boolean), `fired` (array of "Conditions[i]"), `labels` (the labels shown to
    reviewers) and `returned` (the names of the labels left after `min_confidence`, which `summary`
    counts); with `results`, also `results`: Decision.results as JSON text (the document with an
    EvaluationResult on every condition, as A2I reports it). A response without a key, without
    ModerationLabels or with a label lacking Name or Confidence fails the job with a message naming it.
    """
    if not 0 <= min_confidence <= 100:
        raise ConfigError(f"min_confidence: {min_confidence:g} is not allowed (0 to 100)")
    document = to_document(document)
    compiled = compile_document(document, seed=seed, dialect=SPARK)
    problem = _problem()
    as_doubles = (
        "transform(ModerationLabels, l -> named_struct('Name', l.Name, 'Confidence', CAST(l.Confidence AS DOUBLE)))"
    )
    labels = F.expr(f"filter({as_doubles}, l -> l.Confidence >= {SPARK.double_literal(min_confidence)})")
    prepared = responses.select(
        F.col("key").cast("string").alias("key"),
        F.when(problem.isNotNull(), F.raise_error(problem)).otherwise(labels).alias("labels"),
    )
    fired = SPARK.concat(
        [
            SPARK.when(condition, f"array({SPARK.string_literal(_CONDITION.format(i))})")
            for i, condition in enumerate(compiled.fired)
        ]
    )
    columns = [
        F.col("key"),
        F.expr(compiled.activated).alias("activated"),
        F.expr(fired).alias("fired"),
        F.expr(compiled.shown).alias("labels"),
        F.expr("transform(labels, l -> l.Name)").alias("returned"),
    ]
    if results:
        columns.append(F.expr(compile_results(document, seed=seed, dialect=SPARK)).alias("results"))
    return prepared.select(*columns)


def summary(decided: DataFrame, document: Mapping[str, Any]) -> Summary:
    """simulate's counts (responses, human loops, per condition, per label returned and shown) for
    the output of `decisions`, in one Spark job; `.report(...)` prints what `a2i-moderation simulate` does."""
    counts = (
        decided.select(
            F.explode(
                F.expr(
                    "concat(array(named_struct('kind', 'response', 'name', CAST(activated AS STRING))),"
                    " transform(fired, f -> named_struct('kind', 'condition', 'name', f)),"
                    " transform(labels, n -> named_struct('kind', 'shown', 'name', n)),"
                    " transform(returned, n -> named_struct('kind', 'returned', 'name', n)))"
                )
            ).alias("count")
        )
        .groupBy("count.kind", "count.name")
        .count()
        .collect()
    )
    result = Summary(dict(to_document(document)))
    prefix, suffix = _CONDITION.split("{}")
    for kind, name, count in counts:
        if kind == "response":
            result.total += count
            result.activated += count if name == "true" else 0
        elif kind == "condition":
            result.per_condition[int(name.removeprefix(prefix).removesuffix(suffix))] = count
        else:
            (result.per_label if kind == "shown" else result.seen)[name] = count
    return result
