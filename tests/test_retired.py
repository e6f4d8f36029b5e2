"""`a2i-moderation retired`: the flow definitions a workflow keeps after a change, checked against
AWS's models with botocore's Stubber (SageMaker and the A2I runtime), pagination included."""

from __future__ import annotations

import argparse
import datetime
import json

import boto3
from botocore.stub import Stubber

from a2i_moderation.tooling.cli import _retired

REGION = "eu-west-1"
ACCOUNT = "123456789012"
NOW = datetime.datetime(2026, 11, 27, tzinfo=datetime.UTC)
CURRENT = "moderation-dev-3f23fcd1"
OLD = "moderation-dev-1a2b3c4d"
OLDER = "moderation-dev-00ff00ff"
OTHER_STACK = "moderation-dev-deadbeef"


def arn(kind: str, name: str) -> str:
    return f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:{kind}/{name}"


def summary(name: str, status: str = "Active") -> dict:
    return {
        "FlowDefinitionName": name,
        "FlowDefinitionArn": arn("flow-definition", name),
        "FlowDefinitionStatus": status,
        "CreationTime": NOW,
    }


def clients() -> tuple:
    session = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name=REGION)
    return session.client("sagemaker"), session.client("sagemaker-a2i-runtime")


def outputs_file(tmp_path) -> str:
    path = tmp_path / "outputs.json"
    path.write_text(
        json.dumps(
            {
                "flowDefinitionName": CURRENT,
                "flowDefinitionArn": arn("flow-definition", CURRENT),
                "humanTaskUiArn": arn("human-task-ui", "moderation-dev-ui-aaaa0000"),
            }
        )
    )
    return str(path)


def tags(stub: Stubber, name: str, workflow: str) -> None:
    stub.add_response(
        "list_tags",
        {"Tags": [{"Key": "team", "Value": "t"}, {"Key": "a2i-moderation:workflow", "Value": workflow}]},
        {"ResourceArn": arn("flow-definition", name)},
    )


def expect_listing(sm: Stubber, a2i: Stubber, old_loops: list[str], older_loops: list[str]) -> None:
    tags(sm, CURRENT, "moderation")
    # Two pages of flow definitions.
    sm.add_response(
        "list_flow_definitions",
        {"FlowDefinitionSummaries": [summary(CURRENT), summary(OLD)], "NextToken": "page-2"},
        {},
    )
    sm.add_response(
        "list_flow_definitions",
        {"FlowDefinitionSummaries": [summary(OLDER), summary(OTHER_STACK), summary("someone-else")]},
        {"NextToken": "page-2"},
    )
    for name, loops, ui in (
        (OLD, old_loops, "moderation-dev-ui-bbbb1111"),
        (OLDER, older_loops, "moderation-dev-ui-aaaa0000"),
    ):
        tags(sm, name, "moderation")
        # Human loops, in two pages for the first one.
        pages = [loops[:1], loops[1:]] if len(loops) > 1 else [loops]
        for i, page in enumerate(pages):
            response: dict[str, object] = {
                "HumanLoopSummaries": [
                    {
                        "HumanLoopName": f"l{i}{j}",
                        "HumanLoopStatus": s,
                        "CreationTime": NOW,
                        "FlowDefinitionArn": arn("flow-definition", name),
                    }
                    for j, s in enumerate(page)
                ]
            }
            if i + 1 < len(pages):
                response["NextToken"] = "loops-2"
            request = {"FlowDefinitionArn": arn("flow-definition", name)}
            if i:
                request["NextToken"] = "loops-2"
            a2i.add_response("list_human_loops", response, request)
        sm.add_response(
            "describe_flow_definition",
            {
                "FlowDefinitionArn": arn("flow-definition", name),
                "FlowDefinitionName": name,
                "FlowDefinitionStatus": "Active",
                "CreationTime": NOW,
                "HumanLoopConfig": {
                    "WorkteamArn": arn("workteam", "private-crowd/t"),
                    "HumanTaskUiArn": arn("human-task-ui", ui),
                    "TaskTitle": "t",
                    "TaskDescription": "d",
                    "TaskCount": 1,
                },
                "OutputConfig": {"S3OutputPath": "s3://b/p/"},
                "RoleArn": f"arn:aws:iam::{ACCOUNT}:role/r",
            },
            {"FlowDefinitionName": name},
        )
    tags(sm, OTHER_STACK, "moderation-prod")


