"""`a2i-moderation reviewers`: who may do the reviews of a stack that created its workteam.

    a2i-moderation reviewers add --outputs FILE [--region REGION] EMAIL...
    a2i-moderation reviewers remove --outputs FILE [--region REGION] [--keep-user] EMAIL...
    a2i-moderation reviewers list --outputs FILE [--region REGION] [--json]

The reviewers are the members of the Cognito group `reviewersGroup` in the user pool
`reviewersUserPoolId` (both outputs of the stack, as `pulumi stack output --json` writes them).
`add` creates each user with their email address as the username (Cognito then emails an invitation
with a temporary password; a user who already exists is reused) and adds them to the group.
`remove` takes them out of the group and deletes the user, unless --keep-user is given or the user
belongs to another group. `list` shows the members, with whether they have signed in yet.

Removing a reviewer loses no review data: the answers they submitted stay in the output bucket in
S3, as every answer does; only their sign-in goes.

A stack that joined an existing workteam (`workteam.arn`) does not manage its members: both
outputs are null then, and the command refuses.

Exit codes: 0 when done; 1 when `remove` was given an address that is not a reviewer (the others are
still removed); 2 for a configuration error (outputs, region, credentials, an address that is not
one, a call AWS refused).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import shlex
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from ..errors import ConfigError
from .aws import ACCESS_DENIED, outputs_region, read_outputs
from .aws import session as aws_session

#: As the command line's: a configuration error.
EXIT_CONFIG = 2
#: `remove` was given an address that is not a reviewer.
EXIT_NOT_A_REVIEWER = 1

#: An email address, closely enough to catch a typo or a username passed by mistake. Quotes and
#: backslashes are refused too: the address goes into a ListUsers filter between double quotes.
_EMAIL = re.compile(r"[^@\s\"\\<>(),;:]+@(?:[^@\s\"\\<>(),;:.]+\.)+[^@\s\"\\<>(),;:.]{2,}")

#: Cognito's UserStatus, as a reviewer's state reads to whoever manages them.
STATUS_TEXT = {
    "FORCE_CHANGE_PASSWORD": "invited (has not signed in)",
    "CONFIRMED": "active",
    "RESET_REQUIRED": "must reset password",
    "UNCONFIRMED": "unconfirmed",
    "COMPROMISED": "blocked (compromised credentials)",
    "ARCHIVED": "archived",
    "EXTERNAL_PROVIDER": "external identity provider",
}

_BAD_CREDENTIALS = {"UnrecognizedClientException", "InvalidClientTokenId", "ExpiredTokenException", "ExpiredToken"}


@dataclass(frozen=True)
class Reviewers:
    """Where the reviewers of a stack live: its outputs, and the region they are in."""

    outputs: str
    user_pool_id: str
    group: str
    region: str
    portal: str | None


@dataclass(frozen=True)
class Member:
    """One member of the reviewers group, as ListUsersInGroup describes them."""

    email: str
    username: str
    status: str
    enabled: bool
    created: datetime.datetime | None

    def as_json(self) -> dict[str, Any]:
        created = self.created.astimezone(datetime.UTC).isoformat() if self.created else None
        return {
            "email": self.email,
            "username": self.username,
            "status": self.status,
            "enabled": self.enabled,
            "created": created,
        }


class CallRefusedError(ConfigError):
    """AWS refused a call: the message names it; `code` is AWS's error code."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


