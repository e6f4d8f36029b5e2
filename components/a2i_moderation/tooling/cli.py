"""The `a2i-moderation` command.

    a2i-moderation preview [--stack dev] [--out DIR] [--project-dir PATH] [--policies] [--policy-config FILE]
    a2i-moderation simulate (--stack dev | --conditions FILE) --responses FILE.jsonl [--min-confidence 50]
        [--decisions OUT.jsonl] [--plot OUT.png] [--price-per-review 0.08] [--volume-per-month N]
        [--skip-bad-lines] [--seed SEED]

preview runs the stack's real __main__.py under Pulumi's mock engine (no AWS account, no Pulumi
CLI), prints the resource tree and the exports, and writes DIR/plan.json (default .preview/<stack>).
With --policies it also runs the policy pack (policies/) on the planned resources, as
`pulumi preview --policy-pack policies/` would, and lists the violations.
simulate decides, for recorded DetectModerationLabels responses, which would start a human loop.

Exit codes: 0 when the command did its work (advisory policy violations included); 1 when the
preview finds a request AWS would refuse, or a mandatory policy violation (plan.json and summary.md
are still written then); 2 for a configuration error (stack file, options, --policy-config).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.util
import io
import json
import multiprocessing
import runpy
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..conditions.evaluate import DEFAULT_SEED
from ..errors import ConfigError
from . import reviewers

EXIT_CONFIG = 2


def _preview(options: argparse.Namespace) -> int:
    from ..settings import CONFIG_KEYS
    from .preview.apimodel import check_request, planned_requests
    from .preview.diff import compare, render_diff
    from .preview.engine import run_program
    from .preview.stack import check_project_keys, find_project, load_stack
    from .preview.summary import notes_for, render_summary
    from .preview.tree import render_tree

    out = Path(options.out) if options.out else None
    try:
        project_dir = find_project(Path(options.project_dir).resolve())
        out = out or project_dir / ".preview" / options.stack
        # An earlier run's results must never pass for this one's: whatever happens next, they go.
        for stale in ("plan.json", "summary.md"):
            (out / stale).unlink(missing_ok=True)
        stack = load_stack(project_dir, options.stack)
        check_project_keys(stack, CONFIG_KEYS)
        baseline = _load_baseline(options.baseline) if options.baseline else None
        policy_config = _policy_config(options)
        print(
            f"Previewing {stack.project}/{stack.stack} offline: "
            f"running {project_dir / '__main__.py'} under the mock engine...",
            file=sys.stderr,
        )
        started = time.perf_counter()
        plan = run_program(
            lambda: runpy.run_path(str(project_dir), run_name="__main__"),
            project=stack.project,
            stack=stack.stack,
            config=stack.config,
            secret_keys=stack.secret_keys,
        )
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG

    requests = planned_requests(plan)
    problems = [p for operation, request in requests for p in check_request(operation, request)]
    print(render_tree(plan))
    print("\nOutputs:")
    for key, value in plan.outputs.items():
        print(f"  {key}: {json.dumps(value)}")
    if plan.warnings:
        print("\nWarnings:")
        for warning in plan.warnings:
            print(f"  - {warning}")
    notes = notes_for(plan.to_json()) + [
        f"{key} is a secret: the preview used the stand-in '[secret]'" for key in stack.secret_keys
    ]
    if notes:
        print("\nBefore `pulumi up`:")
        for note in notes:
            print(f"  - {note}")
    policy_report = None
    if options.policies:
        from .preview.policy_check import aws_provider, check_policies, console_lines

        provider = aws_provider(stack.config, stack.project, stack.stack)
        policy_report = check_policies(plan, policy_config, provider)
        print("\n" + "\n".join(console_lines(policy_report)))
    if problems:
        print("\nRequests AWS would refuse (botocore's SageMaker model):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    print(f"\nEvery planned SageMaker request fits botocore's API model ({len(requests)} checked).")
    document = plan.to_json()
    out.mkdir(parents=True, exist_ok=True)
    diff = None
    if baseline is not None:
        diff = compare(baseline, document)
        print("\n" + render_diff(diff))
    screenshot_name, ui_note = None, None
    if not options.no_ui:
        screenshot_name, ui_note = _worker_ui(document, out, options)
    (out / "plan.json").write_text(
        json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    policy_lines = None
    if policy_report is not None:
        from .preview.policy_check import summary_lines

        policy_lines = summary_lines(policy_report, Path(options.policy_config).name if options.policy_config else None)
    (out / "summary.md").write_text(
        render_summary(document, diff, screenshot_name, ui_note, policy_lines), encoding="utf-8"
    )
    print(
        f"\n{len(plan.resources)} resources planned in {time.perf_counter() - started:.1f} s; "
        f"wrote {out / 'plan.json'} "
        f"and {out / 'summary.md'}",
        file=sys.stderr,
    )
    if policy_report is not None and policy_report.mandatory:
        count = len(policy_report.mandatory)
        print(
            f"{count} mandatory policy violation{'s' if count > 1 else ''}: "
            "`pulumi preview --policy-pack policies/` would stop this stack",
            file=sys.stderr,
        )
        return 1
    return 0


def _policy_config(options: argparse.Namespace) -> dict[str, Any] | None:
    """--policy-config, read and checked against the rules' schemas before any work is done."""
    if options.policy_config is None:
        return None
    if not options.policies:
        raise ConfigError("--policy-config: give --policies too (it configures the policy checks)")
    from .preview.policy_check import load_policy_config, resolve_config

    config = load_policy_config(options.policy_config)
    try:
        resolve_config(config)
    except ConfigError as exc:
        raise ConfigError(f"--policy-config: {options.policy_config}: {exc}") from None
    return config


