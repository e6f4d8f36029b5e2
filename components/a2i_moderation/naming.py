"""Physical names for resources AWS cannot update in place (flow definitions, task UIs).

pulumi-aws requires their names and AWS replaces them on any change, so a fixed name would collide
with itself during create-before-delete replacement. The name therefore ends in a short hash of
everything that forces a replacement: a change gives a new name, no change keeps the old one.
"""

from __future__ import annotations

import hashlib
import json
import re
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


def s3_uri(bucket: str | None, prefix: str) -> str:
    """s3://<bucket>/<prefix>; "" while the bucket's name is not known (a consumer's minimal mocks)."""
    return f"s3://{bucket}/{prefix}" if bucket else ""