# --- the command line ----------------------------------------------------------------------------


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `reviewers` and its commands `add`, `remove` and `list` to the command line."""
    reviewers = commands.add_parser(
        "reviewers",
        help="add, remove or list the reviewers of a stack's workteam (its Cognito group)",
        description="Manage who may do the reviews: the members of the Cognito group `reviewersGroup` in the user "
        "pool `reviewersUserPoolId`, read from the stack's outputs. Only for a stack that created its workteam.",
    )
    actions = reviewers.add_subparsers(dest="reviewers_command", required=True, metavar="{add,remove,list}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--outputs", required=True, metavar="FILE", help="the stack's outputs, as `pulumi stack output --json` writes"
    )
    common.add_argument("--region", help="the workteam's region (default: from flowDefinitionArn)")
    add = actions.add_parser(
        "add",
        parents=[common],
        help="invite reviewers by email and add them to the group",
        description="Create a Cognito user for each address (Cognito emails an invitation with a temporary "
        "password; an existing user is reused) and add it to the reviewers group.",
    )
    add.add_argument("emails", nargs="+", metavar="EMAIL", help="the reviewer's email address")
    remove = actions.add_parser(
        "remove",
        parents=[common],
        help="take reviewers out of the group and delete their users",
        description="Remove each reviewer from the group and delete their Cognito user, unless --keep-user is given "
        "or the user belongs to another group. Their submitted answers stay in S3.",
    )
    remove.add_argument("emails", nargs="+", metavar="EMAIL", help="the reviewer's email address")
    remove.add_argument("--keep-user", action="store_true", help="only remove from the group; keep the Cognito user")
    listing = actions.add_parser(
        "list",
        parents=[common],
        help="list the reviewers, with whether they have signed in yet",
        description="List the members of the reviewers group: email, status, account enabled or not, created date.",
    )
    listing.add_argument("--json", action="store_true", help="print a JSON object instead of the table")


def run(options: argparse.Namespace, cognito: Any = None) -> int:
    """Run `reviewers add`, `remove` or `list`; `cognito` is a cognito-idp client (made here when None).
    Returns the exit code; configuration errors and refused calls are one `error: ...` line on stderr."""
    action: Callable[[Any, Reviewers, argparse.Namespace], int] = ACTIONS[options.reviewers_command]
    try:
        reviewers = load_reviewers(options.outputs, options.region)
        if hasattr(options, "emails"):
            options = argparse.Namespace(**{**vars(options), "emails": checked_emails(options.emails)})
        if cognito is None:
            cognito = _client(reviewers.region)
        return action(cognito, reviewers, options)
    except ConfigError as exc:
        _error(str(exc))
        return EXIT_CONFIG


# --- what the commands need: outputs, addresses, a client -----------------------------------------


def load_reviewers(path: str, region: str | None = None) -> Reviewers:
    """The user pool, group and region of the reviewers, from the stack's outputs (`--outputs`)."""
    outputs = read_outputs(path)
    pool, group = outputs.get("reviewersUserPoolId"), outputs.get("reviewersGroup")
    if not pool or not group:
        raise ConfigError(
            f"--outputs: {path} has no reviewersUserPoolId or reviewersGroup: this stack joined an existing "
            "workteam (workteam.arn) and does not manage its members. Add reviewers where that workteam's "
            "workforce is managed: its Cognito user pool and group (SageMaker console, Labeling workforces), "
            "or its OIDC identity provider"
        )
    if not isinstance(pool, str) or not isinstance(group, str):
        raise ConfigError(f"--outputs: {path}: reviewersUserPoolId and reviewersGroup must be strings")
    region = outputs_region(outputs, path, region)
    portal = outputs.get("workerPortalUrl")
    return Reviewers(path, pool, group, region, portal if isinstance(portal, str) else None)


def checked_emails(emails: list[str]) -> list[str]:
    """The addresses, each once and in order; a ConfigError names the first that is not an address."""
    for email in emails:
        if not _EMAIL.fullmatch(email):
            raise ConfigError(f"{email!r} is not an email address (a reviewer is added by theirs: name@example.com)")
    return list(dict.fromkeys(emails))


def _client(region: str) -> Any:
    """A cognito-idp client in `region`, when credentials exist."""
    return aws_session(region).client("cognito-idp")


