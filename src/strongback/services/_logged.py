"""A session done away from the computer, recorded afterwards so the history stays honest: the one
use case behind `strongback log`, the web's log page and POST /api/v1/sessions/logged.

The exercises are named (with their doses, or the catalog's) or taken from the day's plan; the
session is stored like a played one (source `log`, completed, one record per set), so
progression, progress and the export treat it alike. Refusals are typed and worded without
naming an option or a form field, so each adapter says them its own way; nothing is stored when
one is raised.

The same log sent twice (a double click, a command run again) is refused as `AlreadyLogged`,
not stored as a second session: see `log_session`.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Final, Literal

from pydantic import ValidationError

from strongback.catalog import Catalog, Dosage, Exercise
from strongback.days import recorded_at
from strongback.limits import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS
from strongback.planner import plan_of_exercises
from strongback.records import SessionFeedback, SessionRecord, SessionSource, SetRecord
from strongback.services._plans import (
    LeftOut,
    current_profile,
    ensure_plan_allowed,
    left_out_for,
    plan_for_day,
)
from strongback.services._record_day import check_record_day

if TYPE_CHECKING:
    from strongback.plan import SessionPlan
    from strongback.store import Repository

#: What to log instead of a list of exercises: the day's plan, as it was planned.
PLANNED: Final[Literal["planned"]] = "planned"
#: The plan's note on a session of named exercises, when the adapter gives none of its own.
LOGGED_NOTE = "Logged afterwards."

#: How long after a session of today is logged an identical log is taken for the same one sent
#: again rather than a second session done the same day.
REPEAT_WINDOW = timedelta(minutes=5)
#: Looking for a repeat and storing are one step for the web server's threads, or a double
#: click's two requests could both find nothing and both store.
_ONE_LOG_AT_A_TIME = threading.Lock()

_DOSE_LIMITS = {"sets": MAX_SETS, "reps": MAX_REPS, "hold_seconds": MAX_HOLD_SECONDS}
_DOSE_WORDS = {"sets": "sets", "reps": "reps", "hold_seconds": "a hold"}


@dataclass(frozen=True)
class DoneExercise:
    """An exercise the person did: its id, name or alias, and any part of the dose that differs
    from the catalog's (None: the catalog's)."""

    name: str
    sets: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None


@dataclass(frozen=True)
class LoggedSession:
    """The session as stored, and each exercise in it that the person's conditions leave out of
    their plan: what was done is recorded as it was, but never in silence."""

    session: SessionRecord
    left_out: list[tuple[Exercise, LeftOut]] = field(default_factory=list)


class LogRefused(ValueError):
    """Nothing was recorded, and why in plain words.

    `field` is what is at fault ("exercise", "sets", "reps", "hold_seconds", "exercises"), or None
    for the session as a whole; `index` is the exercise's place (0 first) among those given, when
    one of them is at fault.
    """

    def __init__(self, reason: str, field: str | None = None, index: int | None = None) -> None:
        self.reason = reason
        self.field = field
        self.index = index
        super().__init__(reason)


class UnknownExercise(LogRefused):
    """No exercise in the catalog goes by this name; `suggestions` are the closest ones."""

    def __init__(self, name: str, suggestions: list[Exercise], index: int) -> None:
        self.name = name
        self.suggestions = suggestions
        ids = [e.id for e in suggestions]
        hint = f"; did you mean {' or '.join(ids)}?" if ids else ""
        super().__init__(f"no exercise {name!r} in the catalog{hint}", "exercise", index)


class DoseRefused(LogRefused):
    """A dose outside what a set may hold, with the limits in words: 'sets must be from 1 to 10
    (got 11)', or a hold for an exercise done in reps. `field` is the part of the dose at fault
    (sets, reps, hold_seconds)."""


class NothingToLog(LogRefused):
    """No exercise was named, or the day's plan has none."""


class AlreadyLogged(LogRefused):
    """The same session was logged a moment ago (same day, exercises, doses and answers), so
    this one is taken for it sent twice; `session` is the one stored."""

    def __init__(self, session: SessionRecord) -> None:
        self.session = session
        super().__init__(
            f"that session is already logged (session {session.id}), with the same exercises, "
            "doses and answers, so it was not recorded twice"
        )


