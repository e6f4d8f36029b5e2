"""The pull-request review card: summary.md, the comparison with a baseline, and the worker UI."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path

import boto3
import pytest
import yaml
from botocore.stub import Stubber
from conftest import NO_CHROMIUM, ROOT, Result, run_cli

from a2i_moderation.tooling.preview.diff import compare
from a2i_moderation.tooling.preview.summary import render_summary
from a2i_moderation.tooling.preview.worker_ui import INSTALL_HINT, render_remote, sample_task_input, template_of


def project(tmp_path: Path, name: str = "project", **config_changes) -> Path:
    directory = tmp_path / name
    directory.mkdir()
    for file in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(ROOT / file, directory / file)
    shutil.copytree(ROOT / "templates", directory / "templates")
    stack = yaml.safe_load((ROOT / "Pulumi.dev.yaml").read_text())
    for key, value in config_changes.items():
        stack["config"][f"a2i-moderation:{key}"] = value
    (directory / "Pulumi.dev.yaml").write_text(yaml.safe_dump(stack))
    return directory


def preview(directory: Path, out: Path, *args: str, env: Mapping[str, str | None] | None = None) -> Result:
    return run_cli("preview", "--out", out, *args, cwd=directory, env=env)


@pytest.fixture(scope="module")
def dev_card(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The dev stack's card with the worker UI rendered but no Chromium started (no screenshot): only read."""
    out = tmp_path_factory.mktemp("dev-card")
    result = preview(ROOT, out, env=NO_CHROMIUM)
    assert result.code == 0, result.stderr
    return out


def test_summary_names_stack_region_and_placeholder_account(dev_card):
    summary = (dev_card / "summary.md").read_text()
    assert summary.startswith("<!-- a2i-moderation preview -->\n# A2I human review: `a2i-moderation/dev`\n")
    assert (
        "Region **eu-west-1**, account `123456789012` (a placeholder: the offline preview uses no AWS account)"
        in summary
    )


def test_summary_says_when_a_loop_starts_in_plain_words(dev_card):
    summary = (dev_card / "summary.md").read_text()
    assert (
        "1. Explicit between 50% and 95%\n2. Violence between 60% and 90%\n3. Visually Disturbing "
        "below 80%\n4. 1% random sample\n" in summary
    )


def test_summary_says_who_reviews_and_where_answers_go_for_how_long(dev_card):
    summary = (dev_card / "summary.md").read_text()
    assert (
        "- **Reviewers:** workteam "
        "`arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/moderation-dev-team-" in summary
    )
    assert "Cognito group `moderation-dev-reviewers`" in summary
    assert (
        "- **Answers:** `s3://moderation-output-bucket-9889e80/reviews/<flow definition "
        "name>/YYYY/MM/DD/hh/mm/ss/<loop>/output.json`" in summary
    )
    assert "- **Encryption:** KMS key `arn:aws:kms:eu-west-1:123456789012:key/" in summary
    assert (
        "- **Kept:** answers are kept until someone deletes them; overwritten or deleted versions are kept 90 days; "
        "the bucket and its key survive `pulumi destroy`"
    ) in summary
    assert "input bucket acme-dev-partner-images is not managed here" in summary


def test_summary_table_shows_encryption_retention_task_count_and_lifetime(dev_card):
    rows = [line for line in (dev_card / "summary.md").read_text().splitlines() if line.startswith("| ")]
    assert "| Component | Type | Name | Settings that matter |" in rows
    assert any(
        "`BucketServerSideEncryptionConfiguration`" in r and "aws:kms with" in r and "**retained on delete**" in r
        for r in rows
    )
    assert any(
        "`FlowDefinition`" in r and "1 worker(s) per image, available 86400 s, 600 s per task" in r for r in rows
    )
    assert any(r.startswith("| ReviewKey moderation-kms | `Key` |") and "rotation on" in r for r in rows)


