"""MediaPipe's start-up notices kept off the terminal, and nothing else.

MediaPipe's C++ core logs through absl before anything calls `absl::InitializeLog()`, straight to
file descriptor 2, and TensorFlow Lite prints its own INFO line: every `strongback coach` run began
with five lines meaning nothing to a person. Neither `GLOG_minloglevel` nor `TF_CPP_MIN_LOG_LEVEL`
reaches them (checked with MediaPipe 0.10.21), and Python cannot set absl's level. So while a
pose model starts up, fd 2 goes to a temporary file; when it ends, every line is written back
except the known notices below. A real error written meanwhile still reaches the terminal, only
a moment later.

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
)

# fd 2 belongs to the whole process: one redirection at a time, or a second one would save the
# first one's temporary file as "the terminal" and stderr would never come back.
_ONE_AT_A_TIME = threading.Lock()

STDERR = 2


class QuietStart:
    """Holds fd 2 from `start()` until `end()`, then writes back all but the NOTICES lines.

    A second model starting while another holds fd 2 (two browser tabs) simply is not quieted.
    Both calls are safe to repeat, and `end()` to call without `start()`.
    """

    def __init__(self) -> None:
        self._saved: int | None = None
        self._held: IO[bytes] | None = None

    def start(self) -> None:
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

    def end(self) -> None:
        saved, held = self._saved, self._held
        if saved is None or held is None:
            return
        self._saved = self._held = None
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
