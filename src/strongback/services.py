"""Use cases shared by the command line and the web app: the core's functions fed from the store.

Each function takes an open `Repository` and returns core objects, so `strongback plan`, `strongback
start` and the web pages build the same plan from the same data in one way, and `strongback coach`
and the browser's camera page save a coached set in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from strongback.catalog import Catalog, Exercise
from strongback.plan import SessionPlan, WeekPlan
from strongback.planner import build_session, build_week, plan_of_exercises, week_start
from strongback.progress import FunctionRating, ProgressSummary, Target, summarise
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetRecord,
)
from strongback.timeline import Step, Timeline, build_timeline

if TYPE_CHECKING:
    from strongback.coach import CoachSummary
    from strongback.store import Repository, StoredProfile


class NoProfile(LookupError):
    """Nobody has answered the setup questions yet."""

    def __init__(self) -> None:
        super().__init__("no profile yet: answer the setup questions first")


def current_profile(repo: Repository) -> StoredProfile:
    stored = repo.current_profile()
    if stored is None:
        raise NoProfile
    return stored


def plan_for_day(repo: Repository, catalog: Catalog, day: date) -> SessionPlan:
    """The session for `day`, progressed from every recorded session.

    Raises `NoProfile`, or `planner.PlanWithheld` when the screening calls for a clinician first.
    """
    stored = current_profile(repo)
    return build_session(
        stored.profile, stored.screening, day, catalog=catalog, history=repo.sessions()
    )


def plan_for_week(repo: Repository, catalog: Catalog, day: date) -> WeekPlan:
    """The week (Monday to Sunday) that holds `day`."""
    stored = current_profile(repo)
    return build_week(
        stored.profile, stored.screening, week_start(day), catalog=catalog, history=repo.sessions()
    )


@dataclass(frozen=True)
class ActiveSession:
    record: SessionRecord
    timeline: Timeline


def resume_or_start(
    repo: Repository,
    catalog: Catalog,
    now: datetime,
    source: SessionSource,
    pain_before: int | None,
) -> ActiveSession:
    """The unfinished session if there is one, else a new session of today's plan."""
    unfinished = repo.unfinished_session()
    if unfinished is not None:
        return ActiveSession(unfinished, build_timeline(unfinished.plan, catalog))
    plan = plan_for_day(repo, catalog, now.astimezone().date())
    record = repo.start_session(plan, source, now, pain_before=pain_before)
    return ActiveSession(record, build_timeline(plan, catalog))


def active_session(repo: Repository, catalog: Catalog) -> ActiveSession | None:
    unfinished = repo.unfinished_session()
    if unfinished is None:
        return None
    return ActiveSession(unfinished, build_timeline(unfinished.plan, catalog))


def progress_summary(repo: Repository, today: date) -> ProgressSummary:
    """Everything the progress views show, from the stored sessions, PSFS ratings and profiles."""
    ratings = [
        FunctionRating(day=p.recorded_at.astimezone().date(), activity=p.activity, score=p.score)
        for p in repo.psfs_scores()
    ]
    # Adherence is measured against the days per week the person had chosen at the time.
    targets = [
        Target(since=p.created_at.astimezone().date(), days_per_week=p.profile.days_per_week)
        for p in repo.profile_history()
    ]
    return summarise(repo.sessions(), ratings, targets, today)


# --- A set coached by the camera -------------------------------------------------------------

NOTHING_COACHED = "Nothing was counted, so nothing was saved."
SAVED_AS_PRACTICE = "Saved to your history as practice: it is not a set of today's session."


class SessionClosed(ValueError):
    """The session a coached set was meant for is already finished."""


class NotInPlan(ValueError):
    """The session a coached set was meant for does not plan that exercise."""


