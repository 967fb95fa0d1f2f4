"""`strongback log`: record a session done away from the computer, so the history stays honest.

The exercises are named (`-e bridge:3x10`) or taken from the day's plan (`--planned`); the
recording itself is the web's too (`services.log_session`), so this module reads the options and
says the service's answers in the terminal's words. Only Typer and the standard library are
imported at module level.
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from strongback.cli._common import (
    SETUP_FIRST,
    err,
    fail,
    open_repository,
    out,
    print_json,
    refer,
)
from strongback.cli.progress_commands import DATE_HELP, parse_day
from strongback.limits import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS

if TYPE_CHECKING:
    from strongback.services import DoneExercise, LogRefused

DIFFICULTIES = ("too-easy", "right", "too-hard")
#: The dose after an exercise's id: SETSxREPS, both whole numbers ("3x10", "2 x 8"), and for
#: a held exercise the seconds each rep was held after an @ ("3x10@20s", "2x8 @ 15").
_DOSE = re.compile(r"\s*(\d+)\s*[xX]\s*(\d+)\s*(?:@\s*(\d+)\s*s?\s*)?")
#: The note in the plan of a session logged here, which the history and the export show.
_NOTE = "Logged afterwards with `strongback log`."


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command("log")(log_session)


def log_session(
    exercise: Annotated[
        list[str] | None,
        typer.Option(
            "--exercise",
            "-e",
            metavar="ID[:SETSxREPS[@SECONDS]]",
            help=(
                "An exercise you did, e.g. bridge, bridge:3x10 or, held 20 s a rep, "
                "bridge:3x10@20; repeat for each one."
            ),
        ),
    ] = None,
    sets: Annotated[
        int | None,
        typer.Option(min=1, max=MAX_SETS, metavar="N", help="Sets, where not given per exercise."),
    ] = None,
    reps: Annotated[
        int | None,
        typer.Option(
            min=1, max=MAX_REPS, metavar="N", help="Reps per set (default: the catalog's)."
        ),
    ] = None,
    hold: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=MAX_HOLD_SECONDS,
            metavar="SECONDS",
            help=(
                "Seconds each rep was held, for every exercise named; only for exercises that "
                "are held (one exercise's own: ID:SETSxREPS@SECONDS)."
            ),
        ),
    ] = None,
    planned: Annotated[
        bool, typer.Option("--planned", help="You did the day's planned session.")
    ] = False,
    pain_before: Annotated[
        int | None, typer.Option(min=0, max=10, metavar="PAIN", help="Pain before, 0 (none) to 10.")
    ] = None,
    pain_after: Annotated[
        int | None, typer.Option(min=0, max=10, metavar="PAIN", help="Pain after, 0 (none) to 10.")
    ] = None,
    difficulty: Annotated[
        str | None,
        typer.Option(metavar="FEELING", help="How it felt: too-easy, right or too-hard."),
    ] = None,
    when: Annotated[
        str | None, typer.Option("--date", metavar="YYYY-MM-DD", help=DATE_HELP)
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the stored session as JSON.")
    ] = False,
    again: Annotated[
        bool,
        typer.Option(
            "--again",
            help="Record it even if the same session was just logged: you did it twice.",
        ),
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
    from strongback.planner import PlanWithheld
    from strongback.records import Difficulty, SessionFeedback

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
    done: list[DoneExercise] | Literal["planned"] = (
        services.PLANNED if planned else [_done(item, sets, reps, hold) for item in exercise]
    )
    feedback = SessionFeedback(
        pain_before=pain_before,
        pain_after=pain_after,
        difficulty=Difficulty(difficulty) if difficulty else None,
    )
    with open_repository() as repo:
        # The one use case with the web's (services.log_session): no answers yet is exit 1 (run
        # setup), a screening that sends the person to a clinician is exit 3, with today's rules.
        try:
            logged = services.log_session(
                repo, default_catalog(), day, done, feedback, note=_NOTE, again=again
            )
        except services.NoProfile:
            fail(SETUP_FIRST)
        except PlanWithheld as withheld:
            refer(withheld, headline="Nothing recorded", as_json=as_json, json_key="session")
        except services.RecordDayRefused as refused:
            fail(f"--date: {refused}")
        except services.LogRefused as refused:
            fail(_refusal(refused, day, exercise))
        stored = logged.session
        # Pain after is read against the person's flare level that day, and advised on only
        # while today's plan steps back for it (a back-dated session may be followed by calmer
        # ones).
        advised = pain_after is not None and services.flare_steps_plan_back(
            repo, stored, pain_after, date.today()
        )
    # What was done is recorded as it was, but never in silence when the person's own data rules
    # an exercise out.
    for _, left_out in logged.left_out:
        err().print(f"[bold yellow]caution:[/] {escape(str(left_out))}.")
    if as_json:
        print_json(stored.model_dump(mode="json"))
        return
    console = out()
    names = ", ".join(e.name for e in stored.plan.exercises)
    console.print(f"[green]Logged[/] session {stored.id} on {day}: {names}.")
    if advised:
        console.print(services.FLARE_ADVICE)
    if day == date.today():
        console.print("Tomorrow, tell strongback how your back feels: [bold]strongback checkin[/].")
    else:
        # `checkin` without --session picks the latest session before its day, which need not
        # be this one: name it.
        console.print("To record how your back felt the day after, run:")
        console.print(f"  [bold]strongback checkin --pain N --session {stored.id}[/]")
    if advised:
        # Once, after everything else: advice about pain always ends with the notice, here
        # without the emergency line the flare advice has just given.
        from strongback import CLINICIAN_NOTICE

        console.print(f"[dim]{escape(CLINICIAN_NOTICE)}[/]")


def _refusal(refused: LogRefused, day: date, items: list[str]) -> str:
    """The service's refusal in the command's words, naming the option at fault."""
    from strongback.services import AlreadyLogged, NothingToLog, UnknownExercise

    if isinstance(refused, AlreadyLogged):
        return f"{refused}; if you did it twice, log it again with --again"
    if isinstance(refused, NothingToLog) and not items:
        return f"the plan for {day} has no exercises; name the ones you did with --exercise"
    if isinstance(refused, UnknownExercise):
        return f"--exercise: {refused}"
    own = refused.index is not None and refused.index < len(items) and "@" in items[refused.index]
    if refused.field == "hold_seconds" and not own:
        # --hold (Typer keeps it in range, so this is a hold for an exercise done in reps)
        # gives its seconds to every exercise named.
        every = (
            "; --hold gives its seconds to every --exercise, so give the held one's own after "
            "its dose instead (e.g. bridge:3x10@20)"
            if len(items) > 1
            else ""
        )
        return f"--hold: {refused}{every}"
    if refused.index is not None:  # a dose, or an exercise named twice: quote the one at fault
        return f"--exercise {items[refused.index]!r}: {refused}"
    return f"nothing recorded: {refused}"


def _done(text: str, sets: int | None, reps: int | None, hold: int | None) -> DoneExercise:
    """`bridge` (the dose comes from --sets, --reps or the catalog), `bridge:3x10`, or
    `bridge:3x10@20` with its own hold: sets and reps are both needed, so that a half-written
    dose is never completed with a guess."""
    from strongback.services import DoneExercise

    name, colon, dose = text.partition(":")
    if not colon:
        return DoneExercise(name, sets, reps, hold)
    found = _DOSE.fullmatch(dose)
    if found is None:
        fail(
            f"--exercise {text!r}: write the dose as SETSxREPS, both whole numbers, e.g. "
            f"{name.strip() or 'bridge'}:3x10, with @SECONDS after it for a hold "
            f"(or leave it out: {name.strip() or 'bridge'})"
        )
    own_hold = found[3]
    if own_hold is not None and hold is not None:
        fail(
            f"--exercise {text!r} gives its own hold, so --hold would be ignored: "
            "give each held exercise's hold after its dose, or --hold alone"
        )
    return DoneExercise(name, int(found[1]), int(found[2]), int(own_hold) if own_hold else hold)
