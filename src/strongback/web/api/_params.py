"""Query parameters that several routes share, with the bounds the core can work within."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

# Weeks and adherence are counted day by day up to the asked day, and the week holding 9999-12-31
# ends past the last date Python has: a day outside this century is a mistake, not a plan.
FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2099, 12, 31)


def _in_range(day: date | None) -> date | None:
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be from {FIRST_DAY} to {LAST_DAY}")
    return day


Day = Annotated[
    date | None,
    Query(description=f"YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}; today when left out."),
    AfterValidator(_in_range),
]