def _worker_ui(document: dict[str, Any], out: Path, options: argparse.Namespace) -> tuple[str | None, str | None]:
    """Render the worker task into `out` and take its picture: (screenshot file name, note for the summary)."""
    from .preview.worker_ui import sample_task_input, screenshot, template_of, write_worker_ui

    page = write_worker_ui(document, out)
    if page is None:
        return None, "The stack uses an existing worker task UI (taskUi.arn): there is no template to render offline."
    print(f"Worker task rendered to {page}", file=sys.stderr)
    if options.remote:
        _remote_render(document, template_of(document) or "", sample_task_input(document), out, options.role_arn)
    (out / "worker-ui.png").unlink(missing_ok=True)
    problem = screenshot(page, out / "worker-ui.png")
    if problem:
        print(f"warning: no screenshot of the worker task: {problem}", file=sys.stderr)
        return None, f"Rendered to `worker-ui.html`; no screenshot was taken: {problem}."
    print(f"Screenshot of the worker task: {out / 'worker-ui.png'}", file=sys.stderr)
    return "worker-ui.png", None


def _remote_render(
    document: dict[str, Any],
    template: str,
    task_input: dict[str, Any],
    out: Path,
    role_arn: str | None,
    client: Any = None,
) -> bool:
    """SageMaker's RenderUiTemplate, when credentials exist: writes worker-ui.remote.html."""
    import boto3
    from botocore.exceptions import BotoCoreError, ClientError

    from .preview.worker_ui import render_remote

    if client is None:
        session = boto3.Session()
        if session.get_credentials() is None:
            print("--remote: no AWS credentials found; skipped SageMaker's rendering", file=sys.stderr)
            return False
        client = session.client("sagemaker", region_name=document["region"])
    role = role_arn or document["outputs"].get("roleArn")
    if not role or f":{document['account']}:" in role:
        print("--remote: give --role-arn (a deployed role that may read the input images); skipped", file=sys.stderr)
        return False
    try:
        html, errors = render_remote(client, template, task_input, role)
    except (BotoCoreError, ClientError) as exc:
        print(f"--remote: SageMaker refused to render: {exc}", file=sys.stderr)
        return False
    (out / "worker-ui.remote.html").write_text(html, encoding="utf-8")
    for error in errors:
        print(f"--remote: RenderUiTemplate reported {error}", file=sys.stderr)
    print(f"SageMaker's rendering: {out / 'worker-ui.remote.html'}", file=sys.stderr)
    return True


