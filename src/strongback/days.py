"""The days strongback plans and records: a calendar range every entry point checks.

Weeks, adherence and streaks are counted day by day, and the week holding 9999-12-31 would end past
the last date Python has; a day outside this century is a typing mistake, not a plan.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)
# How far ahead of this machine's clock a recorded moment may be: a phone or a second computer's
# clock runs a little fast, but a set that ends tomorrow has not happened.
CLOCK_SKEW = timedelta(minutes=5)


class DayOutOfRange(ValueError):
    def __init__(self, day: date) -> None:
        self.day = day
        super().__init__(f"{day} is outside the days strongback plans ({FIRST_DAY} to {LAST_DAY})")


def check_day(day: date) -> date:
    """`day` itself, or `DayOutOfRange` when it lies outside FIRST_DAY to LAST_DAY."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise DayOutOfRange(day)
    return day


class NotYetHappened(ValueError):
    def __init__(self, moment: datetime, now: datetime) -> None:
        self.moment = moment
        super().__init__(
            f"{moment.isoformat()} is in the future (it is now {now.isoformat(timespec='seconds')})"
            "; record things once they have happened"
        )


def check_happened(moment: datetime, now: datetime) -> datetime:
    """`moment` itself, or `NotYetHappened` when it is more than CLOCK_SKEW after `now`."""
    if moment > now + CLOCK_SKEW:
        raise NotYetHappened(moment, now)
    return moment


class BeforeStart(ValueError):
    def __init__(self, moment: datetime, start: datetime) -> None:
        self.moment = moment
        super().__init__(
            f"{moment.isoformat()} is before the session started "
            f"({start.isoformat(timespec='seconds')}); a set ends during its session"
        )


def check_during(moment: datetime, start: datetime, now: datetime) -> datetime:
    """`moment` itself, if it lies between `start` and `now`, each give or take CLOCK_SKEW (a
    second device's clock); else `BeforeStart` or `NotYetHappened`.

    A set that ended in 1970, or before its session began, is a client's bug or a clock gone
    wrong, and stored as done it would count as exercise nobody did.
    """
    if moment < start - CLOCK_SKEW:
        raise BeforeStart(moment, start)
    return check_happened(moment, now)


def recorded_at(day: date, now: datetime) -> datetime:
    """When something recorded for `day` happened: `now` for today; noon (local time) for an
    earlier day, which keeps its date in any time zone."""
    if day == now.date():
        return now
    return datetime.combine(day, time(12)).astimezone()
