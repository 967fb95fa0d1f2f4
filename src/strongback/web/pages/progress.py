"""Progress: adherence, streaks, pain and function over time, and the sessions behind them."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from strongback import services
from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request, state: State) -> HTMLResponse:
    from strongback.render.charts import describe, progress_svg

    repo = state.repository()
    summary = services.progress_summary(repo, date.today())
    chart = progress_svg(summary) if summary.sessions else None
    return templates.TemplateResponse(
        request,
        "progress.html",
        {
            "summary": summary,
            "chart": chart,
            "chart_text": describe(summary) if chart else "",
            "sessions": list(reversed(repo.sessions())),
        },
    )
