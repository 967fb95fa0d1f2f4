"""Settings: the answers behind the plan, downloads, and erasing everything."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from strongback.questionnaire import questions
from strongback.rules.screening import default_screening_rules
from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request, state: State) -> HTMLResponse:
    stored = state.repository().current_profile()
    answers = []
    if stored is not None:
        values = stored.profile.model_dump(mode="json")
        for question in questions(default_screening_rules()):
            value = values.get(question.key)
            if isinstance(value, list):
                shown = ", ".join(question.label_of(v) for v in value) or "none"
            elif isinstance(value, bool):
                shown = "yes" if value else "no"
            elif value is None:
                shown = "not given"
            else:
                shown = question.label_of(value)
            answers.append((question.prompt, shown))
    return templates.TemplateResponse(
        request,
        "settings.html",
        {"stored": stored, "answers": answers, "database": state.settings.database_shown},
    )


@router.post("/settings/forget", response_class=HTMLResponse)
def forget(request: Request, state: State, confirm: Annotated[str, Form()] = "") -> Response:
    if confirm.strip().lower() != "erase":
        return templates.TemplateResponse(
            request,
            "settings.html",
            {
                "stored": state.repository().current_profile(),
                "answers": [],
                "database": state.settings.database_shown,
                "forget_error": "Type ERASE to confirm; nothing was erased.",
            },
            status_code=422,
        )
    state.repository().forget()
    return RedirectResponse("/onboarding", status_code=303)
