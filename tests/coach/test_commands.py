"""The coach's command and WebSocket when something is wrong: clear words, no traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.coach.coach_cli import coach_app


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(coach_app(), ["coach", *args])
    return result.exit_code, result.output


def test_without_the_extra_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from strongback.catalog import default_catalog

    checkable = next((e for e in default_catalog() if e.camera is not None), None)
    if checkable is None:
        pytest.skip("no exercise has a camera block yet")
    for module in ("mediapipe", "strongback.coach.live", "strongback.coach.pose"):
        monkeypatch.setitem(sys.modules, module, None)  # None makes `import` fail
    code, output = run("--exercise", checkable.id, "--video", "missing.avi", "--headless")
    assert code == 1
    assert "pip install 'strongback[camera]'" in output


def test_an_exercise_the_camera_cannot_check_is_named_with_the_ones_it_can() -> None:
    from strongback.catalog import default_catalog

    unchecked = next(e for e in default_catalog() if e.camera is None)
    code, output = run("--exercise", unchecked.id, "--headless")
    assert code == 1
    assert f"the camera cannot check {unchecked.id}" in output
    assert "Traceback" not in output


def test_an_unknown_exercise_gets_suggestions() -> None:
    code, output = run("--exercise", "brige", "--headless")
    assert code == 1
    assert "no exercise 'brige'" in output


def test_camera_and_video_together_are_refused() -> None:
    code, output = run("--exercise", "bridge", "--camera", "0", "--video", "x.avi")
    assert code == 1
    assert "not both" in output


def test_a_missing_video_file_is_a_clear_error() -> None:
    from strongback.catalog import default_catalog
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    checkable = next((e for e in default_catalog() if e.camera is not None), None)
    if checkable is None:
        pytest.skip("no exercise has a camera block yet")
    code, output = run("--exercise", checkable.id, "--video", "nowhere.avi", "--headless")
    assert code == 1
    assert "nowhere.avi: no such video file" in output


def test_the_websocket_refuses_unknown_and_unchecked_exercises() -> None:
    from strongback.catalog import default_catalog
    from strongback.coach.web import router

    app = FastAPI()
    app.include_router(router)
    unchecked = next(e for e in default_catalog() if e.camera is None)
    with TestClient(app) as client:
        with client.websocket_connect("/ws/coach/nothing") as socket:
            assert socket.receive_json()["kind"] == "error"
        with client.websocket_connect(f"/ws/coach/{unchecked.id}") as socket:
            assert "cannot check" in socket.receive_json()["message"]


def test_a_text_file_or_a_directory_is_named_for_what_it_is(tmp_path: Path) -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    notes = tmp_path / "notes.md"
    notes.write_text("# not a video\n")
    for video, message in (
        (notes, f"{notes} is not a video file OpenCV can read"),
        (tmp_path, f"{tmp_path} is a directory, not a video file"),
    ):
        code, output = run("--exercise", "bridge", "--video", str(video), "--headless")
        assert code == 1
        assert message in output
        assert "no such video file" not in output


def test_a_file_ffmpeg_cannot_read_is_one_plain_error_without_its_log(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    from strongback.coach.pose import SourceError, read_video

    cut = tmp_path / "cut.mp4"  # an MP4 with its index missing, as a stopped download leaves it
    cut.write_bytes(b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + bytes(4000))
    with pytest.raises(SourceError, match="is not a video file OpenCV can read"):
        next(read_video(cut))
    assert capfd.readouterr().err == ""


def test_a_missing_camera_is_one_plain_error_without_opencv_logs(
    capfd: pytest.CaptureFixture[str],
) -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    from strongback.coach.pose import SourceError, read_camera

    with pytest.raises(SourceError) as raised:
        next(read_camera(97))
    assert str(raised.value) == (
        "no camera at index 97 can be opened: is one connected, and not in use by another program?"
    )
    assert capfd.readouterr().err == ""


def test_frame_times_fall_back_to_the_arrival_time_when_not_usable() -> None:
    import struct

    from strongback.coach.web import _timed

    jpeg = b"\xff\xd8 the image"

    def sent(seconds: float) -> bytes:
        return struct.pack("<d", seconds * 1000) + jpeg

    assert _timed(jpeg, 4.0) == (4.0, jpeg)  # no time sent
    assert _timed(sent(1.5), 4.0) == (1.5, jpeg)
    assert _timed(sent(1.5), 4.0, last=1.0) == (1.5, jpeg)
    for bad in (float("nan"), float("inf"), float("-inf"), -1.0):
        assert _timed(sent(bad), 4.0) == (4.0, jpeg), bad
    assert _timed(sent(0.5), 4.0, last=1.0) == (4.0, jpeg)  # backwards
    assert _timed(sent(0.5), 0.8, last=1.0) == (1.0, jpeg)  # and never before the last frame
    assert _timed(jpeg, 0.8, last=1.0) == (1.0, jpeg)


def test_an_empty_or_undecodable_frame_is_a_source_error() -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    from strongback.coach.pose import SourceError, decode_jpeg

    for data in (b"", b"\x00", b"\xff\xd8", b"\xff\xd8 not really a JPEG"):
        with pytest.raises(SourceError, match="the frame is not a JPEG or PNG image"):
            decode_jpeg(data)
