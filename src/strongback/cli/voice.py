"""Spoken cues through espeak-ng, when it is installed; silence (and a clear message) otherwise.

Speech never blocks the player: each cue starts a child process and returns at once, and a new
cue cuts off one still being spoken so that the voice never lags behind the screen.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Protocol

INSTALL_HINT = (
    "Voice cues need espeak-ng, which is not installed; the session goes on without voice. "
    "To install it: 'sudo apt install espeak-ng' (Debian, Ubuntu), 'sudo dnf install espeak-ng' "
    "(Fedora) or 'brew install espeak-ng' (macOS)."
)


class Speaker(Protocol):
    def say(self, text: str) -> None: ...

    def close(self) -> None: ...


class SilentSpeaker:
    def say(self, text: str) -> None:
        pass

    def close(self) -> None:
        pass


class EspeakSpeaker:
    def __init__(self, program: str, words_per_minute: int = 150) -> None:
        self._program = program
        self._rate = str(words_per_minute)
        self._speaking: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        if not text.strip():
            return
        self._stop()
        try:
            self._speaking = subprocess.Popen(
                [self._program, "-s", self._rate, "--", text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            # No sound device or a broken install must not end a session; go on silently.
            self._speaking = None

    def _stop(self) -> None:
        if self._speaking is not None and self._speaking.poll() is None:
            self._speaking.terminate()
            self._speaking.wait()
        self._speaking = None

    def close(self) -> None:
        self._stop()


def find_espeak() -> str | None:
    return shutil.which("espeak-ng") or shutil.which("espeak")


def make_speaker(enabled: bool) -> tuple[Speaker, str | None]:
    """The speaker to use, and a message to show when voice was asked for but is unavailable."""
    if not enabled:
        return SilentSpeaker(), None
    program = find_espeak()
    if program is None:
        return SilentSpeaker(), INSTALL_HINT
    return EspeakSpeaker(program), None
