"""The terminal session player: a full-screen Rich view of the timeline and the keys that steer it.

The rules live in `strongback.session_player`; this module only draws its state, turns keys into
its events, and passes on what they produce: set records (to store at once), the resume step,
voice cues and the bell at the end of a countdown. Time and keys are injected, so tests play a
whole session in milliseconds with a fake clock and scripted keys.

The screen itself is drawn by the pure functions in `_player_view` (re-exported here); this module
holds the loop: reading keys, ticking the state machine, and the effects of each step change.
"""

from __future__ import annotations

import codecs
import os
import select
import sys
import termios
import time
import tty
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from strongback.cli._player_view import KEYS_HELP, big_number, countdown_text, render_view
from strongback.limits import whole_number
from strongback.records import SetRecord
from strongback.session_player import PainKind, PlayerStatus, SessionPlayer, pain_ends_session
from strongback.timeline import StepKind

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from strongback.cli.voice import Speaker
    from strongback.clock import Clock

PAIN_KINDS = {"d": PainKind.DULL, "s": PainKind.SHARP, "r": PainKind.SPREADING}
# Countdowns that end with a bell: the short release after each hold and paced reps would ring
# every couple of seconds, so they stay quiet.
_BELL_KINDS = frozenset({StepKind.GET_READY, StepKind.HOLD, StepKind.SWITCH_SIDES})
_BELL_MIN_REST = 5.0
_REFRESH_SECONDS = 0.1  # real seconds between redraws while nothing else happens
# Enough for "10" with a leading zero or one digit too many, which the prompt then refuses; a
# key held down stops adding there rather than filling the line.
_PAIN_TYPED_MAX = 3


class KeySource(Protocol):
    def read(self, timeout: float) -> str | None:
        """A key pressed within `timeout` real seconds, else None."""
        ...


class TerminalKeys:
    """Single key presses from a terminal, without waiting for Enter and without blocking.

    One read may bring several keys at once (typing fast, pasting, a slow machine): they are
    queued and handed out one by one, in order, so that "7" and Enter sent together both count.
    """

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._pending: deque[str] = deque()
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="ignore")

    def read(self, timeout: float) -> str | None:
        if not self._pending:
            ready, _, _ = select.select([self._fd], [], [], max(0.0, timeout))
            if not ready:
                return None
            data = os.read(self._fd, 1024)
            if not data:
                return None
            self._pending.extend(split_keys(self._decoder.decode(data)))
        return self._pending.popleft() if self._pending else None


def split_keys(text: str) -> list[str]:
    """The keys in a burst of terminal input, in order.

    An arrow or function key arrives as an escape sequence and counts as one Escape (as does
    Alt with a key, which terminals send as Escape and the key); Return and line feed sent as a
    pair are one Enter.
    """
    keys: list[str] = []
    i = 0
    while i < len(text):
        char = text[i]
        i += 1
        if char == "\x1b":
            i = _escape_sequence_end(text, i)
        elif char == "\n" and i >= 2 and text[i - 2] == "\r":
            continue
        keys.append(char)
    return keys


