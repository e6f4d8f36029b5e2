"""IAM policy evaluation, as AWS documents it, for the checks `a2i-moderation doctor` makes.

AWS's evaluation logic ("Policy evaluation logic" in the IAM User Guide): a request is denied if
any applicable statement denies it; otherwise allowed if some applicable statement allows it;
otherwise implicitly denied. A statement applies when its Action (or NotAction), Resource (or
NotResource), Principal (resource and trust policies) and every Condition match the request. Within
the same account, a resource policy that names the account (its root or its ID) delegates the
decision to the caller's identity policies; one that names the caller allows on its own; KMS key
policies are the exception that must allow in every case (directly, or by naming the account).

Conditions: the String, Arn, Bool, Null and Numeric operators, with `...IfExists` and the
`ForAnyValue:`/`ForAllValues:` set qualifiers. A key missing from the request makes a positive
operator false and a negated one (`StringNotEquals`, `ArnNotLike`, ...) true. An operator outside
these (Date, IpAddress, Binary) raises `NotEvaluatedError`: a check then says it could not decide,
never that it passed. Policy variables (`${aws:username}`) are not substituted.

Pure: no AWS call, no Pulumi.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from typing import Any


class NotEvaluatedError(Exception):
    """A policy uses what this evaluator does not implement: the answer is unknown."""


class Effect(Enum):
    ALLOW = "allowed"
    DENY = "explicitly denied"
    NONE = "not allowed (no statement allows it)"


@dataclass(frozen=True)
class Request:
    """One request as IAM sees it."""

    action: str
    """`service:Action`, e.g. `s3:PutObject`."""
    resource: str = "*"
    """The resource ARN (`*` for trust policies)."""
    principal_arn: str | None = None
    """The caller's ARN (a role ARN) when a resource or trust policy is evaluated."""
    service: str | None = None
    """The calling service principal (`sagemaker.amazonaws.com`) for trust policies."""
    context: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    """Condition keys of the request (case-insensitive names), e.g. `aws:SecureTransport`."""

    @property
    def account(self) -> str | None:
        parts = (self.principal_arn or "").split(":")
        return parts[4] if len(parts) > 4 and parts[4] else None


@dataclass(frozen=True)
class Decision:
    effect: Effect
    statement: str | None = None
    """The Sid (or position) of the deciding statement."""
    via_account: bool = False
    """For resource policies: allowed only by naming the caller's account (identity policies decide)."""

    @property
    def allowed(self) -> bool:
        return self.effect is Effect.ALLOW


@lru_cache(maxsize=512)
def _pattern(text: str, ignore_case: bool) -> re.Pattern[str]:
    parts = (".*" if c == "*" else "." if c == "?" else re.escape(c) for c in text)
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def _like(pattern: str, value: str, ignore_case: bool = False) -> bool:
    return _pattern(pattern, ignore_case).fullmatch(value) is not None


