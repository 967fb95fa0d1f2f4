"""A day stopped for a flare before anything played: recorded, so that its pain counts, and read
back, so that `strongback start` and the Today page say so and offer the stretches alone.

Both players ask how the back is before a session; at the person's flare level (`flare_level`)
they offer the stretches only or "Stop for today". Stopping is stored as a session of its own,
`SessionStatus.RESTED`: no exercise planned, no set, and the reading as `pain_before`. So the
flare steps the plan back and the usual pain is judged as with any reading before a session,
while adherence, streaks and "today's session is done" never count it (nothing was done), and
history shows the day as rested. For the rest of that day the players offer only the day's
stretches: strengthening was declined for a flare, and a calmer reading later the same day does
not undo a flare either (`progression.pain_flare_for_day`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from strongback.plan import DayKind, SessionPlan, stretches_only
from strongback.records import SessionFeedback, SessionRecord, SessionSource, SessionStatus
from strongback.services._check_in import FLARE_ADVICE, flare_level
from strongback.services._plans import current_profile, ensure_plan_allowed

if TYPE_CHECKING:
    from strongback.store import Repository

#: Said when the day has no stretches to offer after a stop for today.
NOTHING_MORE_TODAY = "Today's plan has no stretches, so there is nothing more to play today."
#: Looking for the same stop and storing it are one step for the web server's threads, or a
#: double click's two requests could both find nothing and both store it.
_ONE_STOP_AT_A_TIME = threading.Lock()


class SessionUnfinished(ValueError):
    """A session is in progress: it is resumed or ended first, not replaced by a day of rest."""


class NotAFlare(ValueError):
    """A pain below the person's flare level today: no reason to stop for today, in words."""


@dataclass(frozen=True)
class RestDay:
    """A day the person stopped for a flare before starting: the record that says so (the
    latest, when they stopped more than once)."""

    record: SessionRecord

    @property
    def pain(self) -> int:
        pain = self.record.feedback.pain_before
        assert pain is not None, "a rested day is stored with its reading"
        return pain

    @property
    def day(self) -> date:
        return self.record.plan.day

    @property
    def words(self) -> str:
        """What the day's views say first: "You stopped for today at 10:32, with your back at
        7/10." The advice follows (`advice`)."""
        at = self.record.started_at.astimezone().strftime("%H:%M")
        return f"You stopped for today at {at}, with your back at {self.pain}/10."

    def words_on(self, today: date) -> str:
        """`words` as read on `today`: a stop on an earlier day is named by its day ("You
        stopped on Saturday 21 November at 10:32, ..."), since "for today" is no longer true."""
        if self.day == today:
            return self.words
        at = self.record.started_at.astimezone().strftime("%H:%M")
        when = f"{self.day:%A} {self.day.day} {self.day:%B}"
        return f"You stopped on {when} at {at} for a flare, with your back at {self.pain}/10."

    def as_json(self, today: date) -> dict[str, Any]:
        """The stop as the plan's JSON gives it (`strongback plan --json` and the plan API)."""
        return {
            "at": self.record.started_at.isoformat(),
            "pain": self.pain,
            "words": self.words_on(today),
        }

    @property
    def advice(self) -> str:
        """The care after a flare, worded once (`FLARE_ADVICE`, with the emergency signs)."""
        return FLARE_ADVICE

    def plan_after(self, plan: SessionPlan) -> SessionPlan | None:
        """What may still be played today of `plan`, the day's plan: its stretches alone, as a
        stretching day that says why; None when it has none (`NOTHING_MORE_TODAY`). A day with
        nothing planned stays as it is."""
        if not plan.exercises:
            return plan
        stretches = stretches_only(plan, self.pain)
        if stretches is None:
            return None
        note = f"Stretches only: you stopped for the day at {self.pain}/10, a flare."
        return stretches.model_copy(update={"notes": [*plan.notes, note]})

    def shown(self, plan: SessionPlan) -> SessionPlan:
        """`plan`, the day's plan, as every view shows it after the stop: its stretches alone
        (`plan_after`), or, with none, an emptied rest day."""
        after = self.plan_after(plan)
        if after is not None:
            return after
        return plan.model_copy(
            update={"kind": DayKind.REST, "exercises": [], "estimated_seconds": 0, "changes": []}
        )

    def offer(self, after: SessionPlan | None) -> str:
        """What is still offered today, `after` being `plan_after`'s answer."""
        if after is None:
            return NOTHING_MORE_TODAY
        if not after.exercises:
            return "Nothing is planned for today."
        return "If you feel up to it, today's stretches are still there; no strengthening today."


