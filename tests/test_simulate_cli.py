"""`a2i-moderation simulate` on the shipped sample responses: in-process through cli.main, and end to end as
the installed console script."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import boto3
from botocore.stub import Stubber
from conftest import ROOT, Result, run_cli, run_console_script

SAMPLE = ROOT / "examples" / "responses.jsonl"


def simulate(*args: str) -> Result:
    return run_cli("simulate", *args)


def test_dev_stack_report_gives_rate_counts_and_monthly_cost():
    """End to end: the installed console script."""
    estimate = ["--volume-per-month", "1000000", "--price-per-review", "0.08"]
    result = run_console_script("simulate", "--stack", "dev", "--responses", SAMPLE, *estimate)
    assert result.code == 0, result.stderr
    assert "Responses evaluated: 3,000" in result.stdout
    assert "Human loops started: 125 (4.17%)" in result.stdout
    assert "  Conditions[0]        59    1.97%  Explicit between 50% and 95%" in result.stdout
    assert "  Conditions[3]        31    1.03%  1% random sample" in result.stdout
    assert (
        "At 1,000,000 images a month: about 41,667 human reviews a month, 3,333.33 USD at 0.08 USD per reviewed image"
        in result.stdout
    )


def test_decisions_file_has_one_line_per_response(tmp_path):
    out = tmp_path / "decisions.jsonl"
    assert simulate("--stack", "dev", "--responses", str(SAMPLE), "--decisions", str(out)).code == 0
    decisions = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(decisions) == 3000
    assert sum(d["activated"] for d in decisions) == 125
    first = decisions[0]
    assert first["key"] == "uploads/2026/11/00000.jpg"
    assert set(first) == {"key", "activated", "fired", "labels", "results"}
    assert set(first["results"]["Conditions"][0]) == {"EvaluationResult", "And"}


def test_conditions_file_in_friendly_yaml_and_keys_from_line_numbers(tmp_path):
    conditions = tmp_path / "conditions.yaml"
    conditions.write_text("labels:\n  - {name: Violence, above: 50}\n")
    responses = tmp_path / "responses.jsonl"
    responses.write_text(
        json.dumps({"ModerationLabels": [{"Name": "Violence", "Confidence": 70}]})
        + "\n"
        + json.dumps({"ModerationLabels": []})
        + "\n"
    )
    decisions = tmp_path / "decisions.jsonl"
    result = simulate("--conditions", str(conditions), "--responses", str(responses), "--decisions", str(decisions))
    assert result.code == 0, result.stderr
    assert [(d["key"], d["activated"]) for d in map(json.loads, decisions.read_text().splitlines())] == [
        ("1", True),
        ("2", False),
    ]


def test_labels_under_min_confidence_are_dropped_as_rekognition_would(tmp_path):
    conditions = tmp_path / "conditions.json"
    conditions.write_text(json.dumps({"labels": [{"name": "*", "below": 70}]}))
    responses = tmp_path / "responses.jsonl"
    responses.write_text(json.dumps({"ModerationLabels": [{"Name": "Alcohol", "Confidence": 55}]}) + "\n")
    assert (
        "Human loops started: 1 (100.00%)"
        in simulate("--conditions", str(conditions), "--responses", str(responses)).stdout
    )
    result = simulate("--conditions", str(conditions), "--responses", str(responses), "--min-confidence", "60")
    assert "Human loops started: 0 (0.00%)" in result.stdout


def test_malformed_line_is_named_and_stops_the_run(tmp_path):
    responses = tmp_path / "responses.jsonl"
    responses.write_text('{"ModerationLabels": []}\n{"ModerationLabels": []}\n{"ModerationLabels": [\n')
    result = simulate("--stack", "dev", "--responses", str(responses))
    assert result.code == 2
    assert "error: line 3: not JSON (" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_lines_can_be_skipped_and_counted(tmp_path):
    responses = tmp_path / "responses.jsonl"
    responses.write_text('{"ModerationLabels": []}\nnot json\n{"Labels": []}\n{"ModerationLabels": [{"Name": 3}]}\n')
    result = simulate("--stack", "dev", "--responses", str(responses), "--skip-bad-lines")
    assert result.code == 0, result.stderr
    assert "Responses evaluated: 1 (3 bad lines skipped)" in result.stdout


def test_lints_are_shown_before_the_report(tmp_path):
    conditions = tmp_path / "conditions.yaml"
    conditions.write_text("labels:\n  - {name: Violence, below: 40}\n")
    result = simulate("--conditions", str(conditions), "--responses", str(SAMPLE))
    assert "warning: activationConditions.Conditions[0]: never fires" in result.stderr


def test_unknown_label_in_conditions_file_exits_2(tmp_path):
    conditions = tmp_path / "conditions.yaml"
    conditions.write_text("labels:\n  - {name: Violance, above: 40}\n")
    result = simulate("--conditions", str(conditions), "--responses", str(SAMPLE))
    assert result.code == 2
    assert "Did you mean 'Violence'" in result.stderr


def test_plot_draws_a_curve_per_threshold(tmp_path):
    import matplotlib.image

    responses = tmp_path / "responses.jsonl"  # a tenth of the sample: still a curve per threshold
    responses.write_text("".join(SAMPLE.read_text().splitlines(keepends=True)[:300]))
    out = tmp_path / "thresholds.png"
    result = simulate("--stack", "dev", "--responses", str(responses), "--plot", str(out))
    assert result.code == 0, result.stderr
    assert "Plot of 5 threshold(s) written to" in result.stdout
    pixels = matplotlib.image.imread(str(out))
    assert pixels.shape[0] > 400
    assert pixels.shape[1] > 800
    drawn = (pixels[:, :, :3].mean(axis=2) < 0.9).mean()
    assert drawn > 0.02  # lines, text and the MinConfidence band, not a blank canvas


def test_plot_is_drawn_by_a_spawned_worker_when_the_calling_program_runs_threads(tmp_path):
    """Forking a process that runs threads can deadlock the child: then the worker is spawned."""
    import threading

    stop = threading.Event()
    running = threading.Thread(target=stop.wait, daemon=True)
    running.start()
    try:
        out = tmp_path / "thresholds.png"
        result = simulate("--stack", "dev", "--responses", str(SAMPLE), "--engine", "python", "--plot", str(out))
    finally:
        stop.set()
    assert result.code == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


def test_plot_worker_raises_the_drawing_error_in_the_command(tmp_path):
    import pytest

    from a2i_moderation.tooling.cli import _Plotter

    document = {
        "Conditions": [
            {
                "ConditionType": "ModerationLabelConfidenceCheck",
                "ConditionParameters": {"ModerationLabelName": "Violence", "ConfidenceGreaterThan": 50},
            }
        ]
    }
    with _Plotter() as plotter, pytest.raises(KeyError, match="Conditions\\[0\\]"):
        plotter.draw(document, {}, tmp_path / "rates.png", 50.0, "no responses")  # no curve for the check
    assert not (tmp_path / "rates.png").exists()
    assert plotter.process.exitcode == 0


def test_plot_worker_not_asked_to_draw_is_stopped_on_leaving():
    from a2i_moderation.tooling.cli import _Plotter

    with _Plotter() as plotter:
        pass
    assert not plotter.process.is_alive()


def test_sample_file_is_what_the_generator_writes(tmp_path):
    out = tmp_path / "responses.jsonl"
    subprocess.run(
        [sys.executable, str(ROOT / "examples" / "generate_responses.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == SAMPLE.read_bytes()


def test_sample_responses_fit_rekognition_model():
    rekognition = boto3.client("rekognition", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    lines = [json.loads(line) for line in SAMPLE.read_text().splitlines()]
    flagged = [line for line in lines if line["ModerationLabels"]][:50]
    with Stubber(rekognition) as stub:
        for line in flagged:
            line.pop("key")
            stub.add_response("detect_moderation_labels", line)  # the Stubber validates the response shape
            rekognition.detect_moderation_labels(Image={"S3Object": {"Bucket": "b-1", "Name": "k"}})
    assert len(flagged) == 50
    assert {label["TaxonomyLevel"] for line in flagged for label in line["ModerationLabels"]} == {1, 2, 3}


def test_gzip_responses_give_the_same_report_with_either_engine(tmp_path):
    gzipped = tmp_path / "responses.jsonl.gz"
    gzipped.write_bytes(gzip.compress(SAMPLE.read_bytes()))
    plain = simulate("--stack", "dev", "--responses", SAMPLE, "--engine", "python")
    for engine in ("python", "duckdb", "auto"):
        result = simulate("--stack", "dev", "--responses", gzipped, "--engine", engine)
        assert result.code == 0, result.stderr
        assert result.stdout == plain.stdout


def test_responses_that_are_not_text_exit_2_with_one_message(tmp_path):
    binary = tmp_path / "responses.jsonl"
    binary.write_bytes(b'{"key": "a", "ModerationLabels": []}\n\xff\xfe\x00 not text\n')
    result = simulate("--stack", "dev", "--responses", binary, "--engine", "python")
    assert result.code == 2
    assert result.stderr == f"error: --responses: {binary} is not UTF-8 text, nor gzip of it (invalid start byte)\n"
