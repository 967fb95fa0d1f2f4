"""`strongback history`: the sessions stored, as a table or as JSON, and how sets are counted.

The player's goodbye (`strongback start`) counts sets with `saved_sets`, the table with
`history_sets`: one way to count, done and stopped. Only Typer and the standard library are
imported at module level, so `strongback --help` stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from strongback.cli._common import (
    EXIT_SCREENING_BLOCKED,
    fail,
    open_repository,
    out,
    print_json,
    refer,
)

if TYPE_CHECKING:
    from strongback.planner import PlanWithheld
    from strongback.records import SessionRecord, SessionStatus, SetRecord


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command()
    def history(
        as_json: Annotated[
            bool,
            typer.Option("--json", help="Print the sessions as JSON, oldest first."),
        ] = False,
    ) -> None:
        """List your past sessions, newest first: date, length, exercises (named, with camera or
        logged, for a one-exercise session) and sets done (and sets stopped), pain before, after
        and the next day, and how hard it felt."""
        from strongback.services import ExerciseWithheld, ensure_plan_allowed
        from strongback.store import StoreError

        withheld: ExerciseWithheld | None = None
        try:
            with open_repository() as repository:
                sessions = repository.sessions()
                try:
                    # Today's rules, as every command that could lead to exercise screens them.
                    ensure_plan_allowed(repository)
                except ExerciseWithheld as referral:
                    withheld = referral
        except StoreError as exc:
            fail(f"cannot read your sessions: {exc}")
        if withheld is not None:
            _refer(sessions, withheld, as_json=as_json)
        if as_json:
            print_json([_session_json(s) for s in sessions])
            return
        if not sessions:
            out().print("No sessions yet. Start one with [bold]strongback start[/].")
            return
        out().print(_history_table(sessions))


def _refer(sessions: list[SessionRecord], withheld: PlanWithheld, *, as_json: bool) -> NoReturn:
    """The sessions recorded so far (they are what happened), then the referral instead of an
    invitation to start one; exit 3, as every command does for a person sent to a clinician.

    As JSON: the list under "sessions" with the referral's keys beside it, as `refer` gives them.
    """
    from strongback import SAFETY_NOTICE

    if as_json:
        print_json(
            {
                "sessions": [_session_json(s) for s in sessions],
                "withheld": True,
                "screening": withheld.screening.model_dump(mode="json"),
                "reasons": list(withheld.reasons),
                "safety_notice": SAFETY_NOTICE,
            }
        )
        raise typer.Exit(EXIT_SCREENING_BLOCKED)
    if sessions:
        out().print(_history_table(sessions))
    refer(withheld, headline="No session for now")


# The one way both the player's goodbye and `history` count sets: done, and stopped (for pain, or
# because the session ended mid-set); sets cut short with n are "partly skipped".
_HISTORY_CAPTION = "Time: min:sec.  Sets: done + stopped.  Pain 0-10: before → after → next day."


def set_counts(sets: list[SetRecord]) -> dict[str, int]:
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


def saved_sets(sets: list[SetRecord]) -> str:
    """'3 sets done', or '0 sets done, 1 stopped for pain' and the like, in the words the Today
    page uses for an unfinished session ended (`services.sets_in_words`)."""
    from strongback.services import sets_in_words

    return sets_in_words(sets)


def history_sets(sets: list[SetRecord]) -> str:
    """The Sets cell: '3' done, or '0 + 1 stopped' (the caption says which is which)."""
    counts = set_counts(sets)
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

    from strongback.records import SessionStatus

    # Seven columns fit 80 even with "1 + 1 stopped" and "10 → 10 → 10": the date leaves out
    # the time of day, and the padding collapses to two spaces between columns.
    table = Table(
        title="Your sessions, newest first",
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
            # Only an exercise's name and a status in words may wrap; every other cell is short
            # and whole.
            no_wrap=column not in ("Exercises", "Status"),
        )
    # Newest first, as the progress page lists them and as people read a log; the JSON keeps
    # the store's order, oldest first, as the API gives it.
    for session in reversed(sessions):
        row = _summary(session)
        seconds = row["duration_seconds"]
        # A set saved on its own by the camera starts and ends at the same moment: its length
        # is not known, and "0:00" would say it took no time.
        length = f"{seconds // 60}:{seconds % 60:02d}" if seconds else "-"
        pains = (row["pain_before"], row["pain_after"], row["next_day_pain"])
        # A day stopped for a flare planned nothing: "0 of 0" exercises would read as a
        # session that went wrong.
        rested = session.status is SessionStatus.RESTED
        table.add_row(
            session.started_at.astimezone().strftime("%Y-%m-%d"),
            length,
            "-" if rested else _history_exercises(session, row),
            "-" if rested else history_sets(session.sets),
            " → ".join(_dash(p) for p in pains),
            row["difficulty"].replace("-", " ") if row["difficulty"] else "-",
            status_words(session.status),
        )
    return table


def status_words(status: SessionStatus) -> str:
    """The Status cell: 'completed', 'ended early', 'in progress', 'stopped for a flare'. The
    JSON keeps the stored value ("rested"), as the API gives it."""
    from strongback.records import SessionStatus

    if status is SessionStatus.RESTED:
        return "stopped for a flare"
    return status.value.replace("-", " ")


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
