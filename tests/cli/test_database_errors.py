"""A database that fails under a running command is one clear line and exit 1, not a traceback."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strongback.cli._common import EXIT_USER_ERROR, database_error
from strongback.cli.app import app

YESTERDAY = (date.today() - timedelta(days=1)).isoformat()


@pytest.fixture
def sqlite_env(tmp_path: Path) -> dict[str, str]:
    """A SQLite store with answers and yesterday's session, as `strongback` would make it."""
    env = {"STRONGBACK_HOME": str(tmp_path / "home")}
    answers = tmp_path / "answers.yaml"
    answers.write_text("pain_areas: lower\n", encoding="utf-8")
    runner = CliRunner()
    for args in (["setup", "--from", str(answers)], ["log", "-e", "bridge", "--date", YESTERDAY]):
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
    return env


@pytest.fixture
def locked(sqlite_env: dict[str, str]) -> Iterator[None]:
    """Another process holds the write lock (as a second strongback writing would)."""
    holder = sqlite3.connect(Path(sqlite_env["STRONGBACK_HOME"]) / "strongback.db")
    holder.isolation_level = None
    holder.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.slow  # each command waits out SQLite's busy timeout (5 s) first
@pytest.mark.usefixtures("locked")
@pytest.mark.parametrize("args", [["log", "-e", "bridge"], ["checkin", "--pain", "2"]])
def test_a_locked_database_is_one_clear_line(sqlite_env: dict[str, str], args: list[str]) -> None:
    result = CliRunner().invoke(app, args, env=sqlite_env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert result.stderr.splitlines() == [
        "error: the database could not be used: database is locked. Is another strongback "
        "running? Close it and try again"
    ]
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_only_database_errors_are_turned_into_a_line() -> None:
    from sqlalchemy.exc import OperationalError

    from strongback.store import StoreError

    failed = OperationalError("INSERT INTO sessions ...", {}, sqlite3.OperationalError("disk I/O"))
    assert database_error(failed) == "the database could not be used: disk I/O"
    assert database_error(StoreError("the schema is newer than this strongback")) == (
        "the database could not be used: the schema is newer than this strongback"
    )
    assert database_error(ValueError("a bug")) is None
