"""Progress: pain, function, adherence and streaks from the recorded history, said in plain words.

Pure: `summarise(...)` takes the sessions, the function ratings, the weekly targets and today's
date, and returns a `ProgressSummary` that the terminal, `--json`, the charts and the web all show.
Nothing here reads a clock or a database.

What is measured, and why:

* **Pain** is the 0-10 answer before and after each session and the next-day check. The person's
  *everyday* pain (the back at rest, not straight after exercise) is the pain before a session and
  the next-day check; baseline and current levels are the mean of the first and the latest few of
  those readings, so one bad morning does not decide anything.
* **Function** is the Patient-Specific Functional Scale: up to three activities the person chose,
  each rated 0 (cannot do it) to 10 (as before the problem). Its score is the mean of each
  activity's latest rating, re-rated every two weeks.
* **Adherence and streaks**: strengthening sessions and days with the stretches done per week,
  against what the planner planned for the week (`Target`), and runs of both; `_adherence` says
  how each is counted.

Every text in the summary is plain words for any interface: no commands, no markup. The terminal
and the web add their own ways to act on it.

The summary's models live in `_progress_models`, and which days and weeks were kept (adherence,
stretch days, streaks) is measured in `_adherence`; both are re-exported here. This module measures
pain and function and puts the summary together.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from statistics import fmean

from strongback._adherence import (
    adherence,
    counts,
    is_stretch,
    planned_days,
    streaks,
    strengthened,
    stretch_days,
    stretched,
    target_in_force,
    week_start,
)
from strongback._progress_models import (
    RECENT_WEEKS,
    Adherence,
    Change,
    FunctionPoint,
    FunctionRating,
    FunctionTrend,
    Measure,
    PainTrend,
    ProgressSummary,
    SessionPoint,
    Streaks,
    Target,
    WeekAdherence,
)
from strongback.records import SessionRecord, SetOutcome

# --- Thresholds, each with its source -------------------------------------------------------------

#: Minimal clinically important improvement on a 0-10 pain scale: 2 points, or 30% of the
#: baseline, whichever comes first. Ostelo et al. 2008, "Interpreting change scores for pain and
#: functional status in low back pain" (Spine 33(1)), an international consensus.
PAIN_MCID_POINTS = 2.0
PAIN_MCID_FRACTION = 0.30
#: The relative criterion alone would call 1.0 -> 0.6 a meaningful change; a whole point at least
#: keeps a low baseline's rounding noise from being celebrated.
PAIN_MCID_MIN_POINTS = 1.0
#: Minimal clinically important change of the mean PSFS score: 2 points. Stratford et al. 1995,
#: "Assessing disability and change on individual patients: a report of a patient specific
#: measure" (Physiotherapy Canada 47(4)); Ostelo et al. 2008 give the same order for function.
PSFS_MCID_POINTS = 2.0
#: The PSFS is re-rated every two weeks, as the issue's peer apps and the PSFS manuals do.
PSFS_INTERVAL_DAYS = 14
PSFS_MAX_ACTIVITIES = 3
#: The pain the trend follows is pain at rest, read before a session and the day after: not the
#: pain just after one, which a person who has just said 4/10 would otherwise expect to see as
#: "latest". `strongback progress` and the progress page both word it with these.
PAIN_AT_REST = "Pain at rest"
PAIN_AT_REST_WHEN = "before sessions and the day after"
#: Readings averaged for the baseline and for the current level.
LEVEL_READINGS = 3
#: A rise of everyday pain by the pain MCID, held through each of two weeks, is "sustained": the
#: safety notice in strongback's product rules asks the person to see a clinician then.
SUSTAINED_RISE_DAYS = 14
SUSTAINED_RISE_POINTS = PAIN_MCID_POINTS
#: 7 to 10 on the 0-10 scale is severe pain: the usual cut-points of Serlin et al. 1995, "When is
#: cancer pain mild, moderate or severe?" (Pain 61(2)), used for back pain too. A severe reading in
#: the last week replaces "keep going" with advice to ease off, whatever the trend says.
SEVERE_PAIN = 7
SEVERE_PAIN_RECENT_DAYS = 7


#: The notes that invite a session, which a person sent to a clinician first never gets.
NO_SESSIONS_NOTE = "No sessions yet: start one, or record one you did away from the computer."
KEEP_GOING_NOTE = (
    "Results take a few weeks of regular sessions; keep going and the changes will show."
)
RERATE_NOTE = "Time to rate again the activities your back makes hard, 0 to 10."
FIRST_RATING_NOTE = (
    "Name up to three activities your back makes hard and rate each from 0 (cannot do it) to 10 "
    "(as before): it shows what the exercises change."
)
#: The notes about exercising and measuring what it changes: none while a clinician comes first.
_EXERCISE_NOTES = (NO_SESSIONS_NOTE, KEEP_GOING_NOTE, RERATE_NOTE, FIRST_RATING_NOTE)
WITHHELD_NOTE = (
    "Your answers mean a clinician should see you before you exercise, so there are no session "
    "targets for now. What you recorded before is kept here."
)


# --- Sessions on the chart ---------------------------------------------------------------------


def session_points(sessions: Iterable[SessionRecord]) -> list[SessionPoint]:
    points = [
        SessionPoint(
            id=r.id,
            day=r.plan.day,
            kind=r.plan.kind,
            source=r.source,
            status=r.status,
            pain_before=r.feedback.pain_before,
            pain_after=r.feedback.pain_after,
            next_day_pain=r.feedback.next_day_pain,
            difficulty=r.feedback.difficulty,
            sets_done=sum(1 for s in r.sets if s.outcome is SetOutcome.DONE),
        )
        for r in sessions
    ]
    return sorted(points, key=lambda p: p.day)


# --- Pain ----------------------------------------------------------------------------------------


def everyday_pain(sessions: Iterable[SessionRecord]) -> list[tuple[date, int]]:
    """Pain at rest, by day: before each session, and the next-day check on the day after."""
    readings: list[tuple[date, int]] = []
    for r in sessions:
        if r.feedback.pain_before is not None:
            readings.append((r.plan.day, r.feedback.pain_before))
        if r.feedback.next_day_pain is not None:
            readings.append((r.plan.day + timedelta(days=1), r.feedback.next_day_pain))
    return sorted(readings, key=lambda reading: reading[0])


def pain_trend(readings: Sequence[tuple[date, int]]) -> PainTrend:
    values = [value for _, value in readings]
    baseline = fmean(values[:LEVEL_READINGS]) if values else None
    # The current level only exists once there are readings beyond the baseline's own.
    later = values[LEVEL_READINGS:][-LEVEL_READINGS:]
    current = fmean(later) if later else None
    return PainTrend(
        readings=len(values),
        first=values[0] if values else None,
        latest=values[-1] if values else None,
        baseline=_round(baseline),
        current=_round(current),
        change=_round(current - baseline) if current is not None and baseline is not None else None,
    )


def pain_change(trend: PainTrend) -> Change | None:
    """A meaningful drop (2 points or 30%) or rise (2 points) from the baseline, if any."""
    if trend.baseline is None or trend.current is None:
        return None
    base, now = trend.baseline, trend.current
    drop = base - now
    relative = base > 0 and drop >= PAIN_MCID_MIN_POINTS and drop / base >= PAIN_MCID_FRACTION
    if drop >= PAIN_MCID_POINTS or relative:
        text = (
            f"Your everyday pain has come down from about {_num(base)} to {_num(now)} out of 10 "
            f"({round(100 * drop / base)}% less). That is a change people really feel: well done."
        )
    elif -drop >= PAIN_MCID_POINTS:
        text = (
            f"Your everyday pain has gone up from about {_num(base)} to {_num(now)} out of 10. "
            "Go gently, and tell a clinician if it keeps rising."
        )
    else:
        return None
    return Change(measure=Measure.PAIN, improved=drop > 0, baseline=base, current=now, text=text)


def sustained_rise(readings: Sequence[tuple[date, int]], today: date) -> str | None:
    """Advice to see a clinician when everyday pain stayed 2+ points up through two weeks.

    Each of the last two weeks (ending today) must have readings whose mean is at least
    `SUSTAINED_RISE_POINTS` above the mean of the latest readings before those two weeks.
    """
    window_start = today - timedelta(days=SUSTAINED_RISE_DAYS - 1)
    half = window_start + timedelta(days=SUSTAINED_RISE_DAYS // 2)
    before = [v for d, v in readings if d < window_start][-LEVEL_READINGS:]
    first_week = [v for d, v in readings if window_start <= d < half]
    second_week = [v for d, v in readings if half <= d <= today]
    if not (before and first_week and second_week):
        return None
    reference = fmean(before)
    if min(fmean(first_week), fmean(second_week)) < reference + SUSTAINED_RISE_POINTS:
        return None
    return (
        f"Your pain has stayed higher for two weeks (about {_num(fmean(second_week))} out of 10 "
        f"this week, against {_num(reference)} before). Please see a doctor or physiotherapist "
        "before you carry on; until then keep to gentle movement that does not hurt."
    )


def severe_pain(readings: Sequence[tuple[date, int]], today: date) -> str | None:
    """Advice to ease off when the latest everyday pain, in the last week, is severe."""
    recent = [v for d, v in readings if today - d < timedelta(days=SEVERE_PAIN_RECENT_DAYS)]
    if not recent or recent[-1] < SEVERE_PAIN:
        return None
    return (
        f"Your pain is high ({recent[-1]} out of 10 lately). Keep to gentle movement that does not "
        "hurt, and see a doctor or physiotherapist if it stays high for more than a few days, or "
        "comes with numbness, weakness or fever."
    )


# --- Function (PSFS) -----------------------------------------------------------------------------


def function_trend(ratings: Sequence[FunctionRating], today: date) -> FunctionTrend:
    """Function over time: on each day with ratings, the mean of each activity's latest rating."""
    latest: dict[str, int] = {}
    by_day: dict[date, dict[str, int]] = {}
    for rating in sorted(ratings, key=lambda r: r.day):
        latest[rating.activity] = rating.score
        by_day[rating.day] = dict(latest)
    points = [
        FunctionPoint(day=day, score=_round(fmean(scores.values())) or 0.0, activities=scores)
        for day, scores in by_day.items()
    ]
    baseline = points[0].score if points else None
    last = points[-1].score if points else None
    next_due = points[-1].day + timedelta(days=PSFS_INTERVAL_DAYS) if points else today
    return FunctionTrend(
        points=points,
        baseline=baseline,
        latest=last,
        change=_round(last - baseline) if last is not None and baseline is not None else None,
        next_due=next_due,
    )


