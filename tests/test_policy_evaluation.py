"""The IAM evaluator doctor decides permissions with: AWS's documented evaluation logic, one rule per test."""

from __future__ import annotations

import pytest

from a2i_moderation.policy_evaluation import Effect, NotEvaluatedError, Request, decide, same_account_access

ROLE = "arn:aws:iam::123456789012:role/a2i"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/k"


def policy(*statements: dict) -> dict:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: object = "s3:GetObject", resource: object = "arn:aws:s3:::b/*", **extra: object) -> dict:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


GET = Request("s3:GetObject", "arn:aws:s3:::b/k.jpg", principal_arn=ROLE)


def test_an_allow_that_matches_allows():
    assert decide([policy(allow())], GET).allowed


def test_nothing_matching_is_an_implicit_deny():
    assert decide([policy(allow(resource="arn:aws:s3:::other/*"))], GET).effect is Effect.NONE


def test_an_explicit_deny_wins_over_any_allow():
    deny = {"Sid": "No", "Effect": "Deny", "Action": "s3:*", "Resource": "*"}
    decision = decide([policy(allow()), policy(deny)], GET)
    assert decision.effect is Effect.DENY
    assert decision.statement == "No"


def test_actions_match_without_case_and_with_wildcards_resources_with_case():
    assert decide([policy(allow(action="S3:get*"))], GET).allowed
    assert not decide([policy(allow(resource="arn:aws:s3:::B/*"))], GET).allowed


def test_not_action_and_not_resource():
    assert decide([policy({"Effect": "Allow", "NotAction": "s3:PutObject", "Resource": "*"})], GET).allowed
    assert not decide([policy({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::b/*"})], GET).allowed


def test_condition_on_a_missing_key_is_false_unless_if_exists_or_negated():
    def with_condition(condition: dict) -> bool:
        return decide([policy(allow(Condition=condition))], GET).allowed

    assert not with_condition({"StringEquals": {"aws:SourceAccount": "123456789012"}})
    assert with_condition({"StringEqualsIfExists": {"aws:SourceAccount": "123456789012"}})
    assert with_condition({"StringNotEquals": {"aws:SourceAccount": "999999999999"}})
    assert with_condition({"Null": {"aws:SourceAccount": "true"}})


def test_condition_values_are_or_keys_and_operators_are_and():
    request = Request("s3:GetObject", "arn:aws:s3:::b/k", context={"aws:SecureTransport": "true", "s3:prefix": "a/"})
    both = {"Bool": {"aws:securetransport": "true"}, "StringLike": {"s3:prefix": ["x/*", "a/*"]}}
    assert decide([policy(allow(resource="*", Condition=both))], request).allowed
    both["StringLike"] = {"s3:prefix": ["x/*"]}
    assert not decide([policy(allow(resource="*", Condition=both))], request).allowed


def test_for_all_values_holds_for_every_value():
    request = Request("s3:GetObject", "r", context={"aws:TagKeys": ["team", "env"]})
    condition = {"ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env", "cost"]}}
    assert decide([policy(allow(resource="*", Condition=condition))], request).allowed
    condition = {"ForAllValues:StringEquals": {"aws:TagKeys": ["team"]}}
    assert not decide([policy(allow(resource="*", Condition=condition))], request).allowed


def test_an_operator_not_implemented_is_not_evaluated_never_guessed():
    condition = {"DateGreaterThan": {"aws:CurrentTime": "2026-01-01T00:00:00Z"}}
    with pytest.raises(NotEvaluatedError, match="DateGreaterThan"):
        decide([policy(allow(Condition=condition))], GET)


def test_trust_policy_admits_the_named_service_only():
    trust = policy({"Effect": "Allow", "Principal": {"Service": "sagemaker.amazonaws.com"}, "Action": "sts:AssumeRole"})
    assert decide([trust], Request("sts:AssumeRole", service="sagemaker.amazonaws.com"), resource_policy=True).allowed
    assert not decide([trust], Request("sts:AssumeRole", service="ec2.amazonaws.com"), resource_policy=True).allowed


KEY_USE = Request("kms:Decrypt", KEY, principal_arn=ROLE)
ACCOUNT_ADMIN = {
    "Effect": "Allow",
    "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
    "Action": "kms:*",
    "Resource": "*",
}
ROLE_IN_KEY = {"Effect": "Allow", "Principal": {"AWS": ROLE}, "Action": "kms:Decrypt", "Resource": "*"}
ROLE_POLICY = policy(allow(action="kms:Decrypt", resource=KEY))


def test_a_key_policy_naming_the_role_allows_on_its_own():
    assert same_account_access([], policy(ROLE_IN_KEY), KEY_USE, key_policy=True).allowed


def test_a_key_policy_naming_the_account_delegates_to_the_role_policy():
    assert same_account_access([ROLE_POLICY], policy(ACCOUNT_ADMIN), KEY_USE, key_policy=True).allowed
    assert not same_account_access([], policy(ACCOUNT_ADMIN), KEY_USE, key_policy=True).allowed


def test_a_key_policy_naming_neither_refuses_whatever_the_role_policy_says():
    other = {**ROLE_IN_KEY, "Principal": {"AWS": "arn:aws:iam::123456789012:role/other"}}
    assert not same_account_access([ROLE_POLICY], policy(other), KEY_USE, key_policy=True).allowed


def test_a_bucket_policy_deny_refuses_what_the_role_policy_allows():
    deny = {
        "Effect": "Deny",
        "Principal": "*",
        "Action": "s3:*",
        "Resource": "arn:aws:s3:::b/*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}},
    }
    plain = Request(
        "s3:GetObject", "arn:aws:s3:::b/k.jpg", principal_arn=ROLE, context={"aws:SecureTransport": "false"}
    )
    tls = Request("s3:GetObject", "arn:aws:s3:::b/k.jpg", principal_arn=ROLE, context={"aws:SecureTransport": "true"})
    assert same_account_access([policy(allow())], policy(deny), tls).allowed
    assert same_account_access([policy(allow())], policy(deny), plain).effect is Effect.DENY
