"""A session left before anything was recorded is discarded (`Repository.discard_empty_session`),
but never while a set is being saved into it: deleting a session deletes its sets, so a set saved
at that very moment would be lost with it. On SQLite and on PostgreSQL, a second connection saves
a set and holds its transaction open while the discard runs; the discard waits, sees the set,
and keeps the session."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Connection, Engine, event, insert, text

from strongback.records import SessionSource
from strongback.store import Repository
from strongback.store._engine import create_store_engine
from strongback.store._mapping import set_row
from strongback.store._models import SetRow
from tests.store.factories import at, make_plan, make_set

WAIT_SECONDS = 10


@pytest.fixture
def other_writer(database_url: str) -> Iterator[Engine]:
    """Another program's connection to the same database: the web app saving a set."""
    engine = create_store_engine(database_url)
    yield engine
    engine.dispose()


def _insert_set(connection: Connection, session_id: int) -> None:
    row = set_row(make_set())
    values = {c.key: getattr(row, c.key) for c in SetRow.__table__.columns if c.key != "id"}
    connection.execute(insert(SetRow), {**values, "session_id": session_id})


def _waiting_for_a_lock(engine: Engine) -> bool:
    with engine.connect() as connection:
        waiting = connection.execute(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
        ).scalar_one()
    return bool(waiting)


def test_a_session_a_set_is_being_saved_into_is_never_discarded(
    repository: Repository, other_writer: Engine
) -> None:
    started = repository.start_session(make_plan(), SessionSource.PLAYER, at(0))
    assert started.id is not None
    session_id = started.id
    discarded: list[bool] = []
    errors: list[BaseException] = []
    asked = threading.Event()

    def discard() -> None:
        try:
            discarded.append(repository.discard_empty_session(session_id))
        except BaseException as error:  # reported by the test below
            errors.append(error)

    discarding: threading.Thread | None = None

    def note_the_discard_s_statements(*_: Any) -> None:
        if threading.current_thread() is discarding:
            asked.set()

    with other_writer.connect() as connection:
        saving = connection.begin()
        _insert_set(connection, session_id)  # saved, not yet committed: the lock is held

        event.listen(Engine, "before_cursor_execute", note_the_discard_s_statements)
        try:
            discarding = threading.Thread(target=discard)
            discarding.start()
            assert asked.wait(WAIT_SECONDS), "the discard never reached the database"
            if other_writer.dialect.name == "postgresql":
                deadline = time.monotonic() + WAIT_SECONDS
                while not _waiting_for_a_lock(other_writer):
                    assert time.monotonic() < deadline, "the discard never waited for the set"
                    time.sleep(0.02)
            else:
                time.sleep(0.5)  # SQLite: the discard waits for the write lock (busy_timeout)
            saving.commit()
            discarding.join(WAIT_SECONDS)
        finally:
            event.remove(Engine, "before_cursor_execute", note_the_discard_s_statements)

    assert not discarding.is_alive()
    assert errors == []
    assert discarded == [False]
    stored = repository.get_session(session_id)
    assert stored is not None
    assert [s.set_number for s in stored.sets] == [1]


def test_an_empty_session_is_still_discarded_and_a_set_then_refused(
    repository: Repository,
) -> None:
    from strongback.store import NotFound

    started = repository.start_session(make_plan(), SessionSource.PLAYER, at(0))
    assert started.id is not None

    assert repository.discard_empty_session(started.id)
    with pytest.raises(NotFound):
        repository.save_set(started.id, make_set())
    assert repository.sessions() == []
