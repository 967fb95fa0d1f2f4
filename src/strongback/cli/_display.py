"""Whether the camera coach's window can open here, checked before anything is loaded.

OpenCV's pip wheel draws its windows with Qt, and on Linux its only Qt platform plugin is X11's
(xcb): with no X server to reach, Qt aborts the whole process (SIGABRT: no traceback, no cleanup,
no set saved). So the command first checks that an X server answers at $DISPLAY, and otherwise
says to use `--headless`. macOS and Windows windows need no such server.
"""

from __future__ import annotations

import os
import re
import socket
import sys
from collections.abc import Mapping

X_TCP_PORT = 6000  # display N listens on port 6000 + N
X_SOCKET_DIR = "/tmp/.X11-unix"
# [protocol/][host]:display[.screen], as Xlib and xcb read $DISPLAY.
_DISPLAY = re.compile(r"^(?:(?P<protocol>[a-z]+)/)?(?P<host>[^:/]*):(?P<number>\d+)(?:\.\d+)?$")


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str | None = None, timeout: float = 2.0
) -> str | None:
    """Why no window can open here (a sentence), or None when one can, or when unsure."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    display = environ.get("DISPLAY", "")
    if not display:
        return "there is no screen here (DISPLAY is not set)"
    match = _DISPLAY.match(display)
    if match is None:
        return None  # a form this check does not know: let the window try
    host, number = match["host"], int(match["number"])
    try:
        if host in ("", "unix") and match["protocol"] in (None, "unix", "local"):
            _connect_unix(number, timeout)
        else:
            with socket.create_connection((host, X_TCP_PORT + number), timeout=timeout):
                pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return f"no X server answers on DISPLAY={display} ({reason})"
    return None


def _connect_unix(number: int, timeout: float) -> None:
    """Connect to a local X server as xcb does: Linux's abstract socket, else the socket file.

    A failure reports the file's error ("No such file or directory"), the one a person can check.
    """
    path = f"{X_SOCKET_DIR}/X{number}"
    try:
        _connect_to("\0" + path, timeout)
    except OSError:
        _connect_to(path, timeout)


def _connect_to(address: str, timeout: float) -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(timeout)
        sock.connect(address)
