"""Progress as data: the same summary the progress page and `strongback progress --json` show."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends

from strongback import services
from strongback.web._state import AppState, app_state
from strongback.web.api._params import Day

router = APIRouter(tags=["progress"])
State = Annotated[AppState, Depends(app_state)]


@router.get("/progress", summary="Adherence, streaks, pain and function trends, and changes")
def get_progress(state: State, day: Day = None) -> dict[str, Any]:
    summary = services.progress_summary(state.repository(), day or date.today())
    return summary.model_dump(mode="json")
