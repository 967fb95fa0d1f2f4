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

    from strongback.catalog import Catalog, Exercise

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

    Every row and part of a dose is checked here, each beside its field: the service stops at its
    first refusal, so a form left to it would show one mistake a round (sets 0 and reps 99, then
    the reps once the sets were put right). The service still checks all of it again."""
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
    chosen: set[str] = set()
    for index, (n, row) in enumerate(filled):
        exercise = _exercise(row["exercise"], f"exercise_{n}", index, catalog, errors)
        if exercise is not None and exercise.id in chosen:
            errors[f"exercise_{n}"] = (
                f"{exercise.name} is named twice: name it once, with all the sets you did."
            )
        elif exercise is not None:
            chosen.add(exercise.id)
        sets = _count(row["sets"], f"sets_{n}", "sets", MAX_SETS, errors)
        reps = _count(row["reps"], f"reps_{n}", "reps", MAX_REPS, errors)
        hold = _count(row["hold"], f"hold_{n}", "hold", MAX_HOLD_SECONDS, errors)
        if hold is not None and exercise is not None and exercise.dosage.hold_seconds is None:
            # The service's words (`services.DoseRefused`), as the API says it.
            errors[f"hold_{n}"] = (
                f"{exercise.name} is done in reps, not held, so it takes no seconds held: give "
                "its sets and reps only."
            )
        done.append(services.DoneExercise(row["exercise"], sets, reps, hold))
    return (None if errors else done), [n for n, _ in filled]


def _exercise(
    name: str, field: str, index: int, catalog: Catalog, errors: dict[str, str]
) -> Exercise | None:
    """The catalog's exercise a row names, or None with the reason beside the row."""
    if not name:
        errors[field] = "Choose the exercise this dose is for."
        return None
    exercise = catalog.find(name)
    if exercise is None:
        unknown = services.UnknownExercise(name, catalog.suggest(name, limit=3), index)
        errors[field] = _sentence(unknown.reason)
    return exercise


#: Each part of a dose: how a number that is not whole is refused, and how one out of range is
#: (the service's words, `services.DoseRefused`, as the API says them).
_DOSE_WORDS = {
    "sets": (f"Give sets as a whole number from 1 to {MAX_SETS}", "Sets must be from 1 to {}"),
    "reps": (f"Give reps as a whole number from 1 to {MAX_REPS}", "Reps must be from 1 to {}"),
    "hold": (HOLD_WORDS, "A hold must be from 1 to {} seconds"),
}


def _count(text: str, field: str, part: str, most: int, errors: dict[str, str]) -> int | None:
    """A blank is the usual dose; anything else must be a whole number from 1 to `most`."""
    if not text:
        return None
    not_whole, out_of_range = _DOSE_WORDS[part]
    count = whole_number(text)
    if count is None:
        errors[field] = f"{not_whole}, or leave it empty for the usual dose."
    elif not 1 <= count <= most:
        errors[field] = f"{out_of_range.format(most)} (got {count})."
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
