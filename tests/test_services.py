"""The use cases' own rules, shared by CLI and web: the screening gate on everything a plan leads
to, the sets a session's timeline takes, and when a next-day pain check may be recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from strongback import services
from strongback.catalog import default_catalog
from strongback.planner import PlanWithheld, plan_of_exercises
from strongback.profile import Condition, Profile, RedFlag
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.rules.screening import default_screening_rules, screen_with_default_rules
from strongback.safety import ConditionAction, ScreeningRules, screen
from strongback.store import Repository
from strongback.timeline import build_timeline

CATALOG = default_catalog()
NOW = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
TODAY = NOW.astimezone().date()


def _save(repository: Repository, profile: Profile) -> None:
    repository.save_profile(profile, screen_with_default_rules(profile), NOW)


def _record(
    day: date, status: SessionStatus, source: SessionSource = SessionSource.LOG
) -> SessionRecord:
    knee = CATALOG.exercises["knee-to-chest"]
    plan = plan_of_exercises([(knee, knee.dosage)], day, CATALOG, "Done.")
    return SessionRecord(
        id=1, plan=plan, source=source, status=status, started_at=NOW - timedelta(days=30)
    )


# --- The screening gate --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "profile",
    [Profile(red_flags=[RedFlag.FEVER]), Profile(conditions=[Condition.PREGNANCY])],
    ids=["red-flag", "not-cleared"],
)
def test_a_session_started_before_the_answers_changed_goes_no_further(
    repository: Repository, profile: Profile
) -> None:
    _save(repository, Profile())
    active = services.resume_or_start(repository, CATALOG, NOW, SessionSource.WEB, None)
    assert active.record.id is not None
    _save(repository, profile)

    with pytest.raises(services.ExerciseWithheld) as refused:
        services.resume_or_start(repository, CATALOG, NOW, SessionSource.WEB, None)
    assert isinstance(refused.value, PlanWithheld)  # caught wherever a withheld plan is
    assert refused.value.reasons
    with pytest.raises(services.ExerciseWithheld):
        services.active_session(repository, CATALOG)
    step = next(s for s in active.timeline.steps if s.records_set)
    assert step.set_key is not None
    exercise_id, number, side = step.set_key
    record = SetRecord(exercise_id=exercise_id, set_number=number, side=side, ended_at=NOW)
    with pytest.raises(services.ExerciseWithheld):
        services.record_set(repository, CATALOG, active.record.id, record)
    assert repository.sessions()[0].sets == []
    # Cleared by a clinician, a contraindication no longer stands in the way.
    if profile.conditions:
        _save(repository, profile.model_copy(update={"cleared_by_clinician": True}))
        assert services.active_session(repository, CATALOG) is not None


def test_without_a_profile_nothing_is_screened(repository: Repository) -> None:
    services.ensure_plan_allowed(repository)


def _rules_withholding(condition: Condition) -> ScreeningRules:
    """Today's rules, changed since the answers were saved: `condition` now withholds a plan."""
    rules = default_screening_rules()
    changed = tuple(
        rule.model_copy(update={"action": ConditionAction.WITHHOLD})
        if rule.id == condition
        else rule
        for rule in rules.conditions
    )
    return rules.model_copy(update={"conditions": changed})


def test_the_gate_screens_the_saved_answers_with_today_s_rules(repository: Repository) -> None:
    _save(repository, Profile(conditions=[Condition.CHRONIC_BACK_PAIN]))
    assert repository.current_profile() is not None
    services.ensure_plan_allowed(repository)  # advised when saved, and still by today's rules

    stricter = _rules_withholding(Condition.CHRONIC_BACK_PAIN)
    with pytest.raises(services.ExerciseWithheld) as refused:
        services.ensure_plan_allowed(repository, stricter)
    # The referral is today's screening, not the one saved with the answers.
    assert refused.value.screening.blocks_plan
    assert any("three months" in reason for reason in refused.value.reasons)


def test_a_stale_blocked_screening_does_not_withhold_what_today_s_rules_allow(
    repository: Repository,
) -> None:
    profile = Profile(conditions=[Condition.CHRONIC_BACK_PAIN])
    stale = screen(profile, _rules_withholding(Condition.CHRONIC_BACK_PAIN))
    assert stale.blocks_plan
    repository.save_profile(profile, stale, NOW)

    services.ensure_plan_allowed(repository)
    assert services.plan_for_day(repository, CATALOG, TODAY).exercises


# --- The sets a session takes --------------------------------------------------------------------