def _listed(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def _principal_match(principal: Any, request: Request) -> tuple[bool, bool]:
    """(matches, only via the account) for a statement's Principal."""
    if principal == "*":
        return True, False
    if not isinstance(principal, Mapping):
        raise NotEvaluatedError(f"Principal {principal!r}")
    if request.service and request.service in _listed(principal.get("Service", [])):
        return True, False
    account_match = False
    for entry in _listed(principal.get("AWS", [])):
        if entry == "*" or (request.principal_arn and entry == request.principal_arn):
            return True, False
        entry_account = entry if re.fullmatch(r"\d{12}", str(entry)) else None
        root = re.fullmatch(r"arn:[^:]+:iam::(\d{12}):root", str(entry))
        entry_account = root.group(1) if root else entry_account
        if entry_account is not None and entry_account == request.account:
            account_match = True
    return account_match, account_match


def _values(request: Request, key: str) -> list[str] | None:
    for name, value in request.context.items():
        if name.lower() == key.lower():
            return [str(v) for v in _listed(value)]
    return None


_NEGATED = {"StringNotEquals", "StringNotEqualsIgnoreCase", "StringNotLike", "ArnNotEquals", "ArnNotLike"}


def _compare(operator: str, policy_value: str, value: str) -> bool:
    if operator in ("StringEquals", "StringNotEquals"):
        return value == policy_value
    if operator in ("StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase"):
        return value.lower() == policy_value.lower()
    if operator in ("StringLike", "StringNotLike", "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"):
        return _like(policy_value, value)
    if operator == "Bool":
        return value.lower() == policy_value.lower()
    if operator.startswith("Numeric"):
        try:
            left, right = float(value), float(policy_value)
        except ValueError:
            return False
        return {
            "NumericEquals": left == right,
            "NumericNotEquals": left != right,
            "NumericLessThan": left < right,
            "NumericLessThanEquals": left <= right,
            "NumericGreaterThan": left > right,
            "NumericGreaterThanEquals": left >= right,
        }[operator]
    raise NotEvaluatedError(f"condition operator {operator}")


_OPERATORS = {
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Bool",
    "Null",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
}


def _condition_holds(qualified: str, key: str, policy_values: Any, request: Request) -> bool:
    qualifier, _, operator = qualified.rpartition(":")
    if_exists = operator.endswith("IfExists")
    operator = operator.removesuffix("IfExists")
    if operator not in _OPERATORS or qualifier not in ("", "ForAnyValue", "ForAllValues"):
        raise NotEvaluatedError(f"condition operator {qualified}")
    expected = [str(v) for v in _listed(policy_values)]
    values = _values(request, key)
    if operator == "Null":
        return (values is None) == (expected[0].lower() == "true")
    if values is None:
        if qualifier == "ForAllValues":
            return True  # AWS: true for a missing key (an empty set)
        return if_exists or operator in _NEGATED
    negated = operator in _NEGATED

    def matches(value: str) -> bool:
        hit = any(_compare(operator, e, value) for e in expected)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(matches(v) for v in values)
    return any(matches(v) for v in values)


def _applies(statement: Mapping[str, Any], request: Request, resource_policy: bool) -> tuple[bool, bool]:
    """(applies, only via the account)."""
    if "NotPrincipal" in statement:
        raise NotEvaluatedError("NotPrincipal")
    if "Action" in statement:
        action_ok = any(_like(a, request.action, ignore_case=True) for a in _listed(statement["Action"]))
    else:
        action_ok = not any(_like(a, request.action, ignore_case=True) for a in _listed(statement["NotAction"]))
    if not action_ok:
        return False, False
    if "Resource" in statement:
        resource_ok = any(_like(r, request.resource) for r in _listed(statement["Resource"]))
    elif "NotResource" in statement:
        resource_ok = not any(_like(r, request.resource) for r in _listed(statement["NotResource"]))
    else:
        resource_ok = True  # trust policies name no resource
    if not resource_ok:
        return False, False
    via_account = False
    if resource_policy:
        principal_ok, via_account = _principal_match(statement.get("Principal"), request)
        if not principal_ok:
            return False, False
    for operator, keys in (statement.get("Condition") or {}).items():
        for key, policy_values in keys.items():
            if not _condition_holds(operator, key, policy_values, request):
                return False, False
    return True, via_account


def decide(documents: Iterable[Mapping[str, Any]], request: Request, *, resource_policy: bool = False) -> Decision:
    """The decision of one or more policies of one kind (a principal's identity policies, or one
    resource or trust policy with `resource_policy`) for a request."""
    allowed: Decision | None = None
    for document in documents:
        for i, statement in enumerate(_listed(document.get("Statement", []))):
            applies, via_account = _applies(statement, request, resource_policy)
            if not applies:
                continue
            name = str(statement.get("Sid") or f"statement {i + 1}")
            if statement.get("Effect") == "Deny":
                return Decision(Effect.DENY, name)
            if allowed is None or (allowed.via_account and not via_account):
                allowed = Decision(Effect.ALLOW, name, via_account)
    return allowed or Decision(Effect.NONE)


def same_account_access(
    identity: Sequence[Mapping[str, Any]],
    resource_policy: Mapping[str, Any] | None,
    request: Request,
    *,
    key_policy: bool = False,
) -> Decision:
    """A principal's request to a resource of its own account: identity policies and the resource's
    policy (a bucket or key policy) together. A key policy must allow (directly, or by naming the
    account and then the identity policies must too); other resource policies allow on their own
    when they name the principal."""
    mine = decide(identity, request)
    theirs = decide([resource_policy], request, resource_policy=True) if resource_policy else Decision(Effect.NONE)
    for decision in (mine, theirs):
        if decision.effect is Effect.DENY:
            return decision
    if key_policy:
        if not theirs.allowed:
            return Decision(Effect.NONE, "the key policy")
        return theirs if not theirs.via_account else mine
    if theirs.allowed and not theirs.via_account:
        return theirs
    return mine
