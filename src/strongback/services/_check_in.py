"""Pain after the fact: the next day's check (which session it is for, and when it may be
recorded), and the person's flare level every command and page reads pain against."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from strongback import EMERGENCY_ADVICE, progression
from strongback.days import recorded_at
from strongback.progression import FlareLevel
from strongback.records import (
    NotFound,
    SessionRecord,
    SessionStatus,
)
from strongback.rules.progression import default_progression_rules

if TYPE_CHECKING:
    from strongback.store import Repository


#: How many days after its session a check-in found without naming the session may come.
CHECK_IN_WINDOW_DAYS = 2


def flare_pain() -> int:
    """The progression rules' flare level (`rules/progression.yaml`): the flare level of anyone
    whose usual pain is not known yet. A person's own pain is read against `flare_level`."""
    return default_progression_rules().thresholds.flare_pain


def flare_level(repo: Repository, day: date) -> FlareLevel:
    """The person's flare level for the pain of a session on `day`, before, during, after it or
    the day after: a clear rise above their usual pain before that day, or severe pain; the
    rules' level alone until their usual pain is known (`progression.flare_level`). Every view
    reads pain against it (`FlareLevel.is_flare`), so what the commands and pages say about
    pain and what the next plan does with it never disagree."""
    return progression.flare_level(repo.sessions(), default_progression_rules(), day)


#: What every view says once a flare is recorded (pain the next day, or after a logged session,
#: at the person's `flare_level` or above): the plan steps back from that moment, in the terminal
#: as in the browser, and the advice about pain is worded once so no view says less of it.
#: Staying gently active, not resting it all, is the guidance for low back pain (NICE NG59); and
#: since it may be the only pain text a page shows then, it ends with the emergency signs, worded
#: once with the safety notice.
FLARE_CARE = (
    "That is a flare: your plan steps back for now. Keep gently active and ease off anything "
    "that makes the pain worse, and stop an exercise that hurts. If the pain stays high or "
    "spreads, see a doctor or physiotherapist."
)
FLARE_ADVICE = f"{FLARE_CARE} {EMERGENCY_ADVICE}"


def flare_advice(repo: Repository, day: date, pain: int | None) -> str | None:
    """`FLARE_ADVICE` when `pain`, given about a session of `day` (after it, or the day after),
    is a flare at the person's flare level for that day (`flare_level`); else None. What both
    players say after a session, so neither says less of it. Only `FLARE_CARE` is the view's to
    use instead, where the emergency signs were just given."""
    if pain is None or not flare_level(repo, day).is_flare(pain):
        return None
    return FLARE_ADVICE


def check_in_subject(session: SessionRecord, today: date) -> str:
    """What a check-in is about, as every view words it after "the day after" or "after":
    "yesterday's session", "Friday's session" within the week, "your session on 2026-11-02"
    before; a day stopped for a flare before anything played is a "stop for a flare"."""
    what = "stop for a flare" if session.status is SessionStatus.RESTED else "session"
    day = session.plan.day
    ago = (today - day).days
    if ago == 1:
        return f"yesterday's {what}"
    if 1 < ago < 7:
        return f"{day:%A}'s {what}"
    return f"your {what} on {day}"


def flare_steps_plan_back(repo: Repository, session: SessionRecord, pain: int, today: date) -> bool:
    """Whether `pain`, just recorded for `session` (its next-day answer, or the pain after a
    session logged afterwards), is a flare the plan steps back from: a flare at the person's
    flare level for that session (`flare_level`), with a flare still going for today's plan
    (`progression.pain_flare_for_day`). What a view says after a check-in or a log
    (`FLARE_ADVICE`: "your plan steps back for now") asks this, so it never promises what the
    plan does not do.

    An answer given now is the latest reading (`record_next_day_pain` keeps when it was given),
    so when it is a flare, the flare goes on; a session logged for an earlier day may have been
    followed by a calmer reading, which ended it."""
    history = repo.sessions()
    rules = default_progression_rules()
    if not progression.flare_level(history, rules, session.plan.day).is_flare(pain):
        return False
    return progression.pain_flare_for_day(history, rules, today) is not None


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
    days just before (`CHECK_IN_WINDOW_DAYS`); `CheckInRefused` says why there is none.

    A day stopped for a flare before anything played (`SessionStatus.RESTED`) takes a check-in
    too: how the back is the day after says whether the flare has calmed, and a calmer answer
    ends it. On a day that also had a session, the session takes it (the latest, whenever the
    stop came), since the answer says something of its exercises as well."""
    earlier = sorted(
        (
            s
            for s in sessions
            if s.plan.day < day
            and s.status is not SessionStatus.IN_PROGRESS
            and not s.camera_practice
        ),
        # Stable: of one day's, the latest last, and a day's stop for a flare before its sessions.
        key=lambda s: (s.plan.day, s.status is not SessionStatus.RESTED),
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
    repo: Repository,
    pain: int,
    day: date,
    today: date,
    session_id: int | None = None,
    *,
    now: datetime | None = None,
) -> SessionRecord:
    """Record the pain of the day after a session, checked in on `day`: for the named session
    (`NotFound` if there is none), else the one `session_for_check_in` finds. Raises
    `CheckInRefused` when the session cannot take it (see `check_in_allowed`). The session comes
    back as it was before the check-in.

    The answer is kept with when it was given (`now`, the clock's by default; noon for a check-in
    dated an earlier day, `days.recorded_at`): given days late, after later sessions, it is still
    the latest reading, so a flare it starts is not ended by their calmer readings."""
    if session_id is None:
        target = session_for_check_in(repo.sessions(), day, today)
    else:
        found = repo.get_session(session_id)
        if found is None:
            raise NotFound(f"no session with id {session_id}")
        target = found
    check_in_allowed(target, day, today)
    assert target.id is not None  # a stored session has its id
    repo.set_next_day_pain(target.id, pain, at=recorded_at(day, _now(now)))
    return target


def answer_check_in(
    repo: Repository, session_id: int, pain: int, today: date, *, now: datetime | None = None
) -> SessionRecord:
    """Record the answer to a check-in that asked about session `session_id` (the Today card),
    for that session: a card shown at 23:59 and answered after midnight must not give its answer
    to whichever session a new lookup would find.

    Raises `CheckInRefused` when the session can no longer take it: it is gone, it may not take a
    check-in today (`check_in_allowed`), it is now beyond the check-in window, or it has another
    answer already (sent from another window; the same answer again is taken, as a double
    click). The session comes back as it was before the check-in.
    """
    found = repo.get_session(session_id)
    if found is None:
        raise CheckInRefused(f"session {session_id} is no longer in your history")
    check_in_allowed(found, today, today)
    held = found.plan.day
    if (today - held).days > CHECK_IN_WINDOW_DAYS:
        raise CheckInRefused(
            f"session {session_id} was on {held}; the check-in is for the day after a session"
        )
    answered = found.feedback.next_day_pain
    if answered is not None and answered != pain:
        raise CheckInRefused(
            f"the day after session {session_id} already has an answer, {answered}/10"
        )
    repo.set_next_day_pain(session_id, pain, at=recorded_at(today, _now(now)))
    return found


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now()).astimezone()


def _day_words(day: date, today: date) -> str:
    return "tomorrow" if day == today + timedelta(days=1) else f"on {day} or later"