@dataclass(frozen=True)
class StoppedForToday:
    """A stop for today as stored, and whether this call stored it (False: the same reading was
    stored already today, by a repeated request or a second stop)."""

    rest: RestDay
    added: bool

    @property
    def words(self) -> str:
        """What both players say on stopping, after the flare's care they showed already."""
        return (
            f"Saved: you stopped for today with your back at {self.rest.pain}/10, and your plan "
            "steps back for now. Keep gently active: a gentle walk is welcome."
        )


def stop_for_today(
    repo: Repository, pain: int, now: datetime, source: SessionSource
) -> StoppedForToday:
    """Record that the person stopped for today at `pain`, before a session (`now`), for a flare:
    a `RESTED` session of the day, with `pain` as its pain before and nothing planned.

    The same reading again the same day adds nothing (`added` False); another reading is another
    stop. Raises `NoProfile`, `ExerciseWithheld` (the screening calls for a clinician first: the
    referral is what to say, not a flare's care), `SessionUnfinished`, or `NotAFlare` for a pain
    below the person's flare level today, which is no reason to stop the day's session.
    """
    profile = current_profile(repo).profile
    ensure_plan_allowed(repo)
    day = now.astimezone().date()
    level = flare_level(repo, day)
    if not level.is_flare(pain):
        usual = "" if level.usual is None else f" for your usual {level.usual}/10"
        raise NotAFlare(
            f"{pain}/10 is below your flare level today ({level.lowest}/10{usual}): stopping "
            "for today is recorded for a flare only"
        )
    with _ONE_STOP_AT_A_TIME:
        if repo.unfinished_session() is not None:
            raise SessionUnfinished(
                "a session is in progress: resume it, or end it, before stopping for today"
            )
        earlier = rest_day(repo, day)
        if earlier is not None and earlier.pain == pain:
            return StoppedForToday(earlier, added=False)
        plan = SessionPlan(
            day=day,
            kind=DayKind.REST,
            exercises=[],
            estimated_seconds=0,
            minutes_budget=profile.minutes,
            notes=[f"Stopped for today: your back was at {pain}/10, a flare."],
        )
        stored = repo.add_finished_session(
            plan,
            source,
            now,
            [],
            now,
            SessionFeedback(pain_before=pain),
            status=SessionStatus.RESTED,
        )
    return StoppedForToday(RestDay(stored), added=True)


def rest_day(repo: Repository, day: date) -> RestDay | None:
    """The person's latest stop for a flare on `day`, if they stopped that day."""
    return rest_days(repo, [day]).get(day)


def rest_days_of(
    repo: Repository, plans: Iterable[SessionPlan], today: date
) -> dict[date, RestDay]:
    """The days of `plans` stopped for a flare, as every view of a plan reads them: a stop is
    stored as it happens, so only a day up to today can have one, and a day with nothing planned
    has nothing to cut."""
    days = [p.day for p in plans if p.day <= today and p.exercises and not p.before_start]
    return rest_days(repo, days)


def rest_days(repo: Repository, days: Iterable[date]) -> dict[date, RestDay]:
    """The latest stop for a flare on each of `days` that has one, from one read of the
    history (a week's view asks for seven days)."""
    wanted = set(days)
    found: dict[date, RestDay] = {}
    for record in repo.sessions():  # oldest first, so the latest stop of a day wins
        if record.status is SessionStatus.RESTED and record.plan.day in wanted:
            found[record.plan.day] = RestDay(record)
    return found


__all__ = [
    "NOTHING_MORE_TODAY",
    "NotAFlare",
    "RestDay",
    "SessionUnfinished",
    "StoppedForToday",
    "rest_day",
    "rest_days",
    "rest_days_of",
    "stop_for_today",
]
