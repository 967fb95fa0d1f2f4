"""Printable and shareable output: exercise figures (SVG), progress charts, the PDF handout and
iCalendar reminders.

Each renderer takes plain data (a catalog exercise, a plan, a progress summary) and returns text or
bytes; none reads the store, so the CLI and the web app share them. Heavy libraries (WeasyPrint,
cairosvg, icalendar) are imported only when a file is made.
"""

from __future__ import annotations

from datetime import date


def too_early(day: date, earliest: date) -> str | None:
    """Why a handout or reminders may not start on `day`, or None if they may.

    `earliest` is the day records may go back to (`services.earliest_record_day`): a few weeks
    before the first set-up. A day further back is most likely a mistyped year, and its plan
    would be days before set-up with nothing planned, so it is refused as `log`, `checkin` and
    `function` refuse it. Later days are fine, the future included: a plan looks ahead.
    """
    if day >= earliest:
        return None
    return (
        f"{day} is long before you set strongback up; give a day from {earliest} on "
        "(was the year mistyped?)"
    )
