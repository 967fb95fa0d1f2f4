"""Use cases shared by the command line and the web app: the core's functions fed from the store.

Each function takes an open `Repository` and returns core objects, so `strongback plan`, `strongback
start` and the web pages build the same plan from the same data in one way, and `strongback coach`
and the browser's camera page save a coached set in one place. The rules that go with them live
here once too: `ensure_plan_allowed` (no session, set or camera set while the screening calls for
a clinician), the sets and resume steps a session's timeline takes, and when a next-day pain
check may be recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from strongback.catalog import Catalog, Exercise
from strongback.limits import MAX_SETS
from strongback.plan import SessionPlan, WeekPlan
from strongback.planner import (
    PlanWithheld,
    build_session,
    build_week,
    check_plan_allowed,
    plan_of_exercises,
    week_start,
)
from strongback.progress import FunctionRating, ProgressSummary, Target, summarise
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.session_player import PAIN_STOP_LEVEL
from strongback.timeline import Step, Timeline, build_timeline

if TYPE_CHECKING:
    from strongback.coach import CoachSummary
    from strongback.store import RecordedSet, Repository, StoredProfile


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


# --- The safety gate -----------------------------------------------------------------------------


class ExerciseWithheld(PlanWithheld):
    """The saved answers call for a clinician first: no session, set or camera check until then.

    A `PlanWithheld` (so whatever catches a withheld plan catches it), raised by
    `ensure_plan_allowed` for the things a plan would lead to: a session started or resumed, a set
    recorded, a camera set saved. It carries the referral: `screening` and `reasons`.
    """


def ensure_plan_allowed(repo: Repository) -> None:
    """Raise `ExerciseWithheld` when the current answers withhold a plan; nothing otherwise.

    The planner's own gate (`planner.check_plan_allowed`, the one `strongback log` applies), so a
    session started before a red flag was saved cannot be resumed or added to afterwards. Without
    a profile there is nothing to screen: recording needs none.
    """
    stored = repo.current_profile()
    if stored is None:
        return
    try:
        check_plan_allowed(stored.profile, stored.screening)
    except PlanWithheld as withheld:
        raise ExerciseWithheld(withheld.screening, withheld.reasons) from None


# --- A session played in a player ----------------------------------------------------------------


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


# --- The next day's pain check -------------------------------------------------------------------

#: How many days after its session a check-in found without naming the session may come.
CHECK_IN_WINDOW_DAYS = 2


class CheckInRefused(ValueError):
    """A next-day pain check that cannot be recorded, in words. `latest` is the session it
    would have been for when only the check-in window stood in the way (naming it records it)."""

    def __init__(self, message: str, latest: SessionRecord | None = None) -> None:
        self.latest = latest
        super().__init__(message)


def check_in_allowed(session: SessionRecord, day: date, today: date) -> None:
    """Raise `CheckInRefused` unless `session` takes a next-day pain check on `day`: it must be
    finished (completed or ended early), a day's session rather than camera practice, and the
    check-in on a later day than the session's."""
    name = f"session {session.id}"
    if session.status is SessionStatus.IN_PROGRESS:
        raise CheckInRefused(
            f"{name} is still in progress: the check-in is for the day after a finished session"
        )
    if session.camera_practice:
        raise CheckInRefused(
            f"{name} is a camera practice set, which the plan does not follow: check in for "
            "the day's session instead"
        )
    held = session.plan.day
    if day <= held:
        when = "today" if held == today else f"on {held}"
        raise CheckInRefused(
            f"{name} was {when}: the check-in is for how your back feels the day after, so "
            f"check in {_day_words(held + timedelta(days=1), today)}"
        )


