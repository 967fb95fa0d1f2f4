"""The person's answers and their screening: read, preview and save."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException
from fastapi.responses import JSONResponse

from strongback import services
from strongback.profile import ProfileError, parse_profile
from strongback.questionnaire import questions
from strongback.rules.screening import default_screening_rules
from strongback.safety import screen, screening_summary
from strongback.web._state import AppState, app_state
from strongback.web.api._errors import NOT_FOUND

router = APIRouter(tags=["profile"])
State = Annotated[AppState, Depends(app_state)]
Answers = Annotated[
    dict[str, Any],
    Body(
        description="The same keys as the answers file of `strongback setup --from`.",
        examples=[{"pain_areas": ["lower"], "experience": "beginner", "minutes": 15}],
    ),
]


def profile_error_response(error: ProfileError) -> JSONResponse:
    details = [
        {"loc": ["body", key], "msg": reason, "type": "value_error"}
        for key, reason in error.problems
    ]
    return JSONResponse({"detail": details}, status_code=422)


@router.get("/questions", summary="The setup questions, in the order they are asked")
def list_questions() -> list[dict[str, Any]]:
    return [q.model_dump(mode="json") for q in questions(default_screening_rules())]


@router.get("/profile", summary="The current profile and its screening", responses=NOT_FOUND)
def get_profile(state: State) -> dict[str, Any]:
    stored = state.repository().current_profile()
    if stored is None:
        raise HTTPException(404, "no profile yet: answer the setup questions first")
    return {
        "version": stored.version,
        "created_at": stored.created_at.isoformat(),
        "profile": stored.profile.model_dump(mode="json"),
        "screening": screening_summary(stored.screening),
    }


@router.post("/screening", summary="Screen answers without saving them")
def preview_screening(answers: Answers) -> Any:
    try:
        profile = parse_profile(answers)
    except ProfileError as error:
        return profile_error_response(error)
    return screening_summary(screen(profile, default_screening_rules()))


@router.put("/profile", summary="Save new answers (a new profile version) and screen them")
def put_profile(answers: Answers, state: State) -> Any:
    try:
        profile = parse_profile(answers)
    except ProfileError as error:
        return profile_error_response(error)
    # The body states every answer afresh, the clearance too: nothing is carried over.
    saved = services.save_answers(state.repository(), profile)
    return {
        "version": saved.version,
        "profile": saved.profile.model_dump(mode="json"),
        "screening": screening_summary(saved.screening),
    }
