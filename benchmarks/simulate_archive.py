"""`a2i-moderation simulate` at archive scale, measured as users run it: whole processes, in one run.

    .venv/bin/python benchmarks/simulate_archive.py [--count 300000] [--large 3000000] [--repeat 3]
        [--engine auto] [--data-dir DIR]

Three figures, each a ratio against a baseline measured in the same run:

1. `simulate --stack dev --responses FILE` against `python -c` parsing the same lines with
   json.loads (target: at most 1.0, i.e. no slower than merely reading the lines in Python);
2. the same with `--plot` (target: at most 1.5);
3. peak memory (max RSS of the process) at `--large` responses against `--count` responses
   (target: at most 1.5).

It also prints rows per second. The response files are generated once (examples/generate_responses.py)
into --data-dir and reused by later runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))

from generate_responses import responses  # noqa: E402

PYTHON = sys.executable
COMMAND = str(Path(PYTHON).parent / "a2i-moderation")
#: The baseline: what reading the lines costs in Python, as a process of its own.
PARSE_ONLY = "import json, sys\nfor line in open(sys.argv[1], encoding='utf-8'):\n    json.loads(line)\n"
#: Run a command and print its peak resident memory (kB on Linux): the wrapper measures its child only.
PEAK_RSS = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def responses_file(directory: Path, count: int) -> Path:
    """JSON lines of `count` generated responses, written once."""
    path = directory / f"responses-{count}.jsonl"
    if not path.exists():
        started = time.perf_counter()
        partial = path.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as out:
            for line in responses(count, seed=11, key_format="uploads/2026/11/{:08d}.jpg"):
                out.write(json.dumps(line, separators=(",", ":")) + "\n")
        partial.rename(path)
        print(f"  generated {count:,} responses in {time.perf_counter() - started:.1f} s: {path}", file=sys.stderr)
    return path


def seconds(argv: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def median_seconds(argv: list[str], repeat: int) -> float:
    return statistics.median(seconds(argv) for _ in range(repeat))


def peak_rss_mb(argv: list[str]) -> float:
    result = subprocess.run([PYTHON, "-c", PEAK_RSS, *argv], check=True, cwd=ROOT, capture_output=True, text=True)
    return int(result.stdout.strip().splitlines()[-1]) / 1024


def simulate(path: Path, engine: str, *extra: str) -> list[str]:
    return [COMMAND, "simulate", "--stack", "dev", "--responses", str(path), "--engine", engine, *extra]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--count", type=int, default=300_000)
    parser.add_argument("--large", type=int, default=3_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", default="auto", help="the engine simulate uses (auto, duckdb or python)")
    parser.add_argument("--data-dir", default=str(Path(tempfile.gettempdir()) / "a2i-moderation-bench"))
    options = parser.parse_args()
    data = Path(options.data_dir)
    data.mkdir(parents=True, exist_ok=True)
    small = responses_file(data, options.count)
    size_mb = small.stat().st_size / 1e6
    print(f"{options.count:,} responses ({size_mb:.0f} MB), engine {options.engine}, {os.cpu_count()} cores")

    parse = median_seconds([PYTHON, "-c", PARSE_ONLY, str(small)], options.repeat)
    plain = median_seconds(simulate(small, options.engine), options.repeat)
    with tempfile.TemporaryDirectory() as scratch:
        plotted = median_seconds(simulate(small, options.engine, "--plot", f"{scratch}/rates.png"), options.repeat)
    print(f"  json.loads of every line:  {parse:6.2f} s  ({options.count / parse:>12,.0f} rows/s)")
    print(f"  simulate:                  {plain:6.2f} s  ({options.count / plain:>12,.0f} rows/s)")
    print(f"  simulate --plot:           {plotted:6.2f} s  ({options.count / plotted:>12,.0f} rows/s)")
    print(f"simulate / parse        = {plain / parse:.2f}  (target <= 1.0)")
    print(f"simulate --plot / parse = {plotted / parse:.2f}  (target <= 1.5)")

    large = responses_file(data, options.large)
    small_peak = peak_rss_mb(simulate(small, options.engine))
    large_peak = peak_rss_mb(simulate(large, options.engine))
    print(f"  peak RSS at {options.count:,}: {small_peak:,.0f} MB; at {options.large:,}: {large_peak:,.0f} MB")
    print(f"peak memory {options.large:,} / {options.count:,} = {large_peak / small_peak:.2f}  (target <= 1.5)")
    # What the whole benchmark cost this process's children, for the record.
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"(children's CPU time: {children.ru_utime + children.ru_stime:.0f} s)", file=sys.stderr)


if __name__ == "__main__":
    main()