def test_summary_draws_the_flow_in_mermaid_with_its_resources(dev_card):
    summary = (dev_card / "summary.md").read_text()
    block = summary[summary.index("```mermaid") : summary.index("```", summary.index("```mermaid") + 3)]
    for step in (
        'app["Application"]',
        'rek["Amazon Rekognition"]',
        "FlowDefinition moderation-flow-definition",
        "HumanTaskUI moderation-task-ui-template",
        "Workteam moderation-workteam-team",
        "Bucket moderation-output-bucket",
    ):
        assert step in block


def test_summary_links_the_worker_ui_screenshot(screenshot_card):
    assert "![The worker task, rendered offline](worker-ui.png)" in (screenshot_card / "summary.md").read_text()


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: dict[str, list[dict[str, str]]] = {}

    def handle_starttag(self, tag, attrs):
        self.found.setdefault(tag, []).append(dict(attrs))


def test_worker_ui_html_carries_the_rendered_attributes(dev_card):
    parser = _Elements()
    parser.feed((dev_card / "worker-ui.html").read_text())
    (element,) = parser.found["crowd-rekognition-detect-moderation-labels"]
    # Workers get each category's name and parent only, never the model's confidence.
    assert json.loads(element["categories"]) == [{"name": "Violence", "parentName": ""}]
    assert element["src"] == "sample-image.png"
    assert json.loads(element["exclusion-category"]) == {"text": "None of these apply"}
    assert len(parser.found["crowd-form"]) == 1
    scripts = [s.get("src") for s in parser.found["script"]]
    assert scripts == ["offline-preview.js", "https://assets.crowd.aws/crowd-html-elements.js"]
    assert (dev_card / "sample-image.png").stat().st_size > 10_000


def test_task_input_has_a2is_shape_for_rekognition(dev_card):
    task = json.loads((dev_card / "task-input.json").read_text())
    assert task["aiServiceRequest"]["image"]["s3Object"] == {
        "bucket": "acme-dev-user-uploads",
        "name": "samples/sample-image.png",
    }
    assert task["aiServiceRequest"]["humanLoopConfig"]["flowDefinitionArn"].startswith("arn:aws:sagemaker:eu-west-1:")
    assert [label["name"] for label in task["aiServiceResponse"]["moderationLabels"]] == ["Violence", "Weapons"]
    assert [label["name"] for label in task["selectedAiServiceResponse"]["moderationLabels"]] == ["Violence"]
    assert task["humanTaskActivationConditionResults"]["Conditions"][1]["EvaluationResult"] is True


def test_worker_ui_screenshot_shows_the_drawn_task(screenshot_card):
    import matplotlib.image

    pixels = matplotlib.image.imread(str(screenshot_card / "worker-ui.png"))[:, :, :3]
    assert pixels.shape[:2] == (800, 1280)
    assert pixels.std() > 0.1  # not a blank page
    dark_header = pixels[:40, :600].mean()
    assert dark_header < 0.35  # the drawn tool's header bar
    badge = (pixels[:, :, 0] > 0.7) & (pixels[:, :, 1] < 0.35) & (pixels[:, :, 2] < 0.25)
    assert badge[:60, 900:].sum() > 500  # the red "offline preview" badge
    sky = (pixels[:, :, 2] > 0.6) & (pixels[:, :, 0] < 0.4)
    assert sky[150:650, 300:980].sum() > 20_000  # the sample image


def test_unchanged_stack_gives_byte_identical_plan_and_summary(dev_card, console_dev_preview):
    """Two processes (another hash seed each): an order that depends on the process would show."""
    again = console_dev_preview.out
    assert console_dev_preview.result.code == 0, console_dev_preview.result.stderr
    for name in ("plan.json", "summary.md", "worker-ui.html", "task-input.json"):
        assert (again / name).read_bytes() == (dev_card / name).read_bytes(), name


def test_no_ui_skips_the_rendering_and_says_so(tmp_path):
    out = tmp_path / "card"
    assert preview(ROOT, out, "--no-ui").code == 0
    assert not (out / "worker-ui.html").exists()
    assert not (out / "worker-ui.png").exists()
    assert "## Worker task UI\n\nNot rendered (`--no-ui`).\n" in (out / "summary.md").read_text()


