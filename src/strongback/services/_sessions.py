"""A session played in a player: started or resumed, and each set and resume step checked against
its timeline before it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from strongback.catalog import Catalog
from strongback.limits import MAX_SETS
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
)
from strongback.services._plans import ensure_plan_allowed, plan_for_day
from strongback.session_player import PAIN_STOP_LEVEL
from strongback.timeline import Timeline, build_timeline

if TYPE_CHECKING:
    from strongback.store import RecordedSet, Repository


@dataclass(frozen=True)
class ActiveSession:
    record: SessionRecord
    timeline: Timeline


class SessionClosed(ValueError):
    """The session is already finished: nothing more is recorded in it."""


class NotInPlan(ValueError):
    """A set names an exercise the session does not plan."""


class FieldRefused(ValueError):
    """A value that does not fit the session, with the name of the field it came in."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


def resume_or_start(
    repo: Repository,
    catalog: Catalog,
    now: datetime,
    source: SessionSource,
    pain_before: int | None,
) -> ActiveSession:
    """The unfinished session if there is one, else a new session of today's plan.

    Raises `ExerciseWithheld` (the screening asks for a clinician first), or `NoProfile`.
    """
    ensure_plan_allowed(repo)
    unfinished = repo.unfinished_session()
    if unfinished is not None:
        return ActiveSession(unfinished, build_timeline(unfinished.plan, catalog))
    plan = plan_for_day(repo, catalog, now.astimezone().date())
    record = repo.start_session(plan, source, now, pain_before=pain_before)
    return ActiveSession(record, build_timeline(plan, catalog))


def active_session(repo: Repository, catalog: Catalog) -> ActiveSession | None:
    """The unfinished session to resume, if any; `ExerciseWithheld` when it may not go on."""
    ensure_plan_allowed(repo)
    unfinished = repo.unfinished_session()
    if unfinished is None:
        return None
    return ActiveSession(unfinished, build_timeline(unfinished.plan, catalog))


def open_session(repo: Repository, session_id: int) -> SessionRecord:
    """The session, still in progress: `store.NotFound` or `SessionClosed` otherwise."""
    from strongback.store import NotFound

    session = repo.get_session(session_id)
    if session is None:
        raise NotFound(f"no session with id {session_id}")
    if session.status is not SessionStatus.IN_PROGRESS:
        raise SessionClosed(f"session {session_id} is already {session.status.value}")
    return session


def record_set(
    repo: Repository, catalog: Catalog, session_id: int, record: SetRecord
) -> RecordedSet:
    """Record one set a player ended, once (`Repository.save_set`), after every check.

    Raises `ExerciseWithheld`, `store.NotFound`, `SessionClosed`, `NotInPlan`, or `FieldRefused`
    when the set is not one of the session's timeline or breaks the pain rule.
    """
    ensure_plan_allowed(repo)
    session = open_session(repo, session_id)
    check_set(session, build_timeline(session.plan, catalog), record)
    return repo.save_set(session_id, record)


def check_set(session: SessionRecord, timeline: Timeline, record: SetRecord) -> None:
    """Raise unless `record` is a set the session's timeline asks for, and keeps the pain rule."""
    planned = [p.exercise_id for p in session.plan.exercises]
    if record.exercise_id not in planned:
        # A set of an exercise the plan does not hold would skew progression for good.
        raise NotInPlan(
            f"'{record.exercise_id}' is not in this session's plan ({', '.join(planned)})"
        )
    if record.set_number > MAX_SETS:
        raise FieldRefused(
            "set_number", f"a set number is at most {MAX_SETS} (got {record.set_number})"
        )
    keys = [s.set_key for s in timeline.steps if s.records_set and s.set_key is not None]
    numbers = sorted({n for e, n, _ in keys if e == record.exercise_id})
    if record.set_number not in numbers:
        raise FieldRefused(
            "set_number",
            f"{record.exercise_id} has {_count(len(numbers), 'set')} in this session, so set "
            f"{record.set_number} is not one of them",
        )
    sides = [s for e, n, s in keys if (e, n) == (record.exercise_id, record.set_number)]
    if record.side not in sides:
        recorded_as = " and ".join(s.value for s in dict.fromkeys(sides))
        raise FieldRefused(
            "side",
            f"set {record.set_number} of {record.exercise_id} is recorded as side {recorded_as}, "
            f"not {record.side.value}",
        )
    if (
        record.outcome is SetOutcome.DONE
        and record.pain is not None
        and record.pain >= PAIN_STOP_LEVEL
    ):
        raise FieldRefused(
            "outcome",
            f"a set with pain {record.pain} was stopped, not done: any pain during a session "
            "stops the exercise (send outcome 'stopped')",
        )


def set_resume_step(repo: Repository, catalog: Catalog, session_id: int, step: int) -> None:
    """Remember where the session resumes: a step of its timeline (`FieldRefused` otherwise)."""
    session = open_session(repo, session_id)
    steps = len(build_timeline(session.plan, catalog))
    if not 0 <= step < steps:
        raise FieldRefused(
            "step",
            f"this session's timeline has steps 0 to {steps - 1}, so there is no step {step}",
        )
    repo.set_resume_step(session_id, step)


def _count(value: int, unit: str) -> str:
    return f"{value} {unit}{'s' if value != 1 else ''}"


def finish_session(
    repo: Repository,
    session_id: int,
    status: SessionStatus,
    ended_at: datetime,
    feedback: SessionFeedback,
) -> SessionStatus:
    """Finish a session as `status`, except that one with no set done is stored as ended early.

    Played to the end is not enough: a session whose every set was skipped or stopped did not
    happen as planned, and history, adherence and progression must not count it as done. Returns
    the status stored. Raises `store.NotFound` for an unknown session.
    """
    from strongback.store import NotFound

    session = repo.get_session(session_id)
    if session is None:
        raise NotFound(f"no session with id {session_id}")
    if status is SessionStatus.COMPLETED and not any(
        s.outcome is SetOutcome.DONE for s in session.sets
    ):
        status = SessionStatus.ENDED_EARLY
    repo.finish_session(session_id, status, ended_at, feedback)
    return status
