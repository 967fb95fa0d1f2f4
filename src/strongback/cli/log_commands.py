"""`strongback log`: record a session done away from the computer, so the history stays honest.

The exercises are named (`-e bridge:3x10`) or taken from the day's plan (`--planned`); the session
is stored like a played one (source `log`, completed, one record per set), so progression, progress
and the export treat it alike. Only Typer and the standard library are imported at module level.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

import typer

from strongback.cli._common import (
    SETUP_FIRST,
    err,
    fail,
    open_repository,
    out,
    print_json,
    refer,
    safety_footer,
)
from strongback.cli.progress_commands import DATE_HELP, check_record_day, moment, parse_day
from strongback.limits import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS

if TYPE_CHECKING:
    from strongback.catalog import Catalog, Dosage, Exercise
    from strongback.plan import SessionPlan
    from strongback.store import Repository

DIFFICULTIES = ("too-easy", "right", "too-hard")
#: The dose after an exercise's id: SETSxREPS, both whole numbers ("3x10", "2 x 8").
_DOSE = re.compile(r"\s*(\d+)\s*[xX]\s*(\d+)\s*")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("log")(log_session)


def log_session(
    exercise: Annotated[
        list[str] | None,
        typer.Option(
            "--exercise",
            "-e",
            metavar="ID[:SETSxREPS]",
            help="An exercise you did, e.g. bridge or bridge:3x10; repeat for each one.",
        ),
    ] = None,
    sets: Annotated[
        int | None, typer.Option(min=1, max=MAX_SETS, help="Sets, where not given per exercise.")
    ] = None,
    reps: Annotated[
        int | None, typer.Option(min=1, max=MAX_REPS, help="Reps per set (default: the catalog's).")
    ] = None,
    hold: Annotated[
        int | None, typer.Option(min=1, max=MAX_HOLD_SECONDS, help="Seconds each rep was held.")
    ] = None,
    planned: Annotated[
        bool, typer.Option("--planned", help="You did the day's planned session.")
    ] = False,
    pain_before: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain before, 0 (none) to 10.")
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option(min=0, max=10, help="Pain after, 0 (none) to 10.")
    ] = None,
    difficulty: Annotated[
        str | None, typer.Option(help="How it felt: too-easy, right or too-hard.")
    ] = None,
    when: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help=DATE_HELP)
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored session as JSON.")
    ] = False,
) -> None:
    """Record a session you did without the player, so your history stays complete.

    Name the exercises (`-e bridge:3x10 -e superman`) or say `--planned` for the day's plan;
    doses not given come from the plan or the catalog. Needs your answers (`strongback setup`):
    exits with code 3, recording nothing, when they mean a clinician should see you first.
    """
    from rich.markup import escape

    from strongback import services
    from strongback.catalog import default_catalog
    from strongback.records import Difficulty, SessionFeedback, SessionSource
    from strongback.services import is_flare

    day = parse_day(when)
    if difficulty is not None and difficulty not in DIFFICULTIES:
        fail(f"--difficulty: {difficulty!r} is not one of {', '.join(DIFFICULTIES)}")
    exercise = exercise or []
    if not exercise and not planned:
        fail("name what you did with --exercise ID (repeat it), or say --planned")
    if planned:
        doses = {"--exercise": exercise, "--sets": sets, "--reps": reps, "--hold": hold}
        given = [name for name, value in doses.items() if value]
        if given:
            fail(
                f"--planned records the day's plan as it was planned, so {' and '.join(given)} "
                "would be ignored: give either --planned or the exercises you did"
            )
    catalog = default_catalog()
    with open_repository() as repo:
        _refuse_when_withheld(repo, as_json)
        check_record_day(repo, day)
        plan = (
            _planned(repo, day, as_json)
            if planned
            else _plan_of(catalog, exercise, sets, reps, hold, day)
        )
        started, ended = _when(day, plan.estimated_seconds)
        feedback = SessionFeedback(
            pain_before=pain_before,
            pain_after=pain_after,
            difficulty=Difficulty(difficulty) if difficulty else None,
        )
        # One transaction: a session stored in steps (start, sets, finish) and cut off half-way
        # would stay unfinished, and `strongback start` would offer to resume a logged session.
        try:
            stored = repo.add_finished_session(
                plan, SessionSource.LOG, started, _sets(plan, ended), ended, feedback
            )
        except ValueError as refused:
            fail(f"nothing recorded: {refused}")
        # What was done is recorded as it was, but never in silence when the person's own data
        # rules an exercise out.
        left_out = [
            str(services.LeftOut(e, conditions))
            for e in (catalog.exercises.get(p.exercise_id) for p in plan.exercises)
            if e is not None and (conditions := services.left_out_for(repo, e))
        ]
    for warning in left_out:
        err().print(f"[bold yellow]caution:[/] {escape(warning)}.")
    if as_json:
        print_json(stored.model_dump(mode="json"))
        return
    console = out()
    names = ", ".join(e.name for e in plan.exercises)
    console.print(f"[green]Logged[/] session {stored.id} on {day}: {names}.")
    advised = pain_after is not None and is_flare(pain_after)
    if advised:
        console.print(
            "That hurt: the next plan steps back. Stop anything that hurts, and see a clinician "
            "if the pain stays high."
        )
    if day == date.today():
        console.print("Tomorrow, tell strongback how your back feels: [bold]strongback checkin[/].")
    else:
        # `checkin` without --session picks the latest session before its day, which need not
        # be this one: name it.
        console.print("To record how your back felt the day after, run:")
        console.print(f"  [bold]strongback checkin --pain N --session {stored.id}[/]")
    if advised:
        # Once, after everything else: advice about pain always ends with the notice.
        safety_footer(console)


def _refuse_when_withheld(repo: Repository, as_json: bool) -> None:
    """Nothing is recorded without the safety screening, as with `start` and `plan`: no answers
    yet is exit 1 (run setup), a screening that sends the person to a clinician is exit 3.

    The answers are screened again with today's rules (`services.ensure_plan_allowed`), so a
    red-flag rule added since the answers were saved applies to the log too."""
    from strongback.services import ExerciseWithheld, ensure_plan_allowed

    if repo.current_profile() is None:
        fail(SETUP_FIRST)
    try:
        ensure_plan_allowed(repo)
    except ExerciseWithheld as withheld:
        refer(withheld, headline="Nothing recorded", as_json=as_json, json_key="session")


def _when(day: date, seconds: int) -> tuple[datetime, datetime]:
    """When the logged session started and ended: today it ended just now (it is logged after
    it was done), never later; an earlier day's is placed at noon, which keeps its date."""
    length = timedelta(seconds=seconds)
    if day != date.today():
        started = moment(day)
        return started, started + length
    ended = moment(day)
    midnight = datetime.combine(day, datetime.min.time()).astimezone()
    return max(ended - length, midnight), ended