def test_baseline_with_the_same_stack_changes_nothing(tmp_path, dev_card):
    out = tmp_path / "same"
    result = preview(ROOT, out, "--no-ui", "--baseline", str(dev_card / "plan.json"))
    assert "Against the baseline: no change." in result.stdout
    assert (
        "## What changes\n\nNothing: the planned resources are identical to the baseline.\n"
        in (out / "summary.md").read_text()
    )


def test_changed_condition_warns_loudly_that_the_flow_definition_and_its_arn_are_replaced(tmp_path, dev_card):
    directory = project(
        tmp_path,
        activationConditions={"labels": [{"name": "Explicit", "between": [40, 95]}], "sampling": {"percent": 1}},
    )
    out = tmp_path / "changed"
    result = preview(directory, out, "--no-ui", "--baseline", str(dev_card / "plan.json"))
    assert result.code == 0, result.stderr
    assert (
        "REPLACED: FlowDefinition moderation-flow-definition: its ARN changes, applications must use "
        "the new flowDefinitionArn" in result.stdout
    )
    assert "the old flow definition is kept so its queued reviews finish; `a2i-moderation retired" in result.stdout
    summary = (out / "summary.md").read_text()
    before = json.loads((dev_card / "plan.json").read_text())["outputs"]["flowDefinitionName"]
    assert f"> **The flow definition is REPLACED** ({before} → moderation-dev-" in summary
    assert "its **ARN changes**" in summary
    assert (
        "the old one is **kept** (retainOnDelete), so the images queued for review there are still reviewed" in summary
    )
    assert "read `flowDefinitionArn`" in summary
    assert "| Explicit between 50% and 95% | Explicit between 40% and 95% |" in summary
    assert "Data loss risk" not in summary  # the bucket is untouched


def test_bringing_an_existing_bucket_flags_the_created_one_as_a_data_loss_risk(tmp_path, dev_card):
    directory = project(tmp_path, output={"prefix": "reviews/", "bucketName": "acme-review-answers"})
    out = tmp_path / "byo-bucket"
    result = preview(directory, out, "--no-ui", "--baseline", str(dev_card / "plan.json"))
    assert (
        "DATA LOSS RISK: output bucket moderation-output-bucket is removed: kept in AWS "
        "(retainOnDelete) but leaves the stack" in result.stdout
    )
    summary = (out / "summary.md").read_text()
    assert (
        "> [!CAUTION]\n> **Data loss risk: review answers**\n> - output bucket moderation-output-bucket is removed"
        in summary
    )
    assert "> - KMS key that decrypts the answers moderation-kms-key is removed" in summary


def test_dropping_retention_is_a_data_loss_risk(dev_card):
    baseline = json.loads((dev_card / "plan.json").read_text())
    changed = json.loads(json.dumps(baseline))
    for resource in changed["resources"]:
        resource["options"]["retainOnDelete"] = False
    risks = compare(baseline, changed).data_loss_risks()
    assert "output bucket moderation-output-bucket is no longer retained: `pulumi destroy` would delete it" in risks


def test_renamed_bucket_is_a_replacement_and_a_risk(dev_card):
    baseline = json.loads((dev_card / "plan.json").read_text())
    changed = json.loads(json.dumps(baseline))
    bucket = next(r for r in changed["resources"] if r["type"] == "aws:s3/bucket:Bucket")
    bucket["inputs"]["bucket"] = "renamed-bucket"
    diff = compare(baseline, changed)
    assert [c.resource["name"] for c in diff.replacements] == ["moderation-output-bucket"]
    assert diff.data_loss_risks() == [
        "output bucket moderation-output-bucket is replaced (bucket changed): the old one is kept (retainOnDelete) but "
        "leaves the stack; new answers go to the new one"
    ]


def test_tag_change_on_a_flow_definition_is_no_replacement(dev_card):
    baseline = json.loads((dev_card / "plan.json").read_text())
    changed = json.loads(json.dumps(baseline))
    flow = next(r for r in changed["resources"] if r["type"] == "aws:sagemaker/flowDefinition:FlowDefinition")
    flow["inputs"]["tags"]["team"] = "other"
    assert compare(baseline, changed).replacements == []