def function_change(trend: FunctionTrend) -> Change | None:
    """A rise (or fall) of the mean PSFS score by 2 points from the first rating, if any."""
    if trend.baseline is None or trend.latest is None or len(trend.points) < 2:
        return None
    base, now = trend.baseline, trend.latest
    if now - base >= PSFS_MCID_POINTS:
        text = (
            f"The activities you chose have gone from {_num(base)} to {_num(now)} out of 10: "
            "a real gain in what your back lets you do."
        )
    elif base - now >= PSFS_MCID_POINTS:
        text = (
            f"The activities you chose have gone from {_num(base)} down to {_num(now)} out of "
            "10. If that goes on, talk to a clinician."
        )
    else:
        return None
    return Change(
        measure=Measure.FUNCTION, improved=now > base, baseline=base, current=now, text=text
    )


# --- All together -------------------------------------------------------------------------------


def summarise(
    sessions: Sequence[SessionRecord],
    ratings: Sequence[FunctionRating],
    targets: Sequence[Target],
    today: date,
) -> ProgressSummary:
    """Everything the progress view shows, as of `today`."""
    readings = everyday_pain(r for r in sessions if r.plan.day <= today)
    pain = pain_trend(readings)
    function = function_trend([r for r in ratings if r.day <= today], today)
    kept = adherence(sessions, targets, today)
    changes = [c for c in (pain_change(pain), function_change(function)) if c is not None]
    notes: list[str] = []
    severe = severe_pain(readings, today)
    if not sessions:
        notes.append(NO_SESSIONS_NOTE)
    elif severe is not None:
        notes.append(severe)
    elif not changes:
        notes.append(KEEP_GOING_NOTE)
    if function.next_due <= today:
        notes.append(RERATE_NOTE if function.points else FIRST_RATING_NOTE)
    return ProgressSummary(
        today=today,
        sessions=session_points(sessions),
        pain=pain,
        function=function,
        adherence=kept,
        streaks=streaks(sessions, kept.weeks, today),
        changes=changes,
        see_clinician=sustained_rise(readings, today),
        notes=notes,
    )


