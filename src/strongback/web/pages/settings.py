"""Settings: the answers behind the plan, downloads, and erasing everything."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from strongback.limits import whole_number
from strongback.questionnaire import questions
from strongback.rules.screening import default_screening_rules
from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]


@router.get("/settings", response_class=HTMLResponse)
def settings(request: Request, state: State) -> HTMLResponse:
    return _settings_page(request, state)


def _settings_page(
    request: Request, state: State, extra: dict[str, Any] | None = None, status_code: int = 200
) -> HTMLResponse:
    """The settings page; `extra` holds a failed form's error and the values to show again."""
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
        {
            "stored": stored,
            "answers": answers,
            "database": state.settings.database_shown,
            "reminders": {"at": "18:00", "work": "09:00-17:00", "weeks": "4"},
            **(extra or {}),
        },
        status_code=status_code,
    )


@router.get("/settings/reminders", response_class=HTMLResponse)
def reminders(
    request: Request, state: State, at: str = "18:00", work: str = "09:00-17:00", weeks: str = "4"
) -> Response:
    """Check the reminders form here, so a mistake is explained on the settings page rather than
    as the API's JSON; good values go on to the API's download (`/api/v1/reminders`)."""
    from strongback.render.calendar import WorkingHours
    from strongback.web.api.downloads import CLOCK

    at, work, weeks = at.strip(), work.strip(), weeks.strip()
    errors: dict[str, str] = {}
    if not re.fullmatch(CLOCK, at):
        errors["at"] = f"'{at}' is not a time of day; write it as HH:MM, e.g. 18:30."
    if work:
        try:
            if not re.fullmatch(f"{CLOCK}-{CLOCK}", work):
                raise ValueError(
                    f"'{work}' is not a range; write it as HH:MM-HH:MM, e.g. 09:00-17:00"
                )
            WorkingHours.parse(work, "Working hours")
        except ValueError as error:
            errors["work"] = str(error)[0].upper() + str(error)[1:]
    count = whole_number(weeks, 52)
    if count is None or count < 1:
        errors["weeks"] = "Give a whole number of weeks, from 1 to 52."
    if errors:
        shown = {"at": at, "work": work, "weeks": weeks}
        return _settings_page(
            request, state, {"reminders": shown, "reminder_errors": errors}, status_code=422
        )
    query = urlencode({"at": at, "work": work, "weeks": count})
    return RedirectResponse(f"/api/v1/reminders?{query}", status_code=303)


@router.post("/settings/forget", response_class=HTMLResponse)
def forget(request: Request, state: State, confirm: Annotated[str, Form()] = "") -> Response:
    if confirm.strip().lower() != "erase":
        return _settings_page(
            request,
            state,
            {"forget_error": "Type ERASE to confirm; nothing was erased."},
            status_code=422,
        )
    state.repository().forget()
    return RedirectResponse("/onboarding", status_code=303)
