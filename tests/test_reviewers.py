"""`a2i-moderation reviewers`: the command parses its real arguments, makes its own boto3 client and
talks to a moto server through AWS_ENDPOINT_URL, as it would to Cognito; the tests then read moto's state."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from a2i_moderation.tooling import reviewers

REGION = "eu-west-1"
GROUP = "moderation-dev-reviewers"
FLOW_DEFINITION_ARN = f"arn:aws:sagemaker:{REGION}:123456789012:flow-definition/moderation-dev-1a2b3c4d"
PORTAL = "https://64ef11739e.labeling.eu-west-1.sagemaker.aws"


def cognito() -> Any:
    return boto3.client("cognito-idp", region_name=REGION)


def make_pool(email_sign_in: bool = True) -> str:
    """A user pool as the stack creates it (users sign in with their email) and its reviewers group."""
    settings: dict[str, Any] = {"UsernameAttributes": ["email"]} if email_sign_in else {}
    pool = cognito().create_user_pool(PoolName="moderation-dev-user-pool", **settings)["UserPool"]["Id"]
    cognito().create_group(UserPoolId=pool, GroupName=GROUP)
    return pool


def outputs_file(tmp_path: Path, pool: str | None, group: str | None = GROUP) -> str:
    """What `pulumi stack output --json` writes, for a stack whose reviewers are in `pool`."""
    path = tmp_path / "outputs.json"
    path.write_text(
        json.dumps(
            {
                "flowDefinitionArn": FLOW_DEFINITION_ARN,
                "reviewersUserPoolId": pool,
                "reviewersGroup": group,
                "workerPortalUrl": PORTAL if pool else None,
            }
        )
    )
    return str(path)


def run(*args: str, client: Any = None) -> int:
    """`a2i-moderation reviewers *args`, through the real argument parsing."""
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    reviewers.add_parser(commands)
    return reviewers.run(parser.parse_args(["reviewers", *args]), client)


def create_user(pool: str, email: str, *groups: str) -> str:
    """A user created beforehand (no invitation sent), in `groups`: its username."""
    username = cognito().admin_create_user(
        UserPoolId=pool,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
        MessageAction="SUPPRESS",
    )["User"]["Username"]
    for group in groups:
        cognito().admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName=group)
    return str(username)


def members(pool: str, group: str = GROUP) -> set[str]:
    users = cognito().list_users_in_group(UserPoolId=pool, GroupName=group)["Users"]
    return {attribute["Value"] for user in users for attribute in user["Attributes"] if attribute["Name"] == "email"}


def emails_in_pool(pool: str) -> set[str]:
    users = cognito().list_users(UserPoolId=pool)["Users"]
    return {attribute["Value"] for user in users for attribute in user["Attributes"] if attribute["Name"] == "email"}


def attributes(pool: str, email: str) -> dict[str, str]:
    user = cognito().admin_get_user(UserPoolId=pool, Username=email)
    return {attribute["Name"]: attribute["Value"] for attribute in user["UserAttributes"]}


# --- add -----------------------------------------------------------------------------------------


def test_add_invites_each_address_and_adds_it_to_the_group(aws_endpoint, tmp_path, capsys):
    pool = make_pool()

    code = run("add", "--outputs", outputs_file(tmp_path, pool), "alice@example.com", "bob@example.org")

    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[:2] == [
        f"invited alice@example.com and added to group {GROUP}",
        f"invited bob@example.org and added to group {GROUP}",
    ]
    assert PORTAL in out[2]
    assert members(pool) == {"alice@example.com", "bob@example.org"}
    for email in ("alice@example.com", "bob@example.org"):
        assert attributes(pool, email)["email_verified"] == "true"
        assert cognito().admin_get_user(UserPoolId=pool, Username=email)["UserStatus"] == "FORCE_CHANGE_PASSWORD"


def test_add_reuses_a_user_that_already_exists(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    username = create_user(pool, "alice@example.com")

    code = run("add", "--outputs", outputs_file(tmp_path, pool), "alice@example.com")
    again = run("add", "--outputs", outputs_file(tmp_path, pool), "alice@example.com")

    out = capsys.readouterr().out.splitlines()
    assert (code, again) == (0, 0)
    assert out == [f"alice@example.com already existed: added to group {GROUP}"] * 2
    users = cognito().list_users(UserPoolId=pool)["Users"]
    assert [user["Username"] for user in users] == [username]
    assert members(pool) == {"alice@example.com"}


def test_add_works_in_a_pool_without_email_sign_in(aws_endpoint, tmp_path, capsys):
    pool = make_pool(email_sign_in=False)

    assert run("add", "--outputs", outputs_file(tmp_path, pool), "alice@example.com") == 0

    assert members(pool) == {"alice@example.com"}
    assert attributes(pool, "alice@example.com")["email_verified"] == "true"


def test_add_refuses_a_bad_address_before_any_call(aws_endpoint, tmp_path, capsys):
    pool = make_pool()

    code = run("add", "--outputs", outputs_file(tmp_path, pool), "alice@example.com", "bob")

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == "error: 'bob' is not an email address (a reviewer is added by theirs: name@example.com)\n"
    assert emails_in_pool(pool) == set()


# --- remove --------------------------------------------------------------------------------------


def test_remove_takes_the_reviewer_out_and_deletes_the_user(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    create_user(pool, "alice@example.com", GROUP)
    create_user(pool, "bob@example.org", GROUP)

    code = run("remove", "--outputs", outputs_file(tmp_path, pool), "alice@example.com")

    assert code == 0
    assert capsys.readouterr().out == f"removed alice@example.com from group {GROUP} and deleted the user\n"
    assert emails_in_pool(pool) == {"bob@example.org"}
    assert members(pool) == {"bob@example.org"}


def test_remove_keeps_a_user_that_is_in_another_group(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    cognito().create_group(UserPoolId=pool, GroupName="auditors")
    create_user(pool, "alice@example.com", GROUP, "auditors")

    code = run("remove", "--outputs", outputs_file(tmp_path, pool), "alice@example.com")

    assert code == 0
    assert capsys.readouterr().out == (
        f"removed alice@example.com from group {GROUP}; kept the user: still in group auditors\n"
    )
    assert members(pool) == set()
    assert members(pool, "auditors") == {"alice@example.com"}


def test_remove_keep_user_only_leaves_the_group(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    create_user(pool, "alice@example.com", GROUP)

    code = run("remove", "--outputs", outputs_file(tmp_path, pool), "--keep-user", "alice@example.com")

    assert code == 0
    assert capsys.readouterr().out == f"removed alice@example.com from group {GROUP}; kept the user (--keep-user)\n"
    assert members(pool) == set()
    assert emails_in_pool(pool) == {"alice@example.com"}


def test_remove_finds_a_user_by_its_email_attribute(aws_endpoint, tmp_path, capsys):
    pool = make_pool(email_sign_in=False)
    cognito().admin_create_user(
        UserPoolId=pool,
        Username="alice",
        UserAttributes=[{"Name": "email", "Value": "alice@example.com"}],
        MessageAction="SUPPRESS",
    )
    cognito().admin_add_user_to_group(UserPoolId=pool, Username="alice", GroupName=GROUP)

    assert run("remove", "--outputs", outputs_file(tmp_path, pool), "alice@example.com") == 0

    assert capsys.readouterr().out == f"removed alice@example.com from group {GROUP} and deleted the user\n"
    assert cognito().list_users(UserPoolId=pool)["Users"] == []


def test_remove_of_an_unknown_address_exits_1_after_removing_the_others(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    create_user(pool, "alice@example.com", GROUP)
    create_user(pool, "carol@example.com")  # a user, but not a reviewer

    code = run(
        "remove",
        "--outputs",
        outputs_file(tmp_path, pool),
        "nobody@example.com",
        "carol@example.com",
        "alice@example.com",
    )

    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        f"nobody@example.com is not a reviewer: no such user in user pool {pool}",
        f"carol@example.com is not a reviewer: not in group {GROUP} (user left unchanged)",
        f"removed alice@example.com from group {GROUP} and deleted the user",
    ]
    assert emails_in_pool(pool) == {"carol@example.com"}


# --- list ----------------------------------------------------------------------------------------


def reviewers_with_each_status(pool: str) -> None:
    create_user(pool, "invited@example.com", GROUP)
    active = create_user(pool, "active@example.com", GROUP)
    cognito().admin_set_user_password(UserPoolId=pool, Username=active, Password="Correct-horse-1!", Permanent=True)
    disabled = create_user(pool, "disabled@example.com", GROUP)
    cognito().admin_set_user_password(UserPoolId=pool, Username=disabled, Password="Correct-horse-1!", Permanent=True)
    cognito().admin_disable_user(UserPoolId=pool, Username=disabled)
    create_user(pool, "outsider@example.com")


def test_list_shows_each_reviewer_with_status_account_and_date(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    reviewers_with_each_status(pool)

    code = run("list", "--outputs", outputs_file(tmp_path, pool))

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    rows = [re.split(r"\s{2,}", line) for line in lines[:4]]
    assert [row[:3] for row in rows] == [
        ["EMAIL", "STATUS", "ACCOUNT"],
        ["active@example.com", "active", "enabled"],
        ["disabled@example.com", "active", "disabled"],
        ["invited@example.com", "invited (has not signed in)", "enabled"],
    ]
    assert rows[0][3] == "CREATED"
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row[3]) for row in rows[1:])
    starts = {tuple(m.start() for m in re.finditer(r"(?:^|(?<=\s\s))\S", line)) for line in lines[:4]}
    assert len(starts) == 1  # the columns are aligned
    assert lines[4:] == [f"3 reviewers in group {GROUP} (user pool {pool})"]


def test_list_json_is_machine_readable(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    reviewers_with_each_status(pool)

    code = run("list", "--outputs", outputs_file(tmp_path, pool), "--json")

    document = json.loads(capsys.readouterr().out)
    assert code == 0
    assert (document["userPoolId"], document["group"]) == (pool, GROUP)
    listed = {item["email"]: (item["status"], item["enabled"]) for item in document["reviewers"]}
    assert listed == {
        "active@example.com": ("CONFIRMED", True),
        "disabled@example.com": ("CONFIRMED", False),
        "invited@example.com": ("FORCE_CHANGE_PASSWORD", True),
    }
    assert all(item["created"].endswith("+00:00") and item["username"] for item in document["reviewers"])


def test_list_of_an_empty_group_says_how_to_add_a_reviewer(aws_endpoint, tmp_path, capsys):
    pool = make_pool()
    outputs = outputs_file(tmp_path, pool)

    code = run("list", "--outputs", outputs)

    assert code == 0
    assert capsys.readouterr().out == (
        f"Nobody is in group {GROUP} (user pool {pool}): no one can do the reviews. "
        f"Add a reviewer with: a2i-moderation reviewers add --outputs {outputs} EMAIL\n"
    )


# --- refusals ------------------------------------------------------------------------------------


def test_a_stack_that_joined_an_existing_workteam_is_refused(aws_endpoint, tmp_path, capsys):
    code = run("add", "--outputs", outputs_file(tmp_path, None, None), "alice@example.com")

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err.startswith("error: --outputs: ")
    assert "this stack joined an existing workteam (workteam.arn) and does not manage its members" in captured.err
    assert captured.err.count("\n") == 1


@pytest.mark.parametrize("content", ["{not json", "[1, 2]"])
def test_unreadable_outputs_exit_2(aws_endpoint, tmp_path, capsys, content):
    path = tmp_path / "outputs.json"
    path.write_text(content)

    code = run("list", "--outputs", str(path))

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith(f"error: --outputs: {path} is not ")
    assert "Traceback" not in captured.err


def test_outputs_without_a_region_need_region(aws_endpoint, tmp_path, capsys):
    path = tmp_path / "outputs.json"
    path.write_text(json.dumps({"reviewersUserPoolId": "eu-west-1_abc", "reviewersGroup": GROUP}))

    assert run("list", "--outputs", str(path)) == 2
    assert capsys.readouterr().err == f"error: --outputs: {path} has no flowDefinitionArn (give --region)\n"


def test_no_credentials_exit_2(aws_endpoint, tmp_path, capsys, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    code = run("list", "--outputs", outputs_file(tmp_path, "eu-west-1_abc"))

    assert code == 2
    assert capsys.readouterr().err == "error: no AWS credentials found (profile, environment or instance role)\n"


def test_a_missing_group_is_a_clear_error(aws_endpoint, tmp_path, capsys):
    pool = make_pool()

    code = run("add", "--outputs", outputs_file(tmp_path, pool, "no-such-group"), "alice@example.com")

    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith("error: cognito-idp AdminAddUserToGroup was refused: ResourceNotFoundException")
    assert f"check that user pool {pool} and its group no-such-group exist" in captured.err
    assert "Traceback" not in captured.err


def test_access_denied_names_the_call_and_the_permission(tmp_path, capsys):
    # moto does not check IAM: botocore's Stubber gives the refusal AWS would.
    client = boto3.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name=REGION).client("cognito-idp")
    stub = Stubber(client)
    stub.add_client_error(
        "admin_create_user",
        service_error_code="AccessDeniedException",
        service_message="User: arn:aws:iam::123456789012:user/ci is not authorized to perform: "
        "cognito-idp:AdminCreateUser",
    )

    with stub:
        code = run("add", "--outputs", outputs_file(tmp_path, "eu-west-1_abc"), "alice@example.com", client=client)

    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert captured.err == (
        "error: cognito-idp AdminCreateUser was refused: AccessDeniedException: User: "
        "arn:aws:iam::123456789012:user/ci is not authorized to perform: cognito-idp:AdminCreateUser "
        "(the credentials in use need cognito-idp:AdminCreateUser on user pool eu-west-1_abc)\n"
    )
