"""Cost of the offline preview: the dev stack's program under Pulumi's mock engine, against a bare
pulumi-aws program registering the same AWS resources with the same inputs (no components, no
validation), in the same run; and 50 workflows in one stack against fifty times one.

The bare program is what one would write by hand: pulumi-aws's own classes, the inputs the dev
stack registers, the same dependencies between the resources (read from the plan's property
dependencies) and the same three lookups (account, partition, region) its policies need.

    .venv/bin/python benchmarks/preview.py [--repeat 5]

Targets: dev program / bare program <= 1.3; 50 workflows <= 1.2 x (50 x one workflow).
"""

from __future__ import annotations

import argparse
import importlib
import json
import re
import runpy
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import pulumi

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from a2i_moderation import ImageModerationReview, ImageModerationReviewArgs  # noqa: E402
from a2i_moderation.tooling.preview.engine import run_program  # noqa: E402
from a2i_moderation.tooling.preview.stack import load_stack  # noqa: E402

STACK = load_stack(ROOT, "dev")


def dev_program() -> None:
    runpy.run_path(str(ROOT), run_name="__main__")


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _kwargs(value: Any, inside_tags: bool = False) -> Any:
    if isinstance(value, dict):
        return {(key if inside_tags else _snake(key)): _kwargs(inner, key == "tags") for key, inner in value.items()}
    if isinstance(value, list):
        return [_kwargs(v) for v in value]
    return value


def bare_program_for(resources: list[dict[str, Any]]):
    """A program that registers `resources` with pulumi-aws's own classes, literal inputs and the
    same dependencies between them."""
    by_urn = {r["urn"]: r for r in resources}
    custom = {r["urn"] for r in resources if r["custom"]}

    def custom_below(urn: str) -> set[str]:
        if urn in custom:
            return {urn}
        return {child for r in resources if r["parent"] == urn for child in custom_below(r["urn"])}

    needs = {
        urn: {d for deps in by_urn[urn]["propertyDependencies"].values() for dep in deps for d in custom_below(dep)}
        - {urn}
        for urn in custom
    }
    order: list[str] = []
    while len(order) < len(custom):
        order += sorted(urn for urn in custom - set(order) if needs[urn] <= set(order))
    classes = []
    for urn in order:
        _, module, cls = by_urn[urn]["type"].split(":")
        classes.append((getattr(importlib.import_module(f"pulumi_aws.{module.split('/')[0]}"), cls), by_urn[urn]))

    def program() -> None:
        import pulumi_aws as aws

        aws.get_caller_identity_output(), aws.get_partition_output(), aws.get_region_output()
        created: dict[str, pulumi.Resource] = {}
        for cls, resource in classes:
            depends_on = [created[d] for d in sorted(needs[resource["urn"]])]
            created[resource["urn"]] = cls(
                resource["name"], **_kwargs(resource["inputs"]), opts=pulumi.ResourceOptions(depends_on=depends_on)
            )

    return program


class _Empty(pulumi.ComponentResource):
    def __init__(self, name: str, token: str) -> None:
        super().__init__(token, name, {}, None)
        self.register_outputs({})


def with_empty_components(bare, resources: list[dict[str, Any]]):
    """The bare program plus the dev stack's component registrations, empty: Pulumi's own cost of
    the component structure, without any of the components' work."""
    components = [(r["name"], r["type"]) for r in resources if not r["custom"]]

    def program() -> None:
        bare()
        for name, token in components:
            _Empty(name, token)

    return program


def many_workflows(count: int):
    args: ImageModerationReviewArgs = {
        "activation_conditions": json.dumps(
            {"labels": [{"name": "Explicit", "between": [50, 95]}], "sampling": {"percent": 1}}
        ),
        "task_title": "Review an image",
        "task_description": "Confirm the moderation labels",
        "input_bucket_names": ["acme-uploads"],
        "workteam_arn": "arn:aws:sagemaker:eu-west-1:123456789012:workteam/private-crowd/reviewers",
    }

    def program() -> None:
        for i in range(count):
            review = ImageModerationReview(f"moderation-{i}", args.copy())
            pulumi.export(f"flowDefinitionArn{i}", review.flow_definition_arn)

    return program


def _run_once(program) -> float:
    started = time.perf_counter()
    run_program(program, project=STACK.project, stack=STACK.stack, config=STACK.config)
    return time.perf_counter() - started


def timed(program, repeat: int) -> float:
    return statistics.median(_run_once(program) for _ in range(repeat))


def paired(first, second, repeat: int) -> tuple[float, float, float]:
    """Median times of two programs run alternately, and the median of the pairwise ratios: the
    machine's drift (other processes on two cores) hits both sides of each pair alike."""
    a, b, ratios = [], [], []
    for _ in range(repeat):
        a.append(_run_once(first))
        b.append(_run_once(second))
        ratios.append(a[-1] / b[-1])
    return statistics.median(a), statistics.median(b), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    options = parser.parse_args()
    plan = run_program(dev_program, project=STACK.project, stack=STACK.stack, config=STACK.config)  # warm-up
    custom = [r for r in plan.resources if r["custom"]]
    bare = bare_program_for(plan.resources)
    run_program(bare, project=STACK.project, stack=STACK.stack, config=STACK.config)  # warm-up
    dev_time, bare_time, ratio = paired(dev_program, bare, options.repeat)
    structure = len(plan.resources) - len(custom)
    structure_time, _, structure_ratio = paired(with_empty_components(bare, plan.resources), bare, options.repeat)
    print(
        f"dev stack program:  {dev_time * 1e3:7.1f} ms  "
        f"({len(plan.resources)} registrations, {len(custom)} AWS resources)"
    )
    print(
        f"bare pulumi-aws:    {bare_time * 1e3:7.1f} ms  "
        f"(the same {len(custom)} AWS resources, inputs, dependencies and lookups)"
    )
    print(
        f"bare + {structure} empty components: {structure_time * 1e3:7.1f} ms  "
        "(Pulumi's cost of the component structure alone)"
    )
    print(f"ratio dev / bare: {ratio:.2f}  (target <= 1.30; median of {options.repeat} alternating pairs)")
    print(f"ratio (bare + empty components) / bare: {structure_ratio:.2f}")
    one, fifty = timed(many_workflows(1), options.repeat), timed(many_workflows(50), max(1, options.repeat // 2))
    print(f"1 workflow:   {one * 1e3:7.1f} ms")
    print(f"50 workflows: {fifty * 1e3:7.1f} ms")
    print(f"ratio 50 / (50 x 1): {fifty / (50 * one):.2f}  (target <= 1.20)")


if __name__ == "__main__":
    main()