def test_a_set_is_checked_against_the_session_s_timeline() -> None:
    session = _record(TODAY, SessionStatus.IN_PROGRESS)
    timeline = build_timeline(session.plan, CATALOG)
    good = SetRecord(exercise_id="knee-to-chest", set_number=1, side=Side.RIGHT, ended_at=NOW)
    services.check_set(session, timeline, good)
    sets = CATALOG.exercises["knee-to-chest"].dosage.sets
    for changes, field in (
        ({"set_number": sets + 1}, "set_number"),
        ({"set_number": 999}, "set_number"),
        ({"side": Side.BOTH}, "side"),
        ({"pain": 1}, "outcome"),
    ):
        with pytest.raises(services.FieldRefused) as refused:
            services.check_set(session, timeline, good.model_copy(update=changes))
        assert refused.value.field == field
    stopped = good.model_copy(update={"pain": 1, "outcome": SetOutcome.STOPPED})
    services.check_set(session, timeline, stopped)
    with pytest.raises(services.NotInPlan):
        services.check_set(session, timeline, good.model_copy(update={"exercise_id": "bridge"}))


# --- The next day's pain check -------------------------------------------------------------------


def test_a_check_in_is_for_a_finished_session_of_an_earlier_day() -> None:
    finished = _record(TODAY - timedelta(days=1), SessionStatus.COMPLETED)
    services.check_in_allowed(finished, TODAY, TODAY)
    ended = _record(TODAY - timedelta(days=9), SessionStatus.ENDED_EARLY)
    services.check_in_allowed(ended, TODAY, TODAY)  # named, a late check-in is still recorded
    for record, said in (
        (_record(TODAY, SessionStatus.COMPLETED), "session 1 was today"),
        (_record(TODAY - timedelta(days=1), SessionStatus.IN_PROGRESS), "still in progress"),
        (
            _record(TODAY - timedelta(days=1), SessionStatus.COMPLETED, SessionSource.CAMERA),
            "camera practice",
        ),
    ):
        with pytest.raises(services.CheckInRefused, match=said):
            services.check_in_allowed(record, TODAY, TODAY)
    with pytest.raises(services.CheckInRefused, match="check in tomorrow"):
        services.check_in_allowed(_record(TODAY, SessionStatus.COMPLETED), TODAY, TODAY)


def test_a_check_in_without_a_session_finds_one_in_the_window() -> None:
    two_days = _record(
        TODAY - timedelta(days=services.CHECK_IN_WINDOW_DAYS), SessionStatus.COMPLETED
    )
    assert services.session_for_check_in([two_days], TODAY, TODAY) is two_days
    older = _record(TODAY - timedelta(days=3), SessionStatus.COMPLETED)
    with pytest.raises(services.CheckInRefused) as refused:
        services.session_for_check_in([older], TODAY, TODAY)
    assert refused.value.latest is older  # naming it records it anyway
    today = _record(TODAY, SessionStatus.COMPLETED)
    with pytest.raises(services.CheckInRefused, match="your last session was today"):
        services.session_for_check_in([older, today], TODAY, TODAY)


def test_the_check_in_is_stored_on_its_session(repository: Repository) -> None:
    knee = CATALOG.exercises["knee-to-chest"]
    day = TODAY - timedelta(days=1)
    plan = plan_of_exercises([(knee, knee.dosage)], day, CATALOG, "Done.")
    started = repository.start_session(plan, SessionSource.LOG, NOW - timedelta(days=1))
    assert started.id is not None
    with pytest.raises(services.CheckInRefused, match="still in progress"):
        services.record_next_day_pain(repository, 3, TODAY, TODAY, session_id=started.id)
    repository.finish_session(
        started.id, SessionStatus.COMPLETED, NOW - timedelta(days=1), SessionFeedback()
    )
    target = services.record_next_day_pain(repository, 3, TODAY, TODAY)
    assert target.id == started.id
    stored = repository.get_session(started.id)
    assert stored is not None
    assert stored.feedback.next_day_pain == 3


def test_a_session_finished_with_no_set_done_is_stored_as_ended_early(
    repository: Repository,
) -> None:
    _save(repository, Profile())
    active = services.resume_or_start(repository, CATALOG, NOW, SessionSource.WEB, None)
    session_id = active.record.id
    assert session_id is not None
    step = next(s for s in active.timeline.steps if s.records_set)
    assert step.set_key is not None
    exercise_id, number, side = step.set_key
    skipped = SetRecord(
        exercise_id=exercise_id,
        set_number=number,
        side=side,
        outcome=SetOutcome.SKIPPED,
        ended_at=NOW,
    )
    services.record_set(repository, CATALOG, session_id, skipped)

    stored = services.finish_session(
        repository, session_id, SessionStatus.COMPLETED, NOW, SessionFeedback()
    )

    assert stored is SessionStatus.ENDED_EARLY
    assert repository.sessions()[0].status is SessionStatus.ENDED_EARLY


