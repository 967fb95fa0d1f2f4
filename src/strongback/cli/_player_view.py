"""What the terminal player shows: one full screen for one moment of the session.

Private to `strongback.cli.player`, which re-exports its public names. Every function here is pure
(a player state in, a Rich renderable out), so golden tests draw the screen at chosen moments
without a terminal, a clock or keys.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.align import Align
from rich.console import Group
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from strongback import CLINICIAN_NOTICE
from strongback.cli.history_commands import saved_sets
from strongback.records import Side
from strongback.session_player import (
    END_SESSION_ADVICE,
    STOP_ADVICE,
    PlayerState,
    PlayerStatus,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import RenderableType

    from strongback.timeline import Step

KEYS_HELP = "space pause · n next · b back · p pain · q quit and save"

# Digits three cells wide and five high, for a countdown readable from the floor.
_DIGITS = {
    "0": ["███", "█ █", "█ █", "█ █", "███"],
    "1": [" █ ", "██ ", " █ ", " █ ", "███"],
    "2": ["███", "  █", "███", "█  ", "███"],
    "3": ["███", "  █", "███", "  █", "███"],
    "4": ["█ █", "█ █", "███", "  █", "  █"],
    "5": ["███", "█  ", "███", "  █", "███"],
    "6": ["███", "█  ", "███", "█ █", "███"],
    "7": ["███", "  █", "  █", "  █", "  █"],
    "8": ["███", "█ █", "███", "█ █", "███"],
    "9": ["███", "█ █", "███", "  █", "███"],
    ":": [" ", "█", " ", "█", " "],
}


def big_number(text: str) -> Text:
    rows = ["  ".join(_DIGITS[ch][row] for ch in text) for row in range(5)]
    return Text("\n".join(rows), style="bold cyan")


def countdown_text(remaining: float) -> str:
    seconds = max(0, math.ceil(remaining - 1e-9))
    return f"{seconds // 60}:{seconds % 60:02d}" if seconds >= 60 else str(seconds)


def _clock_words(seconds: float) -> str:
    whole = max(0, round(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def _position_line(step: Step) -> str:
    parts: list[str] = []
    if step.set_number is not None and step.sets is not None:
        parts.append(f"Set {step.set_number} of {step.sets}")
    if step.rep is not None and step.reps is not None:
        parts.append(f"Rep {step.rep} of {step.reps}")
    elif step.reps is not None and step.kind.is_work:
        parts.append(f"{step.reps} reps")
    if step.side is not None and step.side is not Side.BOTH:
        parts.append(f"{step.side.value.capitalize()} side")
    return " · ".join(parts)


def _breathing_line(state: PlayerState) -> Text:
    pace = state.step.breathing
    phase, left = pace.phase_at(state.elapsed_seconds)
    arrow = "▲ Breathe in " if phase == "in" else "▼ Breathe out"
    line = Text(f"{arrow} {math.ceil(left - 1e-9)} s", style="bold green")
    line.append(f"    (in {pace.inhale_seconds:g} s, out {pace.exhale_seconds:g} s)", style="green")
    return line


def _bar(label: str, fraction: float, extra: str = "") -> Table:
    row = Table.grid(padding=(0, 1))
    row.add_column(width=9)
    row.add_column(width=44)
    row.add_column(justify="right", width=4)
    row.add_column()
    row.add_row(
        label, ProgressBar(total=1.0, completed=fraction, width=44), f"{fraction:.0%}", extra
    )
    return row


def render_view(
    state: PlayerState,
    *,
    exercises: int,
    session_left: float,
    prompt: str | None = None,
    message: str | None = None,
    end_advised: bool = False,
    stop_signs: Sequence[str] = (),
) -> RenderableType:
    """The whole screen for one moment: pure, so golden tests render it at chosen moments.

    `end_advised`: the pain stop suggests ending the session (`session_player.pain_ends_session`).
    `stop_signs`: the person's signs besides pain that stop any exercise (in pregnancy), which
    the stop screen shows with its advice.
    """
    step = state.step
    if state.status is PlayerStatus.PAIN_STOP and state.pain_stop is not None:
        return _pain_stop_view(state, end_advised=end_advised, stop_signs=stop_signs)
    if state.status.over:
        return _end_view(state)
    title = "strongback"
    if step.exercise_index is not None:
        title += f" · exercise {step.exercise_index + 1} of {exercises}: {step.exercise_name}"
    status = " PAUSED " if state.status is PlayerStatus.PAUSED else ""
    body = Table.grid(padding=(0, 0))
    body.add_column()
    body.add_row(Text(step.text, style="bold"))
    body.add_row("")
    if state.remaining_seconds is not None:
        body.add_row(Align.center(big_number(countdown_text(state.remaining_seconds))))
    else:
        body.add_row(
            Text(
                f"Press n when you have finished.  ({_clock_words(state.elapsed_seconds)})",
                style="bold cyan",
            )
        )
    body.add_row("")
    body.add_row(Text(_position_line(step)))
    body.add_row(_breathing_line(state))
    if step.cue:
        body.add_row(Text(f"Cue: {step.cue}", style="italic"))
    if state.next_step is not None:
        body.add_row(Text(f"Next: {state.next_step.text}", style="dim"))
    body.add_row("")
    body.add_row(_bar("Exercise", state.exercise_progress))
    body.add_row(_bar("Session", state.session_progress, f"{_clock_words(session_left)} left"))
    if prompt:
        body.add_row("")
        body.add_row(Text(prompt, style="bold yellow"))
    elif message:
        body.add_row("")
        body.add_row(Text(message, style="yellow"))
    return Panel(
        body,
        title=title,
        title_align="left",
        subtitle=f"[reverse]{status}[/] {KEYS_HELP}" if status else KEYS_HELP,
        subtitle_align="left",
        border_style="yellow" if status else "cyan",
        padding=(1, 2),
    )


def _end_view(state: PlayerState) -> RenderableType:
    # Played to the end but with every set skipped is not a session done: say so, as the
    # history will. The sets are the session's, earlier sittings included, counted as the
    # goodbye under this screen counts the stored ones.
    finished = state.status is PlayerStatus.FINISHED and state.sets_done > 0
    headline = "Session complete. Well done!" if finished else "Session ended early."
    sets = f"{saved_sets(list(state.sets))}."
    return Panel(
        Group(Text(headline, style="bold"), Text(""), Text(sets)),
        title="strongback",
        title_align="left",
        border_style="green" if finished else "yellow",
        padding=(1, 2),
    )


#: What Enter does at a pain stop, said first: ending when the pain is strong or spreading,
#: else going on to the next exercise (named); after the last one, only finishing is left.
END_ADVISED_KEYS = "Press Enter or q to end the session (advised), or n to go on to {next}."
GO_ON_KEYS = "Press Enter or n to go on to {next}, or q to end the session."
LAST_EXERCISE_KEYS = "That was the last exercise: press Enter to finish the session."


def _pain_stop_keys(state: PlayerState, *, end_advised: bool) -> str:
    going_on_to = state.going_on_to
    if going_on_to is None:
        return LAST_EXERCISE_KEYS
    name = going_on_to.exercise_name or "the next exercise"
    return (END_ADVISED_KEYS if end_advised else GO_ON_KEYS).format(next=name)


def _pain_stop_view(
    state: PlayerState, *, end_advised: bool, stop_signs: Sequence[str] = ()
) -> RenderableType:
    report = state.pain_stop
    assert report is not None
    step = state.step
    # STOP_ADVICE ends with the emergency line, so the notice under it leaves that line out.
    lines = [
        Text(f"You reported {report.reason}.", style="bold"),
        Text(report.stopped_words),
        Text(""),
    ]
    if end_advised:
        lines += [Text(END_SESSION_ADVICE, style="bold"), Text("")]
    lines += [Text(STOP_ADVICE, style="bold red"), Text("")]
    for sign in stop_signs:
        lines += [Text(sign, style="bold red"), Text("")]
    lines += [
        Text(CLINICIAN_NOTICE),
        Text(""),
        Text(_pain_stop_keys(state, end_advised=end_advised), style="bold"),
    ]
    # The step on screen may be the next exercise's (pain just after an exercise's last set, or
    # a stop shown again on resuming): the title names the one the pain stopped.
    name = report.exercise_name or step.exercise_name or "this exercise"
    return Panel(
        Group(*lines),
        title=f"Stop: {name}",
        title_align="left",
        border_style="red",
        padding=(1, 2),
    )


__all__ = ["KEYS_HELP", "big_number", "countdown_text", "render_view"]
