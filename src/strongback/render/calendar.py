"""Reminders as an iCalendar file: planned sessions, the daily stretches and breaks from sitting.

Each planned day is its own event, describing that day's plan: exercises take turns from day to day
and week to week, so one weekly repeating event could only ever describe one of those days. The
breaks from sitting are the same every working day, so they repeat weekly (RFC 5545 RRULE with
BYDAY and UNTIL). Every event carries a DISPLAY alarm, so one import gives the person weeks of
reminders in any calendar app.

Times are *floating* local times (no TZID, no "Z"): "18:00" means 18:00 wherever the person is,
which is what an exercise reminder should do when they travel or the clocks change, and it avoids
shipping a VTIMEZONE that could disagree with the calendar app's own database. Only DTSTAMP, which
records when the file was made, is in UTC, as the standard requires.

UIDs are stable per planned day (and per break time), so importing a newer file updates the
events instead of duplicating them; SEQUENCE grows with the time the file was made for the same
reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from strongback import __version__
from strongback.plan import DayKind, SessionPlan, WeekPlan, dose_in_words
from strongback.planner import week_start

if TYPE_CHECKING:
    from icalendar import Alarm, Calendar

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WORKDAYS = WEEKDAYS[:5]
UID_DOMAIN = "strongback.local"
BREAK_EVERY = timedelta(hours=2)
BREAK_MINUTES = 5
SESSION_WARNING = timedelta(minutes=5)
MAX_WEEKS = 52
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)

SITTING_ADVICE = (
    "Time to get up from your chair: stand, stretch and move your joints for a few minutes. "
    "Breaking up long sitting at least every two hours eases the back."
)
SITTING_SOURCE = "6 Back Strengthening Exercises"


def parse_clock(text: str, option: str = "time") -> time:
    """'18:30' to a time; a clear error names the option and the expected form."""
    try:
        hours, minutes = text.strip().split(":")
        return time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(
            f"{option}: '{text}' is not a time; write it as HH:MM, e.g. 18:30"
        ) from None


@dataclass(frozen=True)
class WorkingHours:
    start: time
    end: time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(
                f"working hours must end after they start, not {self.start:%H:%M}-{self.end:%H:%M}"
            )

    @classmethod
    def parse(cls, text: str, option: str = "working hours") -> WorkingHours:
        """'09:00-17:30' to working hours."""
        start, sep, end = text.partition("-")
        if not sep:
            raise ValueError(f"{option}: '{text}' is not a range; write it as HH:MM-HH:MM")
        return cls(parse_clock(start, option), parse_clock(end, option))

    def breaks(self, every: timedelta = BREAK_EVERY) -> list[time]:
        """Every `every` after starting work, while still inside working hours."""
        day = date(2000, 1, 3)
        moment = datetime.combine(day, self.start) + every
        end = datetime.combine(day, self.end)
        times: list[time] = []
        while moment < end:
            times.append(moment.time())
            moment += every
        return times


@dataclass(frozen=True)
class ReminderOptions:
    at: time = time(18, 0)
    working_hours: WorkingHours | None = WorkingHours(time(9, 0), time(17, 0))
    weeks: int = 4

    def __post_init__(self) -> None:
        if not 1 <= self.weeks <= MAX_WEEKS:
            raise ValueError(f"weeks must be from 1 to {MAX_WEEKS}, not {self.weeks}")


def _first_on_or_after(day: date, weekdays: Sequence[str]) -> date:
    for offset in range(7):
        candidate = day + timedelta(days=offset)
        if WEEKDAYS[candidate.weekday()] in weekdays:
            return candidate
    raise ValueError("no weekday to repeat on")  # unreachable with a non-empty list


def planned_minutes(seconds: int) -> int:
    """A day's planned length as a person reads it: the nearest minute, at least one."""
    return max(1, (seconds + 30) // 60)


def weeks_to_plan(first_day: date, weeks: int) -> list[date]:
    """The Mondays of every plan week that `weeks` weeks of reminders from `first_day` touch: the
    weeks a caller plans (`services.plan_for_week`) and hands to `build_calendar`."""
    last_day = first_day + timedelta(weeks=weeks, days=-1)
    monday = week_start(first_day)
    mondays: list[date] = []
    while monday <= last_day:
        mondays.append(monday)
        monday += timedelta(weeks=1)
    return mondays


def _day_text(day: SessionPlan, made_on: date) -> str:
    """The day's own plan: its exercises and doses, then how the doses may still change."""
    lines = [f"{day.day:%A %d %B} (about {planned_minutes(day.estimated_seconds)} min):"]
    lines += [f"- {p.name}: {dose_in_words(p.dosage, p.sides)}" for p in day.exercises]
    first = (
        "Stretches first, then strengthening."
        if day.kind is DayKind.FULL
        else "A few gentle stretches keep the back supple between strengthening days."
    )
    return (
        f"Your strongback plan for this day. {first}\n\n"
        + "\n".join(lines)
        + f"\n\nDoses as planned on {made_on:%d %B %Y}: they move on as you record sessions, so "
        "`strongback start` on the day has that day's own."
    )


def _alarm(description: str, before: timedelta) -> Alarm:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", description)
    alarm.add("trigger", -before)
    return alarm


class _Builder:
    def __init__(self, options: ReminderOptions, first_day: date, now: datetime) -> None:
        from icalendar import Calendar

        self.options = options
        self.first_day = first_day
        self.until = datetime.combine(first_day + timedelta(weeks=options.weeks), time(0, 0))
        self.now = now.astimezone(UTC) if now.tzinfo else now.replace(tzinfo=UTC)
        self.sequence = max(0, int((self.now - _SEQUENCE_EPOCH).total_seconds() // 60))
        self.calendar: Calendar = Calendar()
        for key, value in (
            ("prodid", f"-//strongback//strongback {__version__}//EN"),
            ("version", "2.0"),
            ("calscale", "GREGORIAN"),
            ("method", "PUBLISH"),
            ("x-wr-calname", "strongback"),
            ("x-wr-caldesc", "Back exercise sessions, daily stretches and breaks from sitting."),
        ):
            self.calendar.add(key, value)

    def add(
        self,
        uid: str,
        summary: str,
        description: str,
        start: datetime,
        minutes: int,
        alarm_before: timedelta,
        busy: bool,
        weekly_on: Sequence[str] = (),
    ) -> None:
        """One event at `start`; with `weekly_on`, repeated weekly on those days until the
        reminders end."""
        from icalendar import Event

        event = Event()
        event.add("uid", f"{uid}@{UID_DOMAIN}")
        event.add("dtstamp", self.now)
        event.add("sequence", self.sequence)
        event.add("summary", summary)
        event.add("description", description)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=minutes))
        if weekly_on:
            event.add("rrule", {"freq": "weekly", "byday": list(weekly_on), "until": self.until})
        event.add("categories", ["strongback"])
        event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
        event.add_component(_alarm(summary, alarm_before))
        self.calendar.add_component(event)


def _days(plans: WeekPlan | Sequence[WeekPlan], first_day: date, weeks: int) -> list[SessionPlan]:
    """The planned days the reminders cover, in order; an error when the plans leave one out."""
    given = {
        d.day: d for week in ([plans] if isinstance(plans, WeekPlan) else plans) for d in week.days
    }
    wanted = [first_day + timedelta(days=offset) for offset in range(weeks * 7)]
    missing = [day for day in wanted if day not in given]
    if missing:
        mondays = ", ".join(map(str, weeks_to_plan(first_day, weeks)))
        raise ValueError(
            f"the plans do not cover {missing[0]:%a %d %b %Y}: reminders from {first_day} for "
            f"{weeks} weeks need the weeks starting {mondays}"
        )
    return [given[day] for day in wanted]


def build_calendar(
    plans: WeekPlan | Sequence[WeekPlan],
    options: ReminderOptions = ReminderOptions(),
    *,
    now: datetime,
    first_day: date | None = None,
) -> Calendar:
    """The reminders for `options.weeks` weeks from `first_day` (today, `now`'s date, by default).

    `plans` must hold every day of that span (`weeks_to_plan` names the weeks): each session and
    stretching day gets an event of its own, describing that day's plan.
    """
    from strongback import SAFETY_NOTICE

    # `now` is the person's local time: reminders start from today, not from a past Monday.
    first = first_day if first_day is not None else now.date()
    builder = _Builder(options, first, now)
    for day in _days(plans, first, options.weeks):
        if day.kind is DayKind.REST or not day.exercises:
            continue
        minutes = planned_minutes(day.estimated_seconds)
        full = day.kind is DayKind.FULL
        summary = f"Back exercises: {day.kind.label.lower()} (about {minutes} min)"
        builder.add(
            # One UID per day, whatever its kind: a newer file replaces the day's event.
            f"day-{day.day:%Y%m%d}",
            summary,
            f"{_day_text(day, now.date())}\n\n{SAFETY_NOTICE}",
            datetime.combine(day.day, options.at),
            minutes,
            SESSION_WARNING,
            busy=full,
        )
    if options.working_hours is not None:
        first_workday = _first_on_or_after(first, WORKDAYS)
        for moment in options.working_hours.breaks():
            builder.add(
                f"sitting-break-{moment:%H%M}",
                "Stand up and move",
                f"{SITTING_ADVICE}\n\nFrom: {SITTING_SOURCE}",
                datetime.combine(first_workday, moment),
                BREAK_MINUTES,
                timedelta(0),
                busy=False,
                weekly_on=WORKDAYS,
            )
    return builder.calendar


def calendar_ics(
    plans: WeekPlan | Sequence[WeekPlan],
    options: ReminderOptions = ReminderOptions(),
    *,
    now: datetime,
    first_day: date | None = None,
) -> bytes:
    ics: bytes = build_calendar(plans, options, now=now, first_day=first_day).to_ical()
    return ics


def write_calendar(
    plans: WeekPlan | Sequence[WeekPlan],
    path: Path,
    options: ReminderOptions = ReminderOptions(),
    *,
    now: datetime,
    first_day: date | None = None,
) -> Path:
    """Write the reminders as an .ics file that calendar apps import."""
    path.write_bytes(calendar_ics(plans, options, now=now, first_day=first_day))
    return path