def test_a_camera_set_of_an_exercise_left_out_for_a_condition_is_not_saved(
    repository: Repository,
) -> None:
    from strongback.coach import CoachSummary

    _save(repository, Profile(conditions=[Condition.PREGNANCY], cleared_by_clinician=True))
    deadlift = CATALOG.exercises["deadlift"]
    assert services.left_out_for(repository, deadlift) == ["pregnancy"]
    assert services.left_out_for(repository, CATALOG.exercises["knee-to-chest"]) == []

    with pytest.raises(services.LeftOut, match="because of pregnancy"):
        services.record_coached_set(
            repository, CATALOG, deadlift, CoachSummary(reps=5, holds=(), form={}), NOW
        )
    assert repository.sessions() == []


@pytest.mark.parametrize(
    ("condition", "exercise_id"),
    [
        # Strengthening lying on the back is left out in pregnancy, though no card says so.
        (Condition.PREGNANCY, "crunch"),
        (Condition.PREGNANCY, "bridge"),
        # Only the gentlest level after a spinal injury: no loaded lift.
        (Condition.SPINAL_INJURY, "deadlift"),
    ],
)
def test_the_coach_and_the_log_leave_out_what_the_planner_leaves_out(
    repository: Repository, condition: Condition, exercise_id: str
) -> None:
    from strongback.planner import build_week, week_start
    from strongback.rules.progression import default_progression_rules

    profile = Profile(
        conditions=[condition],
        cleared_by_clinician=True,
        experience="trained",
        equipment=["mat", "barbell", "pull-up-bar", "resistance-band"],
    )
    _save(repository, profile)
    exercise = CATALOG.exercises[exercise_id]
    week = build_week(
        profile,
        screen_with_default_rules(profile),
        week_start(TODAY),
        catalog=CATALOG,
        rules=default_progression_rules(),
    )
    assert exercise_id not in {p.exercise_id for day in week.days for p in day.exercises}

    assert services.left_out_for(repository, exercise) == [condition.value]
    with pytest.raises(services.LeftOut, match=f"because of {condition.value.replace('-', ' ')}"):
        services.ensure_not_left_out(repository, exercise)


def test_the_gate_leaves_the_person_s_own_choices_to_them(repository: Repository) -> None:
    # A beginner without a mat who avoids kneeling is not planned a bird dog, but may still be
    # coached or log one: equipment, positions and experience are choices, not safety.
    _save(repository, Profile(equipment=[], avoid_positions=["kneeling"]))
    services.ensure_not_left_out(repository, CATALOG.exercises["bird-dog"])
    services.ensure_not_left_out(repository, CATALOG.exercises["superman"])


def test_a_new_session_the_same_day_steps_back_from_what_just_hurt(
    repository: Repository,
) -> None:
    # The player promises that the next plan steps back from what hurt; the next plan may be
    # today's, as when a session is ended for pain and another one is started.
    _save(repository, Profile())
    first = services.resume_or_start(repository, CATALOG, NOW, SessionSource.WEB, None)
    session_id = first.record.id
    assert session_id is not None
    hurt = first.record.plan.exercises[0]
    step = next(s for s in first.timeline.steps if s.records_set)
    assert step.set_key is not None
    exercise_id, number, side = step.set_key
    assert exercise_id == hurt.exercise_id
    stopped = SetRecord(
        exercise_id=exercise_id,
        set_number=number,
        side=side,
        outcome=SetOutcome.STOPPED,
        reason="pain",
        pain=8,
        ended_at=NOW + timedelta(minutes=1),
    )
    services.record_set(repository, CATALOG, session_id, stopped, now=NOW + timedelta(minutes=1))
    services.finish_session(
        repository,
        session_id,
        SessionStatus.ENDED_EARLY,
        NOW + timedelta(minutes=2),
        SessionFeedback(),
    )

    plan = services.plan_for_day(repository, CATALOG, TODAY)
    assert "8/10" in plan.notes[0]
    assert any(
        c.exercise_id == hurt.exercise_id and c.change.value == "step-back" for c in plan.changes
    )
    again = [p for p in plan.exercises if p.exercise_id == hurt.exercise_id]
    assert not again or again[0].dosage != hurt.dosage
    later = NOW + timedelta(minutes=5)
    second = services.resume_or_start(repository, CATALOG, later, SessionSource.WEB, None)
    assert second.record.id != session_id
    assert second.record.plan == plan
