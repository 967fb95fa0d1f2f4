"""Which days and weeks were kept: sessions that count, stretch days, weekly adherence, streaks.

Private to `strongback.progress`, which re-exports every public name here and adds the pain and
function measures. Pure: sessions, targets and today's date in, values out.

* A session **counts** when it was completed or at least one set was done in it.
* A day has its **stretches done** only when a stretch was done that day (see `stretched`): a
  session of strengthening alone does not count.
* **Adherence** is per Monday-to-Sunday week, against what the planner planned for it (`Target`,
  from `planner.week_schedule`), not the days the person chose: strengthening sessions done
  against its strengthening days (a beginner who chose five is planned three, and asked for
  three), and days with the stretches done against its days with stretches. It is measured from
  the day of the first set-up: earlier weeks (sessions logged from before) plan nothing, and in
  the week of the set-up only the days from it on count, as the plan's week shows the days before
  as "before you started".
* **Streaks**: weeks in a row that met the plan, and days in a row with the stretches done. The
  week and the day under way break no streak before they are over.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from strongback._progress_models import (
    RECENT_WEEKS,
    Adherence,
    Streaks,
    Target,
    WeekAdherence,
)
from strongback.plan import DayKind, Phase, PlannedExercise
from strongback.records import SessionRecord, SessionStatus, SetOutcome

# --- Sessions that count --------------------------------------------------------------------------


def counts(record: SessionRecord) -> bool:
    """A session counts as done when it was completed or at least one set was done in it.

    A camera set outside the day's plan is practice, not the day's session: one three-rep set
    must not stand for a six-exercise day.
    """
    if record.camera_practice:
        return False
    if record.status is SessionStatus.COMPLETED:
        return True
    return any(s.outcome is SetOutcome.DONE for s in record.sets)


def is_stretch(planned: PlannedExercise) -> bool:
    """A stretch: planned in the stretch phase, or a stretching or mobility exercise by kind."""
    return planned.phase is Phase.STRETCH or planned.kind.stretches


def stretched(record: SessionRecord) -> bool:
    """The session counts and a stretch was done in it, so its day has its stretches done.

    A stretch was done when one of its sets is recorded as done. A completed session with no set
    recorded for any of its stretches (an import from before sets were kept) stands for them, as
    it does in `counts`; stretch sets that were all skipped or stopped do not.
    """
    if not counts(record):
        return False
    stretches = {p.exercise_id for p in record.plan.exercises if is_stretch(p)}
    if not stretches:
        return False
    recorded = [s for s in record.sets if s.exercise_id in stretches]
    if any(s.outcome is SetOutcome.DONE for s in recorded):
        return True
    return record.status is SessionStatus.COMPLETED and not recorded


def stretch_days(sessions: Iterable[SessionRecord], today: date) -> set[date]:
    """The days up to `today` with a stretch done."""
    return {r.plan.day for r in sessions if r.plan.day <= today and stretched(r)}


def strengthened(record: SessionRecord) -> bool:
    return record.plan.kind is DayKind.FULL or any(
        e.phase is Phase.STRENGTHEN for e in record.plan.exercises
    )


# --- Adherence ------------------------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def target_in_force(targets: Sequence[Target], week: date) -> Target | None:
    """The target in force for the week starting `week`: the latest set by the week's end.

    None for a week that ended before the first set-up: nothing was planned then, so its weeks
    are not missed sessions (sessions logged from then still show as done).
    """
    end = week + timedelta(days=6)
    current = sorted((t for t in targets if t.since <= end), key=lambda t: t.since)
    return current[-1] if current else None


def planned_days(targets: Sequence[Target], week: date) -> tuple[int, int]:
    """(strengthening sessions, days with stretches) the week starting `week` planned: the days of
    the target in force, from the first set-up on, since the days before it were never planned."""
    target = target_in_force(targets, week)
    if target is None:
        return 0, 0
    started = min(t.since for t in targets)
    days = [d for d in (week + timedelta(days=i) for i in range(7)) if d >= started]
    return (
        sum(1 for d in days if d.weekday() in target.strength_days),
        sum(1 for d in days if d.weekday() in target.stretch_days),
    )


def adherence(
    sessions: Sequence[SessionRecord], targets: Sequence[Target], today: date
) -> Adherence:
    done = [r for r in sessions if counts(r) and r.plan.day <= today]
    strength_days = {r.plan.day for r in done if strengthened(r)}
    stretched_days = stretch_days(done, today)
    starts = [t.since for t in targets] + [r.plan.day for r in done]
    weeks: list[WeekAdherence] = []
    if starts:
        week = week_start(min(starts))
        while week <= today:
            planned, planned_stretches = planned_days(targets, week)
            days = [week + timedelta(days=i) for i in range(7)]
            done_count = sum(1 for d in days if d in strength_days)
            weeks.append(
                WeekAdherence(
                    start=week,
                    planned_sessions=planned,
                    done_sessions=done_count,
                    planned_stretch_days=planned_stretches,
                    stretch_days=sum(1 for d in days if d in stretched_days),
                    met=planned > 0 and done_count >= planned,
                    complete=days[-1] < today,
                )
            )
            week += timedelta(days=7)
    # Only weeks with a plan are measured: the weeks before set-up asked for nothing.
    recent = [w for w in weeks[-RECENT_WEEKS:] if w.planned_sessions]
    planned_total = sum(w.planned_sessions for w in recent)
    done_total = sum(min(w.done_sessions, w.planned_sessions) for w in recent)
    return Adherence(
        weeks=weeks,
        this_week=weeks[-1] if weeks and weeks[-1].start == week_start(today) else None,
        recent_weeks=len(recent),
        recent_planned=planned_total,
        recent_done=done_total,
        recent_percent=round(100 * done_total / planned_total) if planned_total else None,
    )


# --- Streaks --------------------------------------------------------------------------------------


def streaks(
    sessions: Sequence[SessionRecord], weeks: Sequence[WeekAdherence], today: date
) -> Streaks:
    met = [w.met for w in weeks]
    # The week under way does not break a streak before it is over; it extends it once met.
    if weeks and not weeks[-1].complete and not weeks[-1].met:
        met = met[:-1]
    days = stretch_days(sessions, today)
    # Likewise today: a streak through yesterday still stands until today is over.
    day = today if today in days else today - timedelta(days=1)
    return Streaks(
        weeks=_trailing(met),
        best_weeks=_longest(met),
        days=_days_back(days, day),
        best_days=_longest_days(sorted(days)),
    )


def _trailing(flags: Sequence[bool]) -> int:
    count = 0
    for flag in reversed(flags):
        if not flag:
            break
        count += 1
    return count


def _longest(flags: Sequence[bool]) -> int:
    best = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        best = max(best, run)
    return best


def _days_back(days: set[date], day: date) -> int:
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def _longest_days(days: Sequence[date]) -> int:
    best = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best = max(best, run)
        previous = day
    return best


__all__ = [
    "adherence",
    "counts",
    "is_stretch",
    "planned_days",
    "streaks",
    "strengthened",
    "stretch_days",
    "stretched",
    "target_in_force",
    "week_start",
]
