"""`strongback start` plays today's session in the terminal (`history_commands` lists sessions).

Every set is stored the moment it ends, and the step to resume from on every step change, so a
session cut short by a crash or a closed terminal loses nothing done and can be resumed.

Hidden options for tests and benchmarks: `--speed N` (an accelerated clock), `--plan FILE` (a
SessionPlan as JSON to play instead of today's plan) and `--max-exercises N`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from strongback.cli._common import SETUP_FIRST, err, fail, open_repository, out, refer
from strongback.cli._session_questions import ask, ask_difficulty, ask_pain, resume_or_new
from strongback.cli.history_commands import saved_sets

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.plan import SessionPlan
    from strongback.progression import FlareLevel
    from strongback.records import SessionRecord, SetRecord
    from strongback.services import RestDay
    from strongback.session_player import SessionPlayer
    from strongback.store import Repository


# One line per paragraph: Typer's help keeps a docstring's line breaks mid-sentence.
_START_HELP = (
    "Play today's session: countdowns, holds, reps, rests and breathing, step by step."
    "\n\n"
    "Keys: space pause/resume, n next, b back, p report pain, q quit and save. Any pain you "
    "report stops the exercise; if it is strong or spreading, Enter ends the session, and a "
    "session resumed after it asks again before anything plays. With your "
    "back at the flare level before you start, only the stretches are offered, or you stop for "
    "today: that is saved, your plan steps back, and only the stretches are offered for the rest "
    "of the day. An unfinished session can be resumed."
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


# --- start ------------------------------------------------------------------------------------


def _start(
    *, voice: bool, bell: bool, speed: float, plan_file: Path | None, limit: int | None
) -> None:
    from sqlalchemy.exc import SQLAlchemyError

    from strongback.services import ExerciseWithheld
    from strongback.store import NotFound, StoreError

    with open_repository() as repository:
        try:
            saved = _start_session(repository, voice, bell, speed, plan_file, limit)
        except (StoreError, NotFound, SQLAlchemyError) as exc:  # NotFound: forgotten meanwhile
            # Every set already played is stored as it ends; only what failed now is lost.
            fail(f"cannot read or save your session: {exc}")
        except ExerciseWithheld as withheld:
            # The answers were changed (in another window) to ones that call for a clinician.
            refer(withheld, headline="Session stopped, nothing more saved")
    if saved is not None:
        out().print(f"Saved: {saved_sets(saved)}. See [bold]strongback history[/].")


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
    import sys

    from strongback import services
    from strongback.records import SessionSource

    console = out()
    if repository.current_profile() is None:
        fail(SETUP_FIRST)
    # The one safety gate every session, set and camera set goes through, in the terminal as on
    # the web: a screening that calls for a clinician never lets a session start.
    try:
        services.ensure_plan_allowed(repository)
    except services.ExerciseWithheld as withheld:
        refer(withheld, headline="No session today")
    # After the screening, so a person who should see a clinician hears that first, wherever
    # the command runs.
    if not sys.stdin.isatty():
        fail("`strongback start` plays the session in a terminal; run it in an interactive one.")
    record = resume_or_new(console, repository)
    if record is None:
        done = _done_today(repository)
        if done is not None:
            console.print(done, style="bold", markup=False)
        plan = _todays_plan(repository, plan_file, limit)
        if plan.exercises:
            after = _after_rest(console, services.rest_day(repository, plan.day), plan)
            if after is None:
                return None
            plan = after
        if not plan.exercises:
            console.print("Today is a rest day: nothing to play. Gentle walking is welcome.")
            for note in plan.notes:
                console.print(f"  {note}", markup=False)
            return None
        _announce(console, plan, _stop_signs(repository))
        pain_before = ask_pain(console, "How is your back right now, 0-10?")
        if pain_before is not None:
            level = services.flare_level(repository, plan.day)
            fitting = _plan_for_pain(console, plan, pain_before, level)
            if fitting is None:
                _stop_for_today(console, repository, pain_before)
                return None
            plan = fitting
        record = repository.start_session(
            plan, SessionSource.PLAYER, datetime.now(UTC), pain_before=pain_before
        )
    assert record.id is not None
    machine = _play(console, repository, record, voice=voice, bell=bell, speed=speed)
    return _close(console, repository, record.id, machine)


def _after_rest(console: Console, rested: RestDay | None, plan: SessionPlan) -> SessionPlan | None:
    """The plan to offer on a day the person stopped for a flare (`services.rest_day`): its
    stretches alone, after saying so; None, once said, when it has none. `plan` itself when they
    did not stop today. The Today page says the same (`RestDay`)."""
    if rested is None:
        return plan
    from strongback.services import FLARE_CARE

    after = rested.plan_after(plan)
    console.print(rested.words, style="bold", markup=False)
    # With something to play, the safety notice that opens it gives the emergency signs.
    care = rested.advice if after is None else FLARE_CARE
    console.print(care, style="bold red", markup=False)
    console.print(rested.offer(after), markup=False)
    return after


def _stop_for_today(console: Console, repository: Repository, pain: int) -> None:
    """Save that the person stopped for today at `pain`, a flare (`services.stop_for_today`, as
    the session page's "Stop for today"), and say so."""
    from strongback import services
    from strongback.records import SessionSource

    try:
        stopped = services.stop_for_today(repository, pain, datetime.now(UTC), SessionSource.PLAYER)
    except (services.NotAFlare, services.SessionUnfinished) as refused:
        fail(f"nothing saved: {refused}")
    console.print(stopped.words, markup=False)


def _close(
    console: Console, repository: Repository, session_id: int, machine: SessionPlayer
) -> list[SetRecord]:
    """Say how the session went, ask how the back is and how hard it felt, and store it as
    finished: the sets stored. Ctrl-C at a question still stores it, then exits with 130."""
    from strongback.records import SessionFeedback, SessionStatus, SetOutcome
    from strongback.services import finish_session

    played = repository.get_session(session_id)
    sets = played.sets if played is not None else []
    # Played to the end is not enough: a session where every set was skipped or stopped did
    # not happen as planned, and is stored, counted and shown as ended early.
    any_done = any(s.outcome is SetOutcome.DONE for s in sets)
    completed = machine.status.value == "finished" and any_done
    # A skipped answer stays empty: the pain reported during the session is on its sets,
    # where progression reads it, and is never passed off as an answer here.
    feedback = SessionFeedback()
    interrupted = False
    try:
        _after_words(console, sets, completed=completed, any_done=any_done)
        pain_after = ask_pain(console, "How is your back now, 0-10?")
        feedback = SessionFeedback(pain_after=pain_after)
        if played is not None:
            _flare_after(console, repository, played, pain_after)
        feedback = SessionFeedback(pain_after=pain_after, difficulty=ask_difficulty(console))
    except KeyboardInterrupt:
        # Ctrl-C at a question declines it, not the session: left in progress, a session
        # already over would be offered for resuming and missing from history as it was.
        interrupted = True
    finish_session(
        repository,
        session_id,
        SessionStatus.COMPLETED if completed else SessionStatus.ENDED_EARLY,
        datetime.now(UTC),
        feedback,
    )
    saved = repository.get_session(session_id)
    stored = saved.sets if saved is not None else []
    if interrupted:
        console.print()
        console.print(f"Saved without the answers left: {saved_sets(stored)}.", markup=False)
        raise typer.Exit(130)  # the usual status of an interrupted command
    return stored


def _flare_after(
    console: Console, repository: Repository, played: SessionRecord, pain_after: int | None
) -> None:
    """The flare's advice when the pain after the session is at the person's flare level for
    its day (`services.flare_advice`, as the browser's end screen shows it): said at once, as
    the answer that the plan steps back for is stored with the session."""
    from strongback import CLINICIAN_NOTICE
    from strongback.services import FLARE_CARE, flare_advice
    from strongback.session_player import stopped_for_pain

    advice = flare_advice(repository, played.plan.day, pain_after)
    if advice is None:
        return
    # After a stop for pain the stop's advice gave the emergency signs and the notice already.
    said = stopped_for_pain(played.sets)
    console.print(FLARE_CARE if said else advice, style="bold red", markup=False)
    if not said:
        console.print(CLINICIAN_NOTICE, style="dim", markup=False)


def _done_today(repository: Repository) -> str | None:
    """One line when today's session is already done, as adherence counts it (`progress.counts`:
    completed, or a set done in it; never camera practice): another is allowed, but it should be
    a choice. A session left with no set done is not today's session done."""
    from strongback.progress import counts
    from strongback.records import SessionStatus

    today = date.today()
    done = [
        r
        for r in repository.sessions()
        if r.plan.day == today and r.status is not SessionStatus.IN_PROGRESS and counts(r)
    ]
    if not done:
        return None
    last = done[-1]
    at = (last.ended_at or last.started_at).astimezone().strftime("%H:%M")
    how = "completed" if last.status is SessionStatus.COMPLETED else "ended early"
    return f"Today's session is already done ({how} at {at}); this is an extra one."


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
        except PlanWithheld as withheld:
            refer(withheld, headline="No session today")
    if limit is not None:
        plan = plan.model_copy(update={"exercises": plan.exercises[:limit]})
    return plan


def _stop_signs(repository: Repository) -> list[str]:
    """The person's signs besides pain that stop any exercise at once (in pregnancy)."""
    from strongback.session_player import stop_signs

    stored = repository.current_profile()
    return stop_signs(stored.profile if stored is not None else None)


def _announce(console: Console, plan: SessionPlan, signs: list[str]) -> None:
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
    for sign in signs:
        console.print(sign, style="bold", markup=False)


def _plan_for_pain(
    console: Console, plan: SessionPlan, pain_before: int, level: FlareLevel | None = None
) -> SessionPlan | None:
    """The plan to play for a back at `pain_before`: `plan` itself below the person's flare
    level (`services.flare_level`; None: the rules' level, for someone whose usual pain is not
    known yet); at or above it, the stretches alone (the default) or None to stop for today, as
    the person chooses.

    Strengthening on a flaring back is what the progression rules step back from afterwards, so
    it is not started in the first place. The smaller plan is the one stored with the session, so
    the player, the web's set checks, the history and the adherence all see a day of stretches
    only. The words are the session page's too (`strongback.flare_start`).
    """
    from strongback import EMERGENCY_ADVICE
    from strongback.flare_start import FLARE_START_CARE, NO_STRETCHES_TODAY, flare_start_reason
    from strongback.plan import stretches_only
    from strongback.services import flare_pain

    lowest, usual = (flare_pain(), None) if level is None else (level.lowest, level.usual)
    if pain_before < lowest:
        return plan
    stretches = stretches_only(plan, pain_before)
    reason = flare_start_reason(pain_before, lowest, usual)
    console.print(reason, style="bold", markup=False)
    console.print(f"{FLARE_START_CARE} {EMERGENCY_ADVICE}", style="bold red", markup=False)
    if stretches is None:
        console.print(NO_STRETCHES_TODAY, markup=False)
        return None
    names = ", ".join(e.name for e in stretches.exercises)
    question = f"Do the stretches only ({names})? Type s for the stretches or q to stop. [S/q]"
    while True:
        answer = ask(console, question)
        if answer is None or answer.lower() in ("", "s", "stretches"):
            return stretches
        if answer.lower() in ("q", "stop"):
            return None
        console.print("Please type s for the stretches only, or q to stop for today.")


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

    from strongback import services
    from strongback.catalog import CatalogError, default_catalog
    from strongback.cli.player import PlayerHooks, TerminalPlayer, terminal_keys
    from strongback.cli.voice import make_speaker
    from strongback.clock import clock_for
    from strongback.services import ActiveSession
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

    # The web player starts at the same step, by the same rules: never replaying a recorded set,
    # never inside an exercise stopped for pain, and at the stop again when its pain advised
    # ending the session.
    active = ActiveSession(record, timeline, services.flare_level(repository, record.plan.day))
    clock = clock_for(speed)
    machine = SessionPlayer(
        timeline,
        now=clock.now(),
        started_at=datetime.now(UTC),
        start_step=active.start_step,
        stored=record.sets,
        pain_stop=active.advised_stop,
    )
    hooks = PlayerHooks(
        on_record=lambda set_record: record_if_allowed(repository, session_id, set_record),
        on_resume_step=lambda step: repository.set_resume_step(session_id, step),
        bell=ring if bell else (lambda: None),
    )
    try:
        with terminal_keys() as keys:
            player = TerminalPlayer(
                machine,
                clock,
                keys,
                hooks,
                speaker,
                flare_pain=active.flare_level.lowest,
                stop_signs=_stop_signs(repository),
            )
            player.run(console)
    finally:
        speaker.close()
    return machine


def _after_words(
    console: Console, sets: list[SetRecord], *, completed: bool, any_done: bool
) -> None:
    """One line on how the session went (the sets are counted once, after the questions), and
    after a stop for pain the advice, with the step back only when a set stored shows that stop:
    progression steps back from what the store holds, not from what was said on screen."""
    from strongback import CLINICIAN_NOTICE
    from strongback.session_player import STOP_ADVICE, stopped_for_pain

    if completed:
        console.print("[bold green]Session complete. Well done![/]")
    elif any_done:
        console.print("[bold]Session ended early.[/] Everything you did is saved.")
    else:
        console.print("[bold]Session ended early:[/] no set was done.")
    if stopped_for_pain(sets):
        # The advice ends with the emergency line, which the notice under it leaves out.
        console.print(STOP_ADVICE, style="bold red", markup=False)
        console.print(CLINICIAN_NOTICE, markup=False)
        console.print("Your next plan will step back from what hurt.", markup=False)


def record_if_allowed(repository: Repository, session_id: int, record: SetRecord) -> None:
    """Store a set the player ended, unless the answers now call for a clinician first: then
    `services.ExerciseWithheld`, and the player stops. The answers may be changed in another
    window while a session plays; the web refuses such sets in the same way."""
    from strongback.services import ensure_plan_allowed

    ensure_plan_allowed(repository)
    repository.record_set(session_id, record)
