"""Which days a record may be dated: one rule for a session logged afterwards, a next-day pain
check and function ratings, from the command line and the web."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from strongback.store import Repository

#: How long before the first set-up a session, check-in or rating may be dated. Some begin the
#: exercises a little before they set strongback up, and may record those weeks; a day further
#: back is most likely a mistyped year (2020 for 2026), which would stretch every chart across
#: years for a session that says nothing about today's plan.
BEFORE_SET_UP = timedelta(weeks=4)


class RecordDayRefused(ValueError):
    """A record's day that is refused, and why in words (without naming an option or a field:
    each adapter says where the day came from)."""

    def __init__(self, day: date, reason: str) -> None:
        self.day = day
        self.reason = reason
        super().__init__(reason)


def earliest_record_day(repo: Repository, today: date | None = None) -> date:
    """The first day a record may be dated: `BEFORE_SET_UP` before the first set-up (before
    today, when there is none yet)."""
    return (_first_set_up(repo) or today or date.today()) - BEFORE_SET_UP


def check_record_day(repo: Repository, day: date, today: date | None = None) -> date:
    """`day` itself, or `RecordDayRefused`: records are of things done, so not in the future,
    and not more than `BEFORE_SET_UP` before the first set-up; any later day is welcome however
    old, since strongback has been followed since."""
    today = today or date.today()
    if day > today:
        raise RecordDayRefused(
            day, f"{day} is in the future; record things once they have happened"
        )
    set_up = _first_set_up(repo)
    earliest = (set_up or today) - BEFORE_SET_UP
    if day < earliest:
        since = f"you set strongback up on {set_up}" if set_up else "today"
        raise RecordDayRefused(
            day,
            f"{day} is long before {since}; record what you did from {earliest} on "
            "(was the year mistyped?)",
        )
    return day


def _first_set_up(repo: Repository) -> date | None:
    history = repo.profile_history()
    return history[0].created_at.astimezone().date() if history else None


__all__ = ["BEFORE_SET_UP", "RecordDayRefused", "check_record_day", "earliest_record_day"]
