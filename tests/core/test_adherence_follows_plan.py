"""Adherence asks for what the planner planned, from the one layout both use
(`planner.week_schedule`): strengthening days after the cap by experience, stretch days, and
nothing before the first set-up. Whoever does every planned session has kept to the plan."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from strongback.catalog import Catalog, Equipment
from strongback.plan import DayKind, Phase, SessionPlan
from strongback.planner import (
    EVERY_DAY,
    NOTHING_PLANNED,
    STRENGTH_DAY_CAPS,
    STRENGTH_DAYS,
    WeekSchedule,
    build_week,
    week_schedule,
    week_start,
)
from strongback.profile import AvoidPosition, Experience, PainArea, Profile, RedFlag
from strongback.progress import Target, adherence, summarise, withhold
from strongback.progression import ProgressionRules
from strongback.records import SessionRecord, SessionSource, SessionStatus
from strongback.safety import Screening, Status
from tests.core.test_planner import safe_profiles

CLEAR = Screening(status=Status.CLEAR)
MONDAY = date(2026, 3, 2)
BEGINNER_CHOOSING_FIVE = Profile(experience=Experience.BEGINNER, days_per_week=5)
SEATED_ONLY = Profile(
    pain_areas=[PainArea.LOWER],
    equipment=[Equipment.NONE],
    avoid_positions=[AvoidPosition.FLOOR, AvoidPosition.STANDING],
)


def done(plan: SessionPlan) -> SessionRecord:
    """The day's plan, done in full (a completed session stands for each of its exercises)."""
    return SessionRecord(
        plan=plan,
        source=SessionSource.LOG,
        status=SessionStatus.COMPLETED,
        started_at=datetime.combine(plan.day, time(18), tzinfo=UTC),
    )


def planned_weeks(
    profile: Profile, catalog: Catalog, rules: ProgressionRules, started: date, today: date
) -> list[SessionPlan]:
    """Every day from the week of `started` to `today`, as the week's plan shows it."""
    days: list[SessionPlan] = []
    week = week_start(started)
    while week <= today:
        plan = build_week(profile, CLEAR, week, catalog=catalog, rules=rules, started=started)
        days += [d for d in plan.days if d.day <= today]
        week += timedelta(days=7)
    return days


# --- The cap by experience -----------------------------------------------------------------------


