"""Reminders as an iCalendar file: planned sessions, the daily stretches and breaks from sitting.

Every event repeats weekly (RFC 5545 RRULE with BYDAY and UNTIL) and carries a DISPLAY alarm, so
one import gives the person weeks of reminders in any calendar app.

Times are *floating* local times (no TZID, no "Z"): "18:00" means 18:00 wherever the person is,
which is what an exercise reminder should do when they travel or the clocks change, and it avoids
shipping a VTIMEZONE that could disagree with the calendar app's own database. Only DTSTAMP, which
records when the file was made, is in UTC, as the standard requires.

UIDs are stable per kind of reminder (and per break time), so importing a newer file updates the
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


def _about(days: Sequence[SessionPlan]) -> tuple[str, int]:
    """'about 5 min' (or 'about 4–6 min' when the days differ) and the longest, in minutes.

    The planned lengths themselves, not rounded up to the time budget or a step: a five-minute
    stretch must not be announced, or booked, as ten."""
    minutes = sorted({planned_minutes(d.estimated_seconds) for d in days})
    shortest, longest = minutes[0], minutes[-1]
    span = f"{shortest}" if shortest == longest else f"{shortest}–{longest}"
    return f"about {span} min", longest


def _session_lines(days: Sequence[SessionPlan]) -> str:
    lines: list[str] = []
    for day in days:
        lines.append(f"{day.day:%A} (about {planned_minutes(day.estimated_seconds)} min):")
        lines += [f"- {p.name}: {dose_in_words(p.dosage, p.sides)}" for p in day.exercises]
    return "\n".join(lines)


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
        weekdays: Sequence[str],
        at: time,
        minutes: int,
        alarm_before: timedelta,
        busy: bool,
    ) -> None:
        from icalendar import Event

        start = datetime.combine(_first_on_or_after(self.first_day, weekdays), at)
        event = Event()
        event.add("uid", f"{uid}@{UID_DOMAIN}")
        event.add("dtstamp", self.now)
        event.add("sequence", self.sequence)
        event.add("summary", summary)
        event.add("description", description)
        event.add("dtstart", start)
        event.add("duration", timedelta(minutes=minutes))
        event.add("rrule", {"freq": "weekly", "byday": list(weekdays), "until": self.until})
        event.add("categories", ["strongback"])
        event.add("transp", "OPAQUE" if busy else "TRANSPARENT")
        event.add_component(_alarm(summary, alarm_before))
        self.calendar.add_component(event)


def build_calendar(
    week: WeekPlan,
    options: ReminderOptions = ReminderOptions(),
    *,
    now: datetime,
) -> Calendar:
    """The reminders for `options.weeks` weeks from the later of the plan's start and `now`."""
    from strongback import SAFETY_NOTICE

    # `now` is the person's local time: reminders start from today, not from a past Monday.
    first_day = max(week.start, now.date())
    builder = _Builder(options, first_day, now)
    by_kind = {kind: [d for d in week.days if d.kind is kind] for kind in DayKind}
    full, stretch = by_kind[DayKind.FULL], by_kind[DayKind.STRETCH]
    if full:
        about, minutes = _about(full)
        builder.add(
            "sessions",
            f"Back exercises: stretch and strengthen ({about})",
            "Your strongback session: stretches first, then strengthening. The plan moves on "
            "as you go, so `strongback start` always has today's doses.\n\nThis week:\n"
            f"{_session_lines(full)}\n\n{SAFETY_NOTICE}",
            [WEEKDAYS[d.day.weekday()] for d in full],
            options.at,
            minutes,
            SESSION_WARNING,
            busy=True,
        )
    if stretch:
        about, minutes = _about(stretch)
        builder.add(
            "stretches",
            f"Daily back stretches ({about})",
            "A few gentle stretches keep the back supple between strengthening days.\n\n"
            f"This week:\n{_session_lines(stretch)}\n\n{SAFETY_NOTICE}",
            [WEEKDAYS[d.day.weekday()] for d in stretch],
            options.at,
            minutes,
            SESSION_WARNING,
            busy=False,
        )
    if options.working_hours is not None:
        for moment in options.working_hours.breaks():
            builder.add(
                f"sitting-break-{moment:%H%M}",
                "Stand up and move",
                f"{SITTING_ADVICE}\n\nFrom: {SITTING_SOURCE}",
                WORKDAYS,
                moment,
                BREAK_MINUTES,
                timedelta(0),
                busy=False,
            )
    return builder.calendar


def calendar_ics(
    week: WeekPlan,
    options: ReminderOptions = ReminderOptions(),
    *,
    now: datetime,
) -> bytes:
    ics: bytes = build_calendar(week, options, now=now).to_ical()
    return ics


def write_calendar(
    week: WeekPlan,
    path: Path,
    options: ReminderOptions = ReminderOptions(),
    *,
    now: datetime,
) -> Path:
    """Write the reminders as an .ics file that calendar apps import."""
    path.write_bytes(calendar_ics(week, options, now=now))
    return path
