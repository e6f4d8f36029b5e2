"""Activation conditions on Spark: local Spark makes the Python evaluator's decisions, response by
response, for generated responses and edge cases under a document per grammar form; the summary and
the spark-submit example print what `a2i-moderation simulate` prints."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import label_check as check
from conftest import load_example
from conftest import sampling as sample
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F  # noqa: N812  # PySpark's convention

from a2i_moderation.conditions import Evaluator, to_document
from a2i_moderation.conditions.evaluate import DEFAULT_SEED
from a2i_moderation.tooling.simulate import parse_line, simulate
from a2i_moderation.tooling.spark import SPARK, decisions, responses_from_json, summary

generate_responses = load_example("generate_responses.py")

# PySpark 3.5's collect() leaves its socket to the garbage collector (4.x closes it).
pytestmark = pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning")

#: A label name that needs quoting in SQL, a variable Spark's parser would substitute, characters beyond ASCII.
ODD_NAME = "Spray paint 'n\\ tags ${env:HOME} 🎨"
MIN_CONFIDENCE = 50.0


#: Every comparison, on a name and on "*"; And, Or and both nested two levels; a custom name.
LABEL_DOCUMENTS: dict[str, Any] = {
    "comparisons": {
        "Conditions": [
            check("Alcohol", "ConfidenceEquals", 60),
            check("*", "ConfidenceLessThan", 60),
            check("Violence", "ConfidenceLessThanEquals", 90),
            check("Explicit", "ConfidenceGreaterThan", 90),
            check("*", "ConfidenceGreaterThanEquals", 99.5),
            check("Alcoholic Beverages", "ConfidenceGreaterThanEquals", 75.25),
        ]
    },
    "nested": {
        "Conditions": [
            {
                "And": [
                    check("Alcohol", "ConfidenceGreaterThanEquals", 70),
                    {
                        "Or": [
                            check("Alcoholic Beverages", "ConfidenceLessThan", 80),
                            check("*", "ConfidenceEquals", 95.5),
                        ]
                    },
                ]
            },
            {
                "Or": [
                    {
                        "And": [
                            check("Violence", "ConfidenceGreaterThan", 60),
                            check("Violence", "ConfidenceLessThanEquals", 90),
                        ]
                    },
                    check(ODD_NAME, "ConfidenceGreaterThan", 50),
                ]
            },
            {"And": [check("*", "ConfidenceGreaterThan", 90), check("*", "ConfidenceLessThan", 60)]},
        ]
    },
    "friendly": {
        "labels": [
            {"name": "Explicit", "between": [50, 95]},
            {"name": "*", "below": 60},
            {"name": "Swimwear or Underwear", "atOrAbove": 90},
        ]
    },
}

#: Sampling alone, inside And, nested in a larger sample, inside an Or of an And; the extremes.
SAMPLING_DOCUMENTS: dict[str, Any] = {
    "sampling alone": {"Conditions": [sample(30)]},
    "sampling with labels": {
        "Conditions": [
            {"And": [sample(50), check("*", "ConfidenceGreaterThan", 60)]},
            sample(10),
            {"And": [sample(5), {"Or": [check("Alcohol", "ConfidenceGreaterThan", 90), sample(2)]}]},
        ]
    },
    "sampling extremes": {"Conditions": [sample(100), sample(0.01), {"And": [sample(100), sample(33.3)]}]},
    "friendly sample": {
        "labels": [{"name": "Violence", "above": 80, "sample": 25}],
        "sampling": {"percent": 7.5},
    },
}

SEEDS = (DEFAULT_SEED, "sé'ed \\ ${spark.app.name} 2026")


def edge_cases() -> list[dict[str, Any]]:
    """Responses the generator does not write: no labels, repeated names, thresholds hit exactly,
    labels under MinConfidence, integer confidences, keys beyond ASCII."""

    def label(name: str, confidence: float) -> dict[str, Any]:
        return {"Name": name, "Confidence": confidence, "ParentName": "", "TaxonomyLevel": 1}

    cases = [
        [],
        [label("Alcohol", 60), label("Violence", 99.5), label("Alcohol", 95.5)],
        [label("Violence", 90), label("Violence", 90)],
        [label("Alcohol", 60.0), label("Alcoholic Beverages", 75.25), label("Explicit", 90)],
        [label("Violence", 60), label("Explicit", 95), label("Swimwear or Underwear", 90)],
        [label("Explicit", 49.9999), label("Alcohol", 50), label("Violence", 49)],
        [label("Alcohol", 70), label("Alcoholic Beverages", 79.9999), label("Alcohol", 95.5)],
        [label(ODD_NAME, 50.0001), label("Explicit", 50)],
        [label("*", 99), label("alcohol", 99)],
        [label("Violence", 100), label("Explicit", 0)],
    ]
    keys = ["", "uploads/café/😀.jpg", "it's a \\ key", "Ünïcödé 字", "s3://acme/a b/c.jpg"]
    return [
        {"key": keys[i] if i < len(keys) else f"edge/{i}", "ModerationLabels": labels} for i, labels in enumerate(cases)
    ]


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    """One local Spark for the tests: two cores, two shuffle partitions, no UI, warnings only."""
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java: local Spark needs Java 17 or later (java on PATH, or JAVA_HOME)")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SPARK_LOCAL_IP", "127.0.0.1")  # read when the JVM starts: no warning about the host name
        session = (
            SparkSession.builder.master("local[2]")
            .appName("a2i-moderation-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.default.parallelism", "2")
            .config("spark.driver.bindAddress", "127.0.0.1")
            # A JVM that lives for seconds: C1 alone compiles sooner, which halves the first query.
            .config("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
            .getOrCreate()
        )
    session.sparkContext.setLogLevel("WARN")
    yield session
    session.stop()


@pytest.fixture(scope="session")
def responses_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """2,000 generated responses and the edge cases, as JSON lines."""
    path = tmp_path_factory.mktemp("spark") / "responses.jsonl"
    lines = [*generate_responses.responses(2000, 20261127, "uploads/{:05d}.jpg"), *edge_cases()]
    path.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    return path


#: (document, key) -> (activated, fired, labels, results): Decision.to_json's answers.
Decisions = dict[tuple[str, str], tuple[bool, list[str], list[str], dict[str, Any]]]


def expected(path: Path, documents: Mapping[str, Any], seed: str) -> Decisions:
    """The Python evaluator's decisions for each document and response."""
    parsed = [
        parse_line(text, number, MIN_CONFIDENCE)
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
    ]
    result = {}
    for name, document in documents.items():
        evaluator = Evaluator(to_document(document), seed)
        for key, response in parsed:
            decision = evaluator.explain(response, key)
            result[name, key] = (decision.activated, decision.fired, decision.labels, decision.results)
    return result


