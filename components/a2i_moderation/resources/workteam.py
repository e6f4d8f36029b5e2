"""ReviewWorkteam: the private workteam whose members review images.

One private workforce exists per account and region, tied to one Cognito user pool. Either this
component creates the pool with its workforce, or it joins the workforce of a pool you name.
"""

import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import NotRequired

import pulumi
import pulumi_aws as aws

from .. import policies
from ..naming import hashed_name
from ..settings import BY_ARG
from .location import AwsLocationArgs, aws_context

#: Shared with ImageModerationReview's workteam_description.
DESCRIPTION: str = BY_ARG["workteam_description"].default


class PresignedUrlSource(StrEnum):
    """Whether S3 checks where a presigned image URL is used from (botocore's EnabledOrDisabled)."""

    ENABLED = "Enabled"
    """S3 accepts the URL only from the address it was made for."""
    DISABLED = "Disabled"
    """S3 accepts the URL from anywhere until it expires."""


class ReviewWorkteamArgs(AwsLocationArgs):
    name_prefix: pulumi.Input[str]
    """Start of the physical names (workteam, workforce, user pool domain)."""
    description: NotRequired[pulumi.Input[str]]
    """What the team does, shown in the SageMaker console (1 to 200 characters)."""
    user_pool_id: NotRequired[pulumi.Input[str]]
    """Cognito user pool of the account's existing private workforce. Omitted: a user pool, app
    client, domain and the workforce are created (fails if the account already has a workforce)."""
    user_pool_client_id: NotRequired[pulumi.Input[str]]
    """App client of that workforce; required with user_pool_id."""
    user_group: NotRequired[pulumi.Input[str]]
    """Existing Cognito group whose members form the team; omitted: a group is created."""
    notification_topic_arn: NotRequired[pulumi.Input[str]]
    """SNS topic SageMaker publishes new-task notices to. AWS documents that A2I tasks send none."""
    create_notification_topic: NotRequired[bool]
    """Create that topic, with the access policy SageMaker needs to publish (default false)."""
    presigned_url_source_ip: NotRequired[PresignedUrlSource]
    """S3 accepts each presigned image URL only from the IP address of the worker it was made for
    (default Enabled)."""
    presigned_url_vpc_source_ip: NotRequired[PresignedUrlSource]
    """The same inside a VPC, for a private worker portal reached through the VPC's S3 interface
    endpoint (default Disabled)."""
    sign_in_cidrs: NotRequired[pulumi.Input[Sequence[pulumi.Input[str]]]]
    """When the workforce is created: the 1 to 10 networks (CIDR) its portal accepts sign-ins from.
    Omitted: anywhere."""
    tags: NotRequired[pulumi.Input[Mapping[str, pulumi.Input[str]]]]
    """Tags for the resources that take them."""


