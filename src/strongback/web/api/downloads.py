"""Files to take away: the printable handout of the coming 7 days and calendar reminders.

Both cover the days from today (or `day`) on, planned week by week as `strongback handout` and
`strongback reminders` plan them, so the page and the terminal print the same thing; a `day` long
before the first set-up is refused as those commands refuse it (a mistyped year, most likely).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from strongback import services
from strongback.plan import WeekPlan
from strongback.planner import PlanWithheld
from strongback.render import too_early
from strongback.web._state import AppState, app_state
from strongback.web.api._errors import WITHHELD, field_error, no_profile, withheld
from strongback.web.api._params import Day

router = APIRouter(tags=["downloads"])
State = Annotated[AppState, Depends(app_state)]
# The forms the schema promises, so that a client (and the schema tests) can tell good input from
# bad before sending it; the calendar module still explains a value that does not fit.
CLOCK = r"([01]?[0-9]|2[0-3]):[0-5][0-9]"


class PaperSize(StrEnum):
    A4 = "a4"
    LETTER = "letter"


def _weeks(state: AppState, first_day: date, mondays: Sequence[date]) -> list[WeekPlan]:
    """The plans of the weeks starting on `mondays`: 404 without a profile, 409 when withheld,
    and 422 on `day` when `first_day` is long before the first set-up (`render.too_early`, the
    rule a logged session's day follows)."""
    try:
        repository = state.repository()
        plans = [services.plan_for_week(repository, state.catalog, day) for day in mondays]
        earliest = services.earliest_record_day(repository)
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    problem = too_early(first_day, earliest)
    if problem:
        field_error(["query", "day"], problem)
    return plans


@router.get(
    "/handout",
    summary="The plan of the coming 7 days (from today or `day`) as a printable PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **WITHHELD},
)
def handout(state: State, paper: PaperSize = PaperSize.A4, day: Day = None) -> Response:
    from strongback.render.handout import coming_days, handout_weeks, render_handout

    first_day = day or date.today()
    days = coming_days(_weeks(state, first_day, handout_weeks(first_day)), first_day)
    pdf = render_handout(days, state.catalog, paper=paper.value, made_on=date.today())
    headers = {"Content-Disposition": 'attachment; filename="strongback-plan.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get(
    "/reminders",
    summary="Calendar reminders (.ics): sessions, daily stretches and breaks from sitting",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **WITHHELD},
)
def reminders(
    state: State,
    at: Annotated[
        str, Query(description="Time of day for sessions, HH:MM.", pattern=f"^{CLOCK}$")
    ] = "18:00",
    work: Annotated[
        str,
        Query(
            description="Working hours for sitting breaks, HH:MM-HH:MM; empty for none.",
            pattern=f"^({CLOCK}-{CLOCK})?$",
        ),
    ] = "09:00-17:00",
    weeks: Annotated[int, Query(ge=1, le=52)] = 4,
    day: Day = None,
) -> Response:
    from strongback.render.calendar import (
        ReminderOptions,
        WorkingHours,
        calendar_ics,
        parse_clock,
        weeks_to_plan,
    )

    try:
        session_time = parse_clock(at, "at")
    except ValueError as error:
        field_error(["query", "at"], str(error))
    try:
        hours = WorkingHours.parse(work, "work") if work.strip() else None
    except ValueError as error:
        field_error(["query", "work"], str(error))
    options = ReminderOptions(at=session_time, working_hours=hours, weeks=weeks)
    now = datetime.now().astimezone().replace(tzinfo=None)
    first_day = day or now.date()
    plans = _weeks(state, first_day, weeks_to_plan(first_day, weeks))
    ics = calendar_ics(plans, options, now=now, first_day=first_day)
    headers = {"Content-Disposition": 'attachment; filename="strongback-reminders.ics"'}
    return Response(ics, media_type="text/calendar", headers=headers)
