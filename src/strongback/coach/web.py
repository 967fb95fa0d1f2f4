"""The browser's camera: a WebSocket on which the page sends frames and gets feedback back.

`/ws/coach/{exercise_id}`: the page sends each frame as a binary JPEG message (640x480 is plenty),
optionally preceded by its capture time in milliseconds as an 8-byte little-endian float
(`performance.now()`; without it, or when it is not a finite number or runs backwards, the
time of arrival is used: frame times never go backwards). It receives JSON text messages:
the coach's events (`rep`, `hold-start`, `hold`, `hold-target`, `hold-end`, `form`, `framing`)
and, after every frame, a `state` with the count, the hold clock and the framing hint. A text
message `{"kind": "end"}` ends the set: the server answers with the `summary` (reps, holds,
feedback given, seconds the set took, and `seen`: whether anyone was ever found) and closes. The
page records the set through the API (`POST /api/v1/sessions/coached`), as `strongback coach`
records one.

The server runs on the person's own machine (`strongback serve` listens on 127.0.0.1), so the
frames never leave it; each is analysed in memory and dropped. The pose model runs in a worker
thread so other requests are served meanwhile; frames that arrive while one is being analysed
wait in the socket, and a page should send the next frame only after the previous `state`.

Errors are messages too, before closing: `{"kind": "error", "message": ...}` for an unknown
exercise, one the camera cannot check, a missing camera extra, or a frame that is not an image.

The camera coaches nobody the safety screening sends to a clinician, nor through an exercise their
own data leaves out for one of their conditions: the same gate as the camera page and the API
(`services.ensure_may_coach`), applied before the model loads, since a client may open the
socket without the page. Each refusal is an `error` message, then the
close code 4409 (the API answers 409): a withheld plan's message also carries `referral` (the page
to read), `reasons` and `screening`; a left-out exercise's carries `conditions`. When the saved
data cannot be read, nothing can be checked, so nothing is coached: close code 4503.
"""

from __future__ import annotations

import math
import struct
import time
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from starlette.concurrency import run_in_threadpool

from strongback.coach import INSTALL_HINT

if TYPE_CHECKING:
    from strongback.catalog import Exercise
    from strongback.coach.live import LiveCoach
    from strongback.web._state import AppState

router = APIRouter()

# Close codes in the range applications may use (4000-4999), named after their HTTP cousins.
NOT_FOUND = 4404
CONFLICT = 4409  # withheld by the screening, or left out for a condition
UNPROCESSABLE = 4422
UNAVAILABLE = 4503
REFERRAL_PAGE = "/referral"
JPEG_START = b"\xff\xd8"
TIME_BYTES = 8


async def _refuse(socket: WebSocket, message: str, code: int) -> None:
    await socket.send_json({"kind": "error", "message": message})
    await socket.close(code)


@router.websocket("/ws/coach/{exercise_id}")
async def coach_socket(socket: WebSocket, exercise_id: str) -> None:
    from strongback.catalog import default_catalog

    await socket.accept()
    # Inside strongback's web app, use the app's own catalog (it may be a custom one).
    app_state: AppState | None = getattr(socket.app.state, "strongback", None)
    catalog = default_catalog() if app_state is None else app_state.catalog
    exercise = catalog.find(exercise_id)
    if exercise is None:
        await _refuse(socket, f"no exercise {exercise_id!r} in the catalog", NOT_FOUND)
        return
    if exercise.camera is None:
        await _refuse(socket, f"the camera cannot check {exercise.id} yet", UNPROCESSABLE)
        return
    if app_state is not None:  # only strongback's app has a store to screen
        refusal = await run_in_threadpool(_gate, app_state, exercise)
        if refusal is not None:
            reason, code = refusal
            await socket.send_json(reason)
            await socket.close(code)
            return
    try:
        from strongback.coach.live import LiveCoach
        from strongback.coach.pose import SourceError
    except ImportError:
        await _refuse(socket, f"the camera coach is not installed: {INSTALL_HINT}", UNAVAILABLE)
        return
    live: LiveCoach = await run_in_threadpool(LiveCoach, exercise)
    start = time.monotonic()
    last: float | None = None  # the previous frame's time
    try:
        while True:
            message = await socket.receive()
            if message["type"] == "websocket.disconnect":
                return
            data: bytes | None = message.get("bytes")
            if data is None:
                if _is_end(message.get("text")):
                    for event in live.coach.finish():
                        await socket.send_json(event.to_json())
                    await socket.send_json(live.summary())
                    await socket.close()
                    return
                await socket.send_json({"kind": "error", "message": "send JPEG frames as bytes"})
                continue
            t, jpeg = _timed(data, time.monotonic() - start, last)
            try:
                events = await run_in_threadpool(live.feed_jpeg, jpeg, t)
            except SourceError as exc:
                await socket.send_json({"kind": "error", "message": str(exc)})
                continue
            last = t
            for event in events:
                await socket.send_json(event.to_json())
            await socket.send_json(live.state())
    except WebSocketDisconnect:
        return
    finally:
        live.close()


def _gate(state: AppState, exercise: Exercise) -> tuple[dict[str, Any], int] | None:
    """Why this person may not be coached through this exercise now (the message and the close
    code), or None. Run in a worker thread: it reads the store."""
    from sqlalchemy.exc import SQLAlchemyError

    from strongback import services
    from strongback.planner import PlanWithheld
    from strongback.safety import screening_summary
    from strongback.store import StoreError

    try:
        repository = state.repository()
        services.ensure_may_coach(repository, exercise)
    except PlanWithheld as withheld:
        message = (
            "The camera check waits until a clinician has seen you: your answers call for "
            "one first."
        )
        return {
            "kind": "error",
            "message": message,
            "referral": REFERRAL_PAGE,
            "reasons": list(withheld.reasons),
            "screening": screening_summary(withheld.screening),
        }, CONFLICT
    except services.LeftOut as left_out:
        return {
            "kind": "error",
            "message": str(left_out),
            "conditions": list(left_out.conditions),
        }, CONFLICT
    except (StoreError, SQLAlchemyError):
        # Without the saved answers there is no knowing whether the camera may coach.
        message = (
            "Your data cannot be reached right now, so the camera cannot check it may coach "
            "you. Check that the database is running, then try again."
        )
        return {"kind": "error", "message": message}, UNAVAILABLE
    return None


def _timed(data: bytes, arrived: float, last: float | None = None) -> tuple[float, bytes]:
    """Split off the capture time a page may put before the JPEG (which starts FF D8).

    The coach's clock only runs forwards: a sent time that is not a finite number, is negative or
    is earlier than the previous frame's (`last`) is replaced by the time of arrival, and no time
    is ever earlier than `last`.
    """
    if data[:2] == JPEG_START or len(data) < TIME_BYTES:
        t, image = arrived, data
    else:
        (milliseconds,) = struct.unpack("<d", data[:TIME_BYTES])
        t, image = milliseconds / 1000, data[TIME_BYTES:]
        if not math.isfinite(t) or t < 0 or (last is not None and t < last):
            t = arrived
    return (t if last is None else max(t, last)), image


def _is_end(text: str | None) -> bool:
    import json

    if text is None:
        return False
    try:
        parsed: Any = json.loads(text)
    except ValueError:
        return False
    return isinstance(parsed, dict) and parsed.get("kind") == "end"
