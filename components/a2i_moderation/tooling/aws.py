"""What the commands that call AWS share (`retired`, `doctor`, `reviewers`): the stack's outputs file,
a session with credentials, and listings read page by page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import ConfigError
from . import read_json_object

#: Error codes with which AWS services refuse a caller the permission for a call.
ACCESS_DENIED = frozenset({"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "AuthorizationError"})
#: What `--outputs FILE` must hold.
OUTPUTS_OBJECT = "the object `pulumi stack output --json` writes"


def read_outputs(path: str) -> dict[str, Any]:
    """The stack's outputs, as `pulumi stack output --json` writes them (`--outputs FILE`)."""
    return read_json_object("--outputs", path, OUTPUTS_OBJECT)


def outputs_region(outputs: dict[str, Any], path: str, region: str | None = None) -> str:
    """`region` (from --region) or else the region of the outputs' flowDefinitionArn."""
    arn = str(outputs.get("flowDefinitionArn") or "")
    region = region or (arn.split(":")[3] if arn.count(":") >= 5 else None)
    if not region:
        raise ConfigError(f"--outputs: {path} has no flowDefinitionArn (give --region)")
    return region


def session(region: str) -> Any:
    """A boto3 session in `region` with credentials as boto3 finds them (profile, environment,
    instance role; AWS_ENDPOINT_URL too); a ConfigError when there are none."""
    import boto3

    found = boto3.Session(region_name=region)
    if found.get_credentials() is None:
        raise ConfigError("no AWS credentials found (profile, environment or instance role)")
    return found


def listed(client: Any, operation: str, key: str, **request: Any) -> Iterator[dict[str, Any]]:
    """The items `key` of every page of a listing call, through botocore's paginator for it (which
    knows whether the service pages with NextToken, or with Marker and IsTruncated as IAM does)."""
    for page in client.get_paginator(operation).paginate(**request):
        yield from page.get(key, [])
