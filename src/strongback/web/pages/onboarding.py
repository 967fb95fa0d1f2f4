"""Onboarding: the setup questions, the screening, and the referral when it blocks a plan."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from strongback import services
from strongback.profile import ProfileError, parse_profile
from strongback.questionnaire import Question, Section, questions
from strongback.rules.screening import default_screening_rules
from strongback.web._forms import answers_from_form, form_errors
from strongback.web._state import AppState, app_state, where_to_start
from strongback.web._templates import templates

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]

SECTION_TITLES = {
    Section.ABOUT_YOU: "About you",
    Section.SAFETY: "Safety first",
    Section.PLAN: "Your plan",
}


def _sections() -> list[tuple[str, list[Question]]]:
    asked = questions(default_screening_rules())
    return [(SECTION_TITLES[s], [q for q in asked if q.section is s]) for s in Section]


def _form(
    request: Request,
    answers: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    rechecked: bool = False,
) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "onboarding.html",
        {"sections": _sections(), "answers": answers, "errors": errors, "rechecked": rechecked},
        status_code=status,
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request, state: State) -> Response:
    return RedirectResponse(where_to_start(state) or "/today", status_code=303)


@router.get("/onboarding", response_class=HTMLResponse)
def onboarding(request: Request, state: State) -> HTMLResponse:
    stored = state.repository().current_profile()
    answers: dict[str, Any] = {}
    if stored is not None:
        answers = stored.profile.model_dump(mode="json")
    else:
        answers = {q.key: q.default for _, qs in _sections() for q in qs if q.default is not None}
    return _form(request, answers, {})


#: Sent back with the form once the clearance note was shown: a Yes chosen again after reading
#: it is the person's own answer for the new circumstances, not a saved one carried over.
CLEARANCE_RECHECKED = "clearance_rechecked"
CLEARANCE_NOTE = (
    "Your answers have changed since you said a clinician had cleared you, and a clearance covers "
    "only what they knew of. Check with them about your answers as they are now; choose Yes "
    "again only if they have said exercise is safe for you now."
)


@router.post("/onboarding", response_class=HTMLResponse)
async def submit_onboarding(request: Request, state: State) -> Response:
    form = await request.form()
    asked = [q for _, qs in _sections() for q in qs]
    answers = answers_from_form(form, asked)
    try:
        profile = parse_profile(answers)
    except ProfileError as error:
        # Nothing typed is lost: the form comes back filled in, each problem beside its question.
        return _form(request, answers, form_errors(error.problems, answers, asked), status=422)
    try:
        # The form comes filled in with the saved answers, so its yes may be the saved one,
        # unless it was chosen again after the note.
        saved = services.save_answers(
            state.repository(),
            profile,
            clearance_carried_over=form.get(CLEARANCE_RECHECKED) != "yes",
        )
    except services.ClearanceToRecheck:
        # Left as it is, the saved yes would cover what the clinician never heard about (a
        # pregnancy added to a cleared operation, say). It comes back at No, so a Yes is chosen
        # afresh, after reading why.
        return _form(
            request,
            {**answers, "cleared_by_clinician": False},
            {"cleared_by_clinician": CLEARANCE_NOTE},
            status=422,
            rechecked=True,
        )
    target = "/referral" if saved.screening.blocks_plan else "/today"
    return RedirectResponse(target, status_code=303)


@router.get("/referral", response_class=HTMLResponse)
def referral(request: Request, state: State) -> Response:
    stored = state.repository().current_profile()
    if stored is None:
        return RedirectResponse("/onboarding", status_code=303)
    # Today's rules, as every gate that sends people here applies them.
    screening = services.screened_now(stored)
    return templates.TemplateResponse(request, "referral.html", {"screening": screening})