def _call(cognito: Any, operation: str, **request: Any) -> dict[str, Any]:
    """One Cognito call; a refusal (or no answer) is a ConfigError naming the call."""
    from botocore.exceptions import BotoCoreError, ClientError

    api = "".join(part.title() for part in operation.split("_"))
    try:
        response = getattr(cognito, operation)(**request)
    except ClientError as exc:
        error = exc.response.get("Error", {})
        code = str(error.get("Code", ""))
        raise CallRefusedError(_refusal(api, code, str(error.get("Message", "")), request), code) from None
    except BotoCoreError as exc:
        raise ConfigError(f"cognito-idp {api} failed: {exc}") from None
    return cast("dict[str, Any]", response)


def _refusal(api: str, code: str, message: str, request: dict[str, Any]) -> str:
    """What to say when AWS refuses `api`, with what to check."""
    said = f"cognito-idp {api} was refused: {code}: {message}".rstrip(": ")
    pool = request.get("UserPoolId", "")
    if code in ACCESS_DENIED:
        return f"{said} (the credentials in use need cognito-idp:{api} on user pool {pool})"
    if code in _BAD_CREDENTIALS:
        return f"{said} (AWS did not accept the credentials in use)"
    if code == "ResourceNotFoundException":
        group = request.get("GroupName")
        what = f"user pool {pool}" + (f" and its group {group}" if group else "")
        return f"{said} (check that {what} exist in this account and region: --outputs, --region)"
    return said


def _pages(cognito: Any, operation: str, key: str, page_key: str = "NextToken", **request: Any) -> Iterator[Any]:
    """The items `key` of every page of a listing call."""
    while True:
        response = _call(cognito, operation, **request)
        yield from response.get(key, [])
        if not response.get(page_key):
            return
        request[page_key] = response[page_key]


def _say(line: str) -> None:
    sys.stdout.write(f"{line}\n")


def _error(line: str) -> None:
    sys.stderr.write(f"error: {line}\n")


# --- add -----------------------------------------------------------------------------------------


def add(cognito: Any, reviewers: Reviewers, options: argparse.Namespace) -> int:
    """Invite each address (or reuse its user) and add it to the group."""
    invited = False
    for email in options.emails:
        created = _create_user(cognito, reviewers, email)
        _call(
            cognito,
            "admin_add_user_to_group",
            UserPoolId=reviewers.user_pool_id,
            Username=email,
            GroupName=reviewers.group,
        )
        if created:
            invited = True
            _say(f"invited {email} and added to group {reviewers.group}")
        else:
            _say(f"{email} already existed: added to group {reviewers.group}")
    if invited:
        where = reviewers.portal or "the workforce's portal (SageMaker console, Labeling workforces)"
        _say(f"Cognito emails each invited reviewer a temporary password; they sign in at {where}")
    return 0


def _create_user(cognito: Any, reviewers: Reviewers, email: str) -> bool:
    """Create the user `email` (Cognito sends the invitation); False when it already exists."""
    try:
        _call(
            cognito,
            "admin_create_user",
            UserPoolId=reviewers.user_pool_id,
            Username=email,
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
            DesiredDeliveryMediums=["EMAIL"],
        )
    except CallRefusedError as exc:
        if exc.code == "UsernameExistsException":
            return False
        raise
    return True


# --- remove --------------------------------------------------------------------------------------


def remove(cognito: Any, reviewers: Reviewers, options: argparse.Namespace) -> int:
    """Take each address out of the group and delete its user (unless kept); 1 if one is no reviewer."""
    code = 0
    for email in options.emails:
        usernames = _find_usernames(cognito, reviewers.user_pool_id, email)
        if not usernames:
            _say(f"{email} is not a reviewer: no such user in user pool {reviewers.user_pool_id}")
            code = EXIT_NOT_A_REVIEWER
        for username in usernames:
            if not _remove_user(cognito, reviewers, email, username, options.keep_user):
                code = EXIT_NOT_A_REVIEWER
    return code