def log_session(
    repo: Repository,
    catalog: Catalog,
    day: date,
    done: Sequence[DoneExercise] | Literal["planned"],
    feedback: SessionFeedback,
    *,
    note: str = LOGGED_NOTE,
    now: datetime | None = None,
    again: bool = False,
) -> LoggedSession:
    """Record, as one finished session on `day`, the exercises `done` (or `PLANNED`: the day's
    plan) with the person's `feedback`; `note` goes in the plan of named exercises.

    Nothing is recorded without the safety screening, as with a played session: `NoProfile`
    before any answers, `ExerciseWithheld` (a `planner.PlanWithheld`) when the answers, screened
    with today's rules, call for a clinician first. Then the day (`RecordDayRefused`: in the
    future, or long before the set-up) and what was done (`LogRefused` and its kinds). `now` is
    this machine's clock (an aware time; tests pass their own).

    `AlreadyLogged` refuses the same session logged again: a log of today identical to one that
    ended within `REPEAT_WINDOW` (a log of today ends as it is recorded), or a log of an earlier
    day identical to the session stored last (no time is kept of when it was recorded). Same
    means the same day, exercises, doses and answers. `again` records it all the same, for a
    session done twice.
    """
    now = (now or datetime.now()).astimezone()
    if not isinstance(done, str) and not done:
        raise NothingToLog("name at least one exercise you did, or log the day's plan", "exercises")
    current_profile(repo)
    ensure_plan_allowed(repo)
    check_record_day(repo, day, now.date())
    if isinstance(done, str):
        plan = _planned(repo, catalog, day)
    else:
        plan = _plan_of(catalog, done, day, note)
    started, ended = _session_times(day, plan.estimated_seconds, now)
    with _ONE_LOG_AT_A_TIME:
        repeated = None if again else _same_log(repo.sessions(), plan, feedback, now)
        if repeated is not None:
            raise AlreadyLogged(repeated)
        # One transaction: a session stored in steps (start, sets, finish) and cut off half-way
        # would stay unfinished, and the players would offer to resume a logged session.
        try:
            stored = repo.add_finished_session(
                plan, SessionSource.LOG, started, _sets(plan, ended), ended, feedback
            )
        except ValueError as refused:
            raise LogRefused(str(refused)) from None
    left_out = [
        (exercise, LeftOut(exercise, conditions))
        for exercise in (catalog.get(p.exercise_id) for p in plan.exercises)
        if exercise is not None and (conditions := left_out_for(repo, exercise))
    ]
    return LoggedSession(stored, left_out)


def _same_log(
    sessions: Sequence[SessionRecord], plan: SessionPlan, feedback: SessionFeedback, now: datetime
) -> SessionRecord | None:
    """The session this log repeats, if any (see `log_session`)."""
    if plan.day == now.date():
        recent = [
            s
            for s in sessions
            if s.ended_at is not None and timedelta(0) <= now - s.ended_at <= REPEAT_WINDOW
        ]
    else:
        stored = [s for s in sessions if s.id is not None]
        recent = [max(stored, key=lambda s: s.id or 0)] if stored else []
    for session in reversed(recent):
        if (
            session.source is SessionSource.LOG
            and session.plan.day == plan.day
            and _doses(session.plan) == _doses(plan)
            and _answers(session.feedback) == _answers(feedback)
        ):
            return session
    return None


def _doses(plan: SessionPlan) -> dict[str, Dosage]:
    return {p.exercise_id: p.dosage for p in plan.exercises}


def _answers(feedback: SessionFeedback) -> tuple[object, ...]:
    """The answers a log gives (the next day's comes later, and may have come since)."""
    return (feedback.pain_before, feedback.pain_after, feedback.difficulty)


def _planned(repo: Repository, catalog: Catalog, day: date) -> SessionPlan:
    plan = plan_for_day(repo, catalog, day)
    if not plan.exercises:
        raise NothingToLog(
            f"the plan for {day} has no exercises: name the ones you did", "exercises"
        )
    return plan


def _plan_of(catalog: Catalog, done: Sequence[DoneExercise], day: date, note: str) -> SessionPlan:
    chosen, problems = _chosen(catalog, done)
    if problems:
        raise problems[0]
    return plan_of_exercises(chosen, day, catalog, note)


def log_problems(catalog: Catalog, done: Sequence[DoneExercise]) -> list[LogRefused]:
    """Everything wrong with the exercises `done`, each with its field and place, in the order
    given: `log_session` refuses the first; a form shows each beside its field at once."""
    return _chosen(catalog, done)[1]


