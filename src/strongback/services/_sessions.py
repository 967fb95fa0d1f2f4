"""A session played in a player: started or resumed, and each set and resume step checked against
its timeline before it is stored."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from strongback.catalog import Catalog
from strongback.days import BeforeStart, NotYetHappened, check_during
from strongback.limits import MAX_SETS
from strongback.plan import stretches_only
from strongback.progression import FlareLevel
from strongback.records import (
    NotFound,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.services._check_in import flare_level
from strongback.services._plans import ensure_plan_allowed, plan_for_day
from strongback.services._rest_day import rest_day
from strongback.session_player import (
    PAIN_STOP_LEVEL,
    PainReport,
    last_pain_report,
    pain_ends_session,
    stopped_for_pain,
)
from strongback.timeline import Step, Timeline, build_timeline

if TYPE_CHECKING:
    from strongback.store import RecordedSet, Repository


# How much longer than planned a hold may be recorded: a person may hold a breath past the count,
# but a 10-second hold recorded as a minute is a client's mistake that would move the dose on.
HOLD_TOLERANCE = 1.5


@dataclass(frozen=True)
class ActiveSession:
    """A session to play: its record, its timeline, and the person's flare level for its pain
    (`flare_level`), from which a pain stop advises ending the session."""

    record: SessionRecord
    timeline: Timeline
    flare_level: FlareLevel

    @property
    def pain_stopped(self) -> list[int]:
        """Exercise indices (in the timeline) this session stopped for pain, by the sets stored
        with pain at the stop level: no player enters them again, whatever key is pressed."""
        return sorted(self.timeline.exercise_indices(stopped_for_pain(self.record.sets)))

    @property
    def start_step(self) -> int:
        """The step a player starts (or resumes) at: the stored resume step, but never before the
        step after the last recorded set, since the process may have died between writing the
        set and writing its resume step, and never inside an exercise stopped for pain (it is
        passed over, at worst to the done step). Every player starts here, so none replays a
        set or goes back into what hurt."""
        recorded = [s.key for s in self.record.sets]
        start = max(self.record.resume_step, self.timeline.after_recorded(recorded))
        start = min(start, len(self.timeline) - 1)
        return self.timeline.playable_from(start, self.pain_stopped)

    @property
    def advised_stop(self) -> PainReport | None:
        """The pain stop a player shows again on resuming, before anything plays: the session's
        last pain report (`last_pain_report`) when it was strong or spreading, so that ending the
        session stays the default (`pain_ends_session` at the person's `flare_level`), as it was
        when the session was left; the person may still go on. None otherwise."""
        report = last_pain_report(self.record.sets)
        if report is None or not pain_ends_session(report, self.flare_level.lowest):
            return None
        names = (
            s.exercise_name for s in self.timeline.steps if s.exercise_id == report.exercise_id
        )
        return report.model_copy(update={"exercise_name": next(names, None)})


class NothingToStretch(ValueError):
    """Pain before the session is at a flare's level and today's plan has no stretches: no
    strengthening on a flaring back, so there is nothing to play today."""


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
    """The unfinished session if there is one, else a new session of today's plan: with
    `pain_before` at the person's flare level (`flare_level`), its stretches only
    (`plan.stretches_only`), as the terminal player offers; the person chose that before asking.
    On a day the person stopped for a flare (`rest_day`), its stretches only, whatever the pain.

    Raises `ExerciseWithheld` (the screening asks for a clinician first), `NoProfile`, or
    `NothingToStretch` (a flare, or a day stopped for one, and today's plan has no stretches).
    """
    ensure_plan_allowed(repo)
    unfinished = repo.unfinished_session()
    if unfinished is not None:
        return _active(repo, unfinished, catalog)
    plan = plan_for_day(repo, catalog, now.astimezone().date())
    level = flare_level(repo, plan.day)
    rested = rest_day(repo, plan.day)
    if pain_before is not None and level.is_flare(pain_before) and plan.exercises:
        stretches = stretches_only(plan, pain_before)
        if stretches is None:
            usual = "" if level.usual is None else f" for your usual {level.usual}/10"
            raise NothingToStretch(
                f"your back is at {pain_before}/10, a flare (from {level.lowest}/10{usual}), and "
                "today's plan has no stretches: no strengthening on a flaring back, so stop for "
                "today and rest"
            )
        plan = stretches
    elif rested is not None:
        after = rested.plan_after(plan)
        if after is None:
            raise NothingToStretch(
                f"you stopped for today at {rested.pain}/10, a flare, and today's plan has no "
                "stretches: no strengthening on a flaring back today"
            )
        plan = after
    record = repo.start_session(plan, source, now, pain_before=pain_before)
    return ActiveSession(record, build_timeline(plan, catalog), level)


def _active(repo: Repository, record: SessionRecord, catalog: Catalog) -> ActiveSession:
    """`record` to play, with the person's flare level for its day."""
    return ActiveSession(
        record, build_timeline(record.plan, catalog), flare_level(repo, record.plan.day)
    )


def active_session(repo: Repository, catalog: Catalog) -> ActiveSession | None:
    """The unfinished session to resume, if any; `ExerciseWithheld` when it may not go on."""
    ensure_plan_allowed(repo)
    unfinished = repo.unfinished_session()
    if unfinished is None:
        return None
    return _active(repo, unfinished, catalog)


def open_session(repo: Repository, session_id: int) -> SessionRecord:
    """The session, still in progress: `NotFound` or `SessionClosed` otherwise."""
    session = repo.get_session(session_id)
    if session is None:
        raise NotFound(f"no session with id {session_id}")
    if session.status is not SessionStatus.IN_PROGRESS:
        raise SessionClosed(f"session {session_id} is already {session.status.value}")
    return session


def record_set(
    repo: Repository,
    catalog: Catalog,
    session_id: int,
    record: SetRecord,
    *,
    now: datetime | None = None,
) -> RecordedSet:
    """Record one set a player ended, once (`Repository.save_set`), after every check.

    Raises `ExerciseWithheld`, `NotFound`, `SessionClosed`, `NotInPlan`, or `FieldRefused`
    when the set is not one of the session's timeline, could not have been done as sent, or breaks
    the pain rule. `now` is this machine's clock unless given.
    """
    ensure_plan_allowed(repo)
    session = open_session(repo, session_id)
    check_set(session, build_timeline(session.plan, catalog), record, now=now)
    return repo.save_set(session_id, record)


def check_set(
    session: SessionRecord,
    timeline: Timeline,
    record: SetRecord,
    *,
    now: datetime | None = None,
) -> None:
    """Raise unless `record` is a set the session's timeline asks for, ended while the session
    ran (up to `now`, this machine's clock unless given), holds no more than its set asks, and
    keeps the pain rule."""
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
    try:
        check_during(record.ended_at, session.started_at, now or datetime.now(UTC))
    except (BeforeStart, NotYetHappened) as error:
        raise FieldRefused("ended_at", str(error)) from None
    _check_dose(record, [s for s in timeline.steps if s.set_key == record.key])
    if (
        record.outcome is not SetOutcome.STOPPED
        and record.pain is not None
        and record.pain >= PAIN_STOP_LEVEL
    ):
        raise FieldRefused(
            "outcome",
            f"a set with pain {record.pain} was stopped, not {record.outcome.value}: any pain "
            "during a session stops the exercise (send outcome 'stopped')",
        )


def _check_dose(record: SetRecord, steps: list[Step]) -> None:
    """Refuse more reps, or a longer hold, than the set's steps ask for: stored as done, they
    would tell progression that a dose nobody did was easy."""
    reps = max((s.reps for s in steps if s.reps is not None), default=None)
    if record.reps_done is not None and reps is not None and record.reps_done > reps:
        raise FieldRefused(
            "reps_done",
            f"set {record.set_number} of {record.exercise_id} asks for {_count(reps, 'rep')}"
            f"{' a side' if record.side is Side.BOTH and _alternates(steps) else ''}, "
            f"so {record.reps_done} cannot have been done",
        )
    hold = max((s.hold_seconds for s in steps if s.hold_seconds is not None), default=None)
    held = record.hold_seconds_done
    if held is None:
        return
    if hold is None:
        raise FieldRefused(
            "hold_seconds_done",
            f"{record.exercise_id} is not held in this session: send no hold_seconds_done",
        )
    longest = hold * HOLD_TOLERANCE
    if held > longest:
        raise FieldRefused(
            "hold_seconds_done",
            f"set {record.set_number} of {record.exercise_id} holds for {hold:g} seconds, so a "
            f"hold of {held:g} seconds is more than it can record (at most {longest:g})",
        )


def _alternates(steps: list[Step]) -> bool:
    return any(s.side is not None and s.side is not Side.BOTH for s in steps)


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
    the status stored. Raises `NotFound` for an unknown session.
    """
    session = repo.get_session(session_id)
    if session is None:
        raise NotFound(f"no session with id {session_id}")
    if status is SessionStatus.COMPLETED and not any(
        s.outcome is SetOutcome.DONE for s in session.sets
    ):
        status = SessionStatus.ENDED_EARLY
    repo.finish_session(session_id, status, ended_at, feedback)
    return status