def _find_usernames(cognito: Any, pool: str, email: str) -> list[str]:
    """The usernames of the users with this address: by username (or email sign-in), else by attribute."""
    try:
        return [str(_call(cognito, "admin_get_user", UserPoolId=pool, Username=email)["Username"])]
    except CallRefusedError as exc:
        if exc.code != "UserNotFoundException":
            raise
    users = _pages(cognito, "list_users", "Users", "PaginationToken", UserPoolId=pool, Filter=f'email = "{email}"')
    return [str(user["Username"]) for user in users]


def _remove_user(cognito: Any, reviewers: Reviewers, email: str, username: str, keep_user: bool) -> bool:
    """Remove one user from the group, and delete it unless kept; False when it was not in the group."""
    pool, group = reviewers.user_pool_id, reviewers.group
    listed = _pages(cognito, "admin_list_groups_for_user", "Groups", UserPoolId=pool, Username=username)
    groups = [str(found["GroupName"]) for found in listed]
    if group not in groups:
        _say(f"{email} is not a reviewer: not in group {group} (user left unchanged)")
        return False
    _call(cognito, "admin_remove_user_from_group", UserPoolId=pool, Username=username, GroupName=group)
    others = sorted(set(groups) - {group})
    if keep_user:
        _say(f"removed {email} from group {group}; kept the user (--keep-user)")
    elif others:
        _say(f"removed {email} from group {group}; kept the user: still in group {', '.join(others)}")
    else:
        _call(cognito, "admin_delete_user", UserPoolId=pool, Username=username)
        _say(f"removed {email} from group {group} and deleted the user")
    return True


# --- list ----------------------------------------------------------------------------------------


def list_reviewers(cognito: Any, reviewers: Reviewers, options: argparse.Namespace) -> int:
    """Print the members of the group: a table (or JSON), a count, and what to do if there are none."""
    users = _pages(
        cognito, "list_users_in_group", "Users", UserPoolId=reviewers.user_pool_id, GroupName=reviewers.group
    )
    members = sorted((_member(user) for user in users), key=lambda member: member.email.lower())
    if options.json:
        document = {
            "userPoolId": reviewers.user_pool_id,
            "group": reviewers.group,
            "reviewers": [member.as_json() for member in members],
        }
        _say(json.dumps(document, indent=2))
        return 0
    for line in render_table(members):
        _say(line)
    _say(_count_line(members, reviewers))
    return 0


def _member(user: dict[str, Any]) -> Member:
    attributes = {attribute["Name"]: attribute.get("Value", "") for attribute in user.get("Attributes", [])}
    username = str(user.get("Username", ""))
    return Member(
        email=attributes.get("email") or username,
        username=username,
        status=str(user.get("UserStatus", "UNKNOWN")),
        enabled=bool(user.get("Enabled", True)),
        created=user.get("UserCreateDate"),
    )


def render_table(members: list[Member]) -> list[str]:
    """Email, status, account and created date (UTC), in aligned columns; nothing when no members."""
    if not members:
        return []
    rows = [("EMAIL", "STATUS", "ACCOUNT", "CREATED")]
    for member in members:
        created = member.created.astimezone(datetime.UTC).date().isoformat() if member.created else "-"
        status = STATUS_TEXT.get(member.status, member.status.lower())
        rows.append((member.email, status, "enabled" if member.enabled else "disabled", created))
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    return [f"{row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]:<{widths[2]}}  {row[3]}" for row in rows]


def _count_line(members: list[Member], reviewers: Reviewers) -> str:
    where = f"group {reviewers.group} (user pool {reviewers.user_pool_id})"
    if not members:
        command = f"a2i-moderation reviewers add --outputs {shlex.quote(reviewers.outputs)} EMAIL"
        return f"Nobody is in {where}: no one can do the reviews. Add a reviewer with: {command}"
    return f"{len(members)} reviewer{'s' if len(members) != 1 else ''} in {where}"


ACTIONS: dict[str, Callable[[Any, Reviewers, argparse.Namespace], int]] = {
    "add": add,
    "remove": remove,
    "list": list_reviewers,
}