def _load_baseline(path: str) -> dict[str, Any]:
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"--baseline: {path} is not a readable plan.json ({exc})") from None
    if not isinstance(document, dict) or not isinstance(document.get("resources"), list):
        raise ConfigError(f"--baseline: {path} is not a plan.json (no resources list)")
    return document


def _simulation_settings(options: argparse.Namespace) -> tuple[dict[str, Any], float, bool, int | None]:
    """(conditions document, MinConfidence, allow custom labels, task count) from --stack or --conditions."""
    from ..conditions import DEFAULT_MIN_CONFIDENCE
    from ..settings import conditions_document
    from .simulate import load_conditions_file

    if options.conditions:
        path = Path(options.conditions)
        if not path.is_file():
            raise ConfigError(f"--conditions: {path} is not a file")
        document = conditions_document(load_conditions_file(path.read_text(encoding="utf-8"), str(path)), str(path))
        minimum = DEFAULT_MIN_CONFIDENCE if options.min_confidence is None else options.min_confidence
        return document, minimum, False, None
    from .preview.stack import find_project, load_stack, review_settings

    settings = review_settings(load_stack(find_project(Path(options.project_dir).resolve()), options.stack))
    # Stack config holds plain values: the settings carry the validated, canonical document.
    document = json.loads(str(settings.activation_conditions))
    minimum = settings.min_confidence if options.min_confidence is None else options.min_confidence
    task_count = settings.task_count if isinstance(settings.task_count, int) else None
    return document, float(minimum), settings.allow_custom_labels, task_count


#: File types the plot can be written as (matplotlib's vector and raster formats people open).
PLOT_FORMATS = (".png", ".svg", ".pdf")


def _check_output_file(option: str, path: str, suffixes: tuple[str, ...] = ()) -> None:
    """Refuse, before any work, an output file that cannot be written."""
    target = Path(path)
    if suffixes and target.suffix.lower() not in suffixes:
        raise ConfigError(f"{option}: {path} is not allowed (a {', '.join(suffixes[:-1])} or {suffixes[-1]} file)")
    if not target.parent.is_dir():
        raise ConfigError(f"{option}: {path} is not allowed (its folder {target.parent} does not exist)")
    if target.is_dir():
        raise ConfigError(f"{option}: {path} is not allowed (a file, not a folder)")


def _simulate(options: argparse.Namespace) -> int:
    plotter = _Plotter() if options.plot else contextlib.nullcontext(None)
    with plotter as started:
        return _simulate_with(options, started)


