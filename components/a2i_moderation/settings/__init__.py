"""Settings of one human-review workflow: declared once, validated once, typed to the end (pure).

- ``declarations``: every setting with its argument, config path, check, default and meaning;
- ``validation``: ``validate_review_args`` -> ``ReviewSettings``, and the A2I regions;
- ``stack_config``: ``Pulumi.<stack>.yaml`` -> ``ReviewSettings``, named as in the file;
- ``reference``: the README's settings table.

Every value is checked against what AWS (botocore's sagemaker model) and pulumi-aws accept, before
any resource is registered.
"""

from .declarations import BY_ARG, SETTINGS, Part, Setting
from .documents import conditions_document, conditions_warnings
from .stack_config import (
    CONFIG_KEYS,
    CONFIG_NAMES,
    args_from_stack_config,
    parse_stack_config,
    settings_from_stack_config,
)
from .validation import A2I_REGIONS, ReviewSettings, check_region, validate_review_args

__all__ = [
    "A2I_REGIONS",
    "BY_ARG",
    "CONFIG_KEYS",
    "CONFIG_NAMES",
    "SETTINGS",
    "Part",
    "ReviewSettings",
    "Setting",
    "args_from_stack_config",
    "check_region",
    "conditions_document",
    "conditions_warnings",
    "parse_stack_config",
    "settings_from_stack_config",
    "validate_review_args",
]
