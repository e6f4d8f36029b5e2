"""The a2i-moderation stack: reads Pulumi.<stack>.yaml, builds one ImageModerationReview, exports it.

Everything else (secure defaults, validation, naming) lives in the a2i_moderation package.
"""

from pathlib import Path

import pulumi

from a2i_moderation import ImageModerationReview, reported_as_run_errors
from a2i_moderation.settings import check_region, parse_stack_config, settings_from_stack_config

PROJECT_DIR = Path(__file__).parent


def read_project_file(path: str) -> str:
    """Files named in stack config (taskUi.template) are relative to the project."""
    return (PROJECT_DIR / path).read_text(encoding="utf-8")


def namespace_config() -> dict[str, str | None]:
    """Every key of the project's namespace, misspelt ones included, so that none is ignored.

    The language host hands a program its stack's config in the PULUMI_CONFIG environment
    variable; pulumi.runtime.get_config_env() reads it. Values are read through pulumi.Config."""
    prefix = f"{pulumi.get_project()}:"
    config = pulumi.Config()
    keys = sorted(key[len(prefix) :] for key in pulumi.runtime.get_config_env() if key.startswith(prefix))
    return {key: config.get(key) for key in keys}


# A bad setting stops the program with one message naming it, before any resource is registered.
with reported_as_run_errors():
    region = check_region(pulumi.Config("aws").get("region"))
    settings = settings_from_stack_config(parse_stack_config(namespace_config()), read_project_file, region)

# The logical name stays fixed: renaming it would replace every resource, the bucket included.
review = ImageModerationReview.from_settings("moderation", settings)

pulumi.export("flowDefinitionArn", review.flow_definition_arn)
pulumi.export("flowDefinitionName", review.flow_definition_name)
pulumi.export("outputS3Uri", review.output_s3_uri)
pulumi.export("outputBucketName", review.output_bucket_name)
pulumi.export("kmsKeyArn", review.kms_key_arn)
pulumi.export("roleArn", review.role_arn)
pulumi.export("humanTaskUiArn", review.human_task_ui_arn)
pulumi.export("workteamArn", review.workteam_arn)
pulumi.export("inputBucketNames", review.input_bucket_names)
pulumi.export("inputBucketsNeedingCors", review.unmanaged_cors_bucket_names)
pulumi.export("reviewersUserPoolId", review.reviewers_user_pool_id)
pulumi.export("reviewersGroup", review.reviewers_group)
pulumi.export("workerPortalUrl", review.worker_portal_url)
# What applications use (each may be switched off in the config's applications and results keys).
pulumi.export("flowDefinitionArnParameterName", review.arn_parameter_name)
pulumi.export("flowDefinitionArnParameterArn", review.arn_parameter_arn)
pulumi.export("callerPolicyArn", review.caller_policy_arn)
pulumi.export("processorPolicyArn", review.processor_policy_arn)
pulumi.export("resultsQueueUrl", review.results_queue_url)
pulumi.export("resultsQueueArn", review.results_queue_arn)
pulumi.export("resultsDeadLetterQueueArn", review.results_dead_letter_queue_arn)
pulumi.export("resultsRuleArn", review.results_rule_arn)