def test_a_beginner_choosing_five_days_is_asked_for_the_three_planned(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    schedule = week_schedule(BEGINNER_CHOOSING_FIVE, CLEAR, catalog)
    assert len(schedule.strength_days) == STRENGTH_DAY_CAPS[Experience.BEGINNER] == 3
    assert schedule.stretch_days == EVERY_DAY
    sunday = MONDAY + timedelta(days=6)
    week = planned_weeks(BEGINNER_CHOOSING_FIVE, catalog, rules, MONDAY, sunday)
    assert sum(d.kind is DayKind.FULL for d in week) == 3

    kept = adherence([done(d) for d in week], [Target.following(MONDAY, schedule)], sunday)

    (first,) = kept.weeks
    assert (first.planned_sessions, first.done_sessions, first.met) == (3, 3, True)
    assert (first.planned_stretch_days, first.stretch_days) == (7, 7)
    assert kept.recent_percent == 100


def test_a_trained_person_is_asked_for_the_days_they_chose(catalog: Catalog) -> None:
    trained = Profile(experience=Experience.TRAINED, days_per_week=5)
    assert week_schedule(trained, CLEAR, catalog).strength_days == (0, 1, 3, 4, 6)
    six = trained.model_copy(update={"days_per_week": 6})
    assert len(week_schedule(six, CLEAR, catalog).strength_days) == 5


def test_no_strengthening_that_fits_asks_for_stretches_only(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    schedule = week_schedule(SEATED_ONLY, CLEAR, catalog)
    assert schedule == WeekSchedule(strength_days=(), stretch_days=EVERY_DAY)
    week = build_week(SEATED_ONLY, CLEAR, MONDAY, catalog=catalog, rules=rules)
    assert all(d.kind is DayKind.STRETCH for d in week.days)

    kept = adherence([], [Target.following(MONDAY, schedule)], today=MONDAY + timedelta(days=7))

    assert (kept.weeks[0].planned_sessions, kept.weeks[0].planned_stretch_days) == (0, 7)
    assert kept.recent_percent is None  # no strengthening planned, none missed


def test_weeks_of_a_withheld_plan_plan_nothing(catalog: Catalog) -> None:
    """Answers with a red flag, then answers a clinician has cleared: the weeks in between
    planned nothing, so they are not sessions missed."""
    flagged = Profile(red_flags=[RedFlag.BLADDER_BOWEL_CHANGE])
    assert week_schedule(flagged, CLEAR, catalog) == NOTHING_PLANNED
    targets = [
        Target.following(MONDAY, NOTHING_PLANNED),
        Target.following(MONDAY + timedelta(days=14), week_schedule(Profile(), CLEAR, catalog)),
    ]

    kept = adherence([], targets, today=MONDAY + timedelta(days=20))

    assert [w.planned_sessions for w in kept.weeks][:2] == [0, 0]
    assert [w.planned_stretch_days for w in kept.weeks][:2] == [0, 0]
    assert kept.weeks[2].planned_sessions > 0


def test_the_set_up_week_asks_for_the_planned_days_from_the_set_up_on(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    """Set up on a Thursday: the week shows Monday to Wednesday as before the start, and
    adherence asks for exactly the strengthening and stretch days the week plans after it."""
    started = MONDAY + timedelta(days=3)
    profile = Profile(experience=Experience.BEGINNER, days_per_week=7)
    week = build_week(profile, CLEAR, MONDAY, catalog=catalog, rules=rules, started=started)
    targets = [Target.following(started, week_schedule(profile, CLEAR, catalog))]

    (this_week,) = adherence([], targets, today=MONDAY + timedelta(days=6)).weeks

    planned = [d for d in week.days if not d.before_start]
    assert len(planned) == 4
    assert this_week.planned_sessions == sum(d.kind is DayKind.FULL for d in planned) == 1
    assert this_week.planned_stretch_days == 4


def test_a_count_of_days_is_spread_as_the_planner_spreads_it() -> None:
    assert Target(since=MONDAY, days_per_week=3).strength_days == STRENGTH_DAYS[3]
    with pytest.raises(ValidationError, match="days_per_week"):
        Target(since=MONDAY, days_per_week=6)  # the planner never plans more than five


def test_a_withheld_summary_plans_no_stretch_days_either() -> None:
    targets = [Target(since=MONDAY, days_per_week=3)]
    summary = withhold(summarise([], [], targets, MONDAY + timedelta(days=8)))
    assert all(w.planned_stretch_days == 0 for w in summary.adherence.weeks)


# --- Properties ----------------------------------------------------------------------------------


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=safe_profiles(),
    started=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    more_weeks=st.integers(0, 2),
    which=st.sampled_from(["small", "default"]),
)
def test_doing_every_planned_session_keeps_to_the_plan(
    small_catalog: Catalog,
    catalog: Catalog,
    rules: ProgressionRules,
    profile: Profile,
    started: date,
    more_weeks: int,
    which: str,
) -> None:
    """Any person who does every session the week's plan shows, from the set-up to a Sunday,
    meets every week's plan in full: all its strengthening sessions and all its days of
    stretches, so 100% of the planned sessions (or none asked for, when none fit)."""
    chosen = {"small": small_catalog, "default": catalog}[which]
    today = week_start(started) + timedelta(days=6 + 7 * more_weeks)
    days = planned_weeks(profile, chosen, rules, started, today)
    schedule = week_schedule(profile, CLEAR, chosen)
    # The week's plan and the target are one layout.
    for day in days:
        if day.before_start:
            continue
        assert (day.kind is DayKind.FULL) == (day.day.weekday() in schedule.strength_days)
        has_stretch = any(p.phase is Phase.STRETCH for p in day.exercises)
        assert has_stretch == (day.day.weekday() in schedule.stretch_days), day.day

    history = [done(d) for d in days if not d.before_start]
    kept = adherence(history, [Target.following(started, schedule)], today)

    assert len(kept.weeks) == more_weeks + 1
    for week in kept.weeks:
        shown = [d for d in days if week_start(d.day) == week.start and not d.before_start]
        assert week.planned_sessions == sum(d.kind is DayKind.FULL for d in shown)
        assert week.done_sessions == week.planned_sessions
        assert week.stretch_days == week.planned_stretch_days
        assert week.met is (week.planned_sessions > 0)
    if any(w.planned_sessions for w in kept.weeks):
        assert kept.recent_percent == 100
    else:
        assert kept.recent_percent is None
