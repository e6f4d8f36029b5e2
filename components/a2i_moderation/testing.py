"""Mocks for unit tests of stacks that use the components: Pulumi's mock engine answering the way
AWS would, with IDs, names and ARNs in AWS's formats (deterministic from the logical names).

    import pulumi
    from a2i_moderation.testing import AwsMocks

    pulumi.runtime.set_mocks(AwsMocks("eu-west-1"), preview=False)

The components also run under the minimal mocks Pulumi's documentation shows (`new_resource`
returning the inputs as state): computed values such as ARNs are then missing, not made up.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from pulumi.runtime import MockCallArgs, MockResourceArgs, Mocks

#: The account ID the offline preview stands in for yours.
PLACEHOLDER_ACCOUNT = "123456789012"
COMPUTED = "(known after apply)"


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _autoname(name: str, *salt: str) -> str:
    """Pulumi's auto-naming: the logical name plus a dash and seven random hex digits."""
    return f"{name}-{_digest(name, *salt)[:7]}"


class AwsMocks(Mocks):
    """Answers resource registrations and invokes the way AWS would, without calling AWS."""

    def __init__(self, region: str, account_id: str = PLACEHOLDER_ACCOUNT, partition: str = "aws"):
        self.region = region
        self.account_id = account_id
        self.partition = partition

    def _arn(self, service: str, resource: str) -> str:
        return f"arn:{self.partition}:{service}:{self.region}:{self.account_id}:{resource}"

    def new_resource(self, args: MockResourceArgs) -> tuple[str, dict[str, Any]]:
        state = dict(args.inputs)
        token, name = args.typ, args.name
        if token == "aws:s3/bucket:Bucket":
            bucket = state.get("bucket") or _autoname(name, self.region)
            state.update(
                bucket=bucket,
                arn=f"arn:{self.partition}:s3:::{bucket}",
                region=self.region,
                bucketDomainName=f"{bucket}.s3.amazonaws.com",
                bucketRegionalDomainName=f"{bucket}.s3.{self.region}.amazonaws.com",
            )
            return bucket, state
        if token == "aws:kms/key:Key":
            key_id = str(uuid.UUID(_digest("kms", name)[:32]))
            state.update(keyId=key_id, arn=self._arn("kms", f"key/{key_id}"))
            return key_id, state
        if token == "aws:iam/role:Role":
            role = state.get("name") or _autoname(name)
            path = state.get("path") or "/"
            state.update(
                name=role,
                arn=f"arn:{self.partition}:iam::{self.account_id}:role{path}{role}",
                uniqueId="AROA" + _digest("role", name)[:17].upper(),
            )
            return role, state
        if token == "aws:iam/rolePolicy:RolePolicy":
            policy = state.get("name") or _autoname(name)
            state["name"] = policy
            return f"{state.get('role')}:{policy}", state
        if token == "aws:sagemaker/humanTaskUI:HumanTaskUI":
            ui = state["humanTaskUiName"]
            state["arn"] = self._arn("sagemaker", f"human-task-ui/{ui}")
            return ui, state
        if token == "aws:sagemaker/flowDefinition:FlowDefinition":
            flow = state["flowDefinitionName"]
            state["arn"] = self._arn("sagemaker", f"flow-definition/{flow}")
            return flow, state
        if token == "aws:sagemaker/workteam:Workteam":
            team = state["workteamName"]
            state.update(
                arn=self._arn("sagemaker", f"workteam/private-crowd/{team}"),
                subdomain=f"{_digest('team', team)[:10]}.labeling.{self.region}.sagemaker.aws",
            )
            return team, state
        if token == "aws:sagemaker/workforce:Workforce":
            workforce = state["workforceName"]
            state.update(
                arn=self._arn("sagemaker", f"workforce/{workforce}"),
                subdomain=f"{_digest('workforce', workforce)[:10]}.labeling.{self.region}.sagemaker.aws",
            )
            return workforce, state
        if token == "aws:cognito/userPool:UserPool":
            pool_id = f"{self.region}_{_digest('pool', name)[:9]}"
            state.update(
                arn=self._arn("cognito-idp", f"userpool/{pool_id}"),
                name=state.get("name") or _autoname(name),
                endpoint=f"cognito-idp.{self.region}.amazonaws.com/{pool_id}",
            )
            return pool_id, state
        if token == "aws:cognito/userPoolClient:UserPoolClient":
            client_id = _digest("client", name)[:26]
            state.update(name=state.get("name") or _autoname(name), clientSecret=COMPUTED)
            return client_id, state
        if token == "aws:cognito/userPoolDomain:UserPoolDomain":
            return state["domain"], state
        if token == "aws:cognito/userGroup:UserGroup":
            group = state.get("name") or _autoname(name)
            state["name"] = group
            return f"{state.get('userPoolId')}/{group}", state
        if token == "aws:sns/topic:Topic":
            topic = state.get("name") or _autoname(name)
            state.update(name=topic, arn=self._arn("sns", topic), owner=self.account_id)
            return state["arn"], state
        if token == "aws:ssm/parameter:Parameter":
            parameter = state["name"]
            # A hierarchical name ("/a/b") follows "parameter"; a plain one gets a "/" before it.
            state["arn"] = self._arn("ssm", f"parameter{'' if parameter.startswith('/') else '/'}{parameter}")
            state.setdefault("version", 1)
            return parameter, state
        if token == "aws:iam/policy:Policy":
            policy = state.get("name") or _autoname(name)
            path = state.get("path") or "/"
            state.update(
                name=policy,
                arn=f"arn:{self.partition}:iam::{self.account_id}:policy{path}{policy}",
                policyId="ANPA" + _digest("policy", name)[:17].upper(),
            )
            return state["arn"], state
        if token == "aws:sqs/queue:Queue":
            queue = state.get("name") or _autoname(name)
            url = f"https://sqs.{self.region}.amazonaws.com/{self.account_id}/{queue}"
            state.update(name=queue, arn=self._arn("sqs", queue), url=url)
            return url, state
        if token == "aws:cloudwatch/eventRule:EventRule":
            rule = state.get("name") or _autoname(name)
            bus = state.get("eventBusName") or "default"
            state.update(
                name=rule, arn=self._arn("events", f"rule/{rule}" if bus == "default" else f"rule/{bus}/{rule}")
            )
            return f"{bus}/{rule}" if bus != "default" else rule, state
        return f"{_autoname(name)}-id", state

    # Pulumi accepts a plain dict of outputs here, though its annotation asks for a tuple.
    def call(self, args: MockCallArgs) -> dict[str, Any]:  # type: ignore[override]
        if args.token == "aws:index/getCallerIdentity:getCallerIdentity":
            return {
                "accountId": self.account_id,
                "arn": f"arn:{self.partition}:iam::{self.account_id}:user/preview",
                "userId": "AIDAPREVIEWPLACEHOLDER",
                "id": self.account_id,
            }
        if args.token == "aws:index/getPartition:getPartition":
            return {
                "partition": self.partition,
                "dnsSuffix": "amazonaws.com",
                "reverseDnsPrefix": "com.amazonaws",
                "id": self.partition,
            }
        if args.token == "aws:index/getRegion:getRegion":
            return {
                "region": self.region,
                "name": self.region,
                "id": self.region,
                "endpoint": f"ec2.{self.region}.amazonaws.com",
                "description": self.region,
            }
        raise NotImplementedError(f"the offline preview has no answer for {args.token}")
