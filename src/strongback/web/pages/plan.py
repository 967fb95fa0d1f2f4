"""Today's plan, the week, and the session player page."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from strongback import services
from strongback.plan import dose_in_words
from strongback.planner import PlanWithheld
from strongback.timeline import build_timeline
from strongback.web._state import AppState, app_state, where_to_start
from strongback.web._templates import templates
from strongback.web.api._params import Day

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]


@router.get("/today", response_class=HTMLResponse)
def today(request: Request, state: State, day: Day = None) -> Response:
    repo = state.repository()
    try:
        plan = services.plan_for_day(repo, state.catalog, day or date.today())
    except services.NoProfile:
        return RedirectResponse("/onboarding", status_code=303)
    except PlanWithheld:
        return RedirectResponse("/referral", status_code=303)
    stored = services.current_profile(repo)
    return templates.TemplateResponse(
        request,
        "today.html",
        {
            "plan": plan,
            "timeline_minutes": max(
                1, round(build_timeline(plan, state.catalog).total_seconds / 60)
            ),
            "dose": dose_in_words,
            "screening": services.screened_now(stored),
            "unfinished": repo.unfinished_session() is not None,
            "catalog": state.catalog,
        },
    )


@router.get("/week", response_class=HTMLResponse)
def week(request: Request, state: State, day: Day = None) -> Response:
    try:
        plan = services.plan_for_week(state.repository(), state.catalog, day or date.today())
    except services.NoProfile:
        return RedirectResponse("/onboarding", status_code=303)
    except PlanWithheld:
        return RedirectResponse("/referral", status_code=303)
    return templates.TemplateResponse(
        request, "week.html", {"week": plan, "today": date.today(), "dose": dose_in_words}
    )


@router.get("/session", response_class=HTMLResponse)
def session(request: Request, state: State) -> Response:
    gate = where_to_start(state)
    if gate is not None:
        return RedirectResponse(gate, status_code=303)
    # The player offers the camera for these; the camera page itself says what it checks.
    checkable = " ".join(e.id for e in state.catalog if e.camera is not None)
    return templates.TemplateResponse(request, "session.html", {"camera_ids": checkable})
