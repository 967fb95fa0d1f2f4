"""MediaPipe's start-up notices kept off the terminal, and nothing else.

MediaPipe's C++ core logs through absl before anything calls `absl::InitializeLog()`, straight to
file descriptor 2, and TensorFlow Lite prints its own INFO line: every `strongback coach` run began
with five lines meaning nothing to a person (seven with a display, where MediaPipe also reports
the GL context it started). Neither `GLOG_minloglevel` nor `TF_CPP_MIN_LOG_LEVEL`
reaches them (checked with MediaPipe 0.10.21), and Python cannot set absl's level. So while a
pose model starts up, fd 2 goes to a temporary file; when it ends, every line is written back
except the known notices below. A real error written meanwhile still reaches the terminal, only
a moment later.

fd 2 is the whole process's stderr: inside `strongback serve` it is also uvicorn's errors and
every other request's tracebacks, and what is held is lost if the process is killed. So it is
held only briefly: `PoseModel` ends the hold after model creation and the first `process()` call
(the notices appear then: checked with MediaPipe 0.10.21), and `start()` sets a hard limit of
HOLD_LIMIT_SECONDS after which the hold ends anyway. One notice,
`landmark_projection_calculator`, comes only when the model first finds a person; if that is
not on the first frame, it reaches stderr: one harmless line, rather than holding stderr for as
long as nobody is in view.

Standard library only: it is tested without the camera extra.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import threading
from typing import IO

# Exactly the start-up notices seen, never an E (error) or F (fatal) line.
NOTICES = re.compile(
    rb"INFO: Created TensorFlow Lite XNNPACK delegate for CPU\."
    rb"|WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR"
    rb"|[IW]\d{4} [\d:.]+ +\d+ (?:inference_feedback_manager|landmark_projection_calculator)"
    rb"\.cc:\d+\] "
    # With a display (DISPLAY set), MediaPipe starts a GL context and says so twice.
    rb"|I\d{4} [\d:.]+ +\d+ gl_context_egl\.cc:\d+\] Successfully initialized EGL\."
    rb"|I\d{4} [\d:.]+ +\d+ gl_context\.cc:\d+\] GL version: "
)

# fd 2 belongs to the whole process: one redirection at a time, or a second one would save the
# first one's temporary file as "the terminal" and stderr would never come back.
_ONE_AT_A_TIME = threading.Lock()

STDERR = 2
# The longest fd 2 is held, whatever happens: model creation and a first frame take well under
# a second on a laptop (MediaPipe 0.10.21).
HOLD_LIMIT_SECONDS = 2.0


class QuietStart:
    """Holds fd 2 from `start()` until `end()` (or the time limit), then writes back all but the
    NOTICES lines.

    A second model starting while another holds fd 2 (two browser tabs) simply is not quieted.
    Both calls are safe to repeat, and `end()` to call without `start()` or from another thread.
    """

    def __init__(self) -> None:
        self._saved: int | None = None
        self._held: IO[bytes] | None = None
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()  # end() may come from the timer and the model at once

    def start(self, limit: float = HOLD_LIMIT_SECONDS) -> None:
        """Hold fd 2 until `end()`, or for `limit` seconds at most."""
        with self._lock:
            if self._saved is not None or not _ONE_AT_A_TIME.acquire(blocking=False):
                return
            try:
                _flush_python_stderr()
                held = tempfile.TemporaryFile()  # noqa: SIM115 (kept open until end())
                try:
                    saved = os.dup(STDERR)
                    os.dup2(held.fileno(), STDERR)
                except OSError:
                    held.close()
                    raise
            except OSError:  # no fd 2, or no temporary file: leave stderr as it is
                _ONE_AT_A_TIME.release()
                return
            self._saved, self._held = saved, held
            self._timer = threading.Timer(limit, self.end)
            self._timer.daemon = True  # never keeps the process alive
            self._timer.start()

    def end(self) -> None:
        with self._lock:
            saved, held, timer = self._saved, self._held, self._timer
            if saved is None or held is None:
                return
            self._saved = self._held = self._timer = None
            if timer is not None:
                timer.cancel()  # harmless when this is the timer itself
            try:
                _flush_python_stderr()
                os.dup2(saved, STDERR)
            finally:
                os.close(saved)
                _ONE_AT_A_TIME.release()
        with held:
            held.seek(0)
            for line in held:
                if not NOTICES.match(line):
                    _write_all(line)


def _flush_python_stderr() -> None:
    """Python's own buffered stderr goes out on the side of the switch it was written on."""
    with contextlib.suppress(AttributeError, ValueError, OSError):  # none, closed or broken
        sys.stderr.flush()


def _write_all(data: bytes) -> None:
    while data:
        data = data[os.write(STDERR, data) :]
