"""Every repository method round-trips the core objects, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import update

from strongback.profile import Condition, Experience, PainArea, Profile
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    Side,
)
from strongback.settings import Settings
from strongback.store import (
    NotFound,
    PsfsScore,
    Repository,
    StoredProfile,
    StoreError,
    open_store,
)
from strongback.store._engine import create_store_engine
from strongback.store._models import ProfileVersion
from tests.store.factories import (
    SCREENING_ADVISE,
    SCREENING_CLEAR,
    STOPPED_SET,
    at,
    make_plan,
    make_set,
)


def test_a_new_store_is_empty(repository: Repository) -> None:
    assert repository.is_empty()
    assert repository.current_profile() is None
    assert repository.profile_history() == []
    assert repository.sessions() == []
    assert repository.unfinished_session() is None
    assert repository.get_session(1) is None
    assert repository.psfs_scores() == []


# -- profiles ------------------------------------------------------------------------------------


def test_each_saved_profile_is_a_new_version(repository: Repository) -> None:
    first = Profile()
    second = Profile(
        pain_areas=[PainArea.LOWER, PainArea.NECK],
        experience=Experience.SOME,
        conditions=[Condition.PREGNANCY],
        minutes=25,
        age=34,
    )

    assert repository.save_profile(first, SCREENING_CLEAR, at(0)) == 1
    assert repository.save_profile(second, SCREENING_ADVISE, at(60)) == 2

    expected = [
        StoredProfile(version=1, created_at=at(0), profile=first, screening=SCREENING_CLEAR),
        StoredProfile(version=2, created_at=at(60), profile=second, screening=SCREENING_ADVISE),
    ]
    assert repository.profile_history() == expected
    assert repository.current_profile() == expected[1]
    assert not repository.is_empty()


def test_times_are_stored_as_utc_and_come_back_aware(repository: Repository) -> None:
    paris = timezone(timedelta(hours=2))
    moment = datetime(2026, 6, 1, 9, 0, 0, 1, tzinfo=paris)

    repository.save_profile(Profile(), SCREENING_CLEAR, moment)

    stored = repository.current_profile()
    assert stored is not None
    assert stored.created_at == moment
    assert stored.created_at.tzinfo is UTC
    assert stored.created_at.hour == 7


def test_a_naive_time_is_refused_and_nothing_is_saved(repository: Repository) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        repository.save_profile(Profile(), SCREENING_CLEAR, datetime(2026, 1, 1, 8, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        repository.start_session(make_plan(), SessionSource.PLAYER, datetime(2026, 1, 1, 8, 0))
    assert repository.is_empty()


# -- sessions ------------------------------------------------------------------------------------


def test_a_session_round_trips_from_start_to_next_day_pain(repository: Repository) -> None:
    plan = make_plan()

    started = repository.start_session(plan, SessionSource.PLAYER, at(0), pain_before=4)

    assert started.id is not None
    assert started == SessionRecord(
        id=started.id,
        plan=plan,
        source=SessionSource.PLAYER,
        started_at=at(0),
        feedback=SessionFeedback(pain_before=4),
    )

    sets = [
        make_set(1, minutes=1),
        make_set(1, minutes=2, exercise_id="knee-to-chest", side=Side.RIGHT, reps_done=None),
        make_set(2, minutes=3, outcome=SetOutcome.SKIPPED, reason="tired", reps_done=0),
        make_set(3, minutes=4, **STOPPED_SET),
    ]
    for record in sets:
        repository.record_set(started.id, record)
    repository.set_resume_step(started.id, 7)

    in_progress = repository.get_session(started.id)
    assert in_progress == started.model_copy(update={"sets": sets, "resume_step": 7})
    assert repository.unfinished_session() == in_progress

    repository.finish_session(
        started.id,
        SessionStatus.ENDED_EARLY,
        at(5),
        SessionFeedback(pain_after=5, difficulty=Difficulty.TOO_HARD),
    )
    repository.set_next_day_pain(started.id, 3, at=at(60 * 24))

    finished = repository.get_session(started.id)
    assert finished == in_progress.model_copy(
        update={
            "status": SessionStatus.ENDED_EARLY,
            "ended_at": at(5),
            # The pain given at the start is kept: the final answers left it out.
            "feedback": SessionFeedback(
                pain_before=4,
                pain_after=5,
                difficulty=Difficulty.TOO_HARD,
                next_day_pain=3,
                next_day_pain_at=at(60 * 24),
            ),
        }
    )
    assert repository.unfinished_session() is None
    assert repository.sessions() == [finished]


def test_finishing_can_give_every_answer_at_once(repository: Repository) -> None:
    session_id = repository.start_session(make_plan(), SessionSource.LOG, at(0)).id
    assert session_id is not None
    feedback = SessionFeedback(
        pain_before=2, pain_after=1, difficulty=Difficulty.RIGHT, next_day_pain=0
    )

    repository.finish_session(session_id, SessionStatus.COMPLETED, at(20), feedback)

    stored = repository.get_session(session_id)
    assert stored is not None
    assert stored.feedback == feedback
    assert stored.status is SessionStatus.COMPLETED
    assert stored.source is SessionSource.LOG


def test_a_finished_session_is_stored_whole_in_one_go(repository: Repository) -> None:
    feedback = SessionFeedback(pain_before=3, pain_after=2, difficulty=Difficulty.RIGHT)
    sets = [make_set(1, minutes=1), make_set(2, minutes=2)]

    stored = repository.add_finished_session(
        make_plan(), SessionSource.LOG, at(0), sets, at(5), feedback
    )

    assert stored.id is not None
    assert repository.get_session(stored.id) == stored
    assert stored.status is SessionStatus.COMPLETED
    assert stored.feedback == feedback
    assert stored.sets == sets
    assert repository.unfinished_session() is None


def test_a_finished_session_that_cannot_be_stored_leaves_nothing(
    repository: Repository,
) -> None:
    # Anything refused half-way must not leave an unfinished session to be offered back later.
    with pytest.raises(ValueError, match="once"):
        repository.add_finished_session(
            make_plan(), SessionSource.LOG, at(0), [make_set(1)] * 2, at(5), SessionFeedback()
        )
    with pytest.raises(ValueError, match="ended_at"):
        repository.add_finished_session(
            make_plan(),
            SessionSource.LOG,
            at(0),
            [make_set(1)],
            datetime(2026, 1, 1),  # naive
            SessionFeedback(),
        )

    assert repository.sessions() == []


def test_sessions_come_oldest_first_each_with_its_own_sets(repository: Repository) -> None:
    later = repository.start_session(make_plan(note="later"), SessionSource.WEB, at(1440))
    earlier = repository.start_session(make_plan(note="earlier"), SessionSource.PLAYER, at(0))
    assert later.id is not None
    assert earlier.id is not None
    # Interleaved, as when the web app and the terminal player write at the same time.
    repository.record_set(later.id, make_set(1, minutes=1441))
    repository.record_set(earlier.id, make_set(1, minutes=1))
    repository.record_set(later.id, make_set(2, minutes=1442))

    history = repository.sessions()

    assert [s.id for s in history] == [earlier.id, later.id]
    assert [s.plan.notes for s in history] == [["earlier"], ["later"]]
    assert [[r.set_number for r in s.sets] for s in history] == [[1], [1, 2]]


def test_the_unfinished_session_is_the_latest_in_progress(repository: Repository) -> None:
    old = repository.start_session(make_plan(), SessionSource.PLAYER, at(0))
    newest = repository.start_session(make_plan(), SessionSource.PLAYER, at(120))
    done = repository.start_session(make_plan(), SessionSource.PLAYER, at(60))
    assert old.id is not None
    assert newest.id is not None
    assert done.id is not None
    repository.finish_session(done.id, SessionStatus.COMPLETED, at(80), SessionFeedback())

    unfinished = repository.unfinished_session()
    assert unfinished is not None
    assert unfinished.id == newest.id

    repository.finish_session(newest.id, SessionStatus.ENDED_EARLY, at(130), SessionFeedback())
    unfinished = repository.unfinished_session()
    assert unfinished is not None
    assert unfinished.id == old.id


@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda r: r.record_set(999, make_set()), id="record_set"),
        pytest.param(lambda r: r.set_resume_step(999, 1), id="set_resume_step"),
        pytest.param(
            lambda r: r.finish_session(999, SessionStatus.COMPLETED, at(1), SessionFeedback()),
            id="finish_session",
        ),
        pytest.param(lambda r: r.set_next_day_pain(999, 2, at=at(0)), id="set_next_day_pain"),
    ],
)
def test_an_unknown_session_id_is_a_clear_lookup_error(
    repository: Repository, call: object
) -> None:
    assert callable(call)
    with pytest.raises(NotFound, match="no session with id 999") as raised:
        call(repository)
    assert isinstance(raised.value, LookupError)
    assert repository.is_empty()


def test_out_of_range_answers_are_refused(repository: Repository) -> None:
    with pytest.raises(ValueError, match="pain_before must be from 0 to 10"):
        repository.start_session(make_plan(), SessionSource.PLAYER, at(0), pain_before=11)
    session_id = repository.start_session(make_plan(), SessionSource.PLAYER, at(0)).id
    assert session_id is not None
    with pytest.raises(ValueError, match="next-day pain must be from 0 to 10"):
        repository.set_next_day_pain(session_id, -1, at=at(0))
    with pytest.raises(ValueError, match="resume step"):
        repository.set_resume_step(session_id, -1)
    with pytest.raises(ValueError, match="not in-progress"):
        repository.finish_session(session_id, SessionStatus.IN_PROGRESS, at(1), SessionFeedback())
    stored = repository.get_session(session_id)
    assert stored is not None
    assert stored.status is SessionStatus.IN_PROGRESS
    assert stored.resume_step == 0


def test_a_set_and_the_step_after_it_are_saved_together(repository: Repository) -> None:
    session_id = repository.start_session(make_plan(), SessionSource.PLAYER, at(0)).id
    assert session_id is not None

    repository.record_set(session_id, make_set(1), resume_step=4)
    repository.record_set(session_id, make_set(2))

    stored = repository.get_session(session_id)
    assert stored is not None
    assert stored.resume_step == 4
    assert [s.set_number for s in stored.sets] == [1, 2]
    with pytest.raises(ValueError, match="resume step"):
        repository.record_set(session_id, make_set(3), resume_step=-1)
    stored = repository.get_session(session_id)
    assert stored is not None
    assert len(stored.sets) == 2


def test_a_set_is_recorded_once_per_exercise_number_and_side(repository: Repository) -> None:
    session_id = repository.start_session(make_plan(), SessionSource.PLAYER, at(0)).id
    assert session_id is not None
    first = repository.save_set(session_id, make_set(1), resume_step=2)
    assert first.added
    assert first.set == make_set(1)

    for _ in range(2):  # a retry, and a retry of a retry
        again = repository.save_set(session_id, make_set(1), resume_step=7)
        assert not again.added
        assert again.set == first.set
    different = repository.save_set(session_id, make_set(1, minutes=9), resume_step=7)
    assert not different.added
    assert different.set == first.set  # the stored one wins; nothing changes
    repository.record_set(session_id, make_set(1))
    repository.record_set(session_id, make_set(1, side=Side.LEFT))

    stored = repository.get_session(session_id)
    assert stored is not None
    assert [(s.set_number, s.side) for s in stored.sets] == [(1, Side.BOTH), (1, Side.LEFT)]
    assert stored.resume_step == 2


def test_retries_arriving_together_record_the_set_once(repository: Repository) -> None:
    # A browser retrying a slow request: the copies race between the store's look and insert.
    session_id = repository.start_session(make_plan(), SessionSource.WEB, at(0)).id
    assert session_id is not None
    start = threading.Barrier(4)
    added: list[bool] = []

    def post() -> None:
        start.wait()
        added.append(repository.save_set(session_id, make_set(1)).added)

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(added) == [False, False, False, True]
    stored = repository.get_session(session_id)
    assert stored is not None
    assert len(stored.sets) == 1


def test_a_recorded_set_is_visible_at_once_to_another_process(
    repository: Repository, store_settings: Settings
) -> None:
    session_id = repository.start_session(make_plan(), SessionSource.PLAYER, at(0)).id
    assert session_id is not None
    repository.record_set(session_id, make_set(1))
    repository.set_resume_step(session_id, 3)

    with open_store(store_settings) as other:
        seen = other.get_session(session_id)

    assert seen is not None
    assert seen.sets == [make_set(1)]
    assert seen.resume_step == 3


@pytest.mark.slow
def test_a_killed_player_loses_no_finished_set(store_env: dict[str, str]) -> None:
    # The child records two sets, then dies without any clean-up, as a player would on SIGKILL.
    script = textwrap.dedent(
        """
        import os, signal
        from strongback.records import SessionSource
        from strongback.settings import Settings
        from strongback.store import open_store
        from tests.store.factories import at, make_plan, make_set

        repository = open_store(Settings.from_env())
        session = repository.start_session(make_plan(), SessionSource.PLAYER, at(0))
        repository.record_set(session.id, make_set(1, minutes=1))
        repository.record_set(session.id, make_set(2, minutes=2), resume_step=4)
        os.kill(os.getpid(), signal.SIGKILL)
        """
    )
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    child = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, **store_env},
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -9, child.stderr

    with open_store(Settings.from_env(store_env)) as repository:
        unfinished = repository.unfinished_session()

    assert unfinished is not None
    assert unfinished.sets == [make_set(1, minutes=1), make_set(2, minutes=2)]
    assert unfinished.resume_step == 4


# -- function scores -----------------------------------------------------------------------------


def test_psfs_scores_round_trip_oldest_first(repository: Repository) -> None:
    later = repository.add_psfs("Tying shoelaces", 6, at(10080))
    earlier = repository.add_psfs("  Walking 30 minutes ", 3, at(0))

    assert earlier == PsfsScore(id=2, recorded_at=at(0), activity="Walking 30 minutes", score=3)
    assert later.id == 1
    assert repository.psfs_scores() == [earlier, later]


@pytest.mark.parametrize(
    ("activity", "score"), [("Gardening", 11), ("Gardening", -1), ("   ", 5), ("x" * 201, 5)]
)
def test_a_bad_psfs_score_is_refused(repository: Repository, activity: str, score: int) -> None:
    with pytest.raises(ValueError, match=r"activity|score"):
        repository.add_psfs(activity, score, at(0))
    assert repository.psfs_scores() == []


# -- forgetting ----------------------------------------------------------------------------------


def test_forget_erases_everything_and_numbering_starts_again(repository: Repository) -> None:
    repository.save_profile(Profile(), SCREENING_CLEAR, at(0))
    session_id = repository.start_session(make_plan(), SessionSource.PLAYER, at(1)).id
    assert session_id is not None
    repository.record_set(session_id, make_set())
    repository.add_psfs("Lifting a child", 4, at(2))

    repository.forget()

    assert repository.is_empty()
    assert repository.sessions() == []
    assert repository.save_profile(Profile(), SCREENING_CLEAR, at(3)) == 1
    assert repository.start_session(make_plan(), SessionSource.PLAYER, at(4)).id == 1
    assert repository.add_psfs("Lifting a child", 5, at(5)).id == 1


def test_forget_leaves_no_trace_in_the_sqlite_files() -> None:
    # PostgreSQL's TRUNCATE writes new table files; SQLite would keep deleted rows in free pages
    # and in its write-ahead log, so the files are read while the store is still open.
    settings = Settings.from_env()
    marker = b"unmistakable-private-activity"
    with open_store(settings) as repository:
        repository.add_psfs(marker.decode(), 4, at(0))
        assert any(marker in path.read_bytes() for path in settings.home.iterdir())

        repository.forget()

        for path in settings.home.iterdir():
            assert marker not in path.read_bytes(), path.name


def test_a_row_this_version_cannot_read_is_a_clear_store_error(
    repository: Repository, store_settings: Settings
) -> None:
    repository.save_profile(Profile(), SCREENING_CLEAR, at(0))
    # As if edited by hand, or written by a version whose answers this one no longer accepts.
    engine = create_store_engine(store_settings.database_url)
    try:
        with engine.begin() as connection:
            connection.execute(
                update(ProfileVersion.__table__).values(answers={"goal": "fly to the moon"})
            )
    finally:
        engine.dispose()

    with pytest.raises(StoreError, match="profile version 1 in the database cannot be read"):
        repository.current_profile()