def computed(responses: DataFrame, documents: Mapping[str, Any], seed: str) -> Decisions:
    """Spark's decisions for every document, in one job."""
    frames = [
        decisions(responses, document, seed=seed, results=True).withColumn("document", F.lit(name))
        for name, document in documents.items()
    ]
    union = frames[0]
    for frame in frames[1:]:
        union = union.unionByName(frame)
    rows = union.collect()
    result = {(row.document, row.key): (row.activated, row.fired, row.labels, json.loads(row.results)) for row in rows}
    assert len(result) == len(rows), "a key was decided twice"
    return result


def assert_same(spark_decisions: Decisions, python_decisions: Decisions) -> None:
    assert spark_decisions.keys() == python_decisions.keys()
    different = {
        key: (spark_decisions[key], value) for key, value in python_decisions.items() if spark_decisions[key] != value
    }
    assert not different, (
        f"{len(different)} decisions differ (Spark, Python), for example: {list(different.items())[:5]}"
    )


def test_label_checks_decide_as_the_python_evaluator(spark: SparkSession, responses_file: Path) -> None:
    responses = responses_from_json(spark, str(responses_file))
    decided = computed(responses, LABEL_DOCUMENTS, DEFAULT_SEED)
    assert_same(decided, expected(responses_file, LABEL_DOCUMENTS, DEFAULT_SEED))
    assert sum(activated for activated, *_ in decided.values()) > 300  # the documents fire, and not always
    assert any(len(labels) > 1 for _, _, labels, _ in decided.values())


@pytest.mark.parametrize("seed", SEEDS)
def test_sampling_draws_as_the_python_evaluator(spark: SparkSession, responses_file: Path, seed: str) -> None:
    responses = responses_from_json(spark, str(responses_file))
    decided = computed(responses, SAMPLING_DOCUMENTS, seed)
    assert_same(decided, expected(responses_file, SAMPLING_DOCUMENTS, seed))
    alone = [activated for (name, _), (activated, *_) in decided.items() if name == "sampling alone"]
    assert 0.25 < sum(alone) / len(alone) < 0.35


def test_summary_counts_as_simulate(spark: SparkSession, responses_file: Path) -> None:
    document = to_document(LABEL_DOCUMENTS["nested"])
    decided = decisions(responses_from_json(spark, str(responses_file)), document)
    counted = summary(decided, document)
    with responses_file.open(encoding="utf-8") as lines:
        simulated = simulate(lines, Evaluator(document), MIN_CONFIDENCE)
    assert (counted.total, counted.activated, counted.per_condition, counted.per_label, counted.seen) == (
        simulated.total,
        simulated.activated,
        simulated.per_condition,
        simulated.per_label,
        simulated.seen,
    )
    assert counted.report(None, 0.0) == simulated.report(None, 0.0)