def run(tmp_path, delete: bool, sm_client, a2i_client):
    options = argparse.Namespace(outputs=outputs_file(tmp_path), region=None, delete_drained=delete)
    return _retired(options, sm_client, a2i_client)


def test_lists_retired_flow_definitions_with_their_loops_in_progress(tmp_path, capsys):
    sagemaker, a2i = clients()
    with Stubber(sagemaker) as sm, Stubber(a2i) as runtime:
        expect_listing(sm, runtime, ["InProgress", "InProgress", "Completed"], ["Completed", "Stopped"])
        assert run(tmp_path, False, sagemaker, a2i) == 0
        sm.assert_no_pending_responses()
        runtime.assert_no_pending_responses()
    assert capsys.readouterr().out == (
        f"Current flow definition: {CURRENT}\n"
        f"  {OLD}  Active  2 human loop(s) in progress\n"
        f"  {OLDER}  Active  0 human loop(s) in progress\n"
        "1 drained: delete them with --delete-drained.\n"
        "5 of 100 flow definitions used in eu-west-1 (the default quota): 95 left.\n"
    )


def test_deletes_only_drained_ones_and_task_ui_nothing_else_uses(tmp_path, capsys):
    sagemaker, a2i = clients()
    with Stubber(sagemaker) as sm, Stubber(a2i) as runtime:
        expect_listing(sm, runtime, ["Completed"], ["InProgress"])
        sm.add_response("delete_flow_definition", {}, {"FlowDefinitionName": OLD})
        sm.add_response("delete_human_task_ui", {}, {"HumanTaskUiName": "moderation-dev-ui-bbbb1111"})
        assert run(tmp_path, True, sagemaker, a2i) == 0
        sm.assert_no_pending_responses()
    out = capsys.readouterr().out
    assert f"  {OLD}  Active  deleted (and its task UI)\n" in out
    assert f"  {OLDER}  Active  1 human loop(s) in progress\n" in out


def test_keeps_a_task_ui_the_current_flow_definition_still_uses(tmp_path, capsys):
    sagemaker, a2i = clients()
    with Stubber(sagemaker) as sm, Stubber(a2i) as runtime:
        expect_listing(sm, runtime, ["InProgress"], [])
        sm.add_response("delete_flow_definition", {}, {"FlowDefinitionName": OLDER})
        assert run(tmp_path, True, sagemaker, a2i) == 0
        sm.assert_no_pending_responses()  # no delete_human_task_ui for the current UI
    assert f"  {OLDER}  Active  deleted\n" in capsys.readouterr().out


def test_outputs_without_a_flow_definition_exit_2(tmp_path, capsys):
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"flowDefinitionArn": arn("flow-definition", CURRENT)}))
    sagemaker, a2i = clients()
    with Stubber(sagemaker), Stubber(a2i):
        code = _retired(argparse.Namespace(outputs=str(path), region=None, delete_drained=False), sagemaker, a2i)
    assert code == 2
    assert capsys.readouterr().err.startswith("error: --outputs: no flowDefinitionName and flowDefinitionArn")


def test_unreadable_outputs_exit_2(tmp_path, capsys):
    code = _retired(
        argparse.Namespace(outputs=str(tmp_path / "none.json"), region=None, delete_drained=False), *clients()
    )
    assert code == 2
    assert "error: --outputs: " in capsys.readouterr().err
