"""Each example in examples/ runs: the component stacks under the mock engine, the consumers' tests under
their mocks (the application examples are tested in test_app_example.py and test_results_worker.py)."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
import sys

from conftest import ROOT

from a2i_moderation.tooling.preview.apimodel import check_request, planned_requests
from a2i_moderation.tooling.preview.engine import run_program

EXAMPLES = ROOT / "examples"
FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"


def run_example(name: str, region: str):
    return run_program(
        lambda: runpy.run_path(str(EXAMPLES / name), run_name="__main__"),
        project=name,
        stack="example",
        config={"aws:region": region},
    )


def test_reuse_component_example_adds_review_to_a_product_stack():
    plan = run_example("reuse-component", "us-east-1")
    assert set(plan.outputs) == {"uploadsBucket", "flowDefinitionArn"}
    loop = plan.one(FLOW)["inputs"]["humanLoopConfig"]
    assert loop["taskCount"] == 2
    assert loop["workteamArn"].endswith("workteam/private-crowd/trust-and-safety")
    assert all(check_request(op, request) == [] for op, request in planned_requests(plan))


#: The parts of the workflow that the existing-resources example brings in.
BROUGHT = {
    "aws:s3/bucket:Bucket",
    "aws:kms/key:Key",
    "aws:iam/role:Role",
    "aws:sagemaker/workteam:Workteam",
    "aws:sagemaker/humanTaskUI:HumanTaskUI",
}


def test_existing_resources_example_creates_the_flow_definition_and_no_brought_part():
    plan = run_example("existing-resources", "eu-west-1")
    created = {r["type"] for r in plan.resources if r["custom"]}
    assert FLOW in created
    assert not created & BROUGHT
    assert plan.one(FLOW)["inputs"]["outputConfig"]["s3OutputPath"] == "s3://acme-review-answers/moderation/"


def test_consumers_unit_tests_pass_under_their_mocks():
    """Each file sets its own mocks for its whole process, as a consumer's test module does: run them
    as a consumer would (their own pytest, without this repository's settings), side by side."""
    folder = ROOT / "examples" / "consumer-unit-tests"
    runs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c", os.devnull, name],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for name in ("test_with_minimal_mocks.py", "test_with_aws_mocks.py")
    }
    for name, run in runs.items():
        output, _ = run.communicate(timeout=120)
        assert run.returncode == 0, f"{name}: {output[-2000:]}"
        assert re.search(r"^1 passed\b", output, re.MULTILINE), name
