"""The terminal session player: a full-screen Rich view of the timeline and the keys that steer it.

The rules live in `strongback.session_player`; this module only draws its state, turns keys into
its events, and passes on what they produce: set records (to store at once), the resume step,
voice cues and the bell at the end of a countdown. Time and keys are injected, so tests play a
whole session in milliseconds with a fake clock and scripted keys.
"""

from __future__ import annotations

import math
import os
import select
import sys
import termios
import time
import tty
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from rich.align import Align
from rich.console import Group
from rich.panel import Panel
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from strongback import SAFETY_NOTICE
from strongback.records import SetRecord, Side
from strongback.session_player import (
    STOP_ADVICE,
    PainKind,
    PlayerState,
    PlayerStatus,
    SessionPlayer,
)
from strongback.timeline import Step, StepKind

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from strongback.cli.voice import Speaker
    from strongback.clock import Clock

KEYS_HELP = "space pause · n next · b back · p pain · q quit and save"
PAIN_KINDS = {"d": PainKind.DULL, "s": PainKind.SHARP, "r": PainKind.SPREADING}
# Countdowns that end with a bell: the short release after each hold and paced reps would ring
# every couple of seconds, so they stay quiet.
_BELL_KINDS = frozenset({StepKind.GET_READY, StepKind.HOLD, StepKind.SWITCH_SIDES})
_BELL_MIN_REST = 5.0
_REFRESH_SECONDS = 0.1  # real seconds between redraws while nothing else happens

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
) -> RenderableType:
    """The whole screen for one moment: pure, so golden tests render it at chosen moments."""
    step = state.step
    if state.status is PlayerStatus.PAIN_STOP and state.pain_stop is not None:
        return _pain_stop_view(state)
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
    finished = state.status is PlayerStatus.FINISHED
    headline = "Session complete. Well done!" if finished else "Session ended early."
    sets = f"{state.sets_recorded} set{'s' if state.sets_recorded != 1 else ''} saved."
    return Panel(
        Group(Text(headline, style="bold"), Text(""), Text(sets)),
        title="strongback",
        title_align="left",
        border_style="green" if finished else "yellow",
        padding=(1, 2),
    )


def _pain_stop_view(state: PlayerState) -> RenderableType:
    report = state.pain_stop
    assert report is not None
    step = state.step
    lines = Group(
        Text(f"You reported {report.reason}.", style="bold"),
        Text(""),
        Text(STOP_ADVICE, style="bold red"),
        Text(""),
        Text(SAFETY_NOTICE),
        Text(""),
        Text("Press n to skip to the next exercise, or q to end the session.", style="bold"),
    )
    name = step.exercise_name or "this exercise"
    return Panel(
        lines,
        title=f"Stop: {name}",
        title_align="left",
        border_style="red",
        padding=(1, 2),
    )


class KeySource(Protocol):
    def read(self, timeout: float) -> str | None:
        """A key pressed within `timeout` real seconds, else None."""
        ...


class TerminalKeys:
    """Single key presses from a terminal, without waiting for Enter and without blocking."""

    def __init__(self, fd: int) -> None:
        self._fd = fd

    def read(self, timeout: float) -> str | None:
        ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
        if not ready:
            return None
        data = os.read(self._fd, 16)
        if not data:
            return None
        text = data.decode(errors="ignore")
        # An arrow or function key arrives as an escape sequence: a lone Escape is still a key.
        return "\x1b" if text.startswith("\x1b") else text[:1]


@contextmanager
def terminal_keys() -> Iterator[TerminalKeys]:
    """Put the terminal in cbreak mode (keys arrive at once; Ctrl-C still interrupts)."""
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd)
    try:
        tty.setcbreak(fd)
        yield TerminalKeys(fd)
    finally:
        termios.tcsetattr(fd, termios.TCSADRAIN, saved)


@dataclass
class PlayerHooks:
    on_record: Callable[[SetRecord], None]
    on_resume_step: Callable[[int], None] = lambda _step: None
    bell: Callable[[], None] = lambda: None


