"""Physical names for resources AWS cannot update in place (flow definitions, task UIs).

pulumi-aws requires their names and AWS replaces them on any change, so a fixed name would collide
with itself during create-before-delete replacement. The name therefore ends in a short hash of
everything that forces a replacement: a change gives a new name, no change keeps the old one.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from typing import Any

#: FlowDefinitionName and HumanTaskUiName (botocore's sagemaker model): 1 to 63 characters.
NAME_PATTERN = re.compile(r"[a-z0-9](-*[a-z0-9]){0,62}")
MAX_NAME = 63
HASH_CHARS = 8

#: The tag every resource of a workflow carries, valued with the component's name: how a workflow's
#: flow definitions, current and kept ones, are told from other stacks' with the same name prefix.
WORKFLOW_TAG = "a2i-moderation:workflow"


def content_hash(content: Any) -> str:
    """A short, stable hash of JSON-serialisable content."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:HASH_CHARS]


def slug(text: str, limit: int) -> str:
    """Lower-case `text`, keep letters, digits and single hyphens, cut to `limit` characters."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return cleaned[:limit].rstrip("-") or "a2i"


def hashed_name(prefix: str, content: Any) -> str:
    """`<prefix>-<hash of content>`, valid as a FlowDefinitionName or HumanTaskUiName."""
    digest = content_hash(content)
    name = f"{slug(prefix, MAX_NAME - HASH_CHARS - 1)}-{digest}"
    assert NAME_PATTERN.fullmatch(name), name
    return name


def arn_parameter_name(name_prefix: str) -> str:
    """Default name of the SSM parameter holding a workflow's current flow definition ARN."""
    return f"/a2i-moderation/{name_prefix}/flow-definition-arn"


def s3_uri(bucket: str | None, prefix: str) -> str:
    """s3://<bucket>/<prefix>; "" while the bucket's name is not known (a consumer's minimal mocks)."""
    return f"s3://{bucket}/{prefix}" if bucket else ""


#: HumanLoopName (botocore's rekognition and sagemaker-a2i-runtime models) has NAME_PATTERN's form and
#: length; a human loop name is made of three parts that share those 63 characters.
LOOP_IMAGE_HASH_CHARS = 12
LOOP_REQUEST_CHARS = 24
LOOP_STEM_CHARS = MAX_NAME - LOOP_IMAGE_HASH_CHARS - LOOP_REQUEST_CHARS - 2


def _loop_part(text: str, limit: int) -> str:
    """Lower-case letters, digits and single hyphens of `text`, at most `limit` characters; "" if none."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].rstrip("-")


def image_hash(bucket: str, key: str) -> str:
    """The middle part of every human loop name made for the image s3://<bucket>/<key>."""
    return hashlib.sha256(f"{bucket}/{key}".encode()).hexdigest()[:LOOP_IMAGE_HASH_CHARS]


def human_loop_name(bucket: str, key: str, request_id: str | None = None) -> str:
    """A HumanLoopName for one DetectModerationLabels request: `<file stem>-<image hash>-<request>`.

    AWS requires a loop name to be unique in the region, and one image is often checked more than
    once (a retry, an overwritten object). The first two parts are the same for every request about
    one image: search for `-<image_hash(bucket, key)>-` in ListHumanLoops or the output bucket. The
    request part is `request_id` itself when it is already a valid name part of at most 24
    characters; otherwise a readable prefix and a hash of it (distinct IDs stay distinct); random
    when no ID is given. The same `request_id` for the same image gives the same name again."""
    file_name = key.rsplit("/", 1)[-1]
    stem = file_name.rpartition(".")[0] or file_name  # "photo.jpg" -> "photo", ".env" stays
    parts = [_loop_part(stem, LOOP_STEM_CHARS) or "image", image_hash(bucket, key), _request_part(request_id)]
    name = "-".join(parts)
    assert NAME_PATTERN.fullmatch(name), name
    assert len(name) <= MAX_NAME, name
    return name


def _request_part(request_id: str | None) -> str:
    if request_id is None:
        return uuid.uuid4().hex[:20]
    if len(request_id) <= LOOP_REQUEST_CHARS and NAME_PATTERN.fullmatch(request_id):
        return request_id
    digest = hashlib.sha256(request_id.encode()).hexdigest()[:8]
    readable = _loop_part(request_id, LOOP_REQUEST_CHARS - len(digest) - 1)
    return f"{readable}-{digest}" if readable else digest
