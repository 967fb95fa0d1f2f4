"""Page and API latency on loopback, p50 and p95 per endpoint (targets: API p95 < 50 ms, pages
p95 < 100 ms).

The app runs as `strongback serve` runs it (uvicorn, one worker, SQLite) in its own process, on a
fresh STRONGBACK_HOME seeded with a profile and a few finished sessions, so the pages have a plan,
a history and a chart to draw. One client sends sequential requests over a kept-alive connection:
this measures how long a person waits for one page, not throughput. The first requests of each
endpoint warm caches and are not counted.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx2

BASELINE = Path(__file__).resolve().parent / "baselines" / "web_latency.json"

API_P95_MS = 50.0
PAGE_P95_MS = 100.0
REQUESTS = int(os.environ.get("STRONGBACK_BENCH_REQUESTS", "200"))
WARM_UP = 10
SESSIONS = 3
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 5, "experience": "some"}

PAGES = ["/today", "/week", "/session", "/library", "/library/bridge", "/progress", "/settings"]
PAGES += ["/onboarding", "/advice", "/sports"]
API = ["/api/v1/exercises", "/api/v1/exercises/bridge", "/api/v1/profile", "/api/v1/plan"]
API += ["/api/v1/plan/week", "/api/v1/sessions", "/api/v1/export"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _start_server(home: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "STRONGBACK_HOME": str(home)}
    env.pop("STRONGBACK_DATABASE_URL", None)  # always the SQLite file in the temporary home
    command = [sys.executable, "-m", "uvicorn", "strongback.web:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    return subprocess.Popen(command, env=env)


def _wait_until_up(client: httpx2.Client, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode} before answering")
        try:
            if client.get("/api/v1/questions").status_code == 200:
                return
        except httpx2.TransportError:
            time.sleep(0.05)
    raise RuntimeError("the server did not answer within 20 s")


def _seed(client: httpx2.Client) -> None:
    """A profile and a few finished sessions, each with its sets, like a person's first week."""
    client.put("/api/v1/profile", json=PROFILE).raise_for_status()
    for number in range(SESSIONS):
        started = client.post("/api/v1/sessions", json={"pain_before": 4}).json()
        session_id = started["session"]["id"]
        for step in started["timeline"]["steps"]:
            if step["records_set"]:
                record = {
                    "exercise_id": step["exercise_id"],
                    "set_number": step["set_number"],
                    "side": step["set_side"],
                    "reps_done": step["reps"],
                    "ended_at": started["session"]["started_at"],
                }
                client.post(f"/api/v1/sessions/{session_id}/sets", json=record).raise_for_status()
        finish = {"status": "completed", "pain_after": 3 - number % 2, "difficulty": "right"}
        client.post(f"/api/v1/sessions/{session_id}/finish", json=finish).raise_for_status()


def _measure(client: httpx2.Client, path: str) -> list[float]:
    """Milliseconds per request, after the warm-up; any answer but 200 stops the benchmark."""
    times: list[float] = []
    for number in range(WARM_UP + REQUESTS):
        start = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - start) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} answered {response.status_code}: {response.text[:200]}")
        if number >= WARM_UP:
            times.append(elapsed)
    return times


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _record(results: list[tuple[str, float, list[float]]]) -> None:
    """Write the numbers as the new baseline (STRONGBACK_BENCH_RECORD=1), to compare runs by."""
    baseline = {
        "recorded": time.strftime("%Y-%m-%d"),
        "machine": f"{os.cpu_count()} CPUs, {platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "requests_per_endpoint": REQUESTS,
        "targets_ms": {"page_p95": PAGE_P95_MS, "api_p95": API_P95_MS},
        "endpoints": {
            path: {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(_percentile(times, 0.95), 1),
            }
            for path, _, times in results
        },
    }
    BASELINE.parent.mkdir(exist_ok=True)
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="strongback-bench-") as home:
        port = _free_port()
        server = _start_server(Path(home), port)
        try:
            with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
                _wait_until_up(client, server)
                _seed(client)
                results = [(path, PAGE_P95_MS, _measure(client, path)) for path in PAGES]
                results += [(path, API_P95_MS, _measure(client, path)) for path in API]
        finally:
            server.terminate()
            server.wait(timeout=10)

    print(f"{REQUESTS} sequential GETs per endpoint after {WARM_UP} warm-up, loopback, SQLite")
    print(f"{'endpoint':<28} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'target':>8}")
    missed: list[str] = []
    for path, target, times in results:
        p50, p95 = statistics.median(times), _percentile(times, 0.95)
        verdict = "" if p95 < target else "  MISSED"
        if verdict:
            missed.append(path)
        print(f"{path:<28} {p50:>8.1f} {p95:>8.1f} {max(times):>8.1f} {target:>6.0f}{verdict}")
    print(
        f"targets: p95 < {PAGE_P95_MS:.0f} ms for pages, < {API_P95_MS:.0f} ms for the API: ",
        end="",
    )
    print(f"MISSED on {', '.join(missed)}" if missed else "met")
    if os.environ.get("STRONGBACK_BENCH_RECORD") == "1":
        _record(results)
        print(f"recorded as the baseline in {BASELINE}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
