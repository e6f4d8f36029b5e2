"""What if these activation conditions had been live? A Spark job over recorded DetectModerationLabels
responses: how many human loops, by condition and by label, and optionally every decision.

    spark-submit --py-files a2i_moderation.zip examples/spark/moderation_whatif.py \\
        --responses s3://acme-moderation/responses/ --conditions s3://acme-moderation/conditions.json \\
        --output s3://acme-moderation/whatif/2026-11/

Runs as an AWS Glue 5 job or an EMR 7 step as it is (see the README's "Simulate on Spark"). The
decisions are the same as `a2i-moderation simulate`'s, and so is the printed summary.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from a2i_moderation.conditions import DEFAULT_MIN_CONFIDENCE, check_label_names, lint, to_document
from a2i_moderation.conditions.evaluate import DEFAULT_SEED
from a2i_moderation.errors import ConfigError
from a2i_moderation.tooling.simulate import load_conditions_file
from a2i_moderation.tooling.spark import decisions, responses_from_json, summary

FORMATS = ("parquet", "json")
WRITE_MODES = ("errorifexists", "overwrite")


def parser() -> argparse.ArgumentParser:
    # Every option takes a value: Glue passes job parameters as `--name value` pairs, and adds
    # its own (--JOB_NAME, --TempDir, ...), which are ignored.
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], allow_abbrev=False)
    options.add_argument(
        "--responses",
        required=True,
        help='JSON lines, one DetectModerationLabels response with its "key" per line: files or folders '
        "(read recursively), local or s3://, gzip allowed; several separated by commas",
    )
    options.add_argument(
        "--conditions",
        required=True,
        help="the activation conditions, AWS's document or the friendly form: a file (local or s3://; JSON, "
        "or YAML where PyYAML is installed) or the JSON itself",
    )
    options.add_argument("--min-confidence", type=float, default=DEFAULT_MIN_CONFIDENCE, help="default: %(default)g")
    options.add_argument("--seed", default=DEFAULT_SEED, help="the sampling draw's seed (default: %(default)s)")
    options.add_argument("--output", help="where to write one decision per response (a folder, local or s3://)")
    options.add_argument("--output-format", choices=FORMATS, default=FORMATS[0], help="default: %(default)s")
    options.add_argument("--write-mode", choices=WRITE_MODES, default=WRITE_MODES[0], help="default: %(default)s")
    return options


def read_conditions(spark: SparkSession, value: str) -> Any:
    """The conditions as written: inline JSON, a local file, or anything Spark reads (s3://...)."""
    if value.lstrip().startswith("{"):
        text = value
    elif Path(value).is_file():
        text = Path(value).read_text(encoding="utf-8")
    else:
        row = spark.read.text(value, wholetext=True).head()
        if row is None:
            raise ConfigError(f"--conditions: {value} is empty")
        text = row[0]
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        return load_conditions_file(text, value)


def main(argv: list[str] | None = None) -> int:
    options, _glue_arguments = parser().parse_known_args(argv)
    spark = SparkSession.builder.appName("a2i-moderation-whatif").getOrCreate()
    try:
        document = to_document(read_conditions(spark, options.conditions))
        if not 0 <= options.min_confidence <= 100:
            raise ConfigError(f"--min-confidence: {options.min_confidence:g} is not allowed (0 to 100)")
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    # Unknown label names are only warned about here: custom labels are allowed in a what-if.
    for finding in check_label_names(document, allow_custom_labels=False) + lint(document, options.min_confidence):
        print(f"warning: --conditions.{finding}", file=sys.stderr)
    responses = responses_from_json(spark, options.responses.split(","))
    decided = decisions(responses, document, seed=options.seed, min_confidence=options.min_confidence)
    if options.output:
        decided = decided.persist()  # written and counted from one read of the responses
        decided.write.mode(options.write_mode).format(options.output_format).save(options.output)
    print(summary(decided, document).report(None, 0.0))
    if options.output:
        print(f"\nDecisions written to {options.output}")
        decided.unpersist()
    return 0


if __name__ == "__main__":
    sys.exit(main())
