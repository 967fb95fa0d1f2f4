"""CLI start-up: `strongback --help` against a bare `python -c "import typer, rich"`.

The baseline is what any Typer + Rich program pays; the target bounds what strongback adds on top
(its own modules, the command modules of every area). `strongback exercises --json`, which also
loads and validates the whole YAML catalog, is measured against its own, looser target.

Set STRONGBACK_BENCH_RUNS to change the number of timed runs (default 15; one warm-up run first).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HELP_TARGET_MS = 150.0  # at most this much over the bare typer + rich import
EXERCISES_TARGET_MS = 400.0  # over the same baseline: imports pydantic and validates every file


def _strongback() -> list[str]:
    """The console script people run, or the module when there is no script next to Python."""
    script = Path(sys.executable).with_name("strongback")
    return [str(script)] if script.exists() else [sys.executable, "-m", "strongback"]


def _median_ms(command: list[str], runs: int) -> tuple[float, float]:
    """Median and fastest wall time of `command`, in milliseconds, after one warm-up run."""
    env = {**os.environ, "COLUMNS": "100"}
    times: list[float] = []
    for index in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
        )
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise RuntimeError(f"`{' '.join(command)}` failed:\n{message}")
        if index:  # the first run warms the OS file cache and .pyc files
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def _slowest_imports(command_args: list[str], count: int = 8) -> list[tuple[int, str]]:
    """The imports with the largest cumulative time (µs) while running the app with these args."""
    code = (
        "from strongback.cli.app import app\n"
        f"try:\n    app({command_args!r})\n"
        "except SystemExit:\n    pass\n"
    )
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=False,
    )
    rows: list[tuple[int, str]] = []
    for line in done.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) == 3 and parts[1].strip().isdigit():
            rows.append((int(parts[1]), parts[2].rstrip()))
    return sorted(rows, reverse=True)[:count]


def main() -> int:
    runs = int(os.environ.get("STRONGBACK_BENCH_RUNS", "15"))
    baseline, baseline_min = _median_ms([sys.executable, "-c", "import typer, rich"], runs)
    cases = [
        ("strongback --help", [*_strongback(), "--help"], HELP_TARGET_MS),
        (
            "strongback exercises --json",
            [*_strongback(), "exercises", "--json"],
            EXERCISES_TARGET_MS,
        ),
    ]
    print(f"median of {runs} runs each (fastest in brackets)")
    bare = 'python -c "import typer, rich"'
    print(f"  {bare:<32} {baseline:7.1f} ms ({baseline_min:.1f})  baseline")
    met = True
    for label, command, target in cases:
        median, fastest = _median_ms(command, runs)
        extra = median - baseline
        ok = extra <= target
        met = met and ok
        verdict = "met" if ok else "MISSED"
        print(
            f"  {label:<32} {median:7.1f} ms ({fastest:.1f})  "
            f"+{extra:.1f} ms over baseline, target +{target:.0f} ms: {verdict}"
        )
    if not met:
        print("slowest imports of `strongback --help` (cumulative µs):")
        for micros, module in _slowest_imports(["--help"]):
            print(f"  {micros:>9}  {module.strip()}")
    return 0 if met else 1
