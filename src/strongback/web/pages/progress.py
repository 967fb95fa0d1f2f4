"""Progress: adherence, streaks, pain and function over time, and the sessions behind them; the
function ratings (PSFS) the page asks for are given here too, and what a session just logged on
/log was (`?logged=ID`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from markupsafe import Markup

from strongback import services
from strongback.limits import whole_number
from strongback.progress import (
    PAIN_AT_REST,
    PAIN_AT_REST_WHEN,
    PSFS_MAX_ACTIVITIES,
    WITHHELD_NOTE,
)
from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

if TYPE_CHECKING:
    from strongback.store import Repository

router = APIRouter()
NO_SESSIONS = Markup(
    'No sessions yet: start one from <a href="/today">today\'s plan</a>, or '
    '<a href="/log">log one you did away from the computer</a>.'
)
LOGGED_CHECK_IN = Markup(
    'Tomorrow, come back to <a href="/today">Today</a> to say how your back feels: the next plan '
    "listens."
)
State = Annotated[AppState, Depends(app_state)]


@router.get("/progress", response_class=HTMLResponse)
def progress(request: Request, state: State, rated: str = "", logged: str = "") -> HTMLResponse:
    return _progress_page(request, state, {"rated": rated == "yes", "logged": logged})


def _progress_page(
    request: Request, state: State, extra: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    from strongback.render.charts import describe, progress_svg

    repo = state.repository()
    # Safety first: while the answers call for a clinician, the page shows the referral instead of
    # targets and encouragement to keep exercising; what was recorded before stays visible.
    # The core's one withheld summary (the CLI and API show it too): no targets, no streak of
    # weeks, no note inviting a session; past data and any severe-pain advice stay.
    summary, withheld = services.progress_for(repo, date.today(), state.catalog)
    if withheld is not None:
        # Its note on why there are no targets is said in the referral at the top of the page.
        notes = [n for n in summary.notes if n != WITHHELD_NOTE]
        summary = summary.model_copy(update={"notes": notes})
    else:
        # The summary's note offers starting a session or recording one done away from the
        # computer: the page links to both.
        notes = [NO_SESSIONS if n.startswith("No sessions yet") else n for n in summary.notes]
        summary = summary.model_copy(update={"notes": notes})
    chart = progress_svg(summary) if summary.sessions else None
    known = services.rated_activities(repo)
    rows = [{"activity": name, "score": ""} for name in known[:PSFS_MAX_ACTIVITIES]] + [
        {"activity": "", "score": ""}
    ] * (PSFS_MAX_ACTIVITIES - len(known))
    return templates.TemplateResponse(
        request,
        "progress.html",
        {
            "summary": summary,
            "pain_at_rest": f"{PAIN_AT_REST.lower()}, {PAIN_AT_REST_WHEN}",
            "chart": chart,
            "chart_text": describe(summary) if chart else "",
            "sessions": list(reversed(repo.sessions())),
            "withheld": withheld,
            "function_rows": rows,
            "function_errors": {},
            "rated": False,
            **extra,
            # Said only while exercise is on: a referral says what to do instead.
            "logged": _logged_status(repo, state, extra.get("logged", ""))
            if not withheld
            else None,
        },
        status_code=status_code,
    )


def _logged_status(repo: Repository, state: AppState, logged: str) -> dict[str, Any] | None:
    """What `strongback log` says once a session is logged, for the session the log page just
    stored: what it holds, pain advice, cautions and the next day's check-in. Read back from the
    store, so a reload says what is recorded."""
    from strongback.records import SessionSource
    from strongback.web.pages.library import left_out_message

    session_id = whole_number(logged)
    if session_id is None:
        return None
    session = repo.get_session(session_id)
    if session is None or session.source is not SessionSource.LOG:
        return None
    day = session.plan.day
    when = "today" if day == date.today() else f"on {day.strftime('%A %-d %B %Y')}"
    cautions = []
    for planned in session.plan.exercises:
        exercise = state.catalog.get(planned.exercise_id)
        conditions = services.left_out_for(repo, exercise) if exercise is not None else []
        if exercise is not None and conditions:
            cautions.append(left_out_message(exercise, services.LeftOut(exercise, conditions)))
    pain_after = session.feedback.pain_after
    # Against the person's flare level on the session's day, and only while today's plan steps
    # back for it, as `strongback log` says it.
    flare = pain_after is not None and services.flare_steps_plan_back(
        repo, session, pain_after, date.today()
    )
    return {
        "text": f"Logged: {', '.join(p.name for p in session.plan.exercises)}, {when}.",
        "flare": services.FLARE_ADVICE if flare else "",
        "cautions": cautions,
        "check_in": LOGGED_CHECK_IN if day == date.today() else "",
    }


@router.post("/progress/function", response_class=HTMLResponse)
async def rate_function_form(request: Request, state: State) -> Response:
    """The page's function form: up to three rows of activity and score; blank rows are skipped."""
    form = await request.form()
    rows = [
        {
            "activity": str(form.get(f"activity_{n}") or "").strip(),
            "score": str(form.get(f"score_{n}") or "").strip(),
        }
        for n in range(1, PSFS_MAX_ACTIVITIES + 1)
    ]
    errors: dict[str, str] = {}
    pairs: list[tuple[str, int]] = []
    places: list[int] = []  # which row each pair came from, to put a refusal beside it
    for n, row in enumerate(rows, start=1):
        if not row["activity"] and not row["score"]:
            continue
        if not row["activity"]:
            errors[f"activity_{n}"] = "Name the activity this score is for."
        elif (score := whole_number(row["score"])) is None:
            errors[f"score_{n}"] = "Give a score: a whole number from 0 (cannot do it) to 10."
        else:
            pairs.append((row["activity"], score))
            places.append(n)
    if not errors:
        try:
            services.rate_function(state.repository(), pairs, date.today())
        except services.FunctionRefused as refused:
            row_number = places[refused.index] if refused.index is not None else 1
            reason = refused.reason[:1].upper() + refused.reason[1:] + "."
            errors[f"{refused.field}_{row_number}"] = reason
    if errors:
        extra = {"function_rows": rows, "function_errors": errors}
        return _progress_page(request, state, extra, status_code=422)
    return RedirectResponse("/progress?rated=yes#function", status_code=303)