def withhold(summary: ProgressSummary) -> ProgressSummary:
    """The summary for a person the screening sends to a clinician first: no targets, no invitation.

    Past sessions, pain and function stay (they are what happened, and useful to the clinician);
    every week plans nothing (no session, no day of stretches), so nothing reads as missed and no
    streak asks for more; the notes
    that invite a session or a rating of what the exercises change give way to one saying why
    there are no targets (severe-pain advice stays).
    """
    weeks = [
        w.model_copy(update={"planned_sessions": 0, "planned_stretch_days": 0, "met": False})
        for w in summary.adherence.weeks
    ]
    this_week = weeks[-1] if summary.adherence.this_week is not None else None
    kept = Adherence(
        weeks=weeks,
        this_week=this_week,
        recent_weeks=0,
        recent_planned=0,
        recent_done=0,
        recent_percent=None,
    )
    notes = [WITHHELD_NOTE] + [note for note in summary.notes if note not in _EXERCISE_NOTES]
    return summary.model_copy(
        update={
            "adherence": kept,
            "streaks": summary.streaks.model_copy(update={"weeks": 0, "best_weeks": 0}),
            "notes": notes,
            "plan_withheld": True,
        }
    )


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _num(value: float) -> str:
    """1.0 as '1', 2.5 as '2.5': the way a person says a score."""
    rounded = round(value, 1)
    return str(int(rounded)) if rounded == int(rounded) else str(rounded)


__all__ = [
    "LEVEL_READINGS",
    "PAIN_AT_REST",
    "PAIN_AT_REST_WHEN",
    "PAIN_MCID_FRACTION",
    "PAIN_MCID_MIN_POINTS",
    "PAIN_MCID_POINTS",
    "PSFS_INTERVAL_DAYS",
    "PSFS_MAX_ACTIVITIES",
    "PSFS_MCID_POINTS",
    "RECENT_WEEKS",
    "SEVERE_PAIN",
    "SUSTAINED_RISE_DAYS",
    "SUSTAINED_RISE_POINTS",
    "Adherence",
    "Change",
    "FunctionPoint",
    "FunctionRating",
    "FunctionTrend",
    "Measure",
    "PainTrend",
    "ProgressSummary",
    "SessionPoint",
    "Streaks",
    "Target",
    "WeekAdherence",
    "adherence",
    "counts",
    "everyday_pain",
    "function_change",
    "function_trend",
    "is_stretch",
    "pain_change",
    "pain_trend",
    "planned_days",
    "session_points",
    "severe_pain",
    "streaks",
    "strengthened",
    "stretch_days",
    "stretched",
    "summarise",
    "sustained_rise",
    "target_in_force",
    "week_start",
    "withhold",
]
