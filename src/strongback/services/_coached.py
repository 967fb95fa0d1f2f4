"""Where a set the camera coached is saved: the next set due of a session, or practice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from strongback.catalog import Catalog, Exercise
from strongback.coached_set import CoachSummary, set_record
from strongback.plan import SessionPlan
from strongback.planner import plan_of_exercises
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetRecord,
    Side,
)
from strongback.services._plans import (
    NoProfile,
    ensure_may_coach,
    plan_for_day,
)
from strongback.services._sessions import NotInPlan, open_session
from strongback.timeline import Step, Timeline, build_timeline

if TYPE_CHECKING:
    from strongback.store import Repository


NOTHING_COACHED = "Nothing was counted, so nothing was saved."
NOT_TODAYS = "it is not a set of today's session"
TODAY_DONE = "today's session is already done"
#: After a stop for a flare today: a camera set never starts the day's strengthening session.
STOPPED_TODAY = "you stopped today's session for a flare"
SAVED_AS_PRACTICE = f"Saved to your history as practice: {NOT_TODAYS}."
#: How each player goes on with the session a camera set joined.
RESUME_IN_TERMINAL = "Run strongback start to go on with it."
RESUME_IN_BROWSER = "Open today's session to go on with it."


def practice_message(reason: str) -> str:
    """What a camera set saved as practice says: 'Saved ... as practice: <reason>.'"""
    return f"Saved to your history as practice: {reason}."


@dataclass(frozen=True)
class CoachedSetSaved:
    session_id: int
    set: SetRecord
    own_session: bool  # True when the set became a one-exercise session of its own
    why_practice: str = NOT_TODAYS  # for practice: why it did not join a session
    session_day: date | None = None  # the day of the session it joined

    @property
    def message(self) -> str:
        """What happened, with the terminal's way to go on (`strongback coach` prints this)."""
        return self.message_for(RESUME_IN_TERMINAL)

    def message_for(self, resume: str) -> str:
        """What happened; for a set that joined a session, then how to go on with it: the
        sentence `resume` (`RESUME_IN_TERMINAL` or `RESUME_IN_BROWSER`)."""
        if self.own_session:
            return practice_message(self.why_practice)
        side = self.set.side
        which = "" if side is Side.BOTH else f" ({side.value} side)"
        today = self.set.ended_at.astimezone().date()
        whose = (
            "today's session"
            if self.session_day in (None, today)
            else f"your session of {self.session_day}"
        )
        return f"Saved as set {self.set.set_number}{which} of {whose}. {resume}"


def record_coached_set(
    repo: Repository,
    catalog: Catalog,
    exercise: Exercise,
    summary: CoachSummary,
    now: datetime,
    *,
    session_id: int | None = None,
    source: SessionSource = SessionSource.PLAYER,
) -> CoachedSetSaved | None:
    """Save a set the camera coached where the person will look for it; None if nothing counted.

    Nothing is saved for someone the screening sends to a clinician: `ExerciseWithheld`, as for
    any other set. Players go through a session in order, so a camera set joins one only as the
    set it is on, the next one due: never ahead of it, which would skip what comes before. That
    session is the one named by `session_id` (the player sent the person to the camera; the call
    raises `store.NotFound`, `SessionClosed` or `NotInPlan` for a wrong one), else today's
    unfinished session, else today's plan, started now with `source` when its first set is this
    exercise. Any other set is practice: a finished one-exercise session of its own, in history
    but neither the day's session nor a step of the dose; its message says why.
    """
    ensure_may_coach(repo, exercise)
    if summary.reps == 0 and not summary.holds:
        return None
    today = now.astimezone().date()  # the person's own day, as every record is dated
    session: SessionRecord | None
    why = NOT_TODAYS
    if session_id is not None:
        session = open_session(repo, session_id)
        if not _plans(session, exercise.id):
            planned = ", ".join(p.exercise_id for p in session.plan.exercises)
            raise NotInPlan(f"'{exercise.id}' is not in this session's plan ({planned})")
    else:
        session = repo.unfinished_session()
        if session is not None and session.plan.day != today:
            session = None  # an old session left open is not today's
        elif session is None:
            session, why = _start_today_for(repo, catalog, exercise, now, source)
    if session is not None:
        joined = _join_as_next_set(repo, catalog, session, exercise, summary, now)
        if isinstance(joined, CoachedSetSaved):
            return joined
        why = joined
    return _practice(repo, catalog, exercise, summary, now, why)


