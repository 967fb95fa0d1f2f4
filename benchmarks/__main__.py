"""Run the benchmarks: `python -m benchmarks [NAME ...]` (what `make bench` calls).

A benchmark is a module `benchmarks/bench_NAME.py` with `def main() -> int` that prints its
measurements and whether its target was met, and returns 0 (met) or 1 (missed). Each one runs in a
fresh interpreter so that imports, caches and peak memory left by one cannot flatter or spoil the
next. NAME may be given with or without the `bench_` prefix.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PREFIX = "bench_"
CRASHED = 3


def discover() -> list[str]:
    """The benchmark names, without prefix, in alphabetical order."""
    return sorted(path.stem.removeprefix(PREFIX) for path in HERE.glob(f"{PREFIX}*.py"))


def run_one(name: str) -> tuple[int, float]:
    """Run one benchmark's main() in a new interpreter; its output goes straight to ours."""
    # A crash exits with CRASHED, so the summary tells it apart from a missed target (1).
    code = (
        "import sys, traceback\n"
        "try:\n"
        f"    from benchmarks import {PREFIX}{name} as bench\n"
        "    result = bench.main()\n"
        "except Exception:\n"
        "    traceback.print_exc()\n"
        f"    result = {CRASHED}\n"
        "sys.exit(result)\n"
    )
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False)
    return done.returncode, time.perf_counter() - start


def main(argv: list[str]) -> int:
    available = discover()
    wanted = [arg.removeprefix(PREFIX).removesuffix(".py") for arg in argv] or available
    unknown = [name for name in wanted if name not in available]
    if unknown:
        print(
            f"unknown benchmark {', '.join(unknown)}; available: {', '.join(available)}",
            file=sys.stderr,
        )
        return 2
    results: list[tuple[str, int, float]] = []
    for name in wanted:
        print(f"== {name}", flush=True)
        code, seconds = run_one(name)
        results.append((name, code, seconds))
        print(flush=True)
    print("== summary")
    width = max(len(name) for name, _, _ in results)
    for name, code, seconds in results:
        verdict = {0: "target met", 1: "TARGET MISSED", CRASHED: "CRASHED"}.get(
            code, f"ERROR (exit {code})"
        )
        print(f"  {name:<{width}}  {verdict:<16} ({seconds:.1f} s)")
    failed = sum(1 for _, code, _ in results if code != 0)
    print(f"{len(results) - failed} of {len(results)} benchmarks met their targets")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