class ReviewWorkteam(pulumi.ComponentResource):
    """A private workteam of Cognito users, on a new or the existing private workforce."""

    workteam_arn: pulumi.Output[str]
    """ARN of the workteam, arn:aws:sagemaker:<region>:<account>:workteam/private-crowd/<name>."""
    user_pool_id: pulumi.Output[str]
    """Cognito user pool whose users can join the team."""
    user_group: pulumi.Output[str]
    """Cognito group whose members are the team: add reviewers to it."""
    notification_topic_arn: pulumi.Output[str | None]
    """SNS topic for task notices, if any."""
    worker_portal_url: pulumi.Output[str | None]
    """Sign-in page of the created private workforce, https://<subdomain> (None when joining one)."""

    def __init__(self, name: str, args: ReviewWorkteamArgs, opts: pulumi.ResourceOptions | None = None):
        super().__init__("a2i-moderation:index:ReviewWorkteam", name, {}, opts)
        child = pulumi.ResourceOptions(parent=self)
        tags = args.get("tags")
        account_id, _, region = aws_context(args, self)
        prefix = pulumi.Output.from_input(args["name_prefix"])
        owner = [pulumi.get_project(), pulumi.get_stack(), name]
        # Workteam, workforce and domain names are unique per account (the domain prefix across
        # all of Cognito), so they hash where they live as well as which stack owns them.
        where = pulumi.Output.all(account_id, region).apply(lambda v: [*owner, v[0], v[1]])

        def named(kind: str) -> pulumi.Output[str]:
            return pulumi.Output.all(prefix, where).apply(lambda v: hashed_name(f"{v[0]}-{kind}", v[1]))

        workforce_name: pulumi.Output[str] | None = None
        portal: pulumi.Input[str | None] = None
        if args.get("user_pool_id") is None:
            pool = aws.cognito.UserPool(
                f"{name}-user-pool",
                admin_create_user_config={"allow_admin_create_user_only": True},
                username_attributes=["email"],
                auto_verified_attributes=["email"],
                mfa_configuration="OPTIONAL",
                software_token_mfa_configuration={"enabled": True},
                password_policy={
                    "minimum_length": 12,
                    "require_lowercase": True,
                    "require_uppercase": True,
                    "require_numbers": True,
                    "require_symbols": True,
                    "temporary_password_validity_days": 3,
                },
                account_recovery_setting={"recovery_mechanisms": [{"name": "verified_email", "priority": 1}]},
                tags=tags,
                opts=child,
            )
            client = aws.cognito.UserPoolClient(
                f"{name}-app-client",
                user_pool_id=pool.id,
                generate_secret=True,
                prevent_user_existence_errors="ENABLED",
                opts=child,
            )
            domain = aws.cognito.UserPoolDomain(
                f"{name}-domain",
                domain=named("workers"),
                user_pool_id=pool.id,
                opts=child,
            )
            workforce = aws.sagemaker.Workforce(
                f"{name}-workforce",
                workforce_name=named("workforce"),
                cognito_config={"client_id": client.id, "user_pool": domain.user_pool_id},
                source_ip_config={"cidrs": args["sign_in_cidrs"]} if args.get("sign_in_cidrs") is not None else None,
                opts=child,
            )
            user_pool_id: pulumi.Input[str] = domain.user_pool_id
            client_id: pulumi.Input[str] = client.id
            workforce_name = workforce.id
            portal = workforce.subdomain.apply(lambda subdomain: f"https://{subdomain}" if subdomain else None)
        else:
            user_pool_id = args["user_pool_id"]
            client_id = args["user_pool_client_id"]

        user_group = args.get("user_group")
        if user_group is None:
            group = aws.cognito.UserGroup(
                f"{name}-reviewers",
                user_pool_id=user_pool_id,
                name=prefix.apply(lambda known: f"{known}-reviewers"),
                description="Members review images for Amazon A2I (a2i-moderation)",
                opts=child,
            )
            user_group = group.name

        topic_arn = args.get("notification_topic_arn")
        if args.get("create_notification_topic"):
            topic = aws.sns.Topic(f"{name}-notifications", tags=tags, opts=child)
            aws.sns.TopicPolicy(
                f"{name}-notifications-policy",
                arn=topic.arn,
                policy=pulumi.Output.all(topic.arn, account_id).apply(
                    lambda v: json.dumps(policies.sns_publish_policy(v[0], v[1]), sort_keys=True)
                ),
                opts=child,
            )
            topic_arn = topic.arn

        team = aws.sagemaker.Workteam(
            f"{name}-team",
            workteam_name=named("team"),
            workforce_name=workforce_name,
            description=args.get("description", DESCRIPTION),
            member_definitions=[
                {
                    "cognito_member_definition": {
                        "user_pool": user_pool_id,
                        "client_id": client_id,
                        "user_group": user_group,
                    }
                }
            ],
            notification_configuration={"notification_topic_arn": topic_arn} if topic_arn is not None else None,
            worker_access_configuration={
                "s3_presign": {
                    "iam_policy_constraints": {
                        "source_ip": _constraint(args.get("presigned_url_source_ip"), PresignedUrlSource.ENABLED),
                        "vpc_source_ip": _constraint(
                            args.get("presigned_url_vpc_source_ip"), PresignedUrlSource.DISABLED
                        ),
                    }
                }
            },
            tags=tags,
            opts=child,
        )
        self.workteam_arn = team.arn
        self.user_pool_id = pulumi.Output.from_input(user_pool_id)
        self.user_group = pulumi.Output.from_input(user_group)
        self.notification_topic_arn = pulumi.Output.from_input(topic_arn)
        self.worker_portal_url = pulumi.Output.from_input(portal)
        self.register_outputs(
            {
                "workteam_arn": self.workteam_arn,
                "user_pool_id": self.user_pool_id,
                "user_group": self.user_group,
                "notification_topic_arn": self.notification_topic_arn,
                "worker_portal_url": self.worker_portal_url,
            }
        )


def _constraint(given: PresignedUrlSource | str | None, default: PresignedUrlSource) -> str:
    """AWS's text for a constraint given as the enum, as its text, or not at all."""
    return PresignedUrlSource(given if given is not None else default).value
