"""Progress measures on constructed histories: pain, function, adherence, streaks, changes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from strongback.catalog import Dosage, Kind, Position, Sides
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.progress import (
    PAIN_MCID_POINTS,
    PSFS_MCID_POINTS,
    FunctionRating,
    Measure,
    Target,
    adherence,
    everyday_pain,
    function_change,
    function_trend,
    pain_change,
    pain_trend,
    severe_pain,
    stretched,
    summarise,
    sustained_rise,
    withhold,
)
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
)

MONDAY = date(2026, 3, 2)


def planned(exercise_id: str, kind: Kind, phase: Phase) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise_id,
        name=exercise_id,
        kind=kind,
        phase=phase,
        position=Position.SUPINE,
        sides=Sides.BOTH,
        dosage=Dosage(sets=1, reps=10),
        estimated_seconds=60,
        why="test",
        sources=["test"],
    )


STRETCH = planned("knee-to-chest", Kind.STRETCH, Phase.STRETCH)
MOBILITY = planned("cat-cow", Kind.MOBILITY, Phase.STRENGTHEN)
BRIDGE = planned("bridge", Kind.STRENGTH, Phase.STRENGTHEN)
BIRD_DOG = planned("bird-dog", Kind.STRENGTH, Phase.STRENGTHEN)
#: What each kind of day holds, as the planner makes them: stretches first on every day.
EXERCISES = {DayKind.FULL: [STRETCH, BRIDGE], DayKind.STRETCH: [STRETCH], DayKind.REST: []}


def session(
    day: date,
    *,
    kind: DayKind = DayKind.FULL,
    before: int | None = None,
    after: int | None = None,
    next_day: int | None = None,
    status: SessionStatus = SessionStatus.COMPLETED,
    sets: list[SetRecord] | None = None,
    exercises: list[PlannedExercise] | None = None,
) -> SessionRecord:
    plan = SessionPlan(
        day=day,
        kind=kind,
        exercises=EXERCISES[kind] if exercises is None else exercises,
        estimated_seconds=0,
        minutes_budget=15,
    )
    return SessionRecord(
        plan=plan,
        source=SessionSource.LOG,
        status=status,
        started_at=datetime.combine(day, time(18), tzinfo=UTC),
        sets=sets or [],
        feedback=SessionFeedback(pain_before=before, pain_after=after, next_day_pain=next_day),
    )


def readings(*values: int, start: date = MONDAY, every: int = 2) -> list[tuple[date, int]]:
    return [(start + timedelta(days=i * every), v) for i, v in enumerate(values)]


# --- Pain -----------------------------------------------------------------------------------------


def test_everyday_pain_is_pain_before_and_the_next_day_check_on_the_day_after() -> None:
    history = [session(MONDAY, before=4, after=6, next_day=3)]

    assert everyday_pain(history) == [(MONDAY, 4), (MONDAY + timedelta(days=1), 3)]


def test_baseline_and_current_are_means_of_the_first_and_latest_three() -> None:
    trend = pain_trend(readings(6, 5, 7, 5, 4, 3, 2))

    assert trend.baseline == 6.0
    assert trend.current == 3.0
    assert trend.change == -3.0
    assert (trend.first, trend.latest, trend.readings) == (6, 2, 7)


def test_no_current_level_until_there_are_readings_beyond_the_baseline() -> None:
    trend = pain_trend(readings(6, 5, 7))

    assert trend.current is None
    assert pain_change(trend) is None


def test_a_two_point_drop_is_meaningful() -> None:
    change = pain_change(pain_trend(readings(6, 6, 6, 4, 4, 4)))

    assert change is not None
    assert change.measure is Measure.PAIN
    assert change.improved
    assert "from about 6 to 4" in change.text


def test_a_thirty_percent_drop_is_meaningful_below_two_points() -> None:
    # 3 -> 2 is one point but a third of the baseline.
    change = pain_change(pain_trend(readings(3, 3, 3, 2, 2, 2)))

    assert change is not None
    assert change.improved
    assert "33% less" in change.text


def test_a_small_drop_is_not_celebrated() -> None:
    assert pain_change(pain_trend(readings(6, 6, 6, 5, 5, 5))) is None


def test_a_tiny_baseline_needs_a_whole_point() -> None:
    # 1 -> 0.67 is 33% but only a third of a point: noise, not change.
    assert pain_change(pain_trend(readings(1, 1, 1, 1, 1, 0))) is None


def test_a_two_point_rise_is_said_as_a_worsening() -> None:
    change = pain_change(pain_trend(readings(2, 2, 2, 4, 4, 5)))

    assert change is not None
    assert not change.improved
    assert "gone up" in change.text
    assert change.current - change.baseline >= PAIN_MCID_POINTS


# --- Sustained rise -------------------------------------------------------------------------------


def test_pain_up_two_points_through_two_weeks_advises_a_clinician() -> None:
    today = MONDAY + timedelta(days=27)
    before = readings(2, 2, 3, start=MONDAY)
    window = readings(5, 5, 6, 6, 6, 6, 7, start=today - timedelta(days=13))

    advice = sustained_rise(before + window, today)

    assert advice is not None
    assert "see a doctor or physiotherapist" in advice


def test_a_rise_in_one_week_only_is_not_sustained() -> None:
    today = MONDAY + timedelta(days=27)
    before = readings(2, 2, 3, start=MONDAY)
    window = readings(2, 3, 2, 6, 7, 6, 7, start=today - timedelta(days=13))

    assert sustained_rise(before + window, today) is None


def test_no_reference_means_no_rise_to_judge() -> None:
    today = MONDAY + timedelta(days=13)

    assert sustained_rise(readings(7, 7, 8, 8, 8, 8, 8, start=MONDAY), today) is None


@pytest.mark.parametrize(
    ("values", "days_ago", "severe"),
    [((3, 9, 7), 1, True), ((8, 8, 6), 1, False), ((3, 8), 7, False), ((2,), 0, False)],
)
def test_severe_pain_in_the_last_week_says_to_ease_off(
    values: tuple[int, ...], days_ago: int, severe: bool
) -> None:
    today = MONDAY + timedelta(days=20)
    start = today - timedelta(days=days_ago + len(values) - 1)
    advice = severe_pain(readings(*values, start=start, every=1), today)
    assert (advice is not None) is severe


def test_severe_pain_replaces_keep_going_in_the_summary() -> None:
    history = [session(MONDAY, before=4), session(MONDAY + timedelta(days=1), before=9)]

    summary = summarise(history, [], [], today=MONDAY + timedelta(days=2))

    assert any(note.startswith("Your pain is high (9 out of 10") for note in summary.notes)
    assert not any("keep going" in note for note in summary.notes)


# --- Function (PSFS) ------------------------------------------------------------------------------


def test_function_is_the_mean_of_each_activitys_latest_rating() -> None:
    ratings = [
        FunctionRating(day=MONDAY, activity="sitting", score=4),
        FunctionRating(day=MONDAY, activity="lifting", score=2),
        FunctionRating(day=MONDAY + timedelta(days=14), activity="sitting", score=7),
    ]

    trend = function_trend(ratings, today=MONDAY + timedelta(days=15))

    assert [p.score for p in trend.points] == [3.0, 4.5]
    assert trend.points[-1].activities == {"sitting": 7, "lifting": 2}
    assert trend.next_due == MONDAY + timedelta(days=28)
    assert function_change(trend) is None  # +1.5 is below the 2-point MCID


def test_function_up_two_points_is_meaningful() -> None:
    ratings = [
        FunctionRating(day=MONDAY, activity="sitting", score=3),
        FunctionRating(day=MONDAY + timedelta(days=14), activity="sitting", score=5),
    ]

    change = function_change(function_trend(ratings, today=MONDAY + timedelta(days=14)))

    assert change is not None
    assert change.measure is Measure.FUNCTION
    assert change.improved
    assert change.current - change.baseline == PSFS_MCID_POINTS


def test_function_down_two_points_is_a_worsening() -> None:
    ratings = [
        FunctionRating(day=MONDAY, activity="sitting", score=6),
        FunctionRating(day=MONDAY + timedelta(days=14), activity="sitting", score=3),
    ]

    change = function_change(function_trend(ratings, today=MONDAY + timedelta(days=14)))

    assert change is not None
    assert not change.improved


def test_rating_is_due_at_the_start_and_every_two_weeks() -> None:
    assert function_trend([], today=MONDAY).next_due == MONDAY
    summary = summarise(
        [session(MONDAY, before=3)], [], [Target(since=MONDAY, days_per_week=3)], MONDAY
    )
    assert any("activities your back makes hard" in note for note in summary.notes)


# --- Adherence and streaks ------------------------------------------------------------------------


def test_adherence_counts_strengthening_days_against_the_target_per_week() -> None:
    targets = [Target(since=MONDAY, days_per_week=3)]
    history = [
        session(MONDAY),
        session(MONDAY + timedelta(days=2)),
        session(MONDAY + timedelta(days=3), kind=DayKind.STRETCH),
        session(MONDAY + timedelta(days=4)),
        session(MONDAY + timedelta(days=7)),
    ]

    kept = adherence(history, targets, today=MONDAY + timedelta(days=8))

    first, second = kept.weeks
    assert (first.planned_sessions, first.done_sessions, first.stretch_days) == (3, 3, 4)
    assert first.met
    assert first.complete
    assert (second.done_sessions, second.met, second.complete) == (1, False, False)
    assert kept.this_week == second
    assert (kept.recent_planned, kept.recent_done, kept.recent_percent) == (6, 4, 67)


def test_the_target_in_force_is_the_latest_set_by_the_end_of_the_week() -> None:
    targets = [
        Target(since=MONDAY, days_per_week=3),
        Target(since=MONDAY + timedelta(days=9), days_per_week=2),
    ]

    kept = adherence([], targets, today=MONDAY + timedelta(days=15))

    assert [w.planned_sessions for w in kept.weeks] == [3, 2, 2]


def test_an_unfinished_session_without_a_done_set_does_not_count() -> None:
    done_set = SetRecord(
        exercise_id="bridge",
        set_number=1,
        outcome=SetOutcome.DONE,
        ended_at=datetime(2026, 3, 4, 18, tzinfo=UTC),
    )
    history = [
        session(MONDAY, status=SessionStatus.IN_PROGRESS),
        session(MONDAY + timedelta(days=2), status=SessionStatus.ENDED_EARLY, sets=[done_set]),
    ]

    kept = adherence(history, [Target(since=MONDAY, days_per_week=3)], MONDAY + timedelta(days=6))

    assert kept.weeks[0].done_sessions == 1


def test_streaks_of_weeks_and_of_stretch_days() -> None:
    targets = [Target(since=MONDAY, days_per_week=2)]
    days = [0, 3, 7, 10, 14, 17, 18, 19, 20]  # weeks 1-3 met; the last four days in a row
    history = [session(MONDAY + timedelta(days=d)) for d in days]

    summary = summarise(history, [], targets, today=MONDAY + timedelta(days=21))

    assert summary.streaks.weeks == 3  # the week under way does not break it yet
    assert summary.streaks.best_weeks == 3
    assert summary.streaks.days == 4  # through yesterday: today is not over
    assert summary.streaks.best_days == 4


def test_a_missed_week_breaks_the_week_streak() -> None:
    targets = [Target(since=MONDAY, days_per_week=1)]
    history = [session(MONDAY), session(MONDAY + timedelta(days=14))]

    summary = summarise(history, [], targets, today=MONDAY + timedelta(days=20))

    assert summary.streaks.weeks == 1
    assert summary.streaks.days == 0


@pytest.mark.parametrize("today_offset", [0, 1])
def test_a_day_streak_counts_today_once_done(today_offset: int) -> None:
    history = [session(MONDAY + timedelta(days=d)) for d in range(3)]
    today = MONDAY + timedelta(days=2 + today_offset)

    summary = summarise(history, [], [], today)

    assert summary.streaks.days == 3


# --- The summary ----------------------------------------------------------------------------------


def test_summary_of_a_month_that_improved() -> None:
    targets = [Target(since=MONDAY, days_per_week=3)]
    history = [
        session(MONDAY + timedelta(days=week * 7 + d), before=6 - week - (d > 2))
        for week in range(4)
        for d in (0, 2, 4)
    ]
    ratings = [
        FunctionRating(day=MONDAY, activity="sitting", score=3),
        FunctionRating(day=MONDAY + timedelta(days=14), activity="sitting", score=6),
    ]

    summary = summarise(history, ratings, targets, today=MONDAY + timedelta(days=27))

    assert {c.measure for c in summary.changes} == {Measure.PAIN, Measure.FUNCTION}
    assert all(c.improved for c in summary.changes)
    assert summary.see_clinician is None
    assert summary.streaks.weeks == 4
    assert summary.adherence.recent_percent == 100
    assert len(summary.sessions) == 12
    # The whole summary is JSON-ready for `progress --json` and the web API.
    assert summary.model_dump(mode="json")["pain"]["baseline"] == summary.pain.baseline


def test_an_empty_history_says_how_to_begin() -> None:
    summary = summarise([], [], [], MONDAY)

    assert summary.adherence.weeks == []
    assert summary.pain.baseline is None
    assert any(note.startswith("No sessions yet") for note in summary.notes)


def test_summary_texts_name_no_command_and_no_markup() -> None:
    """The web shows these texts too: no backticks or CLI commands in the pure core."""
    rising = [session(MONDAY - timedelta(days=20 - d), before=2) for d in range(3)]
    rising += [session(MONDAY + timedelta(days=d), before=6) for d in range(0, 14, 2)]
    ratings = [
        FunctionRating(day=MONDAY - timedelta(days=30), activity="sitting", score=6),
        FunctionRating(day=MONDAY - timedelta(days=16), activity="sitting", score=2),
    ]
    summaries = [
        summarise([], [], [], MONDAY),
        summarise(rising, ratings, [], MONDAY + timedelta(days=13)),
    ]
    assert summaries[1].see_clinician is not None
    assert summaries[1].changes

    for summary in summaries:
        texts = [*summary.notes, *(c.text for c in summary.changes)]
        texts += [summary.see_clinician or ""]
        for text in texts:
            assert "`" not in text, text
            assert "strongback " not in text, text


# --- What counts as a day of stretches ---------------------------------------------------------


def _set(exercise_id: str, outcome: SetOutcome = SetOutcome.DONE) -> SetRecord:
    return SetRecord(
        exercise_id=exercise_id,
        set_number=1,
        outcome=outcome,
        ended_at=datetime.combine(MONDAY, time(18), tzinfo=UTC),
    )


def test_a_strength_only_session_is_not_a_day_of_stretches() -> None:
    strength_only = [
        session(
            MONDAY + timedelta(days=d),
            exercises=[BRIDGE, BIRD_DOG],
            sets=[_set("bridge"), _set("bird-dog")],
        )
        for d in range(2)
    ]

    summary = summarise(
        strength_only, [], [Target(since=MONDAY, days_per_week=3)], MONDAY + timedelta(days=1)
    )

    assert summary.adherence.weeks[0].done_sessions == 2
    assert summary.adherence.weeks[0].stretch_days == 0
    assert (summary.streaks.days, summary.streaks.best_days) == (0, 0)


@pytest.mark.parametrize(
    ("exercises", "sets", "status", "expected"),
    [
        # A stretch-phase exercise with a set done.
        ([STRETCH, BRIDGE], [_set("knee-to-chest"), _set("bridge")], SessionStatus.COMPLETED, True),
        # A mobility exercise counts as a stretch by its kind, whatever its phase.
        ([MOBILITY], [_set("cat-cow")], SessionStatus.COMPLETED, True),
        # Ended early after the stretches: they were done.
        ([STRETCH, BRIDGE], [_set("knee-to-chest")], SessionStatus.ENDED_EARLY, True),
        # Stretches skipped, strengthening done.
        (
            [STRETCH, BRIDGE],
            [_set("knee-to-chest", SetOutcome.SKIPPED), _set("bridge")],
            SessionStatus.COMPLETED,
            False,
        ),
        # Ended early before any stretch was done.
        ([STRETCH, BRIDGE], [], SessionStatus.ENDED_EARLY, False),
        # Strengthening only.
        ([BRIDGE, BIRD_DOG], [_set("bridge"), _set("bird-dog")], SessionStatus.COMPLETED, False),
        # Completed, and no set recorded at all: completion stands for the planned stretch.
        ([STRETCH, BRIDGE], [], SessionStatus.COMPLETED, True),
    ],
)
def test_a_day_of_stretches_needs_a_stretch_done(
    exercises: list[PlannedExercise],
    sets: list[SetRecord],
    status: SessionStatus,
    expected: bool,
) -> None:
    record = session(MONDAY, exercises=exercises, sets=sets, status=status)

    assert stretched(record) is expected


# --- Before set-up, and a screening that sends the person to a clinician -------------------------


def test_weeks_before_the_first_set_up_are_not_missed_sessions() -> None:
    """Set up on a Saturday, with one session logged seven weeks earlier: nothing was planned
    before the set-up, so neither the weeks between nor the Monday to Friday of the set-up's own
    week are counted as sessions missed; the Saturday and Sunday ask for their stretches."""
    set_up = MONDAY + timedelta(days=5)
    targets = [Target(since=set_up, days_per_week=3)]
    logged = session(MONDAY - timedelta(days=47))

    kept = adherence([logged], targets, today=set_up + timedelta(days=1))

    assert kept.weeks[0].done_sessions == 1  # the early session still shows as done
    # The strengthening days of three a week (Monday, Wednesday, Friday) all came before it.
    assert [w.planned_sessions for w in kept.weeks] == [0] * len(kept.weeks)
    assert [w.planned_stretch_days for w in kept.weeks] == [0] * (len(kept.weeks) - 1) + [2]
    assert not any(w.met for w in kept.weeks)
    assert (kept.recent_weeks, kept.recent_planned, kept.recent_done) == (0, 0, 0)
    assert kept.recent_percent is None


def test_the_week_of_the_set_up_asks_only_for_the_days_from_it_on() -> None:
    set_up = MONDAY + timedelta(days=2)  # a Wednesday: Wednesday and Friday remain of three
    targets = [Target(since=set_up, days_per_week=3)]
    history = [session(set_up), session(set_up + timedelta(days=2))]

    kept = adherence(history, targets, today=MONDAY + timedelta(days=8))

    first, second = kept.weeks
    assert (first.planned_sessions, first.done_sessions, first.met) == (2, 2, True)
    assert first.planned_stretch_days == 5
    assert (second.planned_sessions, second.planned_stretch_days) == (3, 7)


def test_recent_adherence_counts_the_weeks_with_a_plan_only() -> None:
    targets = [Target(since=MONDAY + timedelta(days=7), days_per_week=2)]
    history = [session(MONDAY), session(MONDAY + timedelta(days=8))]

    kept = adherence(history, targets, today=MONDAY + timedelta(days=15))

    assert [w.planned_sessions for w in kept.weeks] == [0, 2, 2]
    assert (kept.recent_weeks, kept.recent_planned, kept.recent_done) == (2, 4, 1)
    assert kept.recent_percent == 25


def test_a_withheld_plan_sets_no_target_and_invites_no_session() -> None:
    targets = [Target(since=MONDAY, days_per_week=3)]
    history = [session(MONDAY + timedelta(days=i), before=4) for i in (0, 2, 4, 7)]
    today = MONDAY + timedelta(days=8)

    summary = withhold(summarise(history, [], targets, today))

    assert summary.plan_withheld
    assert all(w.planned_sessions == 0 and not w.met for w in summary.adherence.weeks)
    assert summary.adherence.this_week is not None
    assert summary.adherence.this_week.done_sessions == 1  # what was done stays
    assert (summary.adherence.recent_planned, summary.adherence.recent_percent) == (0, None)
    assert (summary.streaks.weeks, summary.streaks.best_weeks) == (0, 0)
    assert len(summary.sessions) == 4
    assert summary.pain.readings == 4
    notes = " ".join(summary.notes)
    assert "clinician should see you before you exercise" in notes
    assert "keep going" not in notes
    nothing_yet = withhold(summarise([], [], targets, today))
    assert not any("start one" in note for note in nothing_yet.notes)


def test_a_withheld_plan_keeps_the_advice_about_severe_pain() -> None:
    today = MONDAY + timedelta(days=1)
    summary = withhold(
        summarise([session(MONDAY, before=8)], [], [Target(since=MONDAY, days_per_week=3)], today)
    )

    assert any("Your pain is high" in note for note in summary.notes)
    assert not any("activities your back makes hard" in note for note in summary.notes)