def test_summary_renders_from_plan_files_alone(dev_card):
    plan = json.loads((dev_card / "plan.json").read_text())
    no_screenshot = f"Rendered to `worker-ui.html`; no screenshot was taken: no Chromium found: {INSTALL_HINT}."
    assert render_summary(plan, None, None, no_screenshot) == (dev_card / "summary.md").read_text()


def test_missing_baseline_exits_2(tmp_path):
    result = preview(ROOT, tmp_path / "out", "--no-ui", "--baseline", str(tmp_path / "nope.json"))
    assert result.code == 2
    assert "error: --baseline: " in result.stderr
    assert "is not a readable plan.json" in result.stderr


def test_remote_rendering_asks_sagemaker_with_the_task_input(dev_card):
    plan = json.loads((dev_card / "plan.json").read_text())
    sagemaker = boto3.client("sagemaker", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    template, task = template_of(plan), sample_task_input(plan)
    role = "arn:aws:iam::210987654321:role/a2i-reviews"
    with Stubber(sagemaker) as stub:
        stub.add_response(
            "render_ui_template",
            {
                "RenderedContent": "<html>rendered by SageMaker</html>",
                "Errors": [{"Code": "Liquid", "Message": "a warning"}],
            },
            expected_params={"UiTemplate": {"Content": template}, "Task": {"Input": json.dumps(task)}, "RoleArn": role},
        )
        html, errors = render_remote(sagemaker, template, task, role)
    assert html == "<html>rendered by SageMaker</html>"
    assert errors == ["Liquid: a warning"]


def test_remote_without_credentials_says_so_and_still_renders_offline(tmp_path: Path) -> None:
    out = tmp_path / "remote"
    no_credentials: dict[str, str | None] = {name: None for name in os.environ if name.startswith("AWS_")}
    no_credentials |= {
        "HOME": str(tmp_path),
        "AWS_CONFIG_FILE": str(tmp_path / "none"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none"),
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    result = preview(ROOT, out, "--remote", env=no_credentials | NO_CHROMIUM)
    assert result.code == 0, result.stderr
    assert "--remote: no AWS credentials found; skipped SageMaker's rendering" in result.stderr
    assert (out / "worker-ui.html").exists()


def test_missing_chromium_says_how_to_install_it(tmp_path, monkeypatch):
    from a2i_moderation.tooling.preview.worker_ui import screenshot

    monkeypatch.setenv("A2I_CHROMIUM", str(tmp_path / "no-such-chrome"))
    page = tmp_path / "page.html"
    page.write_text("<p>x</p>")
    problem = screenshot(page, tmp_path / "shot.png")
    assert (
        problem == "no Chromium found: install Chromium (Debian/Ubuntu: apt-get install -y chromium) or set "
        "A2I_CHROMIUM to a Chrome binary"
    )


def test_pull_request_workflow_runs_the_offline_preview_and_posts_the_card():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "preview.yml").read_text())
    steps = workflow["jobs"]["offline-preview"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    assert 'a2i-moderation preview --stack "$STACK" --out ".preview/$STACK" $baseline' in commands
    assert "--baseline /tmp/baseline/plan.json" in commands
    sticky = next(step for step in steps if step.get("uses", "").startswith("marocchino/sticky-pull-request-comment"))
    assert sticky["with"]["path"] == ".preview/${{ env.STACK }}/summary.md"
    real = workflow["jobs"]["pulumi-preview"]
    assert real["if"] == "${{ vars.AWS_ROLE_ARN != '' }}"
    assert any(
        step.get("uses", "").startswith("pulumi/actions@") and step["with"]["command"] == "preview"
        for step in real["steps"]
    )


def test_card_says_what_applications_use(dev_card):
    summary = (dev_card / "summary.md").read_text()
    section = summary[summary.index("## What applications use") : summary.index("## The flow")]
    assert "SSM parameter `/a2i-moderation/moderation-dev/flow-definition-arn`" in section
    assert "every end of a human loop arrives in `https://sqs.eu-west-1.amazonaws.com/123456789012/" in section
    assert section.count("attach `arn:aws:iam::123456789012:policy/") == 2
