"""Query parameters that several routes share, with the bounds the core can work within."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

from strongback.days import FIRST_DAY, LAST_DAY, check_day


def _in_range(day: date | None) -> date | None:
    return None if day is None else check_day(day)


Day = Annotated[
    date | None,
    Query(description=f"YYYY-MM-DD, from {FIRST_DAY} to {LAST_DAY}; today when left out."),
    AfterValidator(_in_range),
]
