"""The `a2i-moderation` command.

    a2i-moderation preview [--stack dev] [--out DIR] [--project-dir PATH]

runs the stack's real __main__.py under Pulumi's mock engine (no AWS account, no Pulumi CLI),
prints the resource tree and the exports, and writes DIR/plan.json (default .preview/<stack>).
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import time
from pathlib import Path

from .errors import ConfigError

EXIT_CONFIG = 2


def _preview(options: argparse.Namespace) -> int:
    from .preview.apimodel import check_request, planned_requests
    from .preview.engine import run_program
    from .preview.stack import check_project_keys, find_project, load_stack
    from .settings import CONFIG_KEYS
    from .preview.tree import render_tree

    out = Path(options.out) if options.out else None
    try:
        project_dir = find_project(Path(options.project_dir).resolve())
        out = out or project_dir / ".preview" / options.stack
        stack = load_stack(project_dir, options.stack)
        check_project_keys(stack, CONFIG_KEYS)
        print(f"Previewing {stack.project}/{stack.stack} offline: running {project_dir / '__main__.py'} under the mock engine...",
              file=sys.stderr)  # fmt: skip
        started = time.perf_counter()
        sys.path.insert(0, str(project_dir))
        plan = run_program(
            lambda: runpy.run_path(str(project_dir), run_name="__main__"),
            project=stack.project,
            stack=stack.stack,
            config=stack.config,
        )
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if out is not None:
            (out / "plan.json").unlink(missing_ok=True)
        return EXIT_CONFIG

    problems = [p for operation, request in planned_requests(plan) for p in check_request(operation, request)]
    print(render_tree(plan))
    print("\nOutputs:")
    for key, value in plan.outputs.items():
        print(f"  {key}: {json.dumps(value)}")
    if plan.warnings:
        print("\nWarnings:")
        for warning in plan.warnings:
            print(f"  - {warning}")
    notes = _notes(plan, stack.secret_keys)
    if notes:
        print("\nBefore `pulumi up`:")
        for note in notes:
            print(f"  - {note}")
    if problems:
        print("\nRequests AWS would refuse (botocore's SageMaker model):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"\nEvery planned SageMaker request fits botocore's API model ({len(planned_requests(plan))} checked).")
    out.mkdir(parents=True, exist_ok=True)
    (out / "plan.json").write_text(json.dumps(plan.to_json(), indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n{len(plan.resources)} resources planned in {time.perf_counter() - started:.1f} s; plan written to {out / 'plan.json'}",
          file=sys.stderr)  # fmt: skip
    return 0


def _notes(plan, secret_keys: list[str]) -> list[str]:
    notes = []
    for bucket in plan.outputs.get("inputBucketsNeedingCors") or []:
        notes.append(
            f"input bucket {bucket} is not managed here: its owner must add A2I's CORS rule "
            '([{"AllowedHeaders": [], "AllowedMethods": ["GET"], "AllowedOrigins": ["*"], "ExposeHeaders": []}]) '
            "or every review task for its images fails"
        )
    if plan.of_type("aws:sagemaker/workforce:Workforce"):
        notes.append(
            "a private workforce is created: this fails if the account already has one in this region "
            "(then set workteam.create.userPoolId and userPoolClientId)"
        )
    if plan.of_type("aws:sns/topic:Topic") or any(
        r["inputs"].get("notificationConfiguration") for r in plan.of_type("aws:sagemaker/workteam:Workteam")
    ):
        notes.append("AWS documents that A2I sends no SNS notices for its tasks (only Ground Truth jobs do)")
    for key in secret_keys:
        notes.append(f"{key} is a secret: the preview used the stand-in '[secret]'")
    return notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="a2i-moderation", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    preview = commands.add_parser(
        "preview",
        help="plan the stack offline under Pulumi's mock engine and write plan.json",
        description="Run the stack's __main__.py under Pulumi's mock engine: no AWS account, no Pulumi CLI.",
    )
    preview.add_argument("--stack", default="dev", help="stack whose Pulumi.<stack>.yaml to use (default: dev)")
    preview.add_argument("--out", help="directory for plan.json (default: .preview/<stack> in the project)")
    preview.add_argument("--project-dir", default=".", help="the Pulumi project (default: the current directory or above)")
    options = parser.parse_args(argv)
    if options.command == "preview":
        return _preview(options)
    parser.error(f"unknown command {options.command}")
    return EXIT_CONFIG


if __name__ == "__main__":
    sys.exit(main())
