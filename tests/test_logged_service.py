"""`services.log_session`, the one use case behind `strongback log`, the web's /log page and POST
/api/v1/sessions/logged; and `services.check_record_day`, the days any record may have. On SQLite
and PostgreSQL (the `repository` fixture)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from strongback import services
from strongback.catalog import default_catalog
from strongback.profile import Condition, Profile, RedFlag
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionSource,
    SessionStatus,
)
from strongback.rules.screening import screen_with_default_rules
from strongback.services import DoneExercise

if TYPE_CHECKING:
    from strongback.store import Repository

CATALOG = default_catalog()
NO_FEEDBACK = SessionFeedback()


def _answer(
    repository: Repository, profile: Profile | None = None, at: datetime | None = None
) -> None:
    profile = profile or Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=at or datetime.now(UTC))


def _log(repository: Repository, done: Any, day: date | None = None, **kwargs: Any) -> Any:
    return services.log_session(
        repository,
        CATALOG,
        day or date.today(),
        done,
        kwargs.pop("feedback", NO_FEEDBACK),
        **kwargs,
    )


# --- What is stored ------------------------------------------------------------------------------


def test_named_exercises_are_stored_as_one_finished_session_of_their_doses(
    repository: Repository,
) -> None:
    _answer(repository)
    feedback = SessionFeedback(pain_before=3, pain_after=2, difficulty=Difficulty.RIGHT)

    logged = _log(
        repository,
        [DoneExercise("bridge", sets=2, reps=8), DoneExercise("Superman")],
        feedback=feedback,
        note="Logged in a test.",
    )

    (stored,) = repository.sessions()
    assert stored == logged.session
    assert stored.source is SessionSource.LOG
    assert stored.status is SessionStatus.COMPLETED
    assert stored.feedback == feedback
    assert stored.plan.notes == ["Logged in a test."]
    doses = {p.exercise_id: p.dosage for p in stored.plan.exercises}
    assert (doses["bridge"].sets, doses["bridge"].reps) == (2, 8)
    superman = CATALOG.exercises["superman"].dosage
    assert (doses["superman"].sets, doses["superman"].reps) == (superman.sets, superman.reps)
    # One record per set, each done as planned.
    assert len(stored.sets) == 2 + superman.sets
    assert all(s.reps_done == doses[s.exercise_id].reps for s in stored.sets)
    assert logged.left_out == []
    assert repository.unfinished_session() is None


def test_the_day_s_plan_is_stored_as_it_was_planned(repository: Repository) -> None:
    _answer(repository)
    planned = services.plan_for_day(repository, CATALOG, date.today())

    logged = _log(repository, services.PLANNED)

    assert [p.exercise_id for p in logged.session.plan.exercises] == [
        p.exercise_id for p in planned.exercises
    ]
    assert len(logged.session.sets) == sum(p.dosage.sets for p in planned.exercises)


def test_a_session_logged_today_ends_now_and_an_earlier_one_at_noon(
    repository: Repository,
) -> None:
    _answer(repository)
    now = datetime.now().astimezone()
    today = _log(repository, [DoneExercise("bridge")], now=now).session
    yesterday = now.date() - timedelta(days=1)
    earlier = _log(repository, [DoneExercise("bridge")], yesterday, now=now).session

    assert today.ended_at == now
    midnight = datetime.combine(now.date(), time.min).astimezone()
    length = timedelta(seconds=today.plan.estimated_seconds)
    assert today.started_at == max(now - length, midnight)
    assert earlier.started_at == datetime.combine(yesterday, time(12)).astimezone()
    assert earlier.started_at.astimezone().date() == yesterday == earlier.plan.day


def test_an_exercise_left_out_for_a_condition_is_stored_with_its_caution(
    repository: Repository,
) -> None:
    _answer(repository, Profile(conditions=[Condition.PREGNANCY], cleared_by_clinician=True))

    logged = _log(repository, [DoneExercise("deadlift"), DoneExercise("bird-dog")])

    [(exercise, left_out)] = logged.left_out
    assert exercise.id == "deadlift"
    assert left_out.conditions == ["pregnancy"]
    assert "Deadlift is left out of your plan because of pregnancy" in left_out.reason
    assert len(repository.sessions()) == 1  # what was done is recorded as it was


# --- What is refused, with nothing stored --------------------------------------------------------


def test_nothing_is_logged_before_the_setup_questions(repository: Repository) -> None:
    with pytest.raises(services.NoProfile):
        _log(repository, [DoneExercise("bridge")])
    assert repository.sessions() == []


def test_nothing_is_logged_while_the_screening_with_today_s_rules_withholds_a_plan(
    repository: Repository,
) -> None:
    flagged = Profile(red_flags=[RedFlag.SADDLE_NUMBNESS])
    # Saved as clear: today's rules find the red flag all the same.
    repository.save_profile(flagged, screen_with_default_rules(Profile()), at=datetime.now(UTC))

    for done in ([DoneExercise("bridge")], services.PLANNED):
        with pytest.raises(services.ExerciseWithheld) as withheld:
            _log(repository, done)
        assert withheld.value.reasons
    assert repository.sessions() == []


@pytest.mark.parametrize(
    ("done", "kind", "field", "index", "words"),
    [
        (
            [DoneExercise("bridge"), DoneExercise("brige")],
            services.UnknownExercise,
            "exercise",
            1,
            "no exercise 'brige' in the catalog; did you mean bridge",
        ),
        (
            [DoneExercise("bridge", sets=11)],
            services.DoseRefused,
            "sets",
            0,
            "sets must be from 1 to 10 (got 11)",
        ),
        (
            [DoneExercise("bridge", reps=0)],
            services.DoseRefused,
            "reps",
            0,
            "reps must be from 1 to 50 (got 0)",
        ),
        (
            [DoneExercise("superman"), DoneExercise("bridge", hold_seconds=500)],
            services.DoseRefused,
            "hold_seconds",
            1,
            "a hold must be from 1 to 120 seconds (got 500)",
        ),
        (
            [DoneExercise("bridge", hold_seconds=20), DoneExercise("crunch", hold_seconds=500)],
            services.DoseRefused,
            "hold_seconds",
            1,
            "Crunch is done in reps, not held, so it takes no seconds held",
        ),
        (
            [DoneExercise("bridge"), DoneExercise("Bridge")],
            services.LogRefused,
            "exercise",
            1,
            "Bridge is named twice",
        ),
        ([], services.NothingToLog, "exercises", None, "name at least one exercise"),
    ],
    ids=["unknown", "sets", "reps", "hold", "not-held", "twice", "none"],
)
def test_what_was_done_is_refused_in_plain_words(
    repository: Repository,
    done: list[DoneExercise],
    kind: type[services.LogRefused],
    field: str,
    index: int | None,
    words: str,
) -> None:
    _answer(repository)

    with pytest.raises(kind) as refused:
        _log(repository, done)

    assert refused.value.field == field
    assert refused.value.index == index
    assert words in str(refused.value)
    assert "Input should" not in str(refused.value)  # pydantic's words are not the person's
    assert repository.sessions() == []


def test_an_unknown_exercise_carries_its_suggestions(repository: Repository) -> None:
    _answer(repository)
    with pytest.raises(services.UnknownExercise) as refused:
        _log(repository, [DoneExercise(" brige ")])
    assert refused.value.name == "brige"
    assert "bridge" in [e.id for e in refused.value.suggestions]


def test_a_day_s_plan_without_exercises_is_refused(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongback.services import _logged

    _answer(repository)
    real = _logged.plan_for_day

    def empty(*args: Any) -> Any:
        return real(*args).model_copy(update={"exercises": []})

    monkeypatch.setattr(_logged, "plan_for_day", empty)

    with pytest.raises(services.NothingToLog) as refused:
        _log(repository, services.PLANNED)
    assert f"the plan for {date.today()} has no exercises" in str(refused.value)
    assert repository.sessions() == []


def test_a_store_that_refuses_half_way_keeps_nothing(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongback.store import _session_writes

    _answer(repository)
    real_set_row = _session_writes.set_row
    calls: list[int] = []

    def refuse_the_second_set(record: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise ValueError("reps_done must be from 1 to 50")
        return real_set_row(record)

    monkeypatch.setattr(_session_writes, "set_row", refuse_the_second_set)

    with pytest.raises(services.LogRefused) as refused:
        _log(repository, [DoneExercise("bridge", sets=3)])
    assert refused.value.field is None
    assert str(refused.value) == "reps_done must be from 1 to 50"
    assert repository.sessions() == []
    assert repository.unfinished_session() is None


# --- The days a record may have ------------------------------------------------------------------


def test_a_day_long_before_set_up_or_in_the_future_is_refused(repository: Repository) -> None:
    a_year_ago = datetime.now(UTC) - timedelta(days=365)
    _answer(repository, at=a_year_ago)
    set_up = a_year_ago.astimezone().date()
    earliest = set_up - services.BEFORE_SET_UP
    assert services.earliest_record_day(repository) == earliest

    for day in (earliest, set_up, date.today()):
        assert services.check_record_day(repository, day) == day
        _log(repository, [DoneExercise("bird-dog")], day)
    with pytest.raises(services.RecordDayRefused) as early:
        _log(repository, [DoneExercise("bird-dog")], earliest - timedelta(days=1))
    assert str(early.value) == (
        f"{earliest - timedelta(days=1)} is long before you set strongback up on {set_up}; "
        f"record what you did from {earliest} on (was the year mistyped?)"
    )
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(services.RecordDayRefused) as future:
        _log(repository, [DoneExercise("bird-dog")], tomorrow)
    assert (
        str(future.value) == f"{tomorrow} is in the future; record things once they have happened"
    )
    assert len(repository.sessions()) == 3


def test_before_any_set_up_the_weeks_before_today_may_be_recorded(repository: Repository) -> None:
    today = date(2026, 11, 23)
    earliest = today - timedelta(weeks=4)
    assert services.earliest_record_day(repository, today) == earliest
    assert services.check_record_day(repository, earliest, today) == earliest
    with pytest.raises(services.RecordDayRefused, match="long before today"):
        services.check_record_day(repository, earliest - timedelta(days=1), today)