def _simulate_with(options: argparse.Namespace, plotter: _Plotter | None) -> int:
    from ..settings import conditions_warnings

    try:
        document, min_confidence, allow, task_count = _simulation_settings(options)
        if not 0 <= min_confidence <= 100:
            raise ConfigError(f"--min-confidence: {min_confidence:g} is not allowed (0 to 100)")
        responses = Path(options.responses)
        if options.responses != "-" and not responses.is_file():
            raise ConfigError(f"--responses: {responses} is not a file (or - for standard input)")
        if options.plot:
            _check_output_file("--plot", options.plot, PLOT_FORMATS)
        if options.decisions:
            _check_output_file("--decisions", options.decisions)
        for warning in conditions_warnings(document, min_confidence, allow, "activationConditions"):
            print(f"warning: {warning}", file=sys.stderr)
        engine = _engine(options)
        started = last = time.perf_counter()

        def progress(done: float) -> None:
            nonlocal last
            now = time.perf_counter()
            if now - last >= 1.0:  # large inputs: a line a second on stderr
                what = f"{done:.0f}% read" if engine == "duckdb" else f"{done:,.0f} responses evaluated"
                print(f"  {what} ({now - started:.0f} s)", file=sys.stderr)
                last = now

        rates: dict[str, list[float]] | None = None
        if engine == "duckdb":
            from .duck import simulate_files

            simulation = simulate_files(
                [options.responses],
                document,
                seed=options.seed,
                min_confidence=min_confidence,
                skip_bad_lines=options.skip_bad_lines,
                decisions=Path(options.decisions) if options.decisions else None,
                sweep=bool(options.plot),
                on_progress=progress,
                stdin=_stdin_bytes() if options.responses == "-" else None,
            )
            summary, rates = simulation.summary, simulation.review_rates
        else:
            summary, rates = _simulate_in_python(options, document, min_confidence, progress)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if options.decisions:
            Path(options.decisions).unlink(missing_ok=True)
        return EXIT_CONFIG
    print(summary.report(options.volume_per_month, options.price_per_review, task_count))
    if options.decisions:
        print(f"\nDecisions written to {options.decisions}")
    if plotter is not None and rates is not None:
        from .plot import MAX_PLOTTED

        step = 1 if engine == "duckdb" else max(1, summary.total // MAX_PLOTTED)  # the Python path samples
        counted = f"{summary.total:,} responses ({engine})" if step == 1 else f"every {step}th of {summary.total:,}"
        curves = plotter.draw(document, rates, Path(options.plot), min_confidence, counted)
        print(f"Plot of {curves} threshold(s) written to {options.plot}")
    return 0


#: Inputs at least this large go to DuckDB when it is installed (its start-up costs more than the
#: Python evaluator spends on smaller files); standard input, whose size is unknown, does too.
DUCKDB_FROM_BYTES = 8 << 20


class _Plotter:
    """Draws the plot in a worker process started before anything else: it loads matplotlib (about
    0.4 s of CPU) on the core that reading the settings and starting DuckDB leave idle, instead of
    competing with the scan for this process's GIL and cores. A context manager: on leaving, a
    worker that was never asked to draw is stopped."""

    def __init__(self) -> None:
        # fork where it is cheap and safe (Linux, before any thread starts: as a command, the case);
        # spawn otherwise (cli.main called from a program that runs threads, macOS, Windows).
        forking = sys.platform == "linux" and threading.active_count() == 1
        context = multiprocessing.get_context("fork") if forking else multiprocessing.get_context("spawn")
        self.connection, self.child = context.Pipe()
        self.process = context.Process(target=_plot_worker, args=(self.child,), name="a2i-moderation-plot", daemon=True)
        self.drawn = False

    def __enter__(self) -> _Plotter:
        self.process.start()
        self.child.close()  # the worker's end, now the worker's alone
        return self

    def draw(
        self, document: dict[str, Any], rates: dict[str, list[float]], out: Path, min_confidence: float, counted: str
    ) -> int:
        """plot.draw_review_rates in the worker; its exception, if it raises one."""
        self.drawn = True
        self.connection.send((document, rates, out, min_confidence, counted))
        try:
            failed, result = self.connection.recv()
        except EOFError:
            raise RuntimeError(f"the plot's worker process ended with exit code {self.process.exitcode}") from None
        if failed:
            raise result
        return int(result)

    def __exit__(self, *_: object) -> None:
        self.connection.close()  # the worker reads EOF and ends
        if not self.drawn:
            self.process.terminate()  # it was still loading matplotlib for nothing
        self.process.join()


def _plot_worker(connection: Any) -> None:
    """The plot's worker process: load matplotlib, then draw what the parent sends (if it does)."""
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401

    from .plot import draw_review_rates

    try:
        request = connection.recv()
    except EOFError:
        return
    try:
        connection.send((False, draw_review_rates(*request)))
    except Exception as error:
        connection.send((True, error))


def _open_lines(path: str) -> IO[str]:
    """A responses file as text lines, gzip or not (as the DuckDB engine reads it)."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    if gzipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")  # the caller closes it


def _stdin_bytes() -> IO[bytes]:
    """Standard input as bytes: its buffer, or (a text stream with none, as under tests) its text encoded."""
    buffer = getattr(sys.stdin, "buffer", None)
    return buffer if buffer is not None else io.BytesIO(sys.stdin.read().encode("utf-8"))


def _engine(options: argparse.Namespace) -> str:
    """The engine the options ask for, or the one that suits the input (`--engine auto`)."""
    installed = importlib.util.find_spec("duckdb") is not None
    if options.engine == "duckdb" and not installed:
        raise ConfigError("--engine duckdb needs the 'simulate' extra: pip install 'a2i-moderation[simulate]'")
    if options.engine != "auto":
        return str(options.engine)
    if not installed:
        return "python"
    large = options.responses == "-" or Path(options.responses).stat().st_size >= DUCKDB_FROM_BYTES
    return "duckdb" if large else "python"


def _simulate_in_python(
    options: argparse.Namespace,
    document: dict[str, Any],
    min_confidence: float,
    progress: Callable[[float], None],
) -> tuple[Any, dict[str, list[float]] | None]:
    """The reference evaluator, response by response; the plot's rates from at most MAX_PLOTTED of them."""
    from ..conditions import Evaluator
    from .simulate import simulate

    keep: list[tuple[str, dict[str, Any]]] | None = [] if options.plot else None
    decisions_file = open(options.decisions, "w", encoding="utf-8") if options.decisions else None  # noqa: SIM115
    write: Callable[[dict[str, Any]], None] | None = None
    if decisions_file is not None:
        out = decisions_file

        def write(line: dict[str, Any]) -> None:
            out.write(json.dumps(line, separators=(",", ":")) + "\n")

    try:
        reader = contextlib.nullcontext(sys.stdin) if options.responses == "-" else _open_lines(options.responses)
        with reader as lines:
            summary = simulate(
                lines,
                Evaluator(document, options.seed),
                min_confidence,
                options.skip_bad_lines,
                on_decision=write,
                on_progress=progress,
                keep=keep,
            )
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"--responses: {options.responses} is not UTF-8 text, nor gzip of it ({exc.reason})"
        ) from None
    finally:
        if decisions_file is not None:
            decisions_file.close()
    if keep is None:
        return summary, None
    from .plot import MAX_PLOTTED, review_rates

    step = max(1, len(keep) // MAX_PLOTTED)
    return summary, review_rates(document, keep[::step], options.seed)


def _retired(options: argparse.Namespace, sagemaker: Any = None, a2i: Any = None) -> int:
    """List (and with --delete-drained, delete) the flow definitions this workflow no longer uses."""
    from .aws import outputs_region, read_outputs
    from .aws import session as aws_session
    from .retired import delete_drained, find_retired

    try:
        outputs = read_outputs(options.outputs)
        region = outputs_region(outputs, options.outputs, options.region)
        if sagemaker is None or a2i is None:
            session = aws_session(region)
            sagemaker = session.client("sagemaker")
            a2i = session.client("sagemaker-a2i-runtime")
        report = find_retired(sagemaker, a2i, outputs, region)
        if options.delete_drained:
            delete_drained(sagemaker, report, outputs.get("humanTaskUiArn"))
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    print(report.render())
    return 0


def _doctor(options: argparse.Namespace, sagemaker: Any = None, a2i: Any = None) -> int:
    """Check a plan (before `pulumi up`) or a deployed stack's outputs against the account, read-only."""
    from . import doctor

    try:
        if options.plan:
            target = doctor.target_from_plan(options.plan)
            if options.region:
                raise ConfigError("--region: only with --outputs (a plan names its region)")
        else:
            target = doctor.target_from_outputs(options.outputs, options.region)
        clients = _doctor_clients(target, sagemaker, a2i)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    checks = doctor.run_checks(target, clients)
    print(doctor.to_json(target, checks) if options.json else doctor.render(target, checks))
    return doctor.exit_code(checks)


def _doctor_clients(target: Any, sagemaker: Any, a2i: Any) -> Any:
    """boto3 clients for the target's region, credentials as boto3 finds them (AWS_ENDPOINT_URL too);
    a ConfigError when there are none or they are another account's."""
    from botocore.exceptions import BotoCoreError, ClientError

    from .aws import session as aws_session
    from .doctor import Clients

    session = aws_session(target.region)
    try:
        account = session.client("sts").get_caller_identity()["Account"]
    except (BotoCoreError, ClientError) as exc:
        raise ConfigError(f"the AWS credentials do not work ({exc})") from None
    if target.account and account != target.account:
        raise ConfigError(f"the AWS credentials are for account {account}, the stack is in account {target.account}")
    return Clients(
        s3=session.client("s3"),
        iam=session.client("iam"),
        kms=session.client("kms"),
        cognito=session.client("cognito-idp"),
        sagemaker=sagemaker or session.client("sagemaker"),
        a2i=a2i or session.client("sagemaker-a2i-runtime"),
    )


#: What each extra brings, by the modules the commands import from it.
EXTRAS = {"cli": ("yaml", "botocore", "boto3"), "plot": ("matplotlib",), "policy": ("pulumi_policy", "jsonschema")}


def _missing_extra(options: argparse.Namespace) -> str | None:
    """Which extra a command needs and this install lacks, said before any work is done."""
    needed = ["cli"] + (["plot"] if getattr(options, "plot", None) else [])
    needed += ["policy"] if getattr(options, "policies", False) else []
    for extra in needed:
        absent = [module for module in EXTRAS[extra] if importlib.util.find_spec(module) is None]
        if absent:
            return (
                f"`a2i-moderation {options.command}` needs the {extra!r} extra (missing: {', '.join(absent)}): "
                f"pip install 'a2i-moderation[{','.join(needed)}]'"
            )
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="a2i-moderation", description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    preview = commands.add_parser(
        "preview",
        help="plan the stack offline under Pulumi's mock engine and write plan.json",
        description="Run the stack's __main__.py under Pulumi's mock engine: no AWS account, no Pulumi CLI.",
    )
    preview.add_argument("--stack", default="dev", help="stack whose Pulumi.<stack>.yaml to use (default: dev)")
    preview.add_argument("--out", help="directory for plan.json (default: .preview/<stack> in the project)")
    preview.add_argument(
        "--project-dir", default=".", help="the Pulumi project (default: the current directory or above)"
    )
    preview.add_argument(
        "--baseline", help="an earlier plan.json: say what changes, what is replaced, what risks answers"
    )
    preview.add_argument("--no-ui", action="store_true", help="skip rendering the worker task and its screenshot")
    preview.add_argument(
        "--remote", action="store_true", help="also ask SageMaker's RenderUiTemplate (needs credentials)"
    )
    preview.add_argument("--role-arn", help="with --remote: a deployed role that may read the input images")
    preview.add_argument(
        "--policies",
        action="store_true",
        help="run the policy pack (policies/) on the planned resources; a mandatory violation exits 1",
    )
    preview.add_argument(
        "--policy-config",
        help="with --policies: the rules' configuration, in `pulumi preview --policy-pack-config`'s JSON format",
    )
    simulation = commands.add_parser(
        "simulate",
        help="decide, for recorded DetectModerationLabels responses, which would start a human loop",
        description="Evaluate activation conditions over DetectModerationLabels responses (one JSON object per line; "
        "an optional field 'key' names the image, otherwise the line number does).",
    )
    source = simulation.add_mutually_exclusive_group(required=True)
    source.add_argument("--stack", help="use the activation conditions and MinConfidence of Pulumi.<stack>.yaml")
    source.add_argument(
        "--conditions", help="a file with activation conditions (AWS's document or the friendly form, JSON or YAML)"
    )
    simulation.add_argument(
        "--responses", required=True, help="DetectModerationLabels responses, one JSON object per line"
    )
    simulation.add_argument(
        "--min-confidence", type=float, help="the MinConfidence your application sends (default: the stack's, or 50)"
    )
    simulation.add_argument(
        "--decisions", help="write one JSON line per response: key, activated, fired, labels, results"
    )
    simulation.add_argument("--plot", help="draw the review rate against each label check's threshold into this PNG")
    simulation.add_argument(
        "--price-per-review", type=float, default=0.08, help="USD per reviewed image (default 0.08)"
    )
    simulation.add_argument("--volume-per-month", type=int, help="images a month, for the monthly estimate")
    simulation.add_argument(
        "--skip-bad-lines", action="store_true", help="skip lines that are not responses, and count them"
    )
    simulation.add_argument(
        "--engine",
        choices=("auto", "duckdb", "python"),
        default="auto",
        help="duckdb (the 'simulate' extra): files, globs, gzip and stdin in parallel and constant memory; "
        "python: the reference evaluator; auto (default): duckdb for stdin and inputs of 8 MB or more, when installed",
    )
    simulation.add_argument(
        "--seed", default=DEFAULT_SEED, help=f"seed of the sampling draws (default: {DEFAULT_SEED})"
    )
    simulation.add_argument(
        "--project-dir", default=".", help="the Pulumi project, with --stack (default: here or above)"
    )
    retired = commands.add_parser(
        "retired",
        help="list the flow definitions this workflow no longer uses, with their queued reviews",
        description="Replaced flow definitions are kept so their queued reviews finish. List them with the human "
        "loops still in progress (read-only), or delete the drained ones with --delete-drained.",
    )
    retired.add_argument("--outputs", required=True, help="the stack's outputs, as `pulumi stack output --json` writes")
    retired.add_argument("--region", help="the workflow's region (default: from flowDefinitionArn)")
    retired.add_argument(
        "--delete-drained",
        action="store_true",
        help="delete retired flow definitions with no loop in progress, and task UIs nothing else uses",
    )
    doctor = commands.add_parser(
        "doctor",
        help="check, read-only, what breaks A2I in a real account: before (--plan) or after (--outputs) pulumi up",
        description="Read-only checks against the account boto3's credentials reach: the region, the private "
        "workforce, input buckets and their CORS rule, quotas; after deploying also the flow definition, output "
        "bucket, key, role (its policies evaluated), reviewers and human loops. Exit 0 when every check passed, "
        "1 when one failed, 2 for a usage or credentials error, 3 when none failed but some could not be checked.",
    )
    reviewers.add_parser(commands)
    given = doctor.add_mutually_exclusive_group(required=True)
    given.add_argument("--plan", help="before deploying: the preview's plan, .preview/<stack>/plan.json")
    given.add_argument("--outputs", help="after deploying: the stack's outputs, as `pulumi stack output --json` writes")
    doctor.add_argument("--region", help="with --outputs: the workflow's region (default: from flowDefinitionArn)")
    doctor.add_argument("--json", action="store_true", help="print the checks as JSON")
    options = parser.parse_args(argv)
    missing = _missing_extra(options)
    if missing:
        print(f"error: {missing}", file=sys.stderr)
        return EXIT_CONFIG
    if options.command == "preview":
        return _preview(options)
    if options.command == "simulate":
        return _simulate(options)
    if options.command == "retired":
        return _retired(options)
    if options.command == "doctor":
        return _doctor(options)
    if options.command == "reviewers":
        return reviewers.run(options)
    parser.error(f"unknown command {options.command}")
    return EXIT_CONFIG


if __name__ == "__main__":
    sys.exit(main())
