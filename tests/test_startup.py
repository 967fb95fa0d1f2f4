"""The command line starts without the web, database or camera stacks.

Each check runs in a fresh interpreter, because this test process has long since imported
everything the other tests needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

HEAVY = [
    "fastapi",
    "uvicorn",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "starlette",
    "jinja2",
    "weasyprint",
    "mediapipe",
    "cv2",
    "strongback.store",
    "strongback.web",
]


def loaded_after(args: list[str]) -> set[str]:
    """Run the app with `args` in a new interpreter; return the top modules it imported."""
    code = textwrap.dedent(
        f"""
        import json, sys
        from strongback.cli.app import app
        try:
            app({args!r})
        except SystemExit:
            pass
        sys.__stdout__.write("\\n" + json.dumps(sorted(sys.modules)))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def heavy_in(modules: set[str]) -> list[str]:
    return sorted(
        heavy for heavy in HEAVY if any(m == heavy or m.startswith(heavy + ".") for m in modules)
    )


@pytest.mark.slow
def test_help_imports_no_web_database_or_camera_module() -> None:
    assert heavy_in(loaded_after(["--help"])) == []


@pytest.mark.slow
def test_listing_exercises_does_not_touch_the_store() -> None:
    modules = loaded_after(["exercises", "--json"])
    assert "strongback.catalog" in modules  # it really ran
    assert heavy_in(modules) == []


def test_the_benchmark_runner_finds_the_startup_benchmark_and_rejects_unknown_names(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from benchmarks.__main__ import discover, main

    assert "startup" in discover()
    assert main(["bench_nope"]) == 2
    assert "unknown benchmark nope; available: " in capsys.readouterr().err