def session_for_check_in(sessions: list[SessionRecord], day: date, today: date) -> SessionRecord:
    """The session a check-in on `day` is for, when none is named: the latest finished one on the
    days just before (`CHECK_IN_WINDOW_DAYS`); `CheckInRefused` says why there is none."""
    earlier = sorted(
        (
            s
            for s in sessions
            if s.plan.day < day
            and s.status is not SessionStatus.IN_PROGRESS
            and not s.camera_practice
        ),
        key=lambda s: s.plan.day,
    )
    too_long = not earlier or (day - earlier[-1].plan.day).days > CHECK_IN_WINDOW_DAYS
    if too_long and any(s.plan.day == day and not s.camera_practice for s in sessions):
        # The README's order: do a session, then check in the day after it.
        when = "today" if day == today else f"on {day}"
        raise CheckInRefused(
            f"your last session was {when}: check in "
            f"{_day_words(day + timedelta(days=1), today)} with how your back feels"
        )
    if not earlier:
        before = "today" if day == today else str(day)
        raise CheckInRefused(f"there is no session before {before} to check in for; do one first")
    latest = earlier[-1]
    if too_long:
        raise CheckInRefused(
            f"your latest session was on {latest.plan.day}; the check-in is for the day after a "
            "session",
            latest=latest,
        )
    return latest


def record_next_day_pain(
    repo: Repository, pain: int, day: date, today: date, session_id: int | None = None
) -> SessionRecord:
    """Record the pain of the day after a session, checked in on `day`: for the named session
    (`store.NotFound` if there is none), else the one `session_for_check_in` finds. Raises
    `CheckInRefused` when the session cannot take it (see `check_in_allowed`). The session comes
    back as it was before the check-in."""
    from strongback.store import NotFound

    if session_id is None:
        target = session_for_check_in(repo.sessions(), day, today)
    else:
        found = repo.get_session(session_id)
        if found is None:
            raise NotFound(f"no session with id {session_id}")
        target = found
    check_in_allowed(target, day, today)
    assert target.id is not None  # a stored session has its id
    repo.set_next_day_pain(target.id, pain)
    return target


def _day_words(day: date, today: date) -> str:
    return "tomorrow" if day == today + timedelta(days=1) else f"on {day} or later"


# --- Progress ------------------------------------------------------------------------------------


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
NOT_TODAYS = "it is not a set of today's session"
TODAY_DONE = "today's session is already done"
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
    ensure_plan_allowed(repo)
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
) -> CoachedSetSaved | str:
    """The set saved as the session's next set due, or why it is not that set."""
    from strongback.coach import set_record

    if not _plans(session, exercise.id):
        return NOT_TODAYS
    timeline = build_timeline(session.plan, catalog)
    due = _next_set_due(session, timeline)
    if due is None:
        return "every set of today's session is already recorded"
    if due.exercise_id != exercise.id or session.id is None:
        return _not_due(session, timeline, exercise, due)
    key = due.set_key
    assert key is not None  # a step that records a set belongs to one
    _, number, side = key
    record = set_record(exercise.id, summary, set_number=number, side=side, ended_at=now)
    repo.record_set(session.id, record, resume_step=timeline.after_recorded([key]))
    return CoachedSetSaved(session.id, record, own_session=False, session_day=session.plan.day)


def _not_due(session: SessionRecord, timeline: Timeline, exercise: Exercise, due: Step) -> str:
    """Why a set of an exercise the session plans is not the one due now."""
    recorded = {(s.exercise_id, s.set_number, s.side) for s in session.sets}
    left = [
        s
        for s in timeline.steps[session.resume_step :]
        if s.records_set and s.exercise_id == exercise.id and s.set_key not in recorded
    ]
    if not left:
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
    return CoachedSetSaved(started.id, record, own_session=True, why_practice=why)


def _start_today_for(
    repo: Repository, catalog: Catalog, exercise: Exercise, now: datetime, source: SessionSource
) -> tuple[SessionRecord | None, str]:
    """Today's planned session, started now, when its first set is this exercise and the day's
    session was not done yet: the set is then the session's first, and players go on from it.
    Otherwise None, and why the set is not a set of today's session."""
    today = now.astimezone().date()
    if any(r.plan.day == today and not r.camera_practice for r in repo.sessions()):
        return None, TODAY_DONE  # today's session was done (or logged); this is extra practice
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


def _count(value: int, unit: str) -> str:
    return f"{value} {unit}{'s' if value != 1 else ''}"
