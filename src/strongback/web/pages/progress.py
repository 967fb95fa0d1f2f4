"""Progress: the person's sessions, pain and function over time."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request, state: State) -> HTMLResponse:
    sessions = list(reversed(state.repository().sessions()))
    return templates.TemplateResponse(request, "progress.html", {"sessions": sessions})
