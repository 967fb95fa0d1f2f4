"""`strongback start` plays today's session in the terminal; `strongback history` lists sessions.

Every set is stored the moment it ends, and the step to resume from on every step change, so a
session cut short by a crash or a closed terminal loses nothing done and can be resumed.

Hidden options for tests and benchmarks: `--speed N` (an accelerated clock), `--plan FILE` (a
SessionPlan as JSON to play instead of today's plan) and `--max-exercises N`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from strongback.cli._common import (
    EXIT_SCREENING_BLOCKED,
    err,
    fail,
    open_repository,
    out,
    print_json,
)

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.plan import SessionPlan
    from strongback.records import SessionRecord, SetRecord
    from strongback.safety import Screening
    from strongback.session_player import SessionPlayer
    from strongback.store import Repository


# One line per paragraph: Typer's help keeps a docstring's line breaks mid-sentence.
_START_HELP = (
    "Play today's session: countdowns, holds, reps, rests and breathing, step by step."
    "\n\n"
    "Keys: space pause/resume, n next, b back, p report pain, q quit and save. Pain of 6 or "
    "more, or sharp or spreading pain, stops the exercise. An unfinished session can be resumed."
)


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command(help=_START_HELP)
    def start(
        voice: Annotated[
            bool, typer.Option("--voice", help="Speak each step aloud (needs espeak-ng).")
        ] = False,
        bell: Annotated[
            bool, typer.Option("--bell/--no-bell", help="Ring the bell when a countdown ends.")
        ] = True,
        speed: Annotated[float, typer.Option("--speed", hidden=True, min=0.01)] = 1.0,
        plan_file: Annotated[Path | None, typer.Option("--plan", hidden=True)] = None,
        max_exercises: Annotated[
            int | None, typer.Option("--max-exercises", hidden=True, min=1)
        ] = None,
    ) -> None:
        _start(voice=voice, bell=bell, speed=speed, plan_file=plan_file, limit=max_exercises)

    @app.command()
    def history(
        as_json: Annotated[
            bool, typer.Option("--json", help="Print the sessions as JSON.")
        ] = False,
    ) -> None:
        """List your past sessions: date, length, exercises (named, with camera or logged, for
        a one-exercise session) and sets done (and sets stopped), pain before, after and the
        next day, and how hard it felt."""
        from strongback.store import StoreError

        try:
            with open_repository() as repository:
                sessions = repository.sessions()
        except StoreError as exc:
            fail(f"cannot read your sessions: {exc}")
        if as_json:
            print_json([_session_json(s) for s in sessions])
            return
        if not sessions:
            out().print("No sessions yet. Start one with [bold]strongback start[/].")
            return
        out().print(_history_table(sessions))


# --- start ------------------------------------------------------------------------------------


def _start(
    *, voice: bool, bell: bool, speed: float, plan_file: Path | None, limit: int | None
) -> None:
    import sys

    from sqlalchemy.exc import SQLAlchemyError

    from strongback.store import StoreError

    if not sys.stdin.isatty():
        fail("`strongback start` plays the session in a terminal; run it in an interactive one.")
    with open_repository() as repository:
        try:
            saved = _start_session(repository, voice, bell, speed, plan_file, limit)
        except (StoreError, SQLAlchemyError) as exc:
            # Every set already played is stored as it ends; only what failed now is lost.
            fail(f"cannot read or save your session: {exc}")
    if saved is not None:
        out().print(f"Saved: {_saved_sets(saved)}. See [bold]strongback history[/].")


def _start_session(
    repository: Repository,
    voice: bool,
    bell: bool,
    speed: float,
    plan_file: Path | None,
    limit: int | None,
) -> list[SetRecord] | None:
    """Play a new or resumed session and ask how it went: the sets stored, or None on a rest
    day."""
    from strongback.records import SessionFeedback, SessionSource, SessionStatus
    from strongback.rules.screening import screen_with_default_rules

    console = out()
    stored = repository.current_profile()
    if stored is None:
        fail("No profile yet. Run `strongback setup` first to answer a few questions.")
    screening = screen_with_default_rules(stored.profile)
    if screening.blocks_plan:
        _refer(screening)
    record = _resume_or_new(console, repository)
    if record is None:
        plan = _todays_plan(repository, plan_file, limit)
        if not plan.exercises:
            console.print("Today is a rest day: nothing to play. Gentle walking is welcome.")
            for note in plan.notes:
                console.print(f"  {note}", markup=False)
            return None
        _announce(console, plan)
        pain_before = _ask_pain(console, "How is your back right now, 0-10?")
        record = repository.start_session(
            plan, SessionSource.PLAYER, datetime.now(UTC), pain_before=pain_before
        )
    assert record.id is not None
    machine = _play(console, repository, record, voice=voice, bell=bell, speed=speed)
    finished = machine.status.value == "finished"
    _after_words(console, machine)
    # A skipped answer stays empty: the pain reported during the session is on its sets,
    # where progression reads it, and is never passed off as an answer here.
    pain_after = _ask_pain(console, "How is your back now, 0-10?")
    difficulty = _ask_difficulty(console)
    repository.finish_session(
        record.id,
        SessionStatus.COMPLETED if finished else SessionStatus.ENDED_EARLY,
        datetime.now(UTC),
        SessionFeedback(pain_after=pain_after, difficulty=difficulty),
    )
    saved = repository.get_session(record.id)
    return saved.sets if saved is not None else []


def _refer(screening: Screening) -> NoReturn:
    console = err()
    console.print("[bold red]No session today: please see a clinician first.[/]")
    for reason in screening.reasons:
        console.print(f"  - {reason.text}", markup=False)
    if screening.what_to_do:
        console.print(screening.what_to_do, markup=False)
    raise typer.Exit(EXIT_SCREENING_BLOCKED)


def _resume_or_new(console: Console, repository: Repository) -> SessionRecord | None:
    """An unfinished session the person chooses to resume, or None for a new one."""
    from strongback.records import SessionFeedback, SessionStatus

    unfinished = repository.unfinished_session()
    if unfinished is None or unfinished.id is None:
        return None
    when = unfinished.started_at.astimezone().strftime("%a %d %b, %H:%M")
    sets = len(unfinished.sets)
    answer = _ask(
        console,
        f"Unfinished session from {when}, {sets} set{'s' if sets != 1 else ''} saved. "
        "Resume it? [Y/n]",
    )
    if answer is None or answer.lower() in ("", "y", "yes"):
        return unfinished
    repository.finish_session(
        unfinished.id, SessionStatus.ENDED_EARLY, datetime.now(UTC), SessionFeedback()
    )
    return None


def _todays_plan(repository: Repository, plan_file: Path | None, limit: int | None) -> SessionPlan:
    from pydantic import ValidationError

    from strongback.plan import SessionPlan

    if plan_file is not None:
        try:
            plan = SessionPlan.model_validate_json(plan_file.read_text(encoding="utf-8"))
        except OSError as exc:
            fail(f"{plan_file}: cannot read it ({exc.strerror})")
        except ValidationError as exc:
            fail(f"{plan_file}: not a session plan: {exc.errors(include_url=False)[0]['msg']}")
    else:
        from strongback.catalog import default_catalog
        from strongback.planner import PlanWithheld
        from strongback.services import plan_for_day

        # The same use case as `strongback plan` and the web player: one plan for today.
        try:
            plan = plan_for_day(repository, default_catalog(), date.today())
        except PlanWithheld as exc:
            _refer(exc.screening)
    if limit is not None:
        plan = plan.model_copy(update={"exercises": plan.exercises[:limit]})
    return plan


def _announce(console: Console, plan: SessionPlan) -> None:
    from strongback import SAFETY_NOTICE
    from strongback.timeline import build_timeline

    # The timeline, not the plan's estimate, is what will play (and a test may have cut the plan).
    timeline = build_timeline(plan)
    minutes = max(1, round(timeline.total_seconds / 60))
    names = ", ".join(e.name for e in plan.exercises)
    console.print(f"Today: {names}.", markup=False)
    console.print(f"It takes about {minutes} min.", markup=False)
    console.print(
        "Keys: space pause, n next, b back, p report pain, q quit and save.", markup=False
    )
    console.print(SAFETY_NOTICE, style="dim", markup=False)


def _play(
    console: Console,
    repository: Repository,
    record: SessionRecord,
    *,
    voice: bool,
    bell: bool,
    speed: float,
) -> SessionPlayer:
    import sys

    from strongback.catalog import CatalogError, default_catalog
    from strongback.cli.player import PlayerHooks, TerminalPlayer, terminal_keys
    from strongback.cli.voice import make_speaker
    from strongback.clock import clock_for
    from strongback.session_player import SessionPlayer
    from strongback.timeline import build_timeline

    assert record.id is not None
    session_id = record.id
    try:
        catalog = default_catalog()
    except CatalogError:
        catalog = None  # a broken catalog only costs the cues; the plan still plays
    timeline = build_timeline(record.plan, catalog)
    speaker, voice_message = make_speaker(voice)
    if voice_message:
        err().print(voice_message, markup=False)

    def ring() -> None:
        sys.stdout.write("\a")
        sys.stdout.flush()

    recorded = [(s.exercise_id, s.set_number, s.side) for s in record.sets]
    start_step = max(record.resume_step, timeline.after_recorded(recorded))
    clock = clock_for(speed)
    machine = SessionPlayer(
        timeline,
        now=clock.now(),
        started_at=datetime.now(UTC),
        start_step=min(start_step, len(timeline) - 1),
        recorded=recorded,
    )
    hooks = PlayerHooks(
        on_record=lambda set_record: repository.record_set(session_id, set_record),
        on_resume_step=lambda step: repository.set_resume_step(session_id, step),
        bell=ring if bell else (lambda: None),
    )
    try:
        with terminal_keys() as keys:
            TerminalPlayer(machine, clock, keys, hooks, speaker).run(console)
    finally:
        speaker.close()
    return machine


def _after_words(console: Console, machine: SessionPlayer) -> None:
    from strongback import SAFETY_NOTICE
    from strongback.session_player import STOP_ADVICE

    if machine.status.value == "finished":
        console.print("[bold green]Session complete. Well done![/]")
    else:
        console.print("[bold]Session ended early.[/] Everything you did is saved.")
    if any(report.stops for report in machine.pain_reports):
        console.print(STOP_ADVICE, style="bold red", markup=False)
        console.print(SAFETY_NOTICE, markup=False)
        console.print("Your next plan will step back from what hurt.", markup=False)


def _ask(console: Console, question: str) -> str | None:
    from rich.text import Text

    try:
        return console.input(Text(question + " ")).strip()
    except EOFError:
        return None


def _ask_pain(console: Console, question: str) -> int | None:
    while True:
        answer = _ask(console, f"{question} (Enter to skip)")
        if not answer:
            return None
        if answer.isdigit() and 0 <= int(answer) <= 10:
            return int(answer)
        console.print("Please type a whole number from 0 (no pain) to 10 (worst), or Enter.")


def _ask_difficulty(console: Console) -> Any:
    from strongback.records import Difficulty

    choices = {"1": Difficulty.TOO_EASY, "2": Difficulty.RIGHT, "3": Difficulty.TOO_HARD}
    while True:
        answer = _ask(
            console, "How hard did it feel? 1 too easy, 2 about right, 3 too hard (Enter to skip)"
        )
        if not answer:
            return None
        if answer in choices:
            return choices[answer]
        console.print("Please type 1, 2 or 3, or Enter to skip.")


# --- history ----------------------------------------------------------------------------------

# The one way both the player's goodbye and `history` count sets: done, and stopped (for pain, or
# because the session ended mid-set); sets cut short with n are "partly skipped".
_HISTORY_CAPTION = "Time: min:sec.  Sets: done + stopped.  Pain 0-10: before → after → next day."


def _set_counts(sets: list[SetRecord]) -> dict[str, int]:
    from strongback.records import SetOutcome

    stopped = [s for s in sets if s.outcome is SetOutcome.STOPPED]
    return {
        "done": sum(1 for s in sets if s.outcome is SetOutcome.DONE),
        "stopped_for_pain": sum(1 for s in stopped if _for_pain(s)),
        "stopped_otherwise": sum(1 for s in stopped if not _for_pain(s)),
        "skipped": sum(1 for s in sets if s.outcome is SetOutcome.SKIPPED),
    }


def _for_pain(stopped: SetRecord) -> bool:
    # The rule progression uses: a stopped set that carries pain was stopped for it.
    return stopped.pain is not None and stopped.pain > 0


def _saved_sets(sets: list[SetRecord]) -> str:
    """'3 sets done', or '0 sets done, 1 stopped for pain' and the like."""
    counts = _set_counts(sets)
    done = counts["done"]
    parts = [f"{done} set{'s' if done != 1 else ''} done"]
    for key, words in (
        ("stopped_for_pain", "stopped for pain"),
        ("stopped_otherwise", "stopped when the session ended"),
        ("skipped", "partly skipped"),
    ):
        if counts[key]:
            parts.append(f"{counts[key]} {words}")
    return ", ".join(parts)


def _history_sets(sets: list[SetRecord]) -> str:
    """The Sets cell: '3' done, or '0 + 1 stopped' (the caption says which is which)."""
    counts = _set_counts(sets)
    stopped = counts["stopped_for_pain"] + counts["stopped_otherwise"]
    return f"{counts['done']} + {stopped} stopped" if stopped else str(counts["done"])


def _summary(session: SessionRecord) -> dict[str, Any]:
    from strongback.records import SetOutcome

    done = [s for s in session.sets if s.outcome is SetOutcome.DONE]
    duration = (session.ended_at - session.started_at).total_seconds() if session.ended_at else None
    return {
        "id": session.id,
        "started_at": session.started_at.isoformat(),
        "ended_at": session.ended_at.isoformat() if session.ended_at else None,
        "duration_seconds": round(duration) if duration is not None else None,
        "status": session.status.value,
        "source": session.source.value,
        "exercises_planned": len(session.plan.exercises),
        "exercises_done": len({s.exercise_id for s in done}),
        "sets_done": len(done),
        "sets_stopped": sum(1 for s in session.sets if s.outcome is SetOutcome.STOPPED),
        "sets_recorded": len(session.sets),
        "pain_before": session.feedback.pain_before,
        "pain_after": session.feedback.pain_after,
        "next_day_pain": session.feedback.next_day_pain,
        "difficulty": session.feedback.difficulty.value if session.feedback.difficulty else None,
    }


def _session_json(session: SessionRecord) -> dict[str, Any]:
    return {**_summary(session), "sets": [s.model_dump(mode="json") for s in session.sets]}


def _history_table(sessions: list[SessionRecord]) -> Any:
    from rich.box import SIMPLE_HEAD
    from rich.table import Table

    # Seven columns fit 80 even with "1 + 1 stopped" and "10 → 10 → 10": the date leaves out
    # the time of day, and the padding collapses to two spaces between columns.
    table = Table(
        title="Your sessions",
        title_justify="left",
        caption=_HISTORY_CAPTION,
        caption_justify="left",
        box=SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
        collapse_padding=True,
    )
    for column in ("Date", "Time", "Exercises", "Sets", "Pain", "Felt", "Status"):
        table.add_column(
            column,
            justify="right" if column in ("Time", "Sets") else "left",
            # Only an exercise's name may wrap; every other cell is short and whole.
            no_wrap=column != "Exercises",
        )
    for session in sessions:
        row = _summary(session)
        seconds = row["duration_seconds"]
        # A set saved on its own by the camera starts and ends at the same moment: its length
        # is not known, and "0:00" would say it took no time.
        length = f"{seconds // 60}:{seconds % 60:02d}" if seconds else "-"
        pains = (row["pain_before"], row["pain_after"], row["next_day_pain"])
        table.add_row(
            session.started_at.astimezone().strftime("%Y-%m-%d"),
            length,
            _history_exercises(session, row),
            _history_sets(session.sets),
            " → ".join(_dash(p) for p in pains),
            row["difficulty"].replace("-", " ") if row["difficulty"] else "-",
            row["status"].replace("-", " "),
        )
    return table


def _history_exercises(session: SessionRecord, row: dict[str, Any]) -> str:
    """The Exercises cell: 'Bridge (camera)' or 'Bridge (logged)' for a one-exercise set so
    such sessions can be told apart; '2 of 5' done for a planned one ('3 of 3 (logged)').

    A day's session the camera started is played on in a player: it shows as planned."""
    from rich.markup import escape

    from strongback.records import SessionSource

    done = f"{row['exercises_done']} of {row['exercises_planned']}"
    logged = session.source is SessionSource.LOG
    if session.camera_practice or (logged and len(session.plan.exercises) == 1):
        name = escape(session.plan.exercises[0].name)
        return f"{name} ({'logged' if logged else 'camera'})"
    return f"{done} (logged)" if logged else done


def _dash(value: int | None) -> str:
    return "-" if value is None else str(value)
