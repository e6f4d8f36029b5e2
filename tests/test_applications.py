"""What the stack gives applications: the ARN's parameter, the caller and processor policies, and the
results queue fed by EventBridge. Asserts on the exact inputs AWS receives; the two managed policies
are judged by moto's IAM policy evaluator, request by request."""

from __future__ import annotations

import json

import pytest
from conftest import REGION, minimal_args, plan_review, policy
from moto.iam.access_control import IAMPolicy, PermissionResult

from a2i_moderation import policies
from a2i_moderation.errors import ConfigError
from a2i_moderation.settings import validate_review_args
from a2i_moderation.status_events import DETAIL_TYPE, status_change_pattern

ACCOUNT = "123456789012"
PARAMETER = "aws:ssm/parameter:Parameter"
POLICY = "aws:iam/policy:Policy"
QUEUE = "aws:sqs/queue:Queue"
QUEUE_POLICY = "aws:sqs/queuePolicy:QueuePolicy"
RULE = "aws:cloudwatch/eventRule:EventRule"
TARGET = "aws:cloudwatch/eventTarget:EventTarget"
FLOW = "aws:sagemaker/flowDefinition:FlowDefinition"
KEY_ARN = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1111aaaa-22bb-33cc-44dd-555555eeeeee"


def named(plan, token, name):
    [found] = [r for r in plan.resources if r["type"] == token and r["name"] == name]
    return found


def sagemaker(resource: str, region: str = REGION, account: str = ACCOUNT) -> str:
    return f"arn:aws:sagemaker:{region}:{account}:{resource}"


# --- the parameter --------------------------------------------------------------------------------


def test_parameter_holds_the_flow_definition_arn_under_its_default_name(default_plan):
    parameter = default_plan.one(PARAMETER)["inputs"]
    assert parameter["name"] == "/a2i-moderation/moderation/flow-definition-arn"
    assert parameter["type"] == "String"
    assert parameter["insecureValue"] == default_plan.outputs["flow_definition_arn"]
    assert default_plan.outputs["arn_parameter_arn"] == (
        f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/a2i-moderation/moderation/flow-definition-arn"
    )


def test_parameter_name_follows_the_workflow_name():
    plan = plan_review(minimal_args(flow_definition_name_prefix="reviews-eu"))
    assert plan.one(PARAMETER)["inputs"]["name"] == "/a2i-moderation/reviews-eu/flow-definition-arn"


def test_parameter_name_can_be_set():
    plan = plan_review(minimal_args(arn_parameter_name="/acme/moderation/flow-arn"))
    assert plan.one(PARAMETER)["inputs"]["name"] == "/acme/moderation/flow-arn"


def test_parameter_value_changes_with_a_replacement():
    before = plan_review(minimal_args(task_title="Review an image"))
    after = plan_review(minimal_args(task_title="Review this image"))
    values = [plan.one(PARAMETER)["inputs"]["insecureValue"] for plan in (before, after)]
    assert values[0] != values[1]
    assert [plan.one(PARAMETER)["name"] for plan in (before, after)] == ["moderation-arn-parameter-parameter"] * 2


@pytest.mark.parametrize(
    "name",
    ["aws/moderation", "/SSM/moderation", "/a2i moderation/arn", "/" + "/".join("abcdefghijklmnop"), "x" * 951, ""],
)
def test_bad_parameter_names_are_refused_naming_the_setting(name):
    with pytest.raises(ConfigError, match=r"^arn_parameter_name: .* is not allowed \(.*SSM parameter name"):
        validate_review_args(minimal_args(arn_parameter_name=name))


def test_parameter_name_without_the_parameter_is_refused():
    with pytest.raises(ConfigError, match=r"arn_parameter_name names .* but publish_arn_parameter is false"):
        validate_review_args(minimal_args(arn_parameter_name="/acme/arn", publish_arn_parameter=False))