def _escape_sequence_end(text: str, i: int) -> int:
    """Where an escape sequence that began just before `i` ends (CSI, SS3 or Alt+key)."""
    if i >= len(text):
        return i
    if text[i] == "[":
        i += 1
        while i < len(text) and "\x20" <= text[i] <= "\x3f":  # parameters and intermediates
            i += 1
        return min(i + 1, len(text))  # the final byte
    if text[i] == "O":
        return min(i + 2, len(text))
    return i + 1


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
        *,
        flare_pain: int | None = None,
        stop_signs: Sequence[str] = (),
    ) -> None:
        """`flare_pain`: the pain at which a stop advises ending the session (default: the
        progression rules' flare level). `stop_signs`: the person's signs besides pain that stop
        any exercise at once (`session_player.stop_signs`), shown on the stop screen."""
        if flare_pain is None:
            from strongback.services import flare_pain as rules_flare_pain

            flare_pain = rules_flare_pain()
        self.flare_pain = flare_pain
        self.stop_signs = tuple(stop_signs)
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
            end_advised=self._end_advised(),
            stop_signs=self.stop_signs,
        )

    def _end_advised(self) -> bool:
        """At a pain stop, whether ending the session is the suggested (Enter) action."""
        report = self.machine.pain_stop
        return report is not None and pain_ends_session(report, self.flare_pain)

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
            enter = key in ("\r", "\n")
            if machine.going_on_to is None and (enter or key in ("n", "q")):
                # Nothing is left after the stopped exercise: every key the screen offers
                # finishes the session, as it says.
                machine.skip_exercise(now)
                self._absorb([], natural=False)
                return
            if key == "q" or (enter and self._end_advised()):
                self._absorb(machine.end(now, "Ended after pain."), natural=False)
                return
            if key == "n" or enter:
                machine.skip_exercise(now)
            self._absorb([], natural=False)
            return
        self._message = None
        if key == " ":
            machine.toggle_pause(now)
        elif key == "n":
            self._absorb(machine.next(now), natural=False)
        elif key == "b":
            # The core says why when back passed over (or would not go into) an exercise
            # stopped for pain: shown until the next key.
            self._message = machine.back(now)
            self._absorb([], natural=False)
        elif key == "p":
            self._paused_for_pain = machine.status is PlayerStatus.RUNNING
            machine.pause(now)
            self._mode, self._pain_digits = "pain-level", ""
        elif key == "q":
            self._absorb(machine.end(now), natural=False)

    def _pain_level_key(self, key: str, now: float) -> None:
        # Every ASCII digit typed is kept and shown, even past 10: dropping the "2" of "12"
        # would save a lower pain than the one meant. The prompt refuses it until corrected.
        if whole_number(key) is not None and len(self._pain_digits) < _PAIN_TYPED_MAX:
            self._pain_digits += key
        elif key in ("\x7f", "\b"):
            self._pain_digits = self._pain_digits[:-1]
        elif key in ("\r", "\n") and self._pain_level() == 0:
            self._cancel_pain(now)  # the key was pressed by mistake
            self._message = "No pain reported: carry on."
        elif key in ("\r", "\n") and self._pain_level() is not None:
            self._mode = "pain-kind"
        elif key in ("\x1b", "q"):
            self._cancel_pain(now)

    def _pain_level(self) -> int | None:
        """The level typed, or None while nothing from 0 to 10 is typed."""
        return whole_number(self._pain_digits, 10)

    def _pain_kind_key(self, key: str, now: float) -> None:
        """The level is given, so the exercise stops whatever is pressed here: the kind is asked
        for the record, and Esc, Enter or q leave it unsaid rather than dropping the report."""
        kind = PAIN_KINDS.get(key.lower())
        if kind is None and key not in ("\x1b", "\r", "\n", "q"):
            return
        level = int(self._pain_digits)  # the level prompt lets only 0 to 10 through
        self._mode = "normal"
        self._absorb(self.machine.pain(now, level, kind), natural=False)
        self._paused_for_pain = False  # any pain stops the exercise: the player shows why
        if key == "q":
            self._absorb(self.machine.end(now), natural=False)

    def _cancel_pain(self, now: float) -> None:
        self._mode = "normal"
        if self._paused_for_pain:
            self.machine.resume(now)
        self._paused_for_pain = False

    def _prompt(self) -> str | None:
        if self._mode == "pain-level":
            typed = self._pain_digits
            if typed and self._pain_level() is None:
                # Said as soon as it is typed, as the browser's number field refuses it.
                return (
                    f"Pain now, 0-10: {typed}_  That is not 0 to 10: Backspace to correct, "
                    "Esc to cancel"
                )
            return f"Pain now, 0-10: {typed}_  (Enter to confirm, Esc to cancel)"
        if self._mode == "pain-kind":
            # Named: just after an exercise, the pain stops that one, not the one coming.
            name = self.machine.pain_exercise or "this exercise"
            return (
                f"Pain {self._pain_level()}/10: {name} stops. Is it d dull, s sharp, "
                "or r spreading? (Enter to skip)"
            )
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


__all__ = [
    "KEYS_HELP",
    "PAIN_KINDS",
    "KeySource",
    "PlayerHooks",
    "TerminalKeys",
    "TerminalPlayer",
    "big_number",
    "countdown_text",
    "render_view",
    "split_keys",
    "terminal_keys",
]
