"""Use cases shared by the command line and the web app: the core's functions fed from the store.

Each function takes an open `Repository` and returns core objects, so `strongback plan`, `strongback
start` and the web pages build the same plan from the same data in one way, and `strongback coach`
and the browser's camera page save a coached set in one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
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
from strongback.timeline import Timeline, build_timeline

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
            return "Saved to your history."
        return f"Saved as set {self.set.set_number} of today's session."


def record_coached_set(
    repo: Repository,
    catalog: Catalog,
    exercise: Exercise,
    summary: CoachSummary,
    now: datetime,
    *,
    session_id: int | None = None,
) -> CoachedSetSaved | None:
    """Save a set the camera coached where the person will look for it; None if nothing counted.

    With `session_id` the set joins that session (the player sent the person to the camera), or
    the call raises `store.NotFound`, `SessionClosed` or `NotInPlan`. Without it the set joins
    the unfinished session when that plans the exercise; with none unfinished, today's planned
    session, started for it, when that plans the exercise and was not done yet; else a finished
    one-exercise session of its own (practice outside the plan). History, progress and
    progression see it like any other set.
    """
    # The coach's pure part and the store load only when a set is saved.
    from strongback.coach import set_record
    from strongback.store import NotFound

    if summary.reps == 0 and not summary.holds:
        return None
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
        if session is None:
            session = _start_today_for(repo, catalog, exercise, now)
    if session is not None and session.id is not None and _plans(session, exercise.id):
        done = sum(1 for s in session.sets if s.exercise_id == exercise.id)
        record = set_record(exercise.id, summary, set_number=done + 1, ended_at=now)
        resume = _step_after(session, catalog, record)
        repo.record_set(session.id, record, resume_step=resume)
        return CoachedSetSaved(session.id, record, own_session=False)
    # The person's own day, as every other record is dated, not the UTC one.
    plan = plan_of_exercises(
        [(exercise, exercise.dosage.model_copy(update={"sets": 1}))],
        now.astimezone().date(),
        catalog,
        "Coached by the camera.",
    )
    started = repo.start_session(plan, SessionSource.CAMERA, now)
    assert started.id is not None  # the store gives every new session an id
    record = set_record(exercise.id, summary, set_number=1, ended_at=now)
    repo.record_set(started.id, record)
    repo.finish_session(started.id, SessionStatus.COMPLETED, now, SessionFeedback())
    return CoachedSetSaved(started.id, record, own_session=True)


def _start_today_for(
    repo: Repository, catalog: Catalog, exercise: Exercise, now: datetime
) -> SessionRecord | None:
    """Today's planned session, started now, when it plans the exercise and was not done yet.

    The set then counts as the first of the day's session, which the players resume after it,
    rather than as a session of its own that stands for the whole day.
    """
    from strongback.planner import PlanWithheld

    today = now.astimezone().date()
    if any(r.plan.day == today and not r.camera_practice for r in repo.sessions()):
        return None  # today's session was already done (or logged); this is extra practice
    try:
        plan = plan_for_day(repo, catalog, today)
    except (NoProfile, PlanWithheld):
        return None
    if not any(p.exercise_id == exercise.id for p in plan.exercises):
        return None
    return repo.start_session(plan, SessionSource.CAMERA, now)


def _plans(session: SessionRecord, exercise_id: str) -> bool:
    return any(p.exercise_id == exercise_id for p in session.plan.exercises)


def _step_after(session: SessionRecord, catalog: Catalog, record: SetRecord) -> int | None:
    """Where a player resumes once the camera did this set: after the set, so it is not asked
    for again; None (stay) when the player is already past it or the plan has no such set."""
    steps = build_timeline(session.plan, catalog).steps
    wanted = (record.exercise_id, record.set_number)
    ends = [s.index for s in steps if s.records_set and (s.exercise_id, s.set_number) == wanted]
    if not ends:
        return None
    after = min(ends[-1] + 1, len(steps) - 1)
    return after if after > session.resume_step else None
