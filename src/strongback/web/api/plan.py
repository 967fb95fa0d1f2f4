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
    """On a day the person stopped for a flare, the plan as every view shows it then: its
    stretches alone (none: a rest day), with `stopped_for_flare` saying when and at what pain."""
    repo, today = state.repository(), date.today()
    try:
        plan = services.plan_for_day(repo, state.catalog, day or today)
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    rest = services.rest_days_of(repo, [plan], today).get(plan.day)
    if rest is not None:
        plan = rest.shown(plan)
    timeline = build_timeline(plan, state.catalog)
    return {
        **plan.model_dump(mode="json"),
        "timeline_seconds": timeline.total_seconds,
        "stopped_for_flare": None if rest is None else rest.as_json(today),
    }


@router.get(
    "/plan/week", summary="The week (Monday to Sunday) that holds a day", responses=WITHHELD
)
def get_week(state: State, day: Day = None) -> dict[str, Any]:
    """Each day as `/plan` gives it: a day stopped for a flare with its stretches alone."""
    repo, today = state.repository(), date.today()
    try:
        week = services.plan_for_week(repo, state.catalog, day or today)
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    rests = services.rest_days_of(repo, week.days, today)
    data = week.model_copy(
        update={"days": [rests[d.day].shown(d) if d.day in rests else d for d in week.days]}
    ).model_dump(mode="json")
    for shown in data["days"]:
        rest = rests.get(date.fromisoformat(shown["day"]))
        shown["stopped_for_flare"] = None if rest is None else rest.as_json(today)
    return data
