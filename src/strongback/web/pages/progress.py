"""Progress: adherence, streaks, pain and function over time, and the sessions behind them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from strongback import services
from strongback.planner import PlanWithheld
from strongback.progress import Adherence
from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request, state: State) -> HTMLResponse:
    from strongback.render.charts import describe, progress_svg

    repo = state.repository()
    # Safety first: while the answers call for a clinician, the page shows the referral instead of
    # targets and encouragement to keep exercising; what was recorded before stays visible.
    withheld: PlanWithheld | None = None
    try:
        services.ensure_plan_allowed(repo)
    except PlanWithheld as error:
        withheld = error
    summary = services.progress_summary(repo, date.today())
    if withheld is not None:
        # No targets, no "keep going": the chart and its words keep pain and function only.
        no_targets = Adherence(
            weeks=[], this_week=None, recent_planned=0, recent_done=0, recent_percent=None
        )
        summary = summary.model_copy(update={"adherence": no_targets, "notes": []})
    chart = progress_svg(summary) if summary.sessions else None
    return templates.TemplateResponse(
        request,
        "progress.html",
        {
            "summary": summary,
            "chart": chart,
            "chart_text": describe(summary) if chart else "",
            "sessions": list(reversed(repo.sessions())),
            "withheld": withheld,
        },
    )
