"""Shared helpers: run components or the real stack program under Pulumi's mock engine, run the
`a2i-moderation` command in-process (or, for the few end-to-end tests, as the installed console
script), and find Chromium for the screenshot tests."""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import io
import json
import os
import runpy
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pulumi
import pytest
import yaml

from a2i_moderation import ImageModerationReview, ImageModerationReviewArgs
from a2i_moderation.tooling.preview.engine import Plan, RecordingMonitor, run_program
from a2i_moderation.tooling.preview.stack import load_stack

ROOT = Path(__file__).resolve().parents[1]
REGION = "eu-west-1"

LOW_CONFIDENCE_ANY_LABEL = {
    "Conditions": [
        {
            "ConditionType": "ModerationLabelConfidenceCheck",
            "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceLessThan": 60},
        }
    ]
}


def load_example(path: str) -> ModuleType:
    """A program of examples/ as a module (its `main` and helpers, without running it as a script)."""
    spec = importlib.util.spec_from_file_location(Path(path).stem, ROOT / "examples" / path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def minimal_args(**overrides: Any) -> dict[str, Any]:
    """The fewest settings an ImageModerationReview needs."""
    args: dict[str, Any] = {
        "activation_conditions": copy.deepcopy(LOW_CONFIDENCE_ANY_LABEL),
        "task_title": "Review an image",
        "task_description": "Confirm the moderation labels",
        "input_bucket_names": ["acme-uploads"],
    }
    args.update(overrides)
    return args


def plan_review(
    args: dict[str, Any], name: str = "moderation", monitor: RecordingMonitor | None = None, stack: str = "test"
) -> Plan:
    """Run one ImageModerationReview under the mock engine and return what it registered."""

    def program() -> None:
        # Tests pass plain dicts on purpose, bad values included: validation is what they test.
        review = ImageModerationReview(name, cast("ImageModerationReviewArgs", args))
        for output in (
            "flow_definition_arn",
            "flow_definition_name",
            "output_s3_uri",
            "output_bucket_name",
            "role_arn",
            "human_task_ui_arn",
            "workteam_arn",
            "kms_key_arn",
            "arn_parameter_name",
            "arn_parameter_arn",
            "caller_policy_arn",
            "processor_policy_arn",
            "results_queue_url",
            "results_queue_arn",
            "results_dead_letter_queue_arn",
            "results_rule_arn",
        ):
            pulumi.export(output, getattr(review, output))

    return run_program(program, project="a2i-moderation", stack=stack, config={"aws:region": REGION}, monitor=monitor)


def dev_stack_document() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())


def plan_stack(
    document: dict[str, Any] | None = None, tmp_path: Path | None = None, monitor: RecordingMonitor | None = None
) -> Plan:
    """Run the repository's real __main__.py with a stack file (the dev stack unless given)."""
    if document is None:
        stack = load_stack(ROOT, "dev")
    else:
        assert tmp_path is not None
        for name in ("Pulumi.yaml", "__main__.py"):
            (tmp_path / name).write_text((ROOT / name).read_text())
        (tmp_path / "templates").mkdir(exist_ok=True)
        for template in (ROOT / "templates").glob("*.html"):
            (tmp_path / "templates" / template.name).write_text(template.read_text())
        (tmp_path / "Pulumi.test.yaml").write_text(yaml.safe_dump(document))
        stack = load_stack(tmp_path, "test")
    return run_program(
        lambda: runpy.run_path(str(stack.project_dir), run_name="__main__"),
        project=stack.project,
        stack=stack.stack,
        config=stack.config,
        monitor=monitor,
    )


def label_check(name: str, comparison: str, value: float) -> dict[str, Any]:
    """A ModerationLabelConfidenceCheck condition, as AWS's document spells it."""
    return {
        "ConditionType": "ModerationLabelConfidenceCheck",
        "ConditionParameters": {"ModerationLabelName": name, comparison: value},
    }


def sampling(percent: float) -> dict[str, Any]:
    """A Sampling condition, as AWS's document spells it."""
    return {"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": percent}}


def policy(resource: dict[str, Any], field: str = "policy") -> dict[str, Any]:
    return json.loads(resource["inputs"][field])


@pytest.fixture
def offline_aws(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """boto3 sees placeholder credentials in eu-west-1 and no profile: for tests with Stubber or moto."""
    for name, value in {
        "AWS_DEFAULT_REGION": REGION,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_SESSION_TOKEN": "testing",
        "AWS_CONFIG_FILE": str(tmp_path / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "no-credentials"),
    }.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)


