"""Recording a session done away from the computer: the form `strongback log` is for the terminal,
with the one use case both share (`services.log_session`).

A refused form comes back with every value as typed and each problem beside its field; nothing is
recorded until all of it is right. Once recorded, the progress page says what was logged
(`/progress?logged=ID`), so a reload shows what is stored rather than repeating the post. The
same session sent again a moment later (a double click) is refused as the terminal refuses it,
and the form's "again" box records a session done twice, as `strongback log --again` does.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from strongback import services
from strongback.days import DayOutOfRange, check_day
from strongback.limits import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS, whole_number
from strongback.planner import PlanWithheld
from strongback.records import Difficulty, SessionFeedback
from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

if TYPE_CHECKING:
    from starlette.datastructures import FormData

    from strongback.catalog import Catalog

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]

#: Rows of exercises the form offers: a session done away from the computer is a handful.
LOG_ROWS = 6
#: The plan's note on a session logged here, which the history and the export show.
NOTE = "Logged afterwards on the web page."
DIFFICULTY_LABELS = {
    Difficulty.TOO_EASY.value: "Too easy",
    Difficulty.RIGHT.value: "About right",
    Difficulty.TOO_HARD.value: "Too hard",
}
#: A hold that is not a whole number, in the words of sets and reps; its range is the service's.
HOLD_WORDS = f"Give the hold as a whole number of seconds from 1 to {MAX_HOLD_SECONDS}"
#: The service's name for a part of the dose, and the form's field for it on a row.
_DOSE_FIELDS = {"sets": "sets", "reps": "reps", "hold_seconds": "hold"}
PAIN_WORDS = "a whole number from 0 (no pain) to 10 (worst imaginable), or leave it empty"
#: Said beside the "again" box when the same session was just logged: the terminal's --again.
TICK_AGAIN = (
    "If you really did it twice, tick “I did this session again” and log it once more: "
    "everything you typed is still here."
)


@router.get("/log", response_class=HTMLResponse)
def log_form(request: Request, state: State) -> Response:
    return _log_page(request, state, _blank_form())


@router.post("/log", response_class=HTMLResponse)
async def log_session(request: Request, state: State) -> Response:
    values = _values(await request.form())
    errors: dict[str, str] = {}
    day = _day(values["date"], errors)
    done, rows_used = _done(values, errors, state.catalog)
    feedback = _feedback(values, errors)
    if errors or day is None or done is None or feedback is None:
        return _log_page(request, state, values, errors, status_code=422)
    try:
        logged = services.log_session(
            state.repository(), state.catalog, day, done, feedback, note=NOTE, again=values["again"]
        )
    except services.NoProfile:
        return RedirectResponse("/onboarding", status_code=303)
    except PlanWithheld:
        # The page shows the referral in place of the form: nothing is recorded until then.
        return _log_page(request, state, values, status_code=409)
    except services.RecordDayRefused as refused:
        errors["date"] = _sentence(str(refused))
    except services.AlreadyLogged as repeated:
        # A double click: the first request stored it, and this page says so in plain words,
        # beside the box that records a session really done twice.
        # The page never shows session numbers, so it names the one stored by when it was logged.
        at = repeated.session.started_at.astimezone().strftime("%H:%M")
        errors["again"] = (
            f"That session is already logged (at {at}), with the same exercises, doses and "
            f"answers, so it was not recorded twice. {TICK_AGAIN}"
        )
        return _log_page(request, state, values, errors, status_code=409)
    except services.LogRefused as refused:
        errors[_field_of(refused, rows_used)] = _sentence(str(refused))
    if errors:
        return _log_page(request, state, values, errors, status_code=422)
    return RedirectResponse(f"/progress?logged={logged.session.id}#logged", status_code=303)


def _log_page(
    request: Request,
    state: State,
    values: dict[str, Any],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    repo = state.repository()
    try:
        services.current_profile(repo)
        services.ensure_plan_allowed(repo)
    except services.NoProfile:
        return RedirectResponse("/onboarding", status_code=303)
    except PlanWithheld as withheld:
        return templates.TemplateResponse(
            request, "log.html", {"withheld": withheld}, status_code=status_code
        )
    today = date.today()
    exercises = sorted(state.catalog, key=lambda e: e.name.casefold())
    return templates.TemplateResponse(
        request,
        "log.html",
        {
            "withheld": None,
            "values": values,
            "errors": errors or {},
            "today": today,
            "earliest": services.earliest_record_day(repo, today),
            "exercises": [(e.id, e.name) for e in exercises],
            "difficulties": DIFFICULTY_LABELS,
            "max_sets": MAX_SETS,
            "max_reps": MAX_REPS,
            "max_hold": MAX_HOLD_SECONDS,
        },
        status_code=status_code,
    )


def _blank_form() -> dict[str, Any]:
    return {
        "date": date.today().isoformat(),
        "planned": False,
        "rows": [{"exercise": "", "sets": "", "reps": "", "hold": ""} for _ in range(LOG_ROWS)],
        "pain_before": "",
        "pain_after": "",
        "difficulty": "",
        "again": False,
    }


def _values(form: FormData) -> dict[str, Any]:
    """The form as typed, to check and, when refused, to show again unchanged."""

    def text(name: str) -> str:
        return str(form.get(name) or "").strip()

    return {
        "date": text("date"),
        "planned": text("planned") == "yes",
        "rows": [
            {
                "exercise": text(f"exercise_{n}"),
                "sets": text(f"sets_{n}"),
                "reps": text(f"reps_{n}"),
                "hold": text(f"hold_{n}"),
            }
            for n in range(1, LOG_ROWS + 1)
        ],
        "pain_before": text("pain_before"),
        "pain_after": text("pain_after"),
        "difficulty": text("difficulty"),
        "again": text("again") == "yes",
    }


def _day(text: str, errors: dict[str, str]) -> date | None:
    """The day typed (today when left empty, as on the command line)."""
    if not text:
        return date.today()
    try:
        return check_day(date.fromisoformat(text))
    except DayOutOfRange as error:
        errors["date"] = _sentence(str(error))
    except ValueError:
        errors["date"] = f"'{text}' is not a date: write it as YYYY-MM-DD, e.g. 2026-11-23."
    return None


def _done(
    values: dict[str, Any], errors: dict[str, str], catalog: Catalog
) -> tuple[list[services.DoneExercise] | Literal["planned"] | None, list[int]]:
    """The day's plan, or the rows filled in (blank rows are skipped) with the row number each
    came from, to put a refusal beside it.

    Every row and part of a dose is checked before the session is logged, each beside its field
    (`services.log_problems`, the rules `log_session` refuses the first of): a form left to the
    first refusal would show one mistake a round (sets 0 and reps 99, then the reps once the
    sets were put right)."""
    rows: list[dict[str, str]] = values["rows"]
    filled = [(n, row) for n, row in enumerate(rows, start=1) if any(row.values())]
    if values["planned"]:
        if filled:
            errors["planned"] = (
                "The planned session is recorded as it was planned: tick it, or name the "
                "exercises you did below, not both."
            )
            return None, []
        return services.PLANNED, []
    if not filled:
        errors["planned"] = "Tick the planned session, or choose at least one exercise you did."
        return None, []
    done: list[services.DoneExercise] = []
    for n, row in filled:
        if not row["exercise"]:
            errors[f"exercise_{n}"] = "Choose the exercise this dose is for."
        sets = _count(
            row["sets"], f"sets_{n}", f"Give sets as a whole number from 1 to {MAX_SETS}", errors
        )
        reps = _count(
            row["reps"], f"reps_{n}", f"Give reps as a whole number from 1 to {MAX_REPS}", errors
        )
        hold = _count(row["hold"], f"hold_{n}", HOLD_WORDS, errors)
        done.append(services.DoneExercise(row["exercise"], sets, reps, hold))
    rows_used = [n for n, _ in filled]
    named = [(i, d) for i, d in enumerate(done) if d.name]
    # A row with no exercise is told so above; the others are checked as the service checks them.
    for problem in services.log_problems(catalog, [d for _, d in named]):
        assert problem.index is not None, "each problem is an exercise's"
        at_row = rows_used[named[problem.index][0]]
        field = f"{_DOSE_FIELDS.get(problem.field or '', 'exercise')}_{at_row}"
        errors.setdefault(field, _sentence(problem.reason))
    return (None if errors else done), rows_used


def _count(text: str, field: str, words: str, errors: dict[str, str]) -> int | None:
    """A blank is the usual dose; anything else must be a whole number (its range is the
    service's to check, in the dose's words)."""
    if not text:
        return None
    count = whole_number(text)
    if count is None:
        errors[field] = f"{words}, or leave it empty for the usual dose."
    return count


def _feedback(values: dict[str, Any], errors: dict[str, str]) -> SessionFeedback | None:
    pains: dict[str, int | None] = {}
    for name in ("pain_before", "pain_after"):
        text: str = values[name]
        pains[name] = whole_number(text, 10)
        if text and pains[name] is None:
            errors[name] = f"Give pain as {PAIN_WORDS}."
    difficulty = values["difficulty"]
    if difficulty and difficulty not in DIFFICULTY_LABELS:
        errors["difficulty"] = "Choose how it felt from the list, or leave it unsaid."
    if errors:
        return None
    return SessionFeedback(
        pain_before=pains["pain_before"],
        pain_after=pains["pain_after"],
        difficulty=Difficulty(difficulty) if difficulty else None,
    )


def _field_of(refused: services.LogRefused, rows_used: list[int]) -> str:
    """The form field a refusal belongs beside: an exercise's row, the planned box, or the form."""
    if isinstance(refused, services.NothingToLog):
        return "planned"
    if refused.index is None:
        return "form"
    part = _DOSE_FIELDS.get(refused.field or "", "exercise")
    return f"{part}_{rows_used[refused.index]}"


def _sentence(reason: str) -> str:
    return reason[:1].upper() + reason[1:] + ("" if reason.endswith((".", "?")) else ".")
