"""Real MediaPipe on generated videos of a drawn figure: the drawn reps and holds, exactly.

One video goes through `strongback coach --headless` (and is recorded in the store), one through
the browser's WebSocket; a few seconds of model time in all.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from strongback.catalog import Catalog, default_catalog
from strongback.settings import Settings
from strongback.store import open_store
from tests.coach.coach_cli import coach_app


@pytest.fixture
def catalog() -> Catalog:
    """The built-in catalog: its own camera blocks for bridge and crunch are under test."""
    return default_catalog()


def test_coach_headless_times_the_drawn_bridges_and_records_the_set(
    bridge_video: Path, catalog: Catalog
) -> None:
    args = ["coach", "--exercise", "bridge", "--video", str(bridge_video), "--headless"]
    result = CliRunner().invoke(coach_app(), args)
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    kinds = [e["kind"] for e in events]
    assert kinds.count("hold-start") == 2
    ends = [e for e in events if e["kind"] == "hold-end"]
    assert [e["count"] for e in ends] == [1, 2]
    # Drawn: two seconds still at the top, plus part of the way up and down above the threshold.
    assert all(2.0 <= e["seconds"] <= 3.2 for e in ends)
    summary, saved = events[-2:]
    assert summary["kind"] == "summary"
    assert summary["reps"] == 2
    assert summary["form"] == {}
    assert summary["seen"] is True
    assert "warning" not in summary
    with open_store(Settings.from_env()) as repository:
        (session,) = repository.sessions()
    (record,) = session.sets
    assert (record.exercise_id, record.reps_done) == ("bridge", 2)
    # The last line says where the set went.
    assert saved["kind"] == "saved"
    assert (saved["session"], saved["set"], saved["side"]) == (session.id, 1, "both")
    assert saved["message"].startswith("Saved")
    assert saved["message"] in result.stderr


def _framed(jpeg: bytes, t: float) -> bytes:
    return struct.pack("<d", t * 1000) + jpeg


def test_websocket_counts_the_drawn_crunches(
    crunch_frames: list[tuple[bytes, float]], catalog: Catalog
) -> None:
    from strongback.coach.web import router

    app = FastAPI()
    app.include_router(router)
    messages = []
    with TestClient(app) as client, client.websocket_connect("/ws/coach/crunch") as socket:
        for jpeg, t in crunch_frames:
            socket.send_bytes(_framed(jpeg, t))
            while (message := socket.receive_json())["kind"] != "state":
                messages.append(message)
        socket.send_text(json.dumps({"kind": "end"}))
        while (message := socket.receive_json())["kind"] != "summary":
            messages.append(message)
    assert [m["count"] for m in messages if m["kind"] == "rep"] == [1, 2, 3]
    assert message["reps"] == 3
    assert not [m for m in messages if m["kind"] == "error"]


def test_websocket_reports_a_bad_frame_and_carries_on(catalog: Catalog) -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    from strongback.coach.web import router

    app = FastAPI()
    app.include_router(router)
    with TestClient(app) as client, client.websocket_connect("/ws/coach/bridge") as socket:
        not_an_image = {"kind": "error", "message": "the frame is not a JPEG or PNG image"}
        socket.send_bytes(b"\xff\xd8 not really a JPEG")
        assert socket.receive_json() == not_an_image
        # Empty frames, with or without a time, made OpenCV raise and dropped the socket.
        socket.send_bytes(b"")
        assert socket.receive_json() == not_an_image
        socket.send_bytes(_framed(b"", 1.0))
        assert socket.receive_json() == not_an_image
        socket.send_text("hello")
        assert socket.receive_json()["message"] == "send JPEG frames as bytes"
        socket.send_text(json.dumps({"kind": "end"}))
        summary = socket.receive_json()
    nothing = {"reps": 0, "holds": [], "form": {}, "seconds": 0.0, "seen": False}
    assert summary == {"kind": "summary", "exercise": "bridge", **nothing}


def test_websocket_frame_times_are_finite_and_never_go_backwards(catalog: Catalog) -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    import cv2
    import numpy as np

    from strongback.coach.web import router

    app = FastAPI()
    app.include_router(router)
    ok, jpeg = cv2.imencode(".jpg", np.zeros((120, 160, 3), np.uint8))
    assert ok
    sent = [2.0, float("nan"), float("inf"), -5.0, 1.0, 3.0]
    times = []
    with TestClient(app) as client, client.websocket_connect("/ws/coach/bridge") as socket:
        for t in sent:
            socket.send_bytes(_framed(jpeg.tobytes(), t))
            while (message := socket.receive_json())["kind"] != "state":
                pass
            times.append(message["t"])
        socket.send_text(json.dumps({"kind": "end"}))
        socket.receive_json()
    assert all(math.isfinite(t) for t in times), times
    assert times == sorted(times)
    assert (times[0], times[-1]) == (2.0, 3.0)