def test_example_job_prints_simulates_summary_and_writes_decisions(
    spark: SparkSession, responses_file: Path, tmp_path: Path
) -> None:
    # A prefix with dated folders of gzipped files, as an application would write them to S3.
    responses = tmp_path / "responses"
    (responses / "2026" / "11").mkdir(parents=True)
    (responses / "2026" / "11" / "part-0.jsonl.gz").write_bytes(gzip.compress(responses_file.read_bytes()))
    conditions = tmp_path / "conditions.json"
    conditions.write_text(json.dumps(LABEL_DOCUMENTS["friendly"]))
    output = tmp_path / "decisions"
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = load_example("spark/moderation_whatif.py").main(
            [
                "--responses", str(responses), "--conditions", str(conditions), "--output", str(output),
                "--output-format", "json", "--JOB_NAME", "whatif", "--TempDir", "s3://acme-glue/tmp/",
            ]
        )  # fmt: skip
    assert code == 0, stderr.getvalue()
    document = to_document(LABEL_DOCUMENTS["friendly"])
    with responses_file.open(encoding="utf-8") as lines:
        simulated = simulate(lines, Evaluator(document), MIN_CONFIDENCE)
    assert stdout.getvalue() == f"{simulated.report(None, 0.0)}\n\nDecisions written to {output}\n"
    written = spark.read.json(str(output))
    assert written.count() == simulated.total
    assert written.where("activated").count() == simulated.activated


def test_example_job_refuses_bad_conditions(spark: SparkSession, responses_file: Path) -> None:
    stderr = io.StringIO()
    with contextlib.redirect_stderr(stderr):
        code = load_example("spark/moderation_whatif.py").main(
            ["--responses", str(responses_file), "--conditions", '{"labels": [{"name": "*"}]}']
        )
    assert code == 2
    assert "labels[0]: needs exactly one of" in stderr.getvalue()


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ('{"ModerationLabels": []}', 'a response has no "key": Spark reads no line numbers'),
        ('{"key": "b.jpg"}', "response b.jpg: has no ModerationLabels list"),
        ('{"key": "c.jpg", "ModerationLabels": [{"Name": "Violence"}]}', "response c.jpg: every ModerationLabels item"),
    ],
)
def test_response_that_cannot_be_evaluated_stops_the_job_saying_why(
    spark: SparkSession, tmp_path: Path, line: str, problem: str
) -> None:
    path = tmp_path / "responses.jsonl"
    path.write_text(f'{{"key": "a.jpg", "ModerationLabels": []}}\n{line}\n')
    decided = decisions(responses_from_json(spark, str(path)), LABEL_DOCUMENTS["comparisons"])
    # SparkRuntimeException on PySpark 4, Py4JJavaError on 3.5: the message is what they share.
    with pytest.raises(Exception, match=problem):
        decided.collect()


def test_skip_bad_lines_leaves_out_what_cannot_be_evaluated(spark: SparkSession, tmp_path: Path) -> None:
    path = tmp_path / "responses.jsonl"
    path.write_text(
        "\n".join(
            [
                '{"key": "good.jpg", "ModerationLabels": [{"Name": "Violence", "Confidence": 99}]}',
                "not json",
                '{"key": "no-labels.jpg"}',
                '{"key": "no-name.jpg", "ModerationLabels": [{"Confidence": 99}]}',
                '{"key": "text-confidence.jpg", "ModerationLabels": [{"Name": "Violence", "Confidence": "high"}]}',
                "",
            ]
        )
    )
    # Py4JJavaError: PySpark does not translate the reader's error.
    with pytest.raises(Exception, match="Malformed records are detected"):
        responses_from_json(spark, str(path)).collect()
    kept = responses_from_json(spark, str(path), skip_bad_lines=True)
    assert [row.key for row in kept.collect()] == ["good.jpg"]


def test_string_literals_survive_any_characters(spark: SparkSession) -> None:
    values = ["plain", "it's", "back\\slash", "\\'", "${env:HOME}", "$${x}", "naïve 字 🎨", "", "line\nbreak"]
    row = (
        spark.range(1)
        .select(*(F.expr(SPARK.string_literal(value)).alias(f"v{i}") for i, value in enumerate(values)))
        .head()
    )
    assert row is not None
    assert list(row) == values


def test_double_literals_are_exact(spark: SparkSession) -> None:
    values = [0.0, 1e-05, 5e-324, 0.1 + 0.2, 33.3, 99.99999999999999, 100.0]
    row = spark.range(1).select(*(F.expr(SPARK.double_literal(value)) for value in values)).head()
    assert row is not None
    assert list(row) == values


def test_spark_module_imports_only_pyspark_and_the_standard_library() -> None:
    """So that the package ships to Glue or EMR as a plain zip, without Pulumi or compiled wheels."""
    script = (
        "import sys, a2i_moderation.tooling.spark\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'pulumi', 'pulumi_aws', 'regex', 'liquid', 'yaml', 'boto3'}))"
    )
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == "[]"
