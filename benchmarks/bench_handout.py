"""The printable handout: `strongback handout` end to end, and GET /api/v1/handout in the app.

A throwaway STRONGBACK_HOME holds the example answers (`strongback setup --example`: 15 minutes,
three days a week), whose seven days print about 19 exercises on 13 A4 pages. Measured:

- `strongback handout FILE` against `strongback plan`, which opens the same store and plans the
  same days: the difference is WeasyPrint's import and the PDF itself (target: at most
  CLI_OVER_PLAN_S more);
- the layout alone in a warm process, the same page again and again with the handout's own cache
  out of the way: what the web app pays for each new handout (target: at most WARM_RENDER_S);
- the app's first GET /api/v1/handout (WeasyPrint imported then) and the same request again (the
  same page is not laid out twice), both reported, not targets.

Before the exercise cards lost their flex boxes (WeasyPrint measured the nested flex items'
text many times over) the CLI took ~7.5 s and a warm layout ~4.6 s. Set STRONGBACK_BENCH_RUNS to
change the number of timed runs (default 5, after one warm-up run).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

# With room for a busy machine: on a 2-core test box the CLI measured +2.4 s and the layout
# 1.7 s to 2.0 s, against +8 s and 5.6 s with the flex boxes, which these would catch at once.
CLI_OVER_PLAN_S = 3.0
WARM_RENDER_S = 2.5


def _strongback() -> list[str]:
    script = Path(sys.executable).with_name("strongback")
    return [str(script)] if script.exists() else [sys.executable, "-m", "strongback"]


def _timed(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    """Median and fastest wall time of `command` in seconds, after one warm-up run."""
    times: list[float] = []
    for index in range(runs + 1):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, env=env, check=False)
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise RuntimeError(f"`{' '.join(command)}` failed:\n{message}")
        if index:
            times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def _set_up(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRONGBACK_")}
    env |= {"STRONGBACK_HOME": str(home), "COLUMNS": "100"}
    answers = subprocess.run(
        [*_strongback(), "setup", "--example"], capture_output=True, env=env, check=True
    ).stdout
    (home / "answers.yaml").write_bytes(answers)
    subprocess.run(
        [*_strongback(), "setup", "--from", str(home / "answers.yaml")],
        capture_output=True,
        env=env,
        check=True,
    )
    return env


def _web(home: Path) -> tuple[float, float, bytes]:
    """The app's first GET /api/v1/handout and the same request again, in seconds, and the PDF."""
    from fastapi.testclient import TestClient

    from strongback.settings import Settings
    from strongback.web import create_app

    settings = Settings(home=home, database_url=f"sqlite:///{home / 'strongback.db'}")
    # TestClient's requests name the host "testserver", which the app's guard must be told of.
    with TestClient(create_app(settings, allowed_hosts=("testserver",))) as client:
        start = time.perf_counter()
        first = client.get("/api/v1/handout")
        cold = time.perf_counter() - start
        start = time.perf_counter()
        again = client.get("/api/v1/handout")
        repeat = time.perf_counter() - start
    if first.status_code != 200 or again.content != first.content:
        raise RuntimeError(f"GET /api/v1/handout answered {first.status_code}")
    return cold, repeat, first.content


def _warm_render(home: Path, runs: int) -> tuple[float, float, int]:
    """Median and fastest layout of the handout's page in this (warm) process, and its pages."""
    import weasyprint  # type: ignore[import-untyped]

    from strongback.catalog import default_catalog
    from strongback.render.handout import coming_days, handout_html, handout_weeks
    from strongback.render.pdf import html_to_pdf
    from strongback.services import plan_for_week
    from strongback.settings import Settings
    from strongback.store import open_store

    catalog = default_catalog()
    today = date.today()
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'strongback.db'}")
    with open_store(settings) as repo:
        weeks = [plan_for_week(repo, catalog, monday) for monday in handout_weeks(today)]
    html = handout_html(coming_days(weeks, today), catalog, made_on=today)
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        html_to_pdf(html)  # not render_handout: its cache would answer at once
        times.append(time.perf_counter() - start)
    pages = len(weasyprint.HTML(string=html).render().pages)
    return statistics.median(times), min(times), pages


def main() -> int:
    runs = int(os.environ.get("STRONGBACK_BENCH_RUNS", "5"))
    with tempfile.TemporaryDirectory(prefix="strongback-bench-") as folder:
        home = Path(folder)
        env = _set_up(home)
        target = home / "plan.pdf"
        handout, handout_min = _timed(
            [*_strongback(), "handout", str(target), "--force"], env, runs
        )
        plan, plan_min = _timed([*_strongback(), "plan"], env, runs)
        cold, repeat, pdf = _web(home)
        warm, warm_min, pages = _warm_render(home, runs)
    over = handout - plan
    cli_ok = over <= CLI_OVER_PLAN_S
    warm_ok = warm <= WARM_RENDER_S
    print(f"median of {runs} runs (fastest in brackets); {pages} A4 pages, {len(pdf) // 1024} kB")
    print(f"  strongback plan                 {plan:6.2f} s ({plan_min:.2f})")
    print(
        f"  strongback handout plan.pdf     {handout:6.2f} s ({handout_min:.2f})  "
        f"+{over:.2f} s over plan, target +{CLI_OVER_PLAN_S:.1f} s: "
        f"{'met' if cli_ok else 'MISSED'}"
    )
    print(
        f"  layout in a warm process        {warm:6.2f} s ({warm_min:.2f})  "
        f"target {WARM_RENDER_S:.1f} s: {'met' if warm_ok else 'MISSED'}"
    )
    print(f"  GET /api/v1/handout, first      {cold:6.2f} s  (WeasyPrint imported then)")
    print(f"  GET /api/v1/handout, again      {repeat:6.2f} s  (the same page, not laid out twice)")
    return 0 if cli_ok and warm_ok else 1
