"""See the worker task before workers do: render the registered template offline, screenshot it.

The template is rendered with python-liquid and A2I's filters, given a task input in A2I's shape for
Rekognition: the request's S3 image (a bundled sample) and the model's labels as the stack's
activation conditions would select them. The page keeps AWS's crowd-elements script (used when
online) and adds a small offline drawing of the elements, then headless Chromium takes a picture.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from liquid import Environment
from markupsafe import Markup

from ...conditions import Evaluator
from .diff import TASK_UI, activation_conditions

ASSETS = ("offline-preview.js", "offline-preview.css", "sample-image.png")
SAMPLE_IMAGE = "sample-image.png"
SAMPLE_KEY = "samples/sample-image.png"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
INSTALL_HINT = "install Chromium (Debian/Ubuntu: apt-get install -y chromium) or set A2I_CHROMIUM to a Chrome binary"

#: Sample model answers, tried in order until the stack's conditions start a loop for one.
SAMPLE_LABELS = [
    [("Violence", "", 78.41), ("Weapons", "Violence", 76.93)],
    [("Explicit", "", 72.38), ("Explicit Nudity", "Explicit", 70.81)],
    [("Visually Disturbing", "", 64.22), ("Death and Emaciation", "Visually Disturbing", 61.05)],
    [("Swimwear or Underwear", "", 91.04), ("Female Swimwear or Underwear", "Swimwear or Underwear", 90.27)],
    [("Alcohol", "", 88.12), ("Alcoholic Beverages", "Alcohol", 86.02)],
    [
        ("Drugs & Tobacco", "", 70.03),
        ("Drugs & Tobacco Paraphernalia & Use", "Drugs & Tobacco", 69.35),
        ("Smoking", "Drugs & Tobacco Paraphernalia & Use", 69.35),
    ],
]


def a2i_environment(image_url: str) -> Environment:
    """python-liquid with A2I's filters, for a local rendering (autoescaped, as A2I's output is)."""
    env = Environment(autoescape=True)
    env.filters["to_json"] = lambda value: json.dumps(value)
    # A2I's skip_autoescape marks a value as HTML on purpose: the template author asked for it.
    env.filters["skip_autoescape"] = lambda value: Markup(str(value))  # noqa: S704
    # The real filter presigns the S3 object for the worker; locally, the bundled sample stands in.
    env.filters["grant_read_access"] = lambda uri: image_url
    return env


def sample_task_input(plan: Mapping[str, Any]) -> dict[str, Any]:
    """task.input as A2I gives it to a Rekognition template (the inputContent of AWS's output.json)."""
    document = activation_conditions(plan)
    evaluator = Evaluator(document) if document else None
    chosen, decision = SAMPLE_LABELS[0], None
    for labels in SAMPLE_LABELS:
        response = {"ModerationLabels": [{"Name": n, "ParentName": p, "Confidence": c} for n, p, c in labels]}
        candidate = evaluator.explain(response, SAMPLE_KEY) if evaluator else None
        if candidate is not None and candidate.activated:
            chosen, decision = labels, candidate
            break
    selected = set(decision.labels) if decision else {name for name, _, _ in chosen}
    all_labels = [{"confidence": c, "name": n, "parentName": p} for n, p, c in chosen]
    buckets = plan["outputs"].get("inputBucketNames") or ["input-bucket"]
    return {
        "aiServiceRequest": {
            "humanLoopConfig": {
                "flowDefinitionArn": plan["outputs"].get("flowDefinitionArn", ""),
                "humanLoopName": "preview-sample",
            },
            "image": {"s3Object": {"bucket": buckets[0], "name": SAMPLE_KEY}},
        },
        "aiServiceResponse": {"moderationLabels": all_labels, "moderationModelVersion": "7.0"},
        "humanTaskActivationConditionResults": decision.results if decision else {"Conditions": []},
        "selectedAiServiceResponse": {
            "moderationLabels": [label for label in all_labels if label["name"] in selected],
            "moderationModelVersion": "7.0",
        },
    }


def render(template: str, task_input: Mapping[str, Any], image_url: str = SAMPLE_IMAGE) -> str:
    """The worker page: the rendered template inside a document that also loads the offline drawing."""
    body = a2i_environment(image_url).from_string(template).render(task={"input": task_input})
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        "<title>Worker task preview (a2i-moderation)</title>\n"
        '<link rel="stylesheet" href="offline-preview.css">\n'
        '<script src="offline-preview.js" defer></script>\n</head>\n<body>\n'
        f"{body}\n</body>\n</html>\n"
    )


def template_of(plan: Mapping[str, Any]) -> str | None:
    uis = [r for r in plan["resources"] if r["type"] == TASK_UI]
    return uis[0]["inputs"]["uiTemplate"]["content"] if len(uis) == 1 else None


def write_worker_ui(plan: Mapping[str, Any], out: Path) -> Path | None:
    """Write worker-ui.html, task-input.json and the assets into `out`; None if the stack registers no task UI."""
    template = template_of(plan)
    if template is None:
        return None
    task_input = sample_task_input(plan)
    out.mkdir(parents=True, exist_ok=True)
    for name in ASSETS:
        (out / name).write_bytes(
            resources.files("a2i_moderation.tooling.preview").joinpath("assets", name).read_bytes()
        )
    (out / "task-input.json").write_text(json.dumps(task_input, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    page = out / "worker-ui.html"
    page.write_text(render(template, task_input), encoding="utf-8")
    return page


def find_chromium() -> str | None:
    configured = os.environ.get("A2I_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    return next((found for name in CHROMIUM_NAMES if (found := shutil.which(name))), None)


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 800) -> str | None:
    """Take a picture of `page` with headless Chromium; returns a problem, or None when it worked."""
    chromium = find_chromium()
    if chromium is None:
        return f"no Chromium found: {INSTALL_HINT}"
    with tempfile.TemporaryDirectory(prefix="a2i-chromium-") as profile:
        command = [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--disable-dev-shm-usage",
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            "--virtual-time-budget=4000",
            f"--screenshot={png.resolve()}",
            page.resolve().as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return f"Chromium failed: {exc}"
    if not png.exists():
        return f"Chromium wrote no screenshot (exit {result.returncode}): {result.stderr.strip()[-400:]}"
    return None


def render_remote(client: Any, template: str, task_input: Mapping[str, Any], role_arn: str) -> tuple[str, list[str]]:
    """SageMaker's own rendering (RenderUiTemplate): (HTML, errors AWS reported)."""
    response = client.render_ui_template(
        UiTemplate={"Content": template}, Task={"Input": json.dumps(task_input)}, RoleArn=role_arn
    )
    errors = [f"{e.get('Code')}: {e.get('Message')}" for e in response.get("Errors", [])]
    return response["RenderedContent"], errors