# --- switching parts off --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("switch", "gone", "outputs"),
    [
        ("publish_arn_parameter", {PARAMETER}, ["arn_parameter_name", "arn_parameter_arn"]),
        ("create_results_queue", {QUEUE, QUEUE_POLICY, RULE, TARGET}, ["results_queue_url", "results_rule_arn"]),
        ("create_caller_policy", set(), ["caller_policy_arn"]),
        ("create_processor_policy", set(), ["processor_policy_arn"]),
    ],
)
def test_each_application_part_can_be_switched_off(default_plan, switch, gone, outputs):
    plan = plan_review(minimal_args(**{switch: False}))
    types = {r["type"] for r in plan.resources}
    assert not types & gone
    assert all(plan.outputs[output] is None for output in outputs)
    assert len(plan.of_type(POLICY)) == 2 - (switch in ("create_caller_policy", "create_processor_policy"))
    assert plan.one(FLOW)["inputs"] == default_plan.one(FLOW)["inputs"]


def test_caller_policy_without_the_parameter_grants_no_parameter_read():
    plan = plan_review(minimal_args(publish_arn_parameter=False))
    caller = policy(named(plan, POLICY, "moderation-caller-policy"))
    assert "ReadFlowDefinitionArn" not in [s["Sid"] for s in caller["Statement"]]


def test_processor_policy_without_the_queue_grants_no_queue_access():
    plan = plan_review(minimal_args(create_results_queue=False))
    processor = policy(named(plan, POLICY, "moderation-processor-policy"))
    assert "ConsumeResultsQueue" not in [s["Sid"] for s in processor["Statement"]]


# --- the results queue ----------------------------------------------------------------------------


def test_rule_selects_this_workflows_status_changes(default_plan):
    pattern = json.loads(default_plan.one(RULE)["inputs"]["eventPattern"])
    assert pattern == {
        "source": ["aws.sagemaker"],
        "detail-type": ["SageMaker A2I HumanLoop Status Change"],
        "detail": {
            "flowDefinitionArn": [{"prefix": sagemaker("flow-definition/moderation-")}],
            "humanLoopStatus": ["Completed", "Failed", "Stopped"],
        },
    }


def test_rule_sends_to_the_queue_with_the_dead_letter_queue_for_failed_deliveries(default_plan):
    target = default_plan.one(TARGET)["inputs"]
    queue, dlq = (
        named(default_plan, QUEUE, "moderation-results-queue"),
        named(default_plan, QUEUE, "moderation-results-dlq"),
    )
    assert target["arn"] == default_plan.outputs["results_queue_arn"]
    assert target["deadLetterConfig"] == {"arn": default_plan.outputs["results_dead_letter_queue_arn"]}
    assert target["retryPolicy"] == {"maximumEventAgeInSeconds": 86_400, "maximumRetryAttempts": 185}
    assert json.loads(queue["inputs"]["redrivePolicy"]) == {
        "deadLetterTargetArn": default_plan.outputs["results_dead_letter_queue_arn"],
        "maxReceiveCount": 5,
    }
    assert "redrivePolicy" not in dlq["inputs"]


def test_target_waits_for_the_queue_policies(default_plan):
    target = default_plan.one(TARGET)
    policy_urns = {r["urn"] for r in default_plan.of_type(QUEUE_POLICY)}
    assert set(target["options"]["dependsOn"]) == policy_urns


def test_both_queues_are_encrypted_and_keep_messages_fourteen_days(default_plan):
    for queue in default_plan.of_type(QUEUE):
        assert queue["inputs"]["sqsManagedSseEnabled"] is True
        assert queue["inputs"]["messageRetentionSeconds"] == 1_209_600


