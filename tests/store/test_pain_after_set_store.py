"""The two changes the store makes for the players beyond recording a set once, on SQLite and on
PostgreSQL: pain reported after a set is recorded on it, and a session left before anything was
recorded is removed when the person does not resume it."""

from __future__ import annotations

from strongback.records import SessionFeedback, SessionSource, SessionStatus, SetOutcome
from strongback.store import Repository
from tests.store.factories import at, make_plan, make_set


def test_pain_after_a_set_is_recorded_on_it_and_nothing_else_changes_it(
    repository: Repository,
) -> None:
    session = repository.start_session(make_plan(), SessionSource.PLAYER, at(0))
    assert session.id is not None
    done = repository.save_set(session.id, make_set()).set
    assert done.outcome is SetOutcome.DONE
    hurt = done.model_copy(
        update={"outcome": SetOutcome.STOPPED, "pain": 4, "reason": "Stopped for pain 4/10, dull."}
    )

    other = repository.save_set(session.id, hurt.model_copy(update={"reps_done": 0}))
    assert (other.added, other.set) == (False, done)  # not a pain report alone: nothing changes

    recorded = repository.save_set(session.id, hurt)

    assert (recorded.added, recorded.set) == (False, hurt)
    stored = repository.get_session(session.id)
    assert stored is not None
    assert stored.sets == [hurt]


def test_only_a_session_in_progress_that_recorded_nothing_is_discarded(
    repository: Repository,
) -> None:
    empty = repository.start_session(make_plan(), SessionSource.PLAYER, at(0))
    answered = repository.start_session(make_plan(), SessionSource.PLAYER, at(1), pain_before=3)
    with_set = repository.start_session(make_plan(), SessionSource.PLAYER, at(2))
    finished = repository.start_session(make_plan(), SessionSource.PLAYER, at(3))
    assert None not in (empty.id, answered.id, with_set.id, finished.id)
    assert with_set.id is not None
    assert finished.id is not None
    repository.record_set(with_set.id, make_set(minutes=3))
    repository.finish_session(finished.id, SessionStatus.ENDED_EARLY, at(4), SessionFeedback())

    assert [
        repository.discard_empty_session(s.id or 0) for s in (answered, with_set, finished)
    ] == [
        False,
        False,
        False,
    ]
    assert repository.discard_empty_session(empty.id or 0)
    assert not repository.discard_empty_session(empty.id or 0)  # gone already
    assert [s.id for s in repository.sessions()] == [answered.id, with_set.id, finished.id]