def _chosen(
    catalog: Catalog, done: Sequence[DoneExercise]
) -> tuple[list[tuple[Exercise, Dosage]], list[LogRefused]]:
    """Each exercise `done` with its dose, and every refusal met on the way."""
    chosen: list[tuple[Exercise, Dosage]] = []
    problems: list[LogRefused] = []
    seen: set[str] = set()
    for index, item in enumerate(done):
        wanted = item.name.strip()
        found = catalog.find(wanted)
        if found is None:
            problems.append(UnknownExercise(wanted, catalog.suggest(wanted, limit=3), index))
            continue
        if found.id in seen:
            problems.append(
                LogRefused(
                    f"{found.name} is named twice: name it once, with all the sets you did",
                    "exercise",
                    index,
                )
            )
        seen.add(found.id)
        dosage, dose_problems = _dosage(found, item, index)
        problems.extend(dose_problems)
        if dosage is not None:
            chosen.append((found, dosage))
    return chosen, problems


def _dosage(
    exercise: Exercise, item: DoneExercise, index: int
) -> tuple[Dosage | None, list[DoseRefused]]:
    """The catalog's dose with what the person gave instead, or what is wrong with it (each part
    at fault); `is None`, not `or`: a written 0 is a dose to refuse, not a dose left out. A hold
    is refused for an exercise the catalog has done in reps (no `hold_seconds`); reps are taken
    for every exercise, a held one's counting its holds."""
    problems: list[DoseRefused] = []
    if item.hold_seconds is not None and exercise.dosage.hold_seconds is None:
        # Stored, it would put in the history a hold nobody is asked for, which a played set may
        # not record either (services._sessions): refused, not quietly dropped, so that nothing
        # typed is lost without a word.
        problems.append(
            DoseRefused(
                f"{exercise.name} is done in reps, not held, so it takes no seconds held: give "
                "its sets and reps only",
                "hold_seconds",
                index,
            )
        )
    changes = {"sets": item.sets, "reps": item.reps, "hold_seconds": item.hold_seconds}
    base = exercise.dosage.model_dump()
    try:
        dosage = Dosage.model_validate(base | {k: v for k, v in changes.items() if v is not None})
    except ValidationError as error:
        problems.extend(
            DoseRefused(reason, name, index)
            for name, reason in map(_dose_problem, error.errors(include_url=False))
            if not any(p.field == name for p in problems)
        )
        return None, problems
    return (None, problems) if problems else (dosage, [])


def _dose_problem(first: Any) -> tuple[str, str]:
    """One of pydantic's complaints about a dose, in the dose's own words: 'sets must be from 1
    to 10 (got 11)' rather than 'Input should be less than or equal to 10'."""
    name = str(first["loc"][0]) if first["loc"] else ""
    what = _DOSE_WORDS.get(name, name or "the dose")
    if name in _DOSE_LIMITS and first["type"] in ("greater_than_equal", "less_than_equal"):
        unit = " seconds" if name == "hold_seconds" else ""
        return name, f"{what} must be from 1 to {_DOSE_LIMITS[name]}{unit} (got {first['input']})"
    message: str = first["msg"]
    return name, f"{what}: {message[0].lower()}{message[1:]}"


def _session_times(day: date, seconds: int, now: datetime) -> tuple[datetime, datetime]:
    """When the logged session started and ended: today it ended just now (it is logged after it
    was done), never later, and began no earlier than midnight; an earlier day's is placed at
    noon (`days.recorded_at`), which keeps its date in any time zone."""
    length = timedelta(seconds=seconds)
    if day != now.date():
        started = recorded_at(day, now)
        return started, started + length
    midnight = datetime.combine(day, datetime.min.time()).astimezone()
    return max(now - length, midnight), now


def _sets(plan: SessionPlan, ended: datetime) -> list[SetRecord]:
    """Every planned set, done as planned: a log says what was done, not how each set went."""
    return [
        SetRecord(
            exercise_id=p.exercise_id,
            set_number=number,
            reps_done=p.dosage.reps,
            hold_seconds_done=p.dosage.hold_seconds,
            ended_at=ended,
        )
        for p in plan.exercises
        for number in range(1, p.dosage.sets + 1)
    ]


__all__ = [
    "LOGGED_NOTE",
    "PLANNED",
    "REPEAT_WINDOW",
    "AlreadyLogged",
    "DoneExercise",
    "DoseRefused",
    "LogRefused",
    "LoggedSession",
    "NothingToLog",
    "UnknownExercise",
    "log_problems",
    "log_session",
]
