"""Each example in examples/ runs: the component stacks under the mock engine, the application with a Stubber."""

from __future__ import annotations

import importlib.util
import os
import re
import runpy
import subprocess
import sys

import boto3
from botocore.stub import Stubber
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


def test_existing_resources_example_creates_only_the_flow_definition():
    plan = run_example("existing-resources", "eu-west-1")
    assert [r["type"] for r in plan.resources if r["custom"]] == [FLOW]
    assert plan.one(FLOW)["inputs"]["outputConfig"]["s3OutputPath"] == "s3://acme-review-answers/moderation/"


def load_application():
    spec = importlib.util.spec_from_file_location("moderate", EXAMPLES / "application" / "moderate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARN = "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-dev-1a2b3c4d"


def test_application_example_passes_the_flow_definition_arn():
    app = load_application()
    rekognition = boto3.client("rekognition", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    name = app.human_loop_name("acme-dev-user-uploads", "photos/1.jpg", "upload-42")
    with Stubber(rekognition) as stub:
        stub.add_response(
            "detect_moderation_labels",
            {
                "ModerationLabels": [],
                "HumanLoopActivationOutput": {
                    "HumanLoopArn": f"arn:aws:sagemaker:eu-west-1:123456789012:human-loop/{name}"
                },
            },
            expected_params={
                "Image": {"S3Object": {"Bucket": "acme-dev-user-uploads", "Name": "photos/1.jpg"}},
                "MinConfidence": 50,
                "HumanLoopConfig": {"HumanLoopName": name, "FlowDefinitionArn": ARN},
            },
        )
        response = app.moderate(rekognition, ARN, "acme-dev-user-uploads", "photos/1.jpg", request_id="upload-42")
    assert response["HumanLoopActivationOutput"]["HumanLoopArn"].endswith(name)


def test_application_example_moderates_without_review_when_loops_are_exhausted():
    app = load_application()
    rekognition = boto3.client("rekognition", region_name="eu-west-1", aws_access_key_id="x", aws_secret_access_key="x")
    with Stubber(rekognition) as stub:
        stub.add_client_error("detect_moderation_labels", "HumanLoopQuotaExceededException")
        stub.add_response(
            "detect_moderation_labels",
            {"ModerationLabels": []},
            expected_params={"Image": {"S3Object": {"Bucket": "b-1", "Name": "k"}}, "MinConfidence": 50},
        )
        response = app.moderate(rekognition, ARN, "b-1", "k")
    assert response["reviewDeferred"] is True


def test_human_loop_names_fit_rekognition_pattern():

    for key in ("Some Key With Spaces.JPG", "///", "日本/写真.png", "x" * 1024):
        name = load_application().human_loop_name("Bucket", key)
        assert re.fullmatch(r"[a-z0-9](-*[a-z0-9])*", name), name
        assert len(name) <= 63


def test_checking_an_image_again_gets_a_new_loop_name_traceable_to_the_image():
    app = load_application()
    first = app.human_loop_name("acme-dev-user-uploads", "photos/1.jpg")
    retry = app.human_loop_name("acme-dev-user-uploads", "photos/1.jpg")
    other = app.human_loop_name("acme-dev-user-uploads", "photos/2.jpg")
    assert first != retry
    assert first.rsplit("-", 1)[0] == retry.rsplit("-", 1)[0] == "1-jpg-" + first.split("-")[2]
    assert other.rsplit("-", 1)[0] != first.rsplit("-", 1)[0]


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