@dataclass(frozen=True)
class CoachedSetSaved:
    session_id: int
    set: SetRecord
    own_session: bool  # True when the set became a one-exercise session of its own

    @property
    def message(self) -> str:
        if self.own_session:
            return SAVED_AS_PRACTICE
        return f"Saved as set {self.set.set_number} of today's session."


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

    Players go through a session in order, so a camera set joins one only as the set it is on,
    the next one due: never ahead of it, which would skip what comes before. That session is the
    one named by `session_id` (the player sent the person to the camera; the call raises
    `store.NotFound`, `SessionClosed` or `NotInPlan` for a wrong one), else today's unfinished
    session, else today's plan, started now with `source` when its first set is this exercise.
    Any other set is practice: a finished one-exercise session of its own, in history but
    neither the day's session nor a step of the exercise's dose.
    """
    # The coach's pure part and the store load only when a set is saved.
    from strongback.store import NotFound

    if summary.reps == 0 and not summary.holds:
        return None
    today = now.astimezone().date()  # the person's own day, as every record is dated
    if session_id is not None:
        session = repo.get_session(session_id)
        if session is None:
            raise NotFound(f"no session with id {session_id}")
        if session.status is not SessionStatus.IN_PROGRESS:
            raise SessionClosed(f"session {session_id} is already {session.status.value}")
        if not _plans(session, exercise.id):
            planned = ", ".join(p.exercise_id for p in session.plan.exercises)
            raise NotInPlan(f"'{exercise.id}' is not in this session's plan ({planned})")
    else:
        session = repo.unfinished_session()
        if session is not None and session.plan.day != today:
            session = None  # an old session left open is not today's
        elif session is None:
            session = _start_today_for(repo, catalog, exercise, now, source)
    if session is not None:
        joined = _join_as_next_set(repo, catalog, session, exercise, summary, now)
        if joined is not None:
            return joined
    return _practice(repo, catalog, exercise, summary, now)


def _next_set_due(session: SessionRecord, timeline: Timeline) -> Step | None:
    """The step that ends the next set a player will ask for, from where it resumes."""
    recorded = {(s.exercise_id, s.set_number, s.side) for s in session.sets}
    for step in timeline.steps[session.resume_step :]:
        if step.records_set and step.set_key not in recorded:
            return step
    return None


def _join_as_next_set(
    repo: Repository,
    catalog: Catalog,
    session: SessionRecord,
    exercise: Exercise,
    summary: CoachSummary,
    now: datetime,
) -> CoachedSetSaved | None:
    from strongback.coach import set_record

    timeline = build_timeline(session.plan, catalog)
    due = _next_set_due(session, timeline)
    if due is None or due.exercise_id != exercise.id or session.id is None:
        return None
    key = due.set_key
    assert key is not None  # a step that records a set belongs to one
    _, number, side = key
    record = set_record(exercise.id, summary, set_number=number, side=side, ended_at=now)
    repo.record_set(session.id, record, resume_step=timeline.after_recorded([key]))
    return CoachedSetSaved(session.id, record, own_session=False)


def _practice(
    repo: Repository, catalog: Catalog, exercise: Exercise, summary: CoachSummary, now: datetime
) -> CoachedSetSaved:
    from strongback.coach import set_record

    plan = plan_of_exercises(
        [(exercise, exercise.dosage.model_copy(update={"sets": 1}))],
        now.astimezone().date(),
        catalog,
        "Coached by the camera.",
    )
    # The set began with the camera's first frame, so history shows how long it took.
    started = repo.start_session(
        plan, SessionSource.CAMERA, now - timedelta(seconds=summary.seconds)
    )
    assert started.id is not None  # the store gives every new session an id
    record = set_record(exercise.id, summary, set_number=1, ended_at=now)
    repo.record_set(started.id, record)
    repo.finish_session(started.id, SessionStatus.COMPLETED, now, SessionFeedback())
    return CoachedSetSaved(started.id, record, own_session=True)


def _start_today_for(
    repo: Repository, catalog: Catalog, exercise: Exercise, now: datetime, source: SessionSource
) -> SessionRecord | None:
    """Today's planned session, started now, when its first set is this exercise and the day's
    session was not done yet: the set is then the session's first, and players go on from it."""
    from strongback.planner import PlanWithheld

    today = now.astimezone().date()
    if any(r.plan.day == today and not r.camera_practice for r in repo.sessions()):
        return None  # today's session was already done (or logged); this is extra practice
    try:
        plan = plan_for_day(repo, catalog, today)
    except (NoProfile, PlanWithheld):
        return None
    first = next((s for s in build_timeline(plan, catalog).steps if s.records_set), None)
    if first is None or first.exercise_id != exercise.id:
        return None
    return repo.start_session(plan, source, now)


def _plans(session: SessionRecord, exercise_id: str) -> bool:
    return any(p.exercise_id == exercise_id for p in session.plan.exercises)