class TerminalPlayer:
    def __init__(
        self,
        machine: SessionPlayer,
        clock: Clock,
        keys: KeySource,
        hooks: PlayerHooks,
        speaker: Speaker | None = None,
    ) -> None:
        self.machine = machine
        self.clock = clock
        self.keys = keys
        self.hooks = hooks
        self.speaker = speaker
        self._mode = "normal"  # or "pain-level", "pain-kind"
        self._pain_digits = ""
        self._paused_for_pain = False
        self._message: str | None = None
        self._exercises = 1 + max(
            (s.exercise_index for s in machine.timeline.steps if s.exercise_index is not None),
            default=-1,
        )
        self._saved_resume = -1
        self._shown_step = -1
        self._render_cost = 0.0  # real seconds the last redraw took

    # ---- the loop --------------------------------------------------------------------------

    def run(self, console: Console, *, fullscreen: bool = True) -> None:
        from rich.live import Live

        with Live(
            console=console, screen=fullscreen, auto_refresh=False, redirect_stdout=False
        ) as live:
            try:
                self._absorb([], natural=False)
                while not self.machine.status.over:
                    self.update(self.clock.now())
                    if not self._deadline_too_close():
                        began = time.perf_counter()
                        live.update(self.view(self.clock.now()), refresh=True)
                        self._render_cost = time.perf_counter() - began
                    key = self.keys.read(self._timeout())
                    if key is not None:
                        self.handle_key(key, self.clock.now())
                self.update(self.clock.now())
            except KeyboardInterrupt:
                self._absorb(self.machine.end(self.clock.now()), natural=False)
            live.update(self.view(self.clock.now()), refresh=True)

    def _deadline_too_close(self) -> bool:
        """Skip a redraw that would still be running when the step ends, so that a slow
        terminal delays no step change (a missed redraw is made up right after)."""
        deadline = self.machine.deadline
        if deadline is None:
            return False
        left = (deadline - self.clock.now()) / self.clock.speed
        return left < 2 * self._render_cost

    def _timeout(self) -> float:
        """Real seconds to wait for a key: until the next redraw or the next deadline."""
        wait = _REFRESH_SECONDS
        deadline = self.machine.deadline
        if deadline is not None:
            wait = min(wait, max(0.0, (deadline - self.clock.now()) / self.clock.speed))
        return wait

    def update(self, now: float) -> None:
        self._absorb(self.machine.tick(now), natural=True)

    def view(self, now: float) -> RenderableType:
        state = self.machine.state(now)
        remaining = self.machine.timeline.total_seconds * (1 - state.session_progress)
        return render_view(
            state,
            exercises=self._exercises,
            session_left=remaining,
            prompt=self._prompt(),
            message=self._message,
        )

    # ---- keys ------------------------------------------------------------------------------

    def handle_key(self, key: str, now: float) -> None:
        machine = self.machine
        if self._mode == "pain-level":
            self._pain_level_key(key, now)
            return
        if self._mode == "pain-kind":
            self._pain_kind_key(key, now)
            return
        if machine.status is PlayerStatus.PAIN_STOP:
            if key == "n":
                machine.skip_exercise(now)
            elif key == "q":
                self._absorb(machine.end(now, "Ended after pain."), natural=False)
                return
            self._absorb([], natural=False)
            return
        self._message = None
        if key == " ":
            machine.toggle_pause(now)
        elif key == "n":
            self._absorb(machine.next(now), natural=False)
        elif key == "b":
            machine.back(now)
            self._absorb([], natural=False)
        elif key == "p":
            self._paused_for_pain = machine.status is PlayerStatus.RUNNING
            machine.pause(now)
            self._mode, self._pain_digits = "pain-level", ""
        elif key == "q":
            self._absorb(machine.end(now), natural=False)

    def _pain_level_key(self, key: str, now: float) -> None:
        if key.isdigit() and int(self._pain_digits + key) <= 10:
            self._pain_digits += key
        elif key in ("\x7f", "\b"):
            self._pain_digits = self._pain_digits[:-1]
        elif key in ("\r", "\n") and self._pain_digits:
            self._mode = "pain-kind"
        elif key in ("\x1b", "q"):
            self._cancel_pain(now)

    def _pain_kind_key(self, key: str, now: float) -> None:
        if key in ("\x1b", "q"):
            self._cancel_pain(now)
            return
        kind = PAIN_KINDS.get(key.lower())
        if kind is None:
            return
        level = int(self._pain_digits)
        self._mode = "normal"
        self._absorb(self.machine.pain(now, level, kind), natural=False)
        if self.machine.status is PlayerStatus.PAUSED and self._paused_for_pain:
            self.machine.resume(now)
            self._message = f"Pain {level}/10 ({kind.value}) noted. Go gently."
        self._paused_for_pain = False

    def _cancel_pain(self, now: float) -> None:
        self._mode = "normal"
        if self._paused_for_pain:
            self.machine.resume(now)
        self._paused_for_pain = False

    def _prompt(self) -> str | None:
        if self._mode == "pain-level":
            return f"Pain now, 0-10: {self._pain_digits}_  (Enter to confirm, Esc to cancel)"
        if self._mode == "pain-kind":
            return f"Pain {self._pain_digits}/10. Is it d dull, s sharp, or r spreading?"
        return None

    # ---- effects ---------------------------------------------------------------------------

    def _absorb(self, records: list[SetRecord], *, natural: bool) -> None:
        """Store new records, save the resume step, and cue a new step (bell if time ran out)."""
        for record in records:
            self.hooks.on_record(record)
        machine = self.machine
        if machine.resume_step != self._saved_resume:
            self._saved_resume = machine.resume_step
            self.hooks.on_resume_step(machine.resume_step)
        if machine.index == self._shown_step:
            return
        if natural and self._shown_step >= 0 and self._rings(self._shown_step):
            self.hooks.bell()
        self._shown_step = machine.index
        if self.speaker is not None:
            self.speaker.say(machine.step.voice)

    def _rings(self, index: int) -> bool:
        step = self.machine.timeline.steps[index]
        if step.kind is StepKind.REST:
            return (step.duration_seconds or 0) >= _BELL_MIN_REST
        return step.kind in _BELL_KINDS
