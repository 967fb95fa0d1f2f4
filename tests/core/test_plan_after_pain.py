"""Pain counts at once: a stop for pain or a flare steps back even in a later plan the same day,
and a flare never makes room for more exercises than the time held before it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from strongback.catalog import Catalog
from strongback.plan import ChangeKind, SessionPlan
from strongback.planner import build_session, build_week, week_start
from strongback.profile import Experience, Goal, PainArea, Profile
from strongback.progression import ProgressionRules
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
)
from strongback.safety import Screening, Status

CLEAR = Screening(status=Status.CLEAR)
SATURDAY = date(2026, 11, 21)


def _stopped_for_pain(plan: SessionPlan, pain: int, *, hour: int = 9) -> SessionRecord:
    """The first exercise stopped in its first set for `pain`, then the session ended."""
    first = plan.exercises[0]
    at = datetime.combine(plan.day, datetime.min.time()).replace(hour=hour)
    return SessionRecord(
        plan=plan,
        source=SessionSource.PLAYER,
        status=SessionStatus.ENDED_EARLY,
        started_at=at,
        ended_at=at + timedelta(minutes=2),
        sets=[
            SetRecord(
                exercise_id=first.exercise_id,
                set_number=1,
                outcome=SetOutcome.STOPPED,
                reason="pain",
                pain=pain,
                ended_at=at + timedelta(minutes=1),
            )
        ],
    )


def test_an_exercise_stopped_for_pain_steps_back_in_a_later_plan_the_same_day(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    profile = Profile()  # the defaults of `strongback setup`
    morning = build_session(profile, CLEAR, SATURDAY, catalog=catalog, rules=rules)
    hurt = morning.exercises[0]
    record = _stopped_for_pain(morning, 8)

    afternoon = build_session(
        profile, CLEAR, SATURDAY, catalog=catalog, rules=rules, history=[record]
    )

    assert "8/10" in afternoon.notes[0], "the flare note comes first"
    (change,) = [c for c in afternoon.changes if c.exercise_id == hurt.exercise_id]
    assert change.change is ChangeKind.STEP_BACK
    assert change.rule_id == "flare"
    again = [p for p in afternoon.exercises if p.exercise_id == hurt.exercise_id]
    assert not again or again[0].dosage != hurt.dosage, "never the same dose of what just hurt"
    # Same inputs, same plan: the recorded session is an input like any other.
    assert (
        build_session(profile, CLEAR, SATURDAY, catalog=catalog, rules=rules, history=[record])
        == afternoon
    )


def test_a_mild_pain_stop_steps_back_without_a_flare_the_same_day(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    profile = Profile()
    morning = build_session(profile, CLEAR, SATURDAY, catalog=catalog, rules=rules)
    record = _stopped_for_pain(morning, 3)
    afternoon = build_session(
        profile, CLEAR, SATURDAY, catalog=catalog, rules=rules, history=[record]
    )
    (change,) = afternoon.changes
    assert change.rule_id == "stopped-for-pain"
    assert change.change is ChangeKind.STEP_BACK
    assert not any("a flare" in n for n in afternoon.notes)


def test_steps_up_still_wait_for_a_later_day(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    profile = Profile(minutes=60, pain_areas=[PainArea.LOWER], goal=Goal.PREVENT)
    plan = build_session(profile, CLEAR, SATURDAY, catalog=small_catalog, rules=rules)
    easy = SessionRecord(
        plan=plan,
        source=SessionSource.LOG,
        status=SessionStatus.COMPLETED,
        started_at=datetime(2026, 11, 21, 8, 0),
        feedback=SessionFeedback(pain_before=1, pain_after=1, difficulty=Difficulty.TOO_EASY),
    )
    assert (
        build_session(profile, CLEAR, SATURDAY, catalog=small_catalog, rules=rules, history=[easy])
        == plan
    )
    sunday = build_session(
        profile,
        CLEAR,
        SATURDAY + timedelta(days=1),
        catalog=small_catalog,
        rules=rules,
        history=[easy],
    )
    assert any(c.change is ChangeKind.PROGRESS for c in sunday.changes)


def test_a_calm_session_later_the_same_day_does_not_undo_a_flare(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    profile = Profile()
    morning = build_session(profile, CLEAR, SATURDAY, catalog=catalog, rules=rules)
    flared = _stopped_for_pain(morning, 8)
    afternoon = build_session(
        profile, CLEAR, SATURDAY, catalog=catalog, rules=rules, history=[flared]
    )
    calm = SessionRecord(
        plan=afternoon,
        source=SessionSource.LOG,
        status=SessionStatus.COMPLETED,
        started_at=datetime(2026, 11, 21, 15, 0),
        feedback=SessionFeedback(pain_before=2, pain_after=2, difficulty=Difficulty.TOO_EASY),
    )
    evening = build_session(
        profile, CLEAR, SATURDAY, catalog=catalog, rules=rules, history=[flared, calm]
    )
    assert "8/10" in evening.notes[0]
    assert all(c.change is not ChangeKind.PROGRESS for c in evening.changes)


def test_the_week_shows_a_day_as_planned_after_its_pain(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    profile = Profile(days_per_week=7)
    morning = build_session(profile, CLEAR, SATURDAY, catalog=catalog, rules=rules)
    record = _stopped_for_pain(morning, 8)
    week = build_week(
        profile, CLEAR, week_start(SATURDAY), catalog=catalog, rules=rules, history=[record]
    )
    for day in week.days:
        assert day == build_session(
            profile, CLEAR, day.day, catalog=catalog, rules=rules, history=[record]
        )
    before_the_pain = build_week(profile, CLEAR, week_start(SATURDAY), catalog=catalog, rules=rules)
    assert week.days[:5] == before_the_pain.days[:5]
    saturday = next(d for d in week.days if d.day == SATURDAY)
    assert "8/10" in saturday.notes[0]


def _flared_the_day_before(plan: SessionPlan) -> SessionRecord:
    at = datetime.combine(plan.day, datetime.min.time()).replace(hour=8)
    return SessionRecord(
        plan=plan,
        source=SessionSource.LOG,
        status=SessionStatus.COMPLETED,
        started_at=at,
        feedback=SessionFeedback(pain_before=3, pain_after=10, next_day_pain=10),
    )


def test_a_flare_never_brings_back_what_was_left_out_to_fit_the_time(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    # Short sessions for someone with some training: one set for everything after a flare would
    # make room for an exercise the usual doses leave out, and a flare must step back, not widen.
    profile = Profile(minutes=10, experience=Experience.SOME)
    checked = 0
    for offset in range(21):
        done_on = date(2026, 11, 2) + timedelta(days=offset)
        plan = build_session(profile, CLEAR, done_on, catalog=catalog, rules=rules)
        history = [_flared_the_day_before(plan)]
        for later in (1, 2, 3):
            day = done_on + timedelta(days=later)
            usual = build_session(profile, CLEAR, day, catalog=catalog, rules=rules)
            flared = build_session(
                profile, CLEAR, day, catalog=catalog, rules=rules, history=history
            )
            assert "10/10" in flared.notes[0]
            assert len(flared.exercises) <= len(usual.exercises), (day, flared.notes)
            checked += 1
    assert checked == 63
