"""Today's session and the week, built from the current profile and the session history."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from strongback import services
from strongback.planner import PlanWithheld
from strongback.timeline import build_timeline
from strongback.web._state import AppState, app_state
from strongback.web.api._errors import WITHHELD, no_profile, withheld
from strongback.web.api._params import Day

router = APIRouter(tags=["plan"])
State = Annotated[AppState, Depends(app_state)]


@router.get(
    "/plan",
    summary="The session for a day, with doses, reasons and what changed",
    responses=WITHHELD,
)
def get_plan(state: State, day: Day = None) -> dict[str, Any]:
    try:
        plan = services.plan_for_day(state.repository(), state.catalog, day or date.today())
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    timeline = build_timeline(plan, state.catalog)
    return {**plan.model_dump(mode="json"), "timeline_seconds": timeline.total_seconds}


@router.get(
    "/plan/week", summary="The week (Monday to Sunday) that holds a day", responses=WITHHELD
)
def get_week(state: State, day: Day = None) -> dict[str, Any]:
    try:
        week = services.plan_for_week(state.repository(), state.catalog, day or date.today())
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    return week.model_dump(mode="json")
