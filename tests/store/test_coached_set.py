"""Where a set coached by the camera is saved: the one rule `strongback coach` and the web share."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from strongback import services
from strongback.catalog import Exercise, default_catalog
from strongback.coach import CoachSummary
from strongback.plan import SessionPlan
from strongback.planner import plan_of_exercises
from strongback.profile import Profile
from strongback.records import SessionFeedback, SessionSource, SessionStatus, Side
from strongback.rules.screening import default_screening_rules
from strongback.safety import screen
from strongback.store import NotFound, Repository
from strongback.timeline import build_timeline

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
TWO_HOLDS = CoachSummary(reps=2, holds=(9.5, 10.2), form={"Lift your hips higher.": 1})
CATALOG = default_catalog()


def _exercise(exercise_id: str) -> Exercise:
    found = CATALOG.get(exercise_id)
    assert found is not None
    return found


def _session_of(repository: Repository, *ids: str) -> int:
    """An in-progress session, as a player starts it, planning these exercises."""
    # Three sets each, so a camera set can fall in the middle of the planned ones.
    chosen = [(_exercise(i), _exercise(i).dosage.model_copy(update={"sets": 3})) for i in ids]
    plan = plan_of_exercises(chosen, NOW.date(), CATALOG, "Today.")
    started = repository.start_session(plan, SessionSource.WEB, NOW)
    assert started.id is not None
    return started.id


def test_without_a_session_in_progress_the_set_is_a_finished_session_of_its_own(
    repository: Repository,
) -> None:
    saved = services.record_coached_set(repository, CATALOG, _exercise("bridge"), TWO_HOLDS, NOW)
    assert saved is not None
    assert saved.own_session
    assert saved.message == services.SAVED_AS_PRACTICE
    (session,) = repository.sessions()
    assert (session.id, session.source, session.status) == (
        saved.session_id,
        SessionSource.CAMERA,
        SessionStatus.COMPLETED,
    )
    assert [p.exercise_id for p in session.plan.exercises] == ["bridge"]
    (record,) = session.sets
    assert (record.set_number, record.reps_done, record.hold_seconds_done) == (1, 2, 10.2)
    assert record.reason == "camera coach: Lift your hips higher."


def test_practice_lasts_as_long_as_the_camera_filmed(repository: Repository) -> None:
    filmed = CoachSummary(reps=2, holds=(9.5, 10.2), form={}, seconds=75.0)
    saved = services.record_coached_set(repository, CATALOG, _exercise("bridge"), filmed, NOW)
    assert saved is not None
    (session,) = repository.sessions()
    assert (session.started_at, session.ended_at) == (NOW - timedelta(seconds=75), NOW)


def test_nothing_counted_saves_nothing(repository: Repository) -> None:
    empty = CoachSummary(reps=0, holds=(), form={"Turn your side to the camera.": 3})
    assert services.record_coached_set(repository, CATALOG, _exercise("bridge"), empty, NOW) is None
    assert repository.sessions() == []


def test_the_unfinished_session_that_plans_the_exercise_gets_the_next_set(
    repository: Repository,
) -> None:
    session_id = _session_of(repository, "bridge", "superman")
    bridge = _exercise("bridge")
    first = services.record_coached_set(repository, CATALOG, bridge, TWO_HOLDS, NOW)
    second = services.record_coached_set(repository, CATALOG, bridge, TWO_HOLDS, NOW)
    assert first is not None
    assert second is not None
    assert (first.session_id, first.set.set_number, first.own_session) == (session_id, 1, False)
    assert second.set.set_number == 2
    assert second.message == (
        "Saved as set 2 of today's session. Run strongback start to go on with it."
    )
    assert second.message_for(services.RESUME_IN_BROWSER) == (
        "Saved as set 2 of today's session. Open today's session to go on with it."
    )
    session = repository.get_session(session_id)
    assert session is not None
    assert session.status is SessionStatus.IN_PROGRESS
    assert [s.set_number for s in session.sets] == [1, 2]
    # A player resuming the session goes on after the sets the camera did.
    steps = build_timeline(session.plan, CATALOG).steps
    set_two_ends = max(
        s.index for s in steps if s.records_set and (s.exercise_id, s.set_number) == ("bridge", 2)
    )
    assert session.resume_step == set_two_ends + 1


def test_a_set_ahead_of_the_session_is_practice_and_skips_nothing(repository: Repository) -> None:
    # The player would resume after it, and never offer the knee-to-chest sets before it.
    session_id = _session_of(repository, "knee-to-chest", "bridge")
    bridge = _exercise("bridge")
    for named in (None, session_id):
        saved = services.record_coached_set(
            repository, CATALOG, bridge, TWO_HOLDS, NOW, session_id=named
        )
        assert saved is not None
        assert saved.own_session
        # The bridge is in today's session: the message says what comes before it.
        assert saved.message == (
            "Saved to your history as practice: it is not the next set due "
            "(Knee to chest comes first)."
        )
    session = repository.get_session(session_id)
    assert session is not None
    assert (session.sets, session.resume_step) == ([], 0)


def test_an_exercise_done_on_each_side_takes_the_side_and_set_due(repository: Repository) -> None:
    session_id = _session_of(repository, "knee-to-chest")
    knee = _exercise("knee-to-chest")
    one = CoachSummary(reps=3, holds=(20.0,), form={})
    saved = [services.record_coached_set(repository, CATALOG, knee, one, NOW) for _ in range(3)]
    assert [(s.set.set_number, s.set.side) for s in saved if s is not None] == [
        (1, Side.LEFT),
        (1, Side.RIGHT),
        (2, Side.LEFT),
    ]
    assert [s.message.split(". ")[0] for s in saved if s is not None] == [
        "Saved as set 1 (left side) of today's session",
        "Saved as set 1 (right side) of today's session",
        "Saved as set 2 (left side) of today's session",
    ]
    session = repository.get_session(session_id)
    assert session is not None
    steps = build_timeline(session.plan, CATALOG).steps
    (due,) = [s for s in steps if s.records_set and s.set_key == ("knee-to-chest", 2, Side.LEFT)]
    assert session.resume_step == due.index + 1


@pytest.mark.parametrize(
    ("planned", "days_later"),
    [("bridge", 7), ("knee-to-chest", 0)],
    ids=["open-since-another-day", "without-the-exercise"],
)
def test_an_unfinished_session_that_is_not_for_this_set_is_left_alone(
    repository: Repository, planned: str, days_later: int
) -> None:
    session_id = _session_of(repository, planned)
    later = NOW + timedelta(days=days_later)
    saved = services.record_coached_set(repository, CATALOG, _exercise("bridge"), TWO_HOLDS, later)
    assert saved is not None
    assert saved.own_session
    unfinished = repository.get_session(session_id)
    assert unfinished is not None
    assert unfinished.sets == []


def test_a_named_session_must_be_open_and_plan_the_exercise(repository: Repository) -> None:
    bridge = _exercise("bridge")
    with pytest.raises(NotFound, match="no session with id 99"):
        services.record_coached_set(repository, CATALOG, bridge, TWO_HOLDS, NOW, session_id=99)
    other = _session_of(repository, "knee-to-chest")
    with pytest.raises(services.NotInPlan, match="'bridge' is not in this session's plan"):
        services.record_coached_set(repository, CATALOG, bridge, TWO_HOLDS, NOW, session_id=other)
    done = services.record_coached_set(repository, CATALOG, bridge, TWO_HOLDS, NOW)
    assert done is not None
    with pytest.raises(services.SessionClosed, match="already completed"):
        services.record_coached_set(
            repository, CATALOG, bridge, TWO_HOLDS, NOW, session_id=done.session_id
        )


def test_a_camera_session_survives_export_forget_and_import(repository: Repository) -> None:
    services.record_coached_set(repository, CATALOG, _exercise("bridge"), TWO_HOLDS, NOW)
    data = repository.export_all()
    assert [s["source"] for s in data["sessions"]] == ["camera"]
    repository.forget()
    repository.import_all(json.loads(json.dumps(data)))
    (session,) = repository.sessions()
    assert session.source is SessionSource.CAMERA
    assert repository.export_all() == data


# --- Today's plan -----------------------------------------------------------------------------


def _with_profile(repository: Repository) -> SessionPlan:
    """A person with neck pain; today's plan, as `strongback plan` shows it.

    Its first exercise is done on both sides at once and a later one has a camera check, which
    these tests need: the plan of the day turns with the date and the catalog.
    """
    profile = Profile(pain_areas=["neck"])
    repository.save_profile(profile, screen(profile, default_screening_rules()), NOW)
    return services.plan_for_day(repository, CATALOG, NOW.astimezone().date())


def test_a_set_of_an_exercise_planned_today_starts_today_s_session(
    repository: Repository,
) -> None:
    plan = _with_profile(repository)
    first = plan.exercises[0]
    crunches = CoachSummary(reps=first.dosage.reps, holds=(), form={})
    saved = services.record_coached_set(
        repository, CATALOG, _exercise(first.exercise_id), crunches, NOW
    )
    assert saved is not None
    assert not saved.own_session
    assert saved.message.startswith("Saved as set 1 of today's session. Run strongback start")
    session = repository.unfinished_session()
    assert session is not None
    assert session.id == saved.session_id
    assert session.plan == plan  # the whole day, for the players to resume after this set
    assert session.resume_step > 0
    assert not session.camera_practice


def test_a_later_exercise_of_today_s_plan_does_not_start_the_day(repository: Repository) -> None:
    plan = _with_profile(repository)
    later = next(
        p.exercise_id
        for p in plan.exercises[1:]
        if _exercise(p.exercise_id).camera and p.exercise_id != plan.exercises[0].exercise_id
    )
    saved = services.record_coached_set(repository, CATALOG, _exercise(later), TWO_HOLDS, NOW)
    assert saved is not None
    assert saved.own_session
    first = next(s for s in build_timeline(plan, CATALOG).steps if s.records_set)
    assert saved.message == (
        "Saved to your history as practice: it is not the next set due "
        f"({first.exercise_name} comes first)."
    )
    assert repository.unfinished_session() is None


def test_once_today_s_session_is_done_a_camera_set_is_practice(repository: Repository) -> None:
    plan = _with_profile(repository)
    started = repository.start_session(plan, SessionSource.PLAYER, NOW)
    assert started.id is not None
    repository.finish_session(started.id, SessionStatus.COMPLETED, NOW, SessionFeedback())
    exercise = _exercise(plan.exercises[0].exercise_id)
    saved = services.record_coached_set(repository, CATALOG, exercise, TWO_HOLDS, NOW)
    assert saved is not None
    assert saved.own_session
    assert saved.message == "Saved to your history as practice: today's session is already done."


def test_camera_practice_is_not_the_day_s_session_for_adherence(repository: Repository) -> None:
    plan = _with_profile(repository)
    planned = {p.exercise_id for p in plan.exercises}
    outside = next(e for e in CATALOG.exercises.values() if e.camera and e.id not in planned)
    saved = services.record_coached_set(repository, CATALOG, outside, TWO_HOLDS, NOW)
    assert saved is not None
    assert saved.own_session
    assert saved.message == services.SAVED_AS_PRACTICE  # not a set of today's session
    (session,) = repository.sessions()
    assert session.camera_practice
    summary = services.progress_summary(repository, NOW.astimezone().date(), CATALOG)
    this_week = summary.adherence.this_week
    assert this_week is not None
    assert (this_week.done_sessions, this_week.stretch_days) == (0, 0)


def test_a_set_after_the_exercise_s_sets_are_recorded_says_so(repository: Repository) -> None:
    session_id = _session_of(repository, "bridge", "superman")
    bridge = _exercise("bridge")
    for _ in range(3):
        services.record_coached_set(repository, CATALOG, bridge, TWO_HOLDS, NOW)
    extra = services.record_coached_set(repository, CATALOG, bridge, TWO_HOLDS, NOW)
    assert extra is not None
    assert extra.own_session
    assert extra.message == (
        "Saved to your history as practice: every set of Bridge in today's session is already "
        "recorded."
    )
    session = repository.get_session(session_id)
    assert session is not None
    assert len(session.sets) == 3


# --- Nothing for someone the screening sends to a clinician ------------------------------------


def test_no_camera_set_is_saved_once_a_red_flag_is_saved(repository: Repository) -> None:
    from strongback.profile import RedFlag

    session_id = _session_of(repository, "bridge")  # started before the answers changed
    flagged = Profile(red_flags=[RedFlag.FEVER])
    repository.save_profile(flagged, screen(flagged, default_screening_rules()), NOW)
    for named in (None, session_id):
        with pytest.raises(services.ExerciseWithheld) as refused:
            services.record_coached_set(
                repository, CATALOG, _exercise("bridge"), TWO_HOLDS, NOW, session_id=named
            )
        assert refused.value.screening.blocks_plan
        assert refused.value.reasons
    session = repository.get_session(session_id)
    assert session is not None
    assert session.sets == []
    assert len(repository.sessions()) == 1  # no practice session either
