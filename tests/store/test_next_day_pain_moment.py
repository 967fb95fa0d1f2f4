"""Migration 0003 keeps when the next-day pain was given (`next_day_pain_at`): answers stored
before keep their pain with no moment, and going back to 0002 loses nothing else. On SQLite and
PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import pytest
from alembic import command
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from strongback.records import SessionFeedback, SessionSource, SessionStatus
from strongback.store import InvalidExport, open_store
from strongback.store._engine import alembic_config, create_store_engine
from tests.store.factories import at, make_plan

if TYPE_CHECKING:
    from strongback.settings import Settings
    from strongback.store import Repository

INSERT = (
    "INSERT INTO sessions (id, plan, source, status, started_at, ended_at, resume_step, "
    "next_day_pain) VALUES (1, :plan, 'log', 'completed', '2026-11-21 10:00:00+00:00', "
    "'2026-11-21 10:10:00+00:00', 0, :pain)"
)


def test_an_answer_stored_before_0003_keeps_its_pain_without_a_moment(
    store_settings: Settings,
) -> None:
    engine = create_store_engine(store_settings.database_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0002")
        columns = {c["name"] for c in inspect(engine).get_columns("sessions")}
        assert "next_day_pain_at" not in columns
        with engine.begin() as connection:
            connection.execute(text(INSERT), {"plan": make_plan().model_dump_json(), "pain": 7})
    finally:
        engine.dispose()

    with open_store(store_settings) as repository:  # upgrades to the newest
        (stored,) = repository.sessions()
    assert stored.feedback.next_day_pain == 7
    assert stored.feedback.next_day_pain_at is None


def test_going_back_to_0002_keeps_the_sessions_and_their_checks(
    store_settings: Settings, repository: Repository
) -> None:
    started = repository.start_session(make_plan(), SessionSource.LOG, at(0))
    assert started.id is not None
    repository.finish_session(started.id, SessionStatus.COMPLETED, at(5), SessionFeedback())
    repository.set_next_day_pain(started.id, 4, at=at(60 * 24))
    engine = create_store_engine(store_settings.database_url)
    try:
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection), "0002")
        with engine.connect() as connection:
            pains = connection.execute(text("SELECT id, next_day_pain FROM sessions")).all()
        assert [tuple(row) for row in pains] == [(started.id, 4)]
        with pytest.raises(IntegrityError), engine.begin() as connection:
            # The 0-10 check on next_day_pain survived the table being rebuilt (SQLite).
            connection.execute(text(INSERT.replace("(1,", "(2,")), {"plan": "{}", "pain": 11})
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    finally:
        engine.dispose()


def test_the_moment_is_kept_and_replaced_with_the_answer(repository: Repository) -> None:
    started = repository.start_session(make_plan(), SessionSource.LOG, at(0))
    assert started.id is not None
    repository.finish_session(started.id, SessionStatus.COMPLETED, at(5), SessionFeedback())

    repository.set_next_day_pain(started.id, 4, at=at(60 * 24))
    repository.set_next_day_pain(started.id, 2, at=at(60 * 30))

    stored = repository.get_session(started.id)
    assert stored is not None
    assert stored.feedback.next_day_pain == 2
    assert stored.feedback.next_day_pain_at == at(60 * 30)
    with pytest.raises(ValueError, match="timezone-aware"):
        repository.set_next_day_pain(started.id, 2, at=datetime(2026, 3, 3, 8, 0))


def test_a_logged_session_stored_whole_keeps_the_moment_it_was_given(
    repository: Repository,
) -> None:
    feedback = SessionFeedback(pain_before=2, next_day_pain=3, next_day_pain_at=at(60 * 24))

    stored = repository.add_finished_session(
        make_plan(), SessionSource.LOG, at(0), [], at(5), feedback
    )

    assert stored.feedback == feedback
    assert repository.sessions() == [stored]


def test_an_import_with_a_moment_of_no_zone_is_refused_naming_it(repository: Repository) -> None:
    started = repository.start_session(make_plan(), SessionSource.LOG, at(0))
    assert started.id is not None
    repository.finish_session(started.id, SessionStatus.COMPLETED, at(5), SessionFeedback())
    repository.set_next_day_pain(started.id, 4, at=at(60 * 24))
    exported = repository.export_all()
    repository.forget()
    exported["sessions"][0]["feedback"]["next_day_pain_at"] = "2026-03-03T08:00:00"

    with pytest.raises(InvalidExport, match=r"sessions\.0\.feedback\.next_day_pain_at"):
        repository.import_all(exported)
    assert repository.sessions() == []
