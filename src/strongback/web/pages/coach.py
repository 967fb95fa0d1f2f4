"""The camera coach's page: the browser films the person and the local server counts and times.

The page only shows what the WebSocket `/ws/coach/{exercise_id}` (`strongback.coach.web`) says;
it holds no exercise logic. The camera block of the exercise's YAML decides everything else: which
side to film from, what is measured, what to say about filming.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from strongback.web._state import AppState, app_state, exercise_or_404
from strongback.web._templates import templates

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]


@router.get("/coach/{exercise_id}", response_class=HTMLResponse)
def coach_page(exercise_id: str, request: Request, state: State) -> HTMLResponse:
    exercise = exercise_or_404(state, exercise_id)
    dosage = exercise.dosage
    return templates.TemplateResponse(
        request,
        "coach.html",
        {
            "exercise": exercise,
            "camera": exercise.camera,
            "target_reps": dosage.reps,
            "target_hold": dosage.hold_seconds,
        },
    )
