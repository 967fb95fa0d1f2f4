"""`services.abandon_session`, the one rule behind answering n to `strongback start`'s "Resume
it?", the Today page's "End it and start today's session" and POST /api/v1/sessions/{id}/abandon: a
session that recorded nothing is removed, any other is ended early where it was left, never now.
On SQLite and PostgreSQL (the `repository` fixture)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import pytest

from strongback import services
from strongback.records import (
    NotFound,
    SessionFeedback,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
)
from tests.store.factories import make_plan, make_set

if TYPE_CHECKING:
    from strongback.store import Repository

# Left three days ago: ending it today must not make it three days long.
STARTED = datetime.now(UTC) - timedelta(days=3)


def _stale(repository: Repository, pain_before: int | None = None) -> int:
    started = repository.start_session(
        make_plan(), SessionSource.WEB, STARTED, pain_before=pain_before
    )
    assert started.id is not None
    return started.id


def test_a_session_that_recorded_nothing_is_removed(repository: Repository) -> None:
    session_id = _stale(repository)

    closed = services.abandon_session(repository, session_id)

    assert closed == services.Abandoned(session_id, None, ())
    assert closed.removed
    assert repository.sessions() == []
    assert repository.unfinished_session() is None


def test_a_session_with_sets_ends_early_at_its_last_set_with_what_it_saved(
    repository: Repository,
) -> None:
    session_id = _stale(repository)
    sets = [
        make_set(1, ended_at=STARTED + timedelta(minutes=2)),
        make_set(2, ended_at=STARTED + timedelta(minutes=4), outcome=SetOutcome.SKIPPED),
    ]
    for record in sets:
        repository.record_set(session_id, record)

    closed = services.abandon_session(repository, session_id)

    assert not closed.removed
    assert closed.ended_at == STARTED + timedelta(minutes=4)
    assert closed.sets == tuple(sets)
    stored = repository.get_session(session_id)
    assert stored is not None
    assert stored.status is SessionStatus.ENDED_EARLY
    assert stored.ended_at == closed.ended_at
    assert stored.sets == sets
    assert repository.unfinished_session() is None


def test_a_session_with_only_an_answer_is_kept_ended_at_its_start(
    repository: Repository,
) -> None:
    session_id = _stale(repository, pain_before=3)

    closed = services.abandon_session(repository, session_id)

    assert closed == services.Abandoned(session_id, STARTED, ())
    stored = repository.get_session(session_id)
    assert stored is not None
    assert stored.status is SessionStatus.ENDED_EARLY
    assert stored.feedback.pain_before == 3  # the answer it holds stays


def test_only_a_session_in_progress_can_be_abandoned(repository: Repository) -> None:
    with pytest.raises(NotFound, match="no session with id 99"):
        services.abandon_session(repository, 99)
    session_id = _stale(repository)
    repository.record_set(session_id, make_set(1, ended_at=STARTED + timedelta(minutes=1)))
    finished_at = STARTED + timedelta(minutes=30)
    repository.finish_session(
        session_id, SessionStatus.COMPLETED, finished_at, SessionFeedback(pain_after=2)
    )

    with pytest.raises(services.SessionClosed, match="already completed"):
        services.abandon_session(repository, session_id)

    stored = repository.get_session(session_id)
    assert stored is not None
    assert (stored.status, stored.ended_at) == (SessionStatus.COMPLETED, finished_at)


def _set(outcome: SetOutcome, pain: int | None = None) -> SetRecord:
    return make_set(outcome=outcome, pain=pain, reps_done=0, reason="Stopped.")


@pytest.mark.parametrize(
    ("sets", "words"),
    [
        ([], "0 sets done"),
        ([make_set()], "1 set done"),
        (
            [_set(SetOutcome.STOPPED, pain=6), _set(SetOutcome.STOPPED), _set(SetOutcome.SKIPPED)],
            "0 sets done, 1 stopped for pain, 1 stopped when the session ended, 1 partly skipped",
        ),
    ],
)
def test_the_saved_sets_in_words(sets: list[SetRecord], words: str) -> None:
    assert services.sets_in_words(sets) == words
