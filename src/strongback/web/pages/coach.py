"""The camera coach's page: the browser films the person and the local server counts and times.

The page only shows what the WebSocket `/ws/coach/{exercise_id}` (`strongback.coach.web`) says;
it holds no exercise logic. The camera block of the exercise's YAML decides everything else: which
side to film from, what is measured, what to say about filming. Opened from the session player
(`?session=N`), the page saves its set into that session and leads back to it; otherwise the set
is saved the way `strongback coach` saves one. While the saved answers call for a clinician
first, the page leads to the referral instead: no set is saved then (see `services`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from strongback import services
from strongback.catalog import Exercise
from strongback.limits import whole_number
from strongback.records import SessionStatus
from strongback.web._state import AppState, app_state, canonical_redirect, exercise_or_404
from strongback.web._templates import camera_coach_installed, templates

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]


@router.get("/coach/{exercise_id}", response_class=HTMLResponse)
def coach_page(
    exercise_id: str, request: Request, state: State, session: str | None = None
) -> Response:
    exercise = exercise_or_404(state, exercise_id)
    if exercise.id != exercise_id:  # a name or an alias: the page lives at the id
        return canonical_redirect(request, f"/coach/{exercise.id}")
    try:
        services.ensure_may_coach(state.repository(), exercise)
    except services.ExerciseWithheld:
        return RedirectResponse("/referral", status_code=303)
    except services.LeftOut as left_out:
        from strongback.web.pages.library import left_out_message

        message = left_out_message(exercise, left_out)
        return templates.TemplateResponse(
            request, "error.html", {"status": 409, "message": message}, status_code=409
        )
    dosage = exercise.dosage
    return templates.TemplateResponse(
        request,
        "coach.html",
        {
            "exercise": exercise,
            "camera": exercise.camera,
            "camera_installed": camera_coach_installed(),
            "target_reps": dosage.reps,
            "target_hold": dosage.hold_seconds,
            "session_id": _open_session(state, exercise, session),
        },
    )


def _open_session(state: AppState, exercise: Exercise, session: str | None) -> int | None:
    """The player's session to save into, if the link still names one that is open and plans
    this exercise; a stale or edited link leaves a page that saves as `strongback coach` does."""
    session_id = None if session is None else whole_number(session)
    if exercise.camera is None or session_id is None:
        return None
    record = state.repository().get_session(session_id)
    if record is None or record.status is not SessionStatus.IN_PROGRESS:
        return None
    if all(p.exercise_id != exercise.id for p in record.plan.exercises):
        return None
    return record.id
