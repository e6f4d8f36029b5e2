"""A catalogue of bad inputs, as new users write them: every config key, input file, command option
and the Python API. Each one is refused with one message naming the setting as the user wrote it,
the bad value and what is allowed; no plan is written and no resource is registered."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, dev_stack_document, minimal_args, plan_review, plan_stack, run_cli

from a2i_moderation import ConfigError
from a2i_moderation.tooling.preview.engine import AwsMocks, RecordingMonitor

NS = "a2i-moderation:"
KMS = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

#: (config key, value or a function of the dev stack's value, start of the message)
CONFIG_CASES: list[tuple[str, Any, str]] = [
    ("aws:region", "eu-north-1", "aws:region: 'eu-north-1' is not allowed (Amazon A2I runs in"),
    ("name", "Moderation_Dev", "name: 'Moderation_Dev' is not allowed (1 to 54 lower-case letters"),
    ("name", "x" * 55, "name: '" + "x" * 55 + "' is not allowed (1 to 54"),
    ("activationConditions", {"labels": []}, "activationConditions.Conditions: needs a list of at least 1 condition"),
    ("activationConditions", {"labels": [{"name": "Violance", "above": 60}]}, "activationConditions.labels[0].name:"),
    (
        "activationConditions",
        {"labels": [{"name": "Violence", "above": 120}]},
        "activationConditions.labels[0].above: 120",
    ),
    (
        "activationConditions",
        {"labels": [{"name": "Violence"}]},
        "activationConditions.labels[0]: needs exactly one of",
    ),
    (
        "activationConditions",
        {"labels": [{"name": "*", "between": [60, 90]}]},
        "activationConditions.labels[0].between",
    ),
    (
        "activationConditions",
        {"sampling": {"percent": 0}},
        'activationConditions.sampling: {"percent": 0} is not allowed',
    ),
    ("activationConditions", {"Conditions": [{}]}, "activationConditions.Conditions[0]"),
    ("activationConditions", "not json", "activationConditions: not valid JSON"),
    ("minConfidence", 120, "minConfidence: 120 is not allowed (the MinConfidence your applications send, 0 to 100)"),
    ("minConfidence", "high", "minConfidence: 'high' is not allowed"),
    ("allowCustomLabels", "yes", "allowCustomLabels: 'yes' is not allowed (true or false)"),
    ("retainReplacedFlowDefinitions", 1, "retainReplacedFlowDefinitions: 1 is not allowed (true or false)"),
    ("humanLoop", {"taskDescription": "d"}, "humanLoop.taskTitle: required"),
    ("humanLoop", lambda h: {**h, "taskTitle": "x" * 129}, "humanLoop.taskTitle: '" + "x" * 129),
    ("humanLoop", lambda h: {**h, "taskDescription": ""}, "humanLoop.taskDescription: '' is not allowed"),
    (
        "humanLoop",
        lambda h: {**h, "taskCount": 4},
        "humanLoop.taskCount: 4 is not allowed (a whole number from 1 to 3)",
    ),
    ("humanLoop", lambda h: {**h, "taskCount": 1.5}, "humanLoop.taskCount: 1.5 is not allowed"),
    (
        "humanLoop",
        lambda h: {**h, "taskAvailabilityLifetimeSeconds": 0},
        "humanLoop.taskAvailabilityLifetimeSeconds: 0",
    ),
    ("humanLoop", lambda h: {**h, "taskTimeLimitSeconds": 29}, "humanLoop.taskTimeLimitSeconds: 29 is not allowed"),
    ("humanLoop", lambda h: {**h, "taskKeywords": []}, "humanLoop.taskKeywords: [] is not allowed (a list of 1 to 5"),
    ("humanLoop", lambda h: {**h, "taskKeywords": ["a  b"]}, "humanLoop.taskKeywords[0]: 'a  b' is not allowed"),
    ("humanLoop", lambda h: {**h, "taskKeywords": "Image"}, "humanLoop.taskKeywords: 'Image' is not allowed (a list)"),
    ("humanLoop", lambda h: {**h, "taskCont": 2}, "humanLoop: unknown field 'taskCont'"),
    ("humanLoop", "tasks", 'humanLoop: "tasks" is not allowed (an object with'),
    ("inputBuckets", [], "inputBuckets: [] is not allowed (a list of at least 1 item)"),
    ("inputBuckets", "acme-uploads", 'inputBuckets: "acme-uploads" is not allowed (a list of names'),
    ("inputBuckets", ["Acme_Uploads"], "inputBuckets[0]: 'Acme_Uploads' is not allowed (an S3 bucket name"),
    ("inputBuckets", ["ab"], "inputBuckets[0]: 'ab' is not allowed (an S3 bucket name"),
    ("inputBuckets", ["a-b", "a-b"], "inputBuckets[1]: 'a-b' is listed twice"),
    ("inputBuckets", [{"name": "a-b", "manageCors": "yes"}], 'inputBuckets[0].manageCors: "yes" is not allowed'),
    ("inputBuckets", [{"name": "a-b", "cors": True}], "inputBuckets[0]: unknown field 'cors'"),
    ("inputBuckets", [{"manageCors": True}], "inputBuckets[0].name: null is not allowed"),
    ("workteam", {}, "workteam: give exactly one of arn (an existing workteam) or create"),
    (
        "workteam",
        {"arn": "arn:aws:sagemaker:eu-west-1:123:workteam/x"},
        "workteam.arn: 'arn:aws:sagemaker:eu-west-1:123:",
    ),
    (
        "workteam",
        {"arn": "arn:aws:sagemaker:eu-west-1:394669845002:workteam/public-crowd/default"},
        "workteam.arn: 'arn:aws:sagemaker:eu-west-1:394669845002:workteam/public-crowd/default' is not allowed",
    ),
    (
        "workteam",
        {"arn": "arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t"},
        "workteam.arn: 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/t' is not allowed (an ARN",
    ),
    ("workteam", {"create": {"userPoolId": "eu-west-1_AbC123"}}, "workteam.create.userPoolId and workteam.create.us"),
    ("workteam", {"create": {"userPoolId": "no pool"}}, "workteam.create.userPoolId: 'no pool' is not allowed"),
    ("workteam", {"create": {"userGroup": "two words"}}, "workteam.create.userGroup: 'two words' is not allowed"),
    ("workteam", {"create": {"description": ""}}, "workteam.create.description: '' is not allowed"),
    ("workteam", {"create": {"notificationTopicArn": "topic"}}, "workteam.create.notificationTopicArn: 'topic'"),
    (
        "workteam",
        {"create": {"notificationTopicArn": "arn:aws:sns:eu-west-1:123456789012:t", "createNotificationTopic": True}},
        "workteam.create.notificationTopicArn brings an existing topic",
    ),
    ("workteam", {"create": {"team": "x"}}, "workteam.create: unknown field 'team'"),
    (
        "output",
        {"prefix": "/reviews/"},
        "output.prefix: '/reviews/' is not allowed (a key prefix does not start with /)",
    ),
    ("output", {"prefix": "re views/"}, "output.prefix: 're views/' is not allowed (an S3 key prefix"),
    ("output", {"bucketName": "Bad_Bucket"}, "output.bucketName: 'Bad_Bucket' is not allowed (an S3 bucket name"),
    ("output", {"kmsKeyArn": "alias/reviews"}, "output.kmsKeyArn: 'alias/reviews' is not allowed (a KMS key ARN"),
    ("output", {"kmsKeyArn": KMS.replace("eu-west-1", "us-east-1")}, "output.kmsKeyArn: 'arn:aws:kms:us-east-1:"),
    ("output", {"retainOnDestroy": "no"}, "output.retainOnDestroy: 'no' is not allowed (true or false)"),
    ("output", {"noncurrentVersionDays": 0}, "output.noncurrentVersionDays: 0 is not allowed (a whole number of at"),
    ("output", {"expireAfterDays": -1}, "output.expireAfterDays: -1 is not allowed"),
    ("output", {"bucketName": "acme-reviews", "expireAfterDays": 30}, "output.bucketName brings an existing output"),
    ("role", {"arn": "arn:aws:iam::123456789012:user/bob"}, "role.arn: 'arn:aws:iam::123456789012:user/bob' is not"),
    ("role", {"arn": "arn:aws:iam::123456789012:role/a", "confusedDeputyGuard": False}, "role.arn brings an existing"),
    ("role", {"confusedDeputyGuard": "on"}, "role.confusedDeputyGuard: 'on' is not allowed (true or false)"),
    ("taskUi", {"arn": "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/x"}, "taskUi.arn: 'arn:aws:sagemaker"),
    ("taskUi", {"template": "missing.html"}, "taskUi.template: cannot read 'missing.html'"),
    ("taskUi", {"template": 3}, "taskUi.template: 3 is not allowed (a file path)"),
    (
        "taskUi",
        {"arn": "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/x", "template": "t.html"},
        "taskUi.arn brings",
    ),
    (
        "applications",
        {"arnParameterName": "aws/moderation"},
        "applications.arnParameterName: 'aws/moderation' is not allowed (an SSM parameter name",
    ),
    (
        "applications",
        {"arnParameterName": "/a2i moderation/arn"},
        "applications.arnParameterName: '/a2i moderation/arn' is not allowed",
    ),
    (
        "applications",
        {"publishArnParameter": False, "arnParameterName": "/acme/arn"},
        "applications.arnParameterName names the flow definition ARN's parameter, but "
        "applications.publishArnParameter is false",
    ),
    ("applications", {"createCallerPolicy": "yes"}, "applications.createCallerPolicy: 'yes' is not allowed (true or"),
    ("applications", {"callerPolicy": True}, "applications: unknown field 'callerPolicy'"),
    ("results", {"createQueue": 1}, "results.createQueue: 1 is not allowed (true or false)"),
    ("results", True, "results: true is not allowed (an object with createProcessorPolicy, createQueue)"),
    ("tags", {"aws:owner": "me"}, "tags: key 'aws:owner' is not allowed"),
    ("tags", {"team": "a" * 257}, "tags.team: '" + "a" * 257 + "' is not allowed"),
    ("tags", ["team"], 'tags: ["team"] is not allowed (a map of tag keys to values)'),
    ("tags", {f"k{i}": "v" for i in range(50)}, "tags: '50 tags' is not allowed (at most 49"),
    ("minConfidance", 70, "unknown config key a2i-moderation:minConfidance (known: activationConditions,"),
    ("tag", {"team": "x"}, "unknown config key a2i-moderation:tag (known: activationConditions,"),
]


def stack_with(key: str, value: Any) -> dict[str, Any]:
    document = dev_stack_document()
    config = document["config"]
    full = key if ":" in key else NS + key
    config[full] = value(copy.deepcopy(config.get(full))) if callable(value) else value
    return document


@pytest.mark.parametrize(
    ("key", "value", "message"), CONFIG_CASES, ids=[f"{k}-{i}" for i, (k, _, _) in enumerate(CONFIG_CASES)]
)
def test_bad_config_stops_the_stack_program_before_any_resource(tmp_path, key, value, message):
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(ConfigError) as raised:
        plan_stack(stack_with(key, value), tmp_path, monitor=monitor)
    assert str(raised.value).startswith(message)
    assert monitor.registrations == []


#: (argument, value, start of the message) for ImageModerationReview from Python.
PYTHON_CASES: list[tuple[str, Any, str]] = [
    ("task_count", 0, "task_count: 0 is not allowed (a whole number from 1 to 3)"),
    ("task_title", "", "task_title: '' is not allowed (text of 1 to 128 characters)"),
    ("input_bucket_names", ["UPPER"], "input_bucket_names[0]: 'UPPER' is not allowed (an S3 bucket name"),
    ("cors_bucket_names", ["other"], 'cors_bucket_names: ["other"] is not allowed (only input buckets'),
    ("activation_conditions", {"labels": [{"name": "Violence", "below": -1}]}, "activation_conditions.labels[0].below"),
    ("min_confidence", True, "min_confidence: true is not allowed"),
    ("task_template", "<p>no form</p>", "task_template: the template has no <crowd-form> element"),
    ("task_template", "{{ x | nope }}<crowd-form>", "task_template: unknown Liquid filter 'nope'"),
    ("flow_definition_name_prefix", "-x", "flow_definition_name_prefix: '-x' is not allowed"),
    ("arn_parameter_name", "ssm-moderation", "arn_parameter_name: 'ssm-moderation' is not allowed (an SSM parameter"),
    ("create_results_queue", "yes", "create_results_queue: 'yes' is not allowed (true or false)"),
    ("task_cout", 2, "unknown setting task_cout (known:"),
]


@pytest.mark.parametrize(("arg", "value", "message"), PYTHON_CASES, ids=[c[0] for c in PYTHON_CASES])
def test_bad_argument_from_python_registers_nothing(arg, value, message):
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(ConfigError) as raised:
        plan_review(minimal_args(**{arg: value}), monitor=monitor)
    assert str(raised.value).startswith(message)
    assert monitor.registrations == []


def write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


#: (command line, with {tmp} for a folder of the test's own; start of the error message)
CLI_CASES: list[tuple[list[str], str]] = [
    (["preview", "--stack", "nope"], "--stack: 'nope' has no Pulumi.nope.yaml (stacks here:"),
    (["preview", "--baseline", "{tmp}/missing.json"], "--baseline: {tmp}/missing.json is not a readable plan.json"),
    (
        ["preview", "--baseline", "{tmp}/list.json"],
        "--baseline: {tmp}/list.json is not a plan.json (no resources list)",
    ),
    (["preview", "--project-dir", "/"], "no Pulumi.yaml in / or above it"),
    (["simulate", "--stack", "dev", "--responses", "{tmp}/none.jsonl"], "--responses: {tmp}/none.jsonl is not a file"),
    (["simulate", "--stack", "dev", "--responses", "{tmp}/bad.jsonl"], "line 1: not JSON"),
    (["simulate", "--stack", "dev", "--responses", "{tmp}/nolabels.jsonl"], "line 1: has no ModerationLabels list"),
    (
        ["simulate", "--stack", "dev", "--responses", "examples/responses.jsonl", "--min-confidence", "101"],
        "--min-confidence: 101 is not allowed (0 to 100)",
    ),
    (
        ["simulate", "--stack", "dev", "--responses", "examples/responses.jsonl", "--plot", "{tmp}/out.txt"],
        "--plot: {tmp}/out.txt is not allowed (a .png, .svg or .pdf file)",
    ),
    (
        ["simulate", "--stack", "dev", "--responses", "examples/responses.jsonl", "--decisions", "{tmp}/no/d.jsonl"],
        "--decisions: {tmp}/no/d.jsonl is not allowed (its folder {tmp}/no does not exist)",
    ),
    (["simulate", "--conditions", "{tmp}/none.json", "--responses", "examples/responses.jsonl"], "--conditions:"),
    (
        ["simulate", "--conditions", "{tmp}/bad.yaml", "--responses", "examples/responses.jsonl"],
        "{tmp}/bad.yaml: neither",
    ),
    (
        ["simulate", "--conditions", "{tmp}/unknown.json", "--responses", "examples/responses.jsonl"],
        "{tmp}/unknown.json.",
    ),
]


@pytest.mark.parametrize(("argv", "message"), CLI_CASES, ids=[" ".join(c[0][:2] + c[0][-1:]) for c in CLI_CASES])
def test_bad_command_line_exits_2_with_one_message_and_no_plan(tmp_path, argv, message):
    write(tmp_path / "list.json", "[]")
    write(tmp_path / "bad.jsonl", "{not json\n")
    write(tmp_path / "nolabels.jsonl", json.dumps({"Labels": []}) + "\n")
    write(tmp_path / "bad.yaml", "labels: [unclosed\n")
    write(tmp_path / "unknown.json", json.dumps({"labels": [{"name": "Violance", "above": 50}]}))
    out = tmp_path / "out"
    args = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    if args[0] == "preview":
        args += ["--out", str(out), "--no-ui"]
    result = run_cli(*args, cwd=ROOT)
    assert result.code == 2
    (line,) = result.stderr.splitlines()[-1:]
    assert line.startswith("error: " + message.replace("{tmp}", str(tmp_path)))
    assert [e for e in result.stderr.splitlines() if e.startswith("error: ")] == [line]
    assert "Traceback" not in result.stderr
    assert not (out / "plan.json").exists()


def test_stack_file_that_is_not_a_mapping_exits_2(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "__main__.py"):
        (project / name).write_text((ROOT / name).read_text())
    (project / "Pulumi.dev.yaml").write_text("- a\n- b\n")
    result = run_cli("preview", "--no-ui", cwd=project)
    assert result.code == 2
    assert (
        result.stderr
        == "error: Pulumi.dev.yaml: not a stack file (a YAML mapping whose config: is a mapping of keys)\n"
    )


def test_failed_preview_leaves_no_earlier_plan_behind(tmp_path):
    out = tmp_path / "out"
    assert run_cli("preview", "--no-ui", "--out", str(out)).code == 0
    assert (out / "plan.json").exists()
    assert run_cli("preview", "--no-ui", "--out", str(out), "--stack", "nope").code == 2
    assert not (out / "plan.json").exists()
    assert not (out / "summary.md").exists()


def test_unknown_name_in_a_friendly_range_is_named_once_by_its_rule(tmp_path):
    with pytest.raises(ConfigError) as raised:
        plan_stack(
            stack_with("activationConditions", {"labels": [{"name": "Violance", "between": [50, 90]}]}), tmp_path
        )
    (line,) = str(raised.value).splitlines()
    assert line.startswith("activationConditions.labels[0].name: 'Violance' is not a Rekognition moderation label")


def test_catalogue_tries_at_least_sixty_bad_inputs():
    assert len(CONFIG_CASES) + len(PYTHON_CASES) + len(CLI_CASES) + 2 >= 60


def test_responses_from_standard_input(monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO((ROOT / "examples" / "responses.jsonl").read_text()))
    result = run_cli("simulate", "--stack", "dev", "--responses", "-")
    assert result.code == 0
    assert result.stdout.startswith("Responses evaluated: 3,000\nHuman loops started: 125 (4.17%)")