@pytest.fixture(scope="session")
def moto_server() -> Iterator[str]:
    """A moto server on 127.0.0.1 (a real HTTP endpoint, as AWS is to boto3): its URL."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def aws_endpoint(moto_server: str, offline_aws: None, monkeypatch: pytest.MonkeyPatch) -> str:
    """boto3 reaches the moto server through AWS_ENDPOINT_URL, exactly as a command run by a user
    would reach AWS (placeholder credentials, eu-west-1); the server starts empty for each test."""
    import urllib.request

    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server)
    urllib.request.urlopen(urllib.request.Request(f"{moto_server}/moto-api/reset", method="POST")).close()
    return moto_server


@pytest.fixture(scope="session")
def default_plan() -> Plan:
    return plan_review(minimal_args())


@pytest.fixture(scope="session")
def dev_plan() -> Plan:
    return plan_stack()


# --- the `a2i-moderation` command ------------------------------------------------------------------

#: The installed console script, for the end-to-end tests.
CONSOLE_SCRIPT = str(Path(sys.executable).parent / "a2i-moderation")
#: Point find_chromium() at a missing binary: the worker UI is still rendered, no Chromium starts.
NO_CHROMIUM = {"A2I_CHROMIUM": str(ROOT / "tests" / "no-such-chromium")}
CHROMIUM_MISSING = "no Chromium found: install chromium or set A2I_CHROMIUM"


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str | Path, cwd: Path | None = None, env: Mapping[str, str | None] | None = None) -> Result:
    """`a2i-moderation *args` in this process: cli.main with stdout and stderr captured, run from `cwd`
    (the repository unless given) with `env` changes (None unsets), all undone afterwards, as are the
    project directory preview puts on sys.path and any module imported from there."""
    from a2i_moderation.tooling.cli import main

    path, modules = list(sys.path), set(sys.modules)
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (env or {}).items():
            if value is None:
                patch.delenv(name, raising=False)
            else:
                patch.setenv(name, value)
        patch.chdir(cwd or ROOT)
        try:
            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                code = main([str(arg) for arg in args])
        except SystemExit as exc:  # argparse: a usage error, --help or --version
            code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
        finally:
            added = [Path(entry) for entry in sys.path if entry not in path]
            sys.path[:] = path
            for name in set(sys.modules) - modules:
                file = getattr(sys.modules[name], "__file__", None)
                if file and any(Path(file).is_relative_to(directory) for directory in added):
                    del sys.modules[name]
    return Result(code, stdout.getvalue(), stderr.getvalue())


def run_console_script(*args: str | Path, cwd: Path = ROOT, env: Mapping[str, str] | None = None) -> Result:
    """`a2i-moderation *args` as a user or CI runs it: the installed command in a new process."""
    completed = subprocess.run(
        [CONSOLE_SCRIPT, *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )
    return Result(completed.returncode, completed.stdout, completed.stderr)


@dataclass(frozen=True)
class Card:
    """A preview's output directory and what the command printed."""

    out: Path
    result: Result


class ConsolePreview:
    """`a2i-moderation preview --stack dev --out DIR` as the installed command, started in the background."""

    def __init__(self, env: Mapping[str, str]):
        self.out = Path(tempfile.mkdtemp(prefix="a2i-console-preview-"))
        command = [CONSOLE_SCRIPT, "preview", "--stack", "dev", "--out", str(self.out)]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **env}
        )

    def card(self) -> Card:
        stdout, stderr = self.process.communicate(timeout=300)
        return Card(self.out, Result(self.process.returncode, stdout, stderr))

    def discard(self) -> None:
        """Stop it if no test waited for it (a run stopped early), and remove its output."""
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.out, ignore_errors=True)


def find_chromium() -> str | None:
    from a2i_moderation.tooling.preview.worker_ui import find_chromium

    return find_chromium()


def console_preview_env(name: str) -> Mapping[str, str] | None:
    """The environment of the end-to-end preview the fixture `name` reads; None if it cannot run here."""
    if name == "console_dev_preview":
        return NO_CHROMIUM
    found = find_chromium()  # screenshot_card
    return {"A2I_CHROMIUM": found} if found else None


#: The end-to-end previews, each started once: as soon as the tests are collected if a collected test
#: needs it, so that it runs on another core while the in-process tests go on.
_started: dict[str, ConsolePreview] = {}


def _console_preview(name: str) -> ConsolePreview:
    if name not in _started:
        env = console_preview_env(name)
        assert env is not None, f"{name} cannot run here"
        _started[name] = ConsolePreview(env)
    return _started[name]


def pytest_collection_finish(session: pytest.Session) -> None:
    if session.config.option.collectonly:
        return
    needed = {name for item in session.items for name in getattr(item, "fixturenames", ())}
    for name in ("console_dev_preview", "screenshot_card"):
        if name in needed and console_preview_env(name) is not None:
            _console_preview(name)


def pytest_sessionfinish(session: pytest.Session) -> None:
    while _started:
        _started.popitem()[1].discard()


@pytest.fixture(scope="session")
def console_dev_preview() -> Card:
    """End to end: the console script's preview of the dev stack (worker UI rendered, no Chromium). Only read."""
    return _console_preview("console_dev_preview").card()


@pytest.fixture(scope="session")
def chromium() -> str:
    """The Chromium binary the screenshot is taken with; the test is skipped when there is none."""
    found = find_chromium()
    if found is None:
        pytest.skip(CHROMIUM_MISSING)
    return found


@pytest.fixture(scope="session")
def screenshot_card(chromium: str) -> Path:
    """End to end: the console script's preview of the dev stack with the worker UI's screenshot taken by
    Chromium (skipped without one). Only read."""
    card = _console_preview("screenshot_card").card()
    assert card.result.code == 0, card.result.stderr
    assert f"Screenshot of the worker task: {card.out / 'worker-ui.png'}" in card.result.stderr
    return card.out