def _parse_item(text: str) -> tuple[str, int | None, int | None]:
    """`bridge` (the dose comes from --sets, --reps or the catalog) or `bridge:3x10`: both numbers
    are needed, so that a half-written dose is never completed with a guess."""
    name, colon, dose = text.partition(":")
    if not colon:
        return name.strip(), None, None
    found = _DOSE.fullmatch(dose)
    if found is None:
        fail(
            f"--exercise {text!r}: write the dose as SETSxREPS, both whole numbers, e.g. "
            f"{name.strip() or 'bridge'}:3x10 (or leave it out: {name.strip() or 'bridge'})"
        )
    return name.strip(), int(found[1]), int(found[2])


def _plan_of(
    catalog: Catalog,
    items: list[str],
    sets: int | None,
    reps: int | None,
    hold: int | None,
    day: date,
) -> SessionPlan:
    from pydantic import ValidationError

    from strongback.planner import plan_of_exercises

    chosen: list[tuple[Exercise, Dosage]] = []
    for item in items:
        wanted, item_sets, item_reps = _parse_item(item)
        found = catalog.find(wanted)
        if found is None:
            close = [e.id for e in catalog.suggest(wanted, limit=3)]
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            fail(f"--exercise: no exercise {wanted!r} in the catalog{hint}")
        try:
            # `is None`, not `or`: a written 0 is a dose to refuse, not a dose left out.
            dosage = _dosage(
                found,
                sets if item_sets is None else item_sets,
                reps if item_reps is None else item_reps,
                hold,
            )
        except ValidationError as exc:
            fail(f"--exercise {item!r}: {_dose_problem(exc)}")
        chosen.append((found, dosage))
    return plan_of_exercises(chosen, day, catalog, "Logged afterwards with `strongback log`.")


_DOSE_WORDS = {"sets": "sets", "reps": "reps", "hold_seconds": "a hold"}


def _dose_problem(error: Any) -> str:
    """Pydantic's first complaint about a dose, in the dose's own words: 'sets must be from 1 to
    10 (got 11)' rather than 'Input should be less than or equal to 10'."""
    first = error.errors(include_url=False)[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    what = _DOSE_WORDS.get(field, field or "the dose")
    limits = {"sets": MAX_SETS, "reps": MAX_REPS, "hold_seconds": MAX_HOLD_SECONDS}
    if field in limits and first["type"] in ("greater_than_equal", "less_than_equal"):
        unit = " seconds" if field == "hold_seconds" else ""
        return f"{what} must be from 1 to {limits[field]}{unit} (got {first['input']})"
    message: str = first["msg"]
    return f"{what}: {message[0].lower()}{message[1:]}"


def _dosage(exercise: Exercise, sets: int | None, reps: int | None, hold: int | None) -> Dosage:
    from strongback.catalog import Dosage

    base = exercise.dosage.model_dump()
    changes = {"sets": sets, "reps": reps, "hold_seconds": hold}
    return Dosage.model_validate(base | {k: v for k, v in changes.items() if v is not None})


def _planned(repo: Repository, day: date, as_json: bool) -> SessionPlan:
    from strongback.catalog import default_catalog
    from strongback.planner import PlanWithheld
    from strongback.services import NoProfile, plan_for_day

    try:
        plan = plan_for_day(repo, default_catalog(), day)
    except NoProfile:
        fail(SETUP_FIRST)
    except PlanWithheld as withheld:
        refer(withheld, headline="Nothing recorded", as_json=as_json, json_key="session")
    if not plan.exercises:
        fail(f"the plan for {day} has no exercises; name the ones you did with --exercise")
    return plan


def _sets(plan: SessionPlan, ended: datetime) -> list[Any]:
    from strongback.records import SetRecord

    return [
        SetRecord(
            exercise_id=p.exercise_id,
            set_number=number,
            reps_done=p.dosage.reps,
            hold_seconds_done=p.dosage.hold_seconds,
            ended_at=ended,
        )
        for p in plan.exercises
        for number in range(1, p.dosage.sets + 1)
    ]