def _sets_left(session: SessionRecord, timeline: Timeline) -> list[Step]:
    """The steps that end the sets a player will still ask for, in order, from where it resumes:
    the first is the next set due."""
    recorded = {s.key for s in session.sets}
    return [
        step
        for step in timeline.steps[session.resume_step :]
        if step.records_set and step.set_key not in recorded
    ]


def _join_as_next_set(
    repo: Repository,
    catalog: Catalog,
    session: SessionRecord,
    exercise: Exercise,
    summary: CoachSummary,
    now: datetime,
) -> CoachedSetSaved | str:
    """The set saved as the session's next set due, or why it is not that set."""
    if not _plans(session, exercise.id):
        return NOT_TODAYS
    timeline = build_timeline(session.plan, catalog)
    left = _sets_left(session, timeline)
    if not left:
        return "every set of today's session is already recorded"
    due = left[0]
    if due.exercise_id != exercise.id or session.id is None:
        return _not_due(exercise, due, left)
    key = due.set_key
    assert key is not None  # a step that records a set belongs to one
    _, number, side = key
    record = set_record(exercise.id, summary, set_number=number, side=side, ended_at=now)
    repo.record_set(session.id, record, resume_step=timeline.after_recorded([key]))
    return CoachedSetSaved(session.id, record, own_session=False, session_day=session.plan.day)


def _not_due(exercise: Exercise, due: Step, left: list[Step]) -> str:
    """Why a set of an exercise the session plans is not the one due now (`left`: the sets the
    session still asks for)."""
    if all(step.exercise_id != exercise.id for step in left):
        return f"every set of {exercise.name} in today's session is already recorded"
    return f"it is not the next set due ({due.exercise_name or due.exercise_id} comes first)"


def _practice(
    repo: Repository,
    catalog: Catalog,
    exercise: Exercise,
    summary: CoachSummary,
    now: datetime,
    why: str,
) -> CoachedSetSaved:
    plan = plan_of_exercises(
        [(exercise, exercise.dosage.model_copy(update={"sets": 1}))],
        now.astimezone().date(),
        catalog,
        "Coached by the camera.",
    )
    # The set began with the camera's first frame, so history shows how long it took.
    record = set_record(exercise.id, summary, set_number=1, ended_at=now)
    stored = repo.add_finished_session(
        plan,
        SessionSource.CAMERA,
        now - timedelta(seconds=summary.seconds),
        [record],
        now,
        SessionFeedback(),
    )
    assert stored.id is not None  # the store gives every new session an id
    return CoachedSetSaved(stored.id, record, own_session=True, why_practice=why)


def _start_today_for(
    repo: Repository, catalog: Catalog, exercise: Exercise, now: datetime, source: SessionSource
) -> tuple[SessionRecord | None, str]:
    """Today's planned session, started now, when its first set is this exercise and the day's
    session was not done yet: the set is then the session's first, and players go on from it.
    Otherwise None, and why the set is not a set of today's session."""
    today = now.astimezone().date()
    todays = [r for r in repo.sessions() if r.plan.day == today and not r.camera_practice]
    if any(r.status is not SessionStatus.RESTED for r in todays):
        return None, TODAY_DONE  # today's session was done (or logged); this is extra practice
    if todays:
        return None, STOPPED_TODAY
    try:
        plan = plan_for_day(repo, catalog, today)
    except NoProfile:
        return None, NOT_TODAYS
    if not _plans_any(plan, exercise.id):
        return None, NOT_TODAYS
    first = next((s for s in build_timeline(plan, catalog).steps if s.records_set), None)
    if first is None:
        return None, NOT_TODAYS
    if first.exercise_id != exercise.id:
        name = first.exercise_name or first.exercise_id
        return None, f"it is not the next set due ({name} comes first)"
    return repo.start_session(plan, source, now), NOT_TODAYS


def _plans(session: SessionRecord, exercise_id: str) -> bool:
    return _plans_any(session.plan, exercise_id)


def _plans_any(plan: SessionPlan, exercise_id: str) -> bool:
    return any(p.exercise_id == exercise_id for p in plan.exercises)
