"""Bad settings fail before anything is registered, with the setting, the value and what is allowed."""

from __future__ import annotations

import copy

import pytest
from conftest import ROOT, dev_stack_document, minimal_args, plan_review

from a2i_moderation import ConfigError, ImageModerationReview
from a2i_moderation.settings import A2I_REGIONS, check_region, settings_from_stack_config, validate_review_args
from a2i_moderation.tooling.preview.engine import AwsMocks, RecordingMonitor

WORKTEAM = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/reviewers"


def dev_config():
    """Pulumi.dev.yaml's a2i-moderation keys, without the namespace, as parsed objects."""
    config = dev_stack_document()["config"]
    return {k.split(":", 1)[1]: v for k, v in config.items() if k.startswith("a2i-moderation:")}


def read_project_file(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


def config_error(config) -> str:
    with pytest.raises(ConfigError) as caught:
        settings_from_stack_config(config, read_project_file)
    return str(caught.value)


def with_setting(key, field, value):
    config = dev_config()
    if field is None:
        config[key] = value
    else:
        config[key] = {**config.get(key, {}), field: value}
    return config


def test_dev_stack_config_is_valid():
    settings = settings_from_stack_config(dev_config(), read_project_file)
    assert settings.task_count == 1
    assert settings.input_bucket_names == ("acme-dev-user-uploads", "acme-dev-partner-images")
    assert settings.cors_bucket_names == ("acme-dev-user-uploads",)
    assert settings.task_template is None


@pytest.mark.parametrize(
    ("key", "field", "value", "message"),
    [
        ("humanLoop", "taskCount", 4, "humanLoop.taskCount: 4 is not allowed (a whole number from 1 to 3)"),
        ("humanLoop", "taskCount", 0, "humanLoop.taskCount: 0 is not allowed (a whole number from 1 to 3)"),
        ("humanLoop", "taskCount", "2", "humanLoop.taskCount: '2' is not allowed (a whole number from 1 to 3)"),
        ("humanLoop", "taskTitle", "x" * 129, "humanLoop.taskTitle: "),
        (
            "humanLoop",
            "taskDescription",
            "",
            "humanLoop.taskDescription: '' is not allowed (text of 1 to 255 characters)",
        ),
        (
            "humanLoop",
            "taskTimeLimitSeconds",
            29,
            "humanLoop.taskTimeLimitSeconds: 29 is not allowed (a whole number from 30 to 28,800)",
        ),
        ("humanLoop", "taskTimeLimitSeconds", 28_801, "humanLoop.taskTimeLimitSeconds: 28801 is not allowed"),
        (
            "humanLoop",
            "taskAvailabilityLifetimeSeconds",
            864_001,
            "humanLoop.taskAvailabilityLifetimeSeconds: 864001 is not allowed (a whole number from 1 to 864,000)",
        ),
        ("humanLoop", "taskKeywords", ["a", "b", "c", "d", "e", "f"], "humanLoop.taskKeywords: "),
        (
            "humanLoop",
            "taskKeywords",
            ["Trust & Safety"],
            "humanLoop.taskKeywords[0]: 'Trust & Safety' is not allowed "
            "(1 to 30 letters and digits, single spaces between words)",
        ),
        (
            "workteam",
            None,
            {"arn": "arn:aws:sagemaker:eu-west-1:123:workteam/x"},
            "workteam.arn: 'arn:aws:sagemaker:eu-west-1:123:workteam/x' is not allowed (a workteam ARN",
        ),
        (
            "output",
            "prefix",
            "/reviews/",
            "output.prefix: '/reviews/' is not allowed (a key prefix does not start with /)",
        ),
        ("output", "kmsKeyArn", "alias/reviews", "output.kmsKeyArn: 'alias/reviews' is not allowed (a KMS key ARN"),
        ("output", "bucketName", "Bad_Bucket", "output.bucketName: 'Bad_Bucket' is not allowed (an S3 bucket name"),
        ("output", "retainOnDestroy", "yes", "output.retainOnDestroy: 'yes' is not allowed (true or false)"),
        (
            "output",
            "noncurrentVersionDays",
            0,
            "output.noncurrentVersionDays: 0 is not allowed (a whole number of at least 1)",
        ),
        (
            "role",
            "arn",
            "arn:aws:iam::123456789012:user/bob",
            "role.arn: 'arn:aws:iam::123456789012:user/bob' is not allowed",
        ),
        ("taskUi", "arn", "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/x", "taskUi.arn: "),
        ("name", None, "Moderation_Dev", "name: 'Moderation_Dev' is not allowed (1 to 54 lower-case letters"),
        ("inputBuckets", None, [], "inputBuckets: [] is not allowed (a list of at least 1 item)"),
        ("inputBuckets", None, ["ok-bucket", "Not OK"], "inputBuckets[1]: 'Not OK' is not allowed (an S3 bucket name"),
        (
            "inputBuckets",
            None,
            [{"name": "ok-bucket", "manageCors": "yes"}],
            'inputBuckets[0].manageCors: "yes" is not allowed (true or false)',
        ),
        ("inputBuckets", None, ["same-bucket", "same-bucket"], "inputBuckets[1]: 'same-bucket' is listed twice"),
        ("tags", None, {"aws:owner": "me"}, "tags: key 'aws:owner' is not allowed"),
        ("tags", None, {"team": "a" * 257}, "tags.team: "),
        (
            "humanLoop",
            "taskCont",
            2,
            "humanLoop: unknown field 'taskCont' (allowed: taskAvailabilityLifetimeSeconds, taskCount,",
        ),
    ],
)
def test_bad_setting_names_the_setting_value_and_allowed(key, field, value, message):
    assert config_error(with_setting(key, field, value)).startswith(message)


def test_activation_condition_error_names_the_config_key_and_json_path():
    config = dev_config()
    config["activationConditions"] = {
        "Conditions": [
            {
                "Or": [
                    {
                        "ConditionType": "ModerationLabelConfidenceCheck",
                        "ConditionParameters": {"ModerationLabelName": "*", "ConfidenceLessThan": 120},
                    },
                    {"ConditionType": "Sampling", "ConditionParameters": {"RandomSamplingPercentage": 5}},
                ]
            }
        ]
    }
    assert config_error(config) == (
        "activationConditions.Conditions[0].Or[0].ConditionParameters.ConfidenceLessThan: 120 is not between 0 and 100"
    )


@pytest.mark.parametrize("key", ["activationConditions", "humanLoop", "workteam", "inputBuckets"])
def test_required_config_keys(key):
    config = dev_config()
    del config[key]
    assert config_error(config) == f"a2i-moderation:{key}: required (see the README's config reference)"


def test_unknown_config_key_is_refused():
    config = dev_config() | {"humanloop": {}}
    assert config_error(config).startswith("unknown config key a2i-moderation:humanloop")


def test_workteam_needs_exactly_one_of_arn_or_create():
    assert config_error(with_setting("workteam", "arn", WORKTEAM)) == (
        "workteam: give exactly one of arn (an existing workteam) or create (a new private workteam)"
    )


def test_existing_task_ui_and_a_template_together_are_refused():
    config = with_setting(
        "taskUi", None, {"arn": "arn:aws:sagemaker:eu-west-1:123456789012:human-task-ui/x", "template": "t.html"}
    )
    assert config_error(config).startswith(
        "taskUi.arn brings an existing worker task UI, so taskUi.template cannot be set too"
    )


def test_existing_bucket_and_bucket_lifecycle_settings_together_are_refused():
    config = with_setting("output", "bucketName", "acme-reviews")
    assert config_error(config).startswith(
        "output.bucketName brings an existing output bucket, "
        "so output.noncurrentVersionDays (used only when one is created)"
    )


def test_user_pool_without_its_app_client_is_refused():
    config = with_setting("workteam", "create", {"userPoolId": "eu-west-1_AbC123xyZ"})
    assert config_error(config).startswith(
        "workteam.create.userPoolId and workteam.create.userPoolClientId go together"
    )


@pytest.mark.parametrize("region", A2I_REGIONS)
def test_regions_where_a2i_runs_are_accepted(region):
    assert check_region(region) == region


@pytest.mark.parametrize("region", ["us-west-1", "eu-north-1", "cn-north-1", None])
def test_regions_without_a2i_are_refused_with_the_list(region):
    with pytest.raises(
        ConfigError, match=r"aws:region: .* is not allowed \(Amazon A2I runs in ap-northeast-1, .*us-west-2\)"
    ):
        check_region(region)


def test_component_names_its_own_arguments_in_errors():
    with pytest.raises(ConfigError, match=r"^task_count: 9 is not allowed \(a whole number from 1 to 3\)$"):
        validate_review_args(minimal_args(task_count=9))


def test_component_refuses_both_an_existing_role_and_the_role_guard_setting():
    args = minimal_args(role_arn="arn:aws:iam::123456789012:role/a2i", confused_deputy_guard=False)
    with pytest.raises(ConfigError, match="role_arn brings an existing execution role, so confused_deputy_guard"):
        validate_review_args(args)


def test_cors_bucket_must_be_an_input_bucket():
    with pytest.raises(ConfigError, match=r"cors_bucket_names: \[\"other\"\] is not allowed \(only input buckets"):
        validate_review_args(minimal_args(cors_bucket_names=["other"]))


def test_unknown_component_argument_is_refused():
    with pytest.raises(ConfigError, match="unknown setting task_cout"):
        validate_review_args(minimal_args(task_cout=2))


def test_defaults_are_filled_in():
    settings = validate_review_args(minimal_args())
    assert settings.task_count == 1
    assert settings.retain_output_on_delete is True
    assert settings.confused_deputy_guard is True


def test_bad_setting_registers_nothing():
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(ConfigError):
        plan_review(minimal_args(task_count=4), monitor=monitor)
    assert monitor.registrations == []


def test_bad_template_registers_nothing():
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(ConfigError, match="task_template: the template has no <crowd-form> element"):
        plan_review(minimal_args(task_template="<p>{{ task.input }}</p>"), monitor=monitor)
    assert monitor.registrations == []


def test_validation_does_not_change_the_callers_arguments():
    args = minimal_args()
    before = copy.deepcopy(args)
    validate_review_args(args)
    assert args == before


def test_component_is_importable_as_one_name():
    assert ImageModerationReview.__module__ == "a2i_moderation.resources.review"