def test_queue_policies_allow_only_this_rule_and_only_tls(default_plan):
    rule_arn = default_plan.outputs["results_rule_arn"]
    for queue_policy in default_plan.of_type(QUEUE_POLICY):
        statements = policy(queue_policy)["Statement"]
        assert statements == [
            {
                "Sid": "AllowThisRuleOnly",
                "Effect": "Allow",
                "Principal": {"Service": "events.amazonaws.com"},
                "Action": "sqs:SendMessage",
                "Resource": statements[0]["Resource"],
                "Condition": {"ArnEquals": {"aws:SourceArn": rule_arn}},
            },
            {
                "Sid": "DenyInsecureTransport",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "sqs:*",
                "Resource": statements[0]["Resource"],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            },
        ]
    resources = {policy(p)["Statement"][0]["Resource"] for p in default_plan.of_type(QUEUE_POLICY)}
    assert resources == {
        default_plan.outputs["results_queue_arn"],
        default_plan.outputs["results_dead_letter_queue_arn"],
    }


def test_pattern_of_another_region_or_account_is_another_prefix():
    here = status_change_pattern("arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-")
    assert here["detail-type"] == [DETAIL_TYPE]
    assert here["detail"]["flowDefinitionArn"] == [
        {"prefix": "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-"}
    ]


# --- the caller policy, judged by moto's IAM policy evaluator ------------------------------------


def allows(document: dict, action: str, resource: str, conditions: dict[str, str] | None = None) -> bool:
    """What IAM decides for one request under this identity policy alone."""
    result = IAMPolicy(json.dumps(document)).is_action_permitted(action, resource, incoming_condition_values=conditions)
    return result == PermissionResult.PERMITTED


@pytest.fixture(scope="module")
def caller(default_plan):
    return policy(named(default_plan, POLICY, "moderation-caller-policy"))


@pytest.fixture(scope="module")
def processor(default_plan):
    return policy(named(default_plan, POLICY, "moderation-processor-policy"))


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("rekognition:DetectModerationLabels", "*"),
        ("sagemaker:StartHumanLoop", sagemaker("flow-definition/moderation-3f23fcd1")),
        ("sagemaker:StartHumanLoop", sagemaker("flow-definition/moderation-0a1b2c3d")),  # a retained one
        ("sagemaker:StartHumanLoop", sagemaker("human-loop/photo-1a2b3c4d5e6f-00ff")),
        ("ssm:GetParameter", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/a2i-moderation/moderation/flow-definition-arn"),
        ("s3:GetObject", "arn:aws:s3:::acme-uploads/users/42/photo.jpg"),
        ("s3:GetObjectVersion", "arn:aws:s3:::acme-uploads/users/42/photo.jpg"),
    ],
)
def test_caller_policy_allows_what_applications_do(caller, action, resource):
    assert allows(caller, action, resource)


