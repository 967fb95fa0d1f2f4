"""The shipped migrations build exactly the schema the models describe, on both backends."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from strongback.settings import HOME_ENV, Settings
from strongback.store import StoreError, open_store
from strongback.store._engine import (
    HEAD_REVISION,
    alembic_config,
    create_store_engine,
    normalise_url,
)
from strongback.store._models import Base

TABLES = {"alembic_version", "profile_versions", "sessions", "set_records", "psfs_scores"}


def _schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def _revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_open_store_migrates_an_empty_database_to_head(empty_database_url: str) -> None:
    engine = create_store_engine(empty_database_url)
    try:
        assert inspect(engine).get_table_names() == []

        open_store(Settings(home=Path("unused"), database_url=empty_database_url)).close()

        assert set(inspect(engine).get_table_names()) == TABLES
        assert _revision(engine) == HEAD_REVISION
        assert _schema_differences(engine) == []
    finally:
        engine.dispose()


def test_the_models_match_the_migrated_schema(database_url: str) -> None:
    engine = create_store_engine(database_url)
    try:
        assert _schema_differences(engine) == []
    finally:
        engine.dispose()


def test_every_migration_downgrades_and_upgrades_again(database_url: str) -> None:
    engine = create_store_engine(database_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "base")
        assert set(inspect(engine).get_table_names()) == {"alembic_version"}
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        assert _schema_differences(engine) == []
    finally:
        engine.dispose()


def test_the_head_constant_is_the_newest_migration() -> None:
    # open_store skips loading Alembic when the database is at HEAD_REVISION, so it must be true.
    assert ScriptDirectory.from_config(alembic_config()).get_heads() == [HEAD_REVISION]


def test_a_database_from_a_newer_strongback_is_refused(store_settings: Settings) -> None:
    engine = create_store_engine(store_settings.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = 'from-the-future'"))
    finally:
        engine.dispose()

    with pytest.raises(StoreError, match="written by a newer version"):
        open_store(store_settings)


def test_a_first_run_creates_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "not" / "there" / "yet"
    monkeypatch.setenv(HOME_ENV, str(home))

    with open_store(Settings.from_env()) as repository:
        assert repository.backend == "sqlite"
        assert repository.is_empty()

    assert (home / "strongback.db").is_file()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_plain_postgresql_urls_use_the_shipped_driver(given: str, expected: str) -> None:
    assert normalise_url(given) == expected


@pytest.mark.slow
def test_processes_opening_a_new_database_together_all_succeed(empty_database_url: str) -> None:
    # The web app and a terminal command started at the same moment on a first run.
    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from strongback.settings import Settings\n"
        "from strongback.store import open_store\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
        "open_store(Settings(home=Path('unused'), database_url=sys.argv[1])).close()\n"
    )
    with contextlib.ExitStack() as stack:
        children = [
            stack.enter_context(
                subprocess.Popen(
                    [sys.executable, "-c", script, empty_database_url],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            for _ in range(4)
        ]
        # Release them together, once all have paid for their imports.
        for child in children:
            assert child.stdout is not None
            assert child.stdout.readline() == "ready\n"
        for child in children:
            assert child.stdin is not None
            child.stdin.close()
        outcomes = []
        for child in children:
            assert child.stderr is not None
            errors = child.stderr.read()
            outcomes.append((child.wait(timeout=60), errors))

    assert [code for code, _ in outcomes] == [0, 0, 0, 0], [err for _, err in outcomes]
    engine = create_store_engine(empty_database_url)
    try:
        assert _revision(engine) == HEAD_REVISION
        assert _schema_differences(engine) == []
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("no-such-scheme", "not a database URL"),
        ("postgresql://someone:secret@127.0.0.1:1/strongback", "cannot open the database"),
    ],
)
def test_a_database_that_cannot_be_opened_is_a_clear_store_error(url: str, message: str) -> None:
    with pytest.raises(StoreError, match=message) as raised:
        open_store(Settings(home=Path("unused"), database_url=url))
    assert "secret" not in str(raised.value)


def test_a_data_folder_that_cannot_be_made_is_a_clear_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    url = f"sqlite:///{blocker / 'home' / 'strongback.db'}"

    with pytest.raises(StoreError, match="cannot create the folder"):
        open_store(Settings(home=blocker / "home", database_url=url))


@pytest.mark.slow
def test_opening_an_up_to_date_store_does_not_load_alembic(store_env: dict[str, str]) -> None:
    # Every command opens the store; Alembic's script loading is only paid after an upgrade.
    script = (
        "import sys\n"
        "from strongback.settings import Settings\n"
        "from strongback.store import open_store\n"
        "assert 'alembic' not in sys.modules, 'importing the store loaded alembic'\n"
        "open_store(Settings.from_env()).close()\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('alembic.'))\n"
        "assert 'alembic.script' not in loaded and 'alembic.command' not in loaded, loaded\n"
    )
    child = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **store_env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == 0, child.stderr


@pytest.mark.parametrize(
    "url", ["mysql://me@localhost/db", "oracle://me@localhost/db", "postgresql+psycopg2://x@y/z"]
)
def test_other_databases_are_refused_by_name(url: str, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="SQLite or PostgreSQL"):
        open_store(Settings(home=tmp_path, database_url=url))


def test_an_unreadable_url_never_shows_its_password(tmp_path: Path) -> None:
    url = "postgresql://me:s3cret@host:notaport/db"
    with pytest.raises(StoreError) as error:
        open_store(Settings(home=tmp_path, database_url=url))
    assert "s3cret" not in str(error.value)
    assert "***" in str(error.value)


def test_sets_stored_twice_before_0002_keep_their_first_record(database_url: str) -> None:
    engine = create_store_engine(database_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0001")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO sessions (id, plan, source, status, started_at, resume_step) "
                    "VALUES (1, '{}', 'web', 'in-progress', '2026-11-21 10:00:00+00:00', 0)"
                )
            )
            for reps in (10, 8, 10):  # the same set posted three times, then another set
                connection.execute(
                    text(
                        "INSERT INTO set_records (session_id, exercise_id, set_number, side, "
                        "reps_done, outcome, ended_at) VALUES (1, 'bridge', 1, 'both', :reps, "
                        "'done', '2026-11-21 10:05:00+00:00')"
                    ),
                    {"reps": reps},
                )
            connection.execute(
                text(
                    "INSERT INTO set_records (session_id, exercise_id, set_number, side, "
                    "reps_done, outcome, ended_at) VALUES (1, 'bridge', 2, 'both', 9, 'done', "
                    "'2026-11-21 10:07:00+00:00')"
                )
            )
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT set_number, reps_done FROM set_records ORDER BY id")
            ).all()
        assert [tuple(r) for r in rows] == [(1, 10), (2, 9)]
        assert _schema_differences(engine) == []
    finally:
        engine.dispose()
