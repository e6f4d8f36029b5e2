"""The repository's real __main__.py with Pulumi.<stack>.yaml, under the mock engine."""

from __future__ import annotations

import pytest
from conftest import dev_stack_document, plan_stack

from a2i_moderation import ConfigError
from a2i_moderation.tooling.preview.engine import AwsMocks, RecordingMonitor
from a2i_moderation.tooling.preview.tree import render_tree

EXPORTS = {
    "flowDefinitionArn",
    "flowDefinitionName",
    "outputS3Uri",
    "outputBucketName",
    "kmsKeyArn",
    "roleArn",
    "humanTaskUiArn",
    "workteamArn",
    "inputBucketNames",
    "inputBucketsNeedingCors",
    "reviewersUserPoolId",
    "reviewersGroup",
    "workerPortalUrl",
    "flowDefinitionArnParameterName",
    "flowDefinitionArnParameterArn",
    "callerPolicyArn",
    "processorPolicyArn",
    "resultsQueueUrl",
    "resultsQueueArn",
    "resultsDeadLetterQueueArn",
    "resultsRuleArn",
}


def test_dev_stack_exports_the_flow_definition_arn_and_the_rest(dev_plan):
    assert set(dev_plan.outputs) == EXPORTS
    assert dev_plan.outputs["flowDefinitionArn"].startswith(
        "arn:aws:sagemaker:eu-west-1:123456789012:flow-definition/moderation-dev-"
    )
    assert dev_plan.outputs["inputBucketsNeedingCors"] == ["acme-dev-partner-images"]
    assert dev_plan.outputs["reviewersGroup"] == "moderation-dev-reviewers"
    assert dev_plan.outputs["reviewersUserPoolId"].startswith("eu-west-1_")
    assert dev_plan.outputs["workerPortalUrl"].endswith(".labeling.eu-west-1.sagemaker.aws")


def test_dev_stack_builds_one_review_with_the_config_settings(dev_plan):
    assert len(dev_plan.of_type("a2i-moderation:index:ImageModerationReview")) == 1
    loop = dev_plan.one("aws:sagemaker/flowDefinition:FlowDefinition")["inputs"]["humanLoopConfig"]
    assert loop["taskTimeLimitInSeconds"] == 600
    assert loop["taskKeywords"] == ["Image", "Moderation", "Trust and Safety"]
    assert (
        dev_plan.one("aws:s3/bucketCorsConfiguration:BucketCorsConfiguration")["inputs"]["bucket"]
        == "acme-dev-user-uploads"
    )
    assert dev_plan.one("aws:kms/key:Key")["inputs"]["tags"] == {
        "team": "trust-and-safety",
        "environment": "dev",
        "a2i-moderation:workflow": "moderation",
    }


def test_dev_stack_tree_shows_the_key_settings(dev_plan):
    tree = render_tree(dev_plan)
    assert tree.splitlines()[0] == "Stack a2i-moderation/dev in eu-west-1 (account 123456789012: placeholder)"
    assert "Bucket moderation-output-bucket  [force destroy off]  (retained on delete)" in tree
    assert "[all public access blocked]" in tree
    assert "trusted by sagemaker.amazonaws.com, confused-deputy guard on" in tree
    assert "4 activation condition(s), 1 worker(s) per image, available 86400 s, 600 s per task" in tree


def test_stack_reads_the_worker_template_from_the_path_in_config(tmp_path):
    document = dev_stack_document()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "house.liquid.html").write_text(
        "<crowd-form><p>{{ task.input.aiServiceRequest.image.s3Object.name }}</p></crowd-form>"
    )
    document["config"]["a2i-moderation:taskUi"] = {"template": "templates/house.liquid.html"}
    plan = plan_stack(document, tmp_path)
    content = plan.one("aws:sagemaker/humanTaskUI:HumanTaskUI")["inputs"]["uiTemplate"]["content"]
    assert content.startswith("<crowd-form><p>{{ task.input")


def test_region_without_a2i_fails_before_any_resource(tmp_path):
    document = dev_stack_document()
    document["config"]["aws:region"] = "eu-north-1"
    monitor = RecordingMonitor(AwsMocks("eu-north-1"))
    with pytest.raises(ConfigError, match="aws:region: 'eu-north-1' is not allowed"):
        plan_stack(document, tmp_path, monitor=monitor)
    assert monitor.registrations == []


def test_bad_config_fails_before_any_resource(tmp_path):
    document = dev_stack_document()
    document["config"]["a2i-moderation:humanLoop"]["taskCount"] = 5
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(ConfigError, match=r"humanLoop.taskCount: 5 is not allowed \(a whole number from 1 to 3\)"):
        plan_stack(document, tmp_path, monitor=monitor)
    assert monitor.registrations == []


def test_existing_workteam_from_config(tmp_path):
    document = dev_stack_document()
    arn = "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/trust-and-safety"
    document["config"]["a2i-moderation:workteam"] = {"arn": arn}
    plan = plan_stack(document, tmp_path)
    assert plan.outputs["workteamArn"] == arn
    assert (plan.outputs["reviewersGroup"], plan.outputs["workerPortalUrl"]) == (None, None)
    assert not plan.of_type("aws:sagemaker/workteam:Workteam")


def test_condition_warnings_reach_the_plan_as_pulumi_up_would_show_them(tmp_path):
    document = dev_stack_document()
    document["config"]["a2i-moderation:activationConditions"] = {
        "labels": [{"name": "Graphic Male Nudity", "above": 60}]
    }
    plan = plan_stack(document, tmp_path)
    assert plan.warnings == [
        "activationConditions.Conditions[0].ConditionParameters.ModerationLabelName: 'Graphic Male "
        "Nudity' is a label of "
        "the older moderation model (6.1); the current model (7) never returns it, so this check "
        "never fires; the current "
        "model calls it 'Exposed Male Genitalia'"
    ]


def test_unknown_label_fails_before_any_resource(tmp_path):
    document = dev_stack_document()
    document["config"]["a2i-moderation:activationConditions"] = {"labels": [{"name": "Violance", "above": 60}]}
    monitor = RecordingMonitor(AwsMocks("eu-west-1"))
    with pytest.raises(ConfigError, match=r"activationConditions.labels\[0\].name: 'Violance'"):
        plan_stack(document, tmp_path, monitor=monitor)
    assert monitor.registrations == []


def test_min_confidence_setting_drives_the_lints(tmp_path):
    document = dev_stack_document()
    document["config"]["a2i-moderation:minConfidence"] = 85
    plan = plan_stack(document, tmp_path)
    assert any("Visually Disturbing" in w and "MinConfidence 85" in w for w in plan.warnings)


def test_custom_labels_switch_from_config(tmp_path):
    document = dev_stack_document()
    document["config"]["a2i-moderation:activationConditions"] = {"labels": [{"name": "Company Logo", "above": 60}]}
    document["config"]["a2i-moderation:allowCustomLabels"] = True
    plan = plan_stack(document, tmp_path)
    assert (
        '"ModerationLabelName":"Company Logo"'
        in plan.one("aws:sagemaker/flowDefinition:FlowDefinition")["inputs"]["humanLoopActivationConfig"][
            "humanLoopActivationConditionsConfig"
        ]["humanLoopActivationConditions"]
    )
