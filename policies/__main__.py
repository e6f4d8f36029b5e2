"""The a2i-moderation policy pack: `pulumi preview --policy-pack policies/`.

The rules live in the package (a2i_moderation.policy_rules), where `a2i-moderation preview --policies`
runs them offline and the tests call them; this file only serves them to the Pulumi CLI. PolicyPack
starts the analyzer's server and never returns.
"""

from pulumi_policy import EnforcementLevel, PolicyPack

from a2i_moderation.policy_rules import ALL_POLICIES, PACK_NAME

PolicyPack(
    name=PACK_NAME,
    policies=ALL_POLICIES,
    # Each rule sets its own level; one added without would block rather than pass unnoticed.
    enforcement_level=EnforcementLevel.MANDATORY,
)