@pytest.mark.parametrize(
    ("action", "resource"),
    [
        ("sagemaker:StartHumanLoop", sagemaker("flow-definition/fraud-review-3f23fcd1")),  # another workflow
        ("sagemaker:StartHumanLoop", sagemaker("flow-definition/moderation-3f23fcd1", region="us-east-1")),
        ("sagemaker:StartHumanLoop", sagemaker("flow-definition/moderation-3f23fcd1", account="210987654321")),
        ("sagemaker:StartHumanLoop", sagemaker("human-loop/photo-1", region="us-east-1")),
        ("sagemaker:StopHumanLoop", sagemaker("human-loop/photo-1")),
        ("sagemaker:DeleteFlowDefinition", sagemaker("flow-definition/moderation-3f23fcd1")),
        ("sagemaker:DescribeFlowDefinition", sagemaker("flow-definition/moderation-3f23fcd1")),
        ("rekognition:DeleteCollection", "*"),
        ("ssm:PutParameter", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/a2i-moderation/moderation/flow-definition-arn"),
        ("ssm:GetParameter", f"arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/database/password"),
        ("s3:PutObject", "arn:aws:s3:::acme-uploads/users/42/photo.jpg"),
        ("s3:DeleteObject", "arn:aws:s3:::acme-uploads/users/42/photo.jpg"),
        ("s3:GetObject", "arn:aws:s3:::acme-payroll/2026.csv"),
    ],
)
def test_caller_policy_allows_nothing_else(caller, action, resource):
    assert not allows(caller, action, resource)


def test_caller_policy_starts_loops_on_exactly_the_two_documented_resources(caller):
    [statement] = [s for s in caller["Statement"] if "sagemaker:StartHumanLoop" in s["Action"]]
    assert statement["Action"] == ["sagemaker:StartHumanLoop"]
    assert statement["Resource"] == [sagemaker("flow-definition/moderation-*"), sagemaker("human-loop/*")]
    assert policies.START_HUMAN_LOOP_RESOURCES == ("flow-definition", "human-loop")


# --- the processor policy -------------------------------------------------------------------------


def test_processor_policy_reads_and_decrypts_answers_and_consumes_the_queue(default_plan, processor):
    bucket = default_plan.outputs["output_bucket_name"]
    key = default_plan.outputs["kms_key_arn"]
    queue = default_plan.outputs["results_queue_arn"]
    answer = f"arn:aws:s3:::{bucket}/a2i-output/moderation-3f23fcd1/2026/11/27/10/00/00/photo-1/output.json"
    assert allows(processor, "s3:GetObject", answer)
    assert allows(processor, "kms:Decrypt", key, {"kms:ViaService": f"s3.{REGION}.amazonaws.com"})
    for action in ("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"):
        assert allows(processor, action, queue), action


def test_processor_policy_allows_nothing_else(default_plan, processor):
    bucket = default_plan.outputs["output_bucket_name"]
    key = default_plan.outputs["kms_key_arn"]
    queue = default_plan.outputs["results_queue_arn"]
    assert not allows(processor, "s3:PutObject", f"arn:aws:s3:::{bucket}/a2i-output/x/output.json")
    assert not allows(processor, "s3:DeleteObject", f"arn:aws:s3:::{bucket}/a2i-output/x/output.json")
    assert not allows(processor, "s3:GetObject", f"arn:aws:s3:::{bucket}/elsewhere/output.json")
    assert not allows(processor, "kms:Decrypt", key, {"kms:ViaService": f"sqs.{REGION}.amazonaws.com"})
    assert not allows(processor, "kms:Encrypt", key, {"kms:ViaService": f"s3.{REGION}.amazonaws.com"})
    assert not allows(processor, "sqs:SendMessage", queue)
    assert not allows(processor, "sqs:PurgeQueue", queue)
    assert not allows(processor, "sqs:ReceiveMessage", default_plan.outputs["results_dead_letter_queue_arn"])


def test_processor_policy_lists_only_the_output_prefix(processor, default_plan):
    [listing] = [s for s in processor["Statement"] if s["Sid"] == "ListReviewOutput"]
    assert listing["Resource"] == [f"arn:aws:s3:::{default_plan.outputs['output_bucket_name']}"]
    assert listing["Condition"] == {"StringLike": {"s3:prefix": ["a2i-output/*"]}}


def test_processor_policy_with_a_brought_key_decrypts_with_that_key():
    plan = plan_review(minimal_args(kms_key_arn=KEY_ARN))
    processor = policy(named(plan, POLICY, "moderation-processor-policy"))
    assert allows(processor, "kms:Decrypt", KEY_ARN, {"kms:ViaService": f"s3.{REGION}.amazonaws.com"})


def test_processor_policy_for_a_brought_bucket_without_a_key_has_no_kms_statement():
    plan = plan_review(minimal_args(output_bucket_name="acme-reviews"))
    processor = policy(named(plan, POLICY, "moderation-processor-policy"))
    assert [s["Sid"] for s in processor["Statement"]] == ["ReadReviewOutput", "ListReviewOutput", "ConsumeResultsQueue"]
    assert allows(processor, "s3:GetObject", "arn:aws:s3:::acme-reviews/a2i-output/x/output.json")
