"""The coach's command and WebSocket when something is wrong: clear words, no traceback."""

from __future__ import annotations

import json
import os
import sys
from datetime import UTC, datetime
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


# -- what the command says at the end of a set ---------------------------------------------------


def _live(exercise_id: str, *, seen: bool = True):  # type: ignore[no-untyped-def]
    """What `_words` reads of a LiveCoach, without the pose model."""
    from types import SimpleNamespace

    from strongback.catalog import default_catalog
    from strongback.coach import Coach

    exercise = default_catalog().find(exercise_id)
    assert exercise is not None
    return SimpleNamespace(exercise=exercise, seen=seen, coach=Coach.for_exercise(exercise))


def test_the_last_words_count_holds_for_a_hold_and_say_when_nobody_was_seen() -> None:
    from strongback.cli.coach_commands import _words
    from strongback.coach import CoachSummary

    nothing = CoachSummary(0, (), {})
    assert _words(_live("bridge"), nothing, video=True) == "Bridge: 0 holds."
    two = CoachSummary(2, (4.2, 6.6), {})
    assert _words(_live("bridge"), two, video=True) == "Bridge: 2 holds, the longest 7 s."
    assert _words(_live("crunch"), CoachSummary(1, (), {}), video=True) == "Crunch: 1 rep."
    nobody = _words(_live("bridge", seen=False), nothing, video=True)
    assert nobody == "Bridge: nobody was seen in the video, so nothing was counted."
    nobody = _words(_live("crunch", seen=False), nothing, video=False)
    assert nobody == "Crunch: nobody was seen by the camera, so nothing was counted."


def _blank_video(path: Path, frames: int = 90, *, damage_middle: bool = False) -> Path:
    """An MJPG AVI with nobody in it; with `damage_middle`, its middle third overwritten."""
    import cv2
    import numpy as np

    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), 30, (160, 120))
    for i in range(frames):
        image = np.full((120, 160, 3), 40 + i, np.uint8)
        cv2.putText(image, str(i), (10, 60), cv2.FONT_HERSHEY_SIMPLEX, 1, (255, 255, 255))
        writer.write(image)
    writer.release()
    if damage_middle:
        data = bytearray(path.read_bytes())
        third = len(data) // 3
        data[third : 2 * third] = (
            np.random.default_rng(1).integers(0, 256, third, np.uint8).tobytes()
        )
        path.write_bytes(bytes(data))
    return path


def test_nobody_seen_is_in_the_summary_line(tmp_path: Path) -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    video = _blank_video(tmp_path / "empty.avi", 30)
    args = ["coach", "-e", "bridge", "--video", str(video), "--headless", "--no-record"]
    result = CliRunner().invoke(coach_app(), args)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["kind"] == "summary"
    assert (summary["seen"], summary["holds"]) == (False, [])


def test_a_video_that_breaks_off_is_warned_of_and_what_was_counted_is_kept(tmp_path: Path) -> None:
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    from strongback.coach._video import read_video

    whole = read_video(_blank_video(tmp_path / "whole.avi"))
    assert len(list(whole)) == 90
    assert whole.cut_short is None
    video = _blank_video(tmp_path / "damaged.avi", damage_middle=True)
    reader = read_video(video)
    read = len(list(reader))
    assert read < 81, "the damage did not stop OpenCV: the test needs another way to break it"
    said = f"the video could not be read past {(read - 1) / 30:.1f} s of 3.0 s"
    assert reader.cut_short == said

    args = ["coach", "-e", "bridge", "--video", str(video), "--headless", "--no-record"]
    result = CliRunner().invoke(coach_app(), args)
    assert result.exit_code == 0, result.output
    # Nobody is in this video: the warning does not promise a count that is not there.
    assert f"warning: {said}: nothing was counted before that point." in result.stderr
    summary = json.loads(result.stdout.splitlines()[-1])
    assert summary["warning"] == said


def test_a_source_that_cannot_be_opened_fails_before_the_pose_model_loads(
    tmp_path: Path,
) -> None:
    import subprocess

    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    script = (
        "import runpy, sys\n"
        "sys.argv = ['strongback', 'coach', '-e', 'bridge', '--video', 'nowhere.avi', "
        "'--headless']\n"
        "try:\n"
        "    runpy.run_module('strongback', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    print('exit', stop.code, 'mediapipe' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "STRONGBACK_HOME": str(tmp_path)},
    )
    assert "nowhere.avi: no such video file" in result.stderr
    assert result.stdout.strip() == "exit 1 False"  # MediaPipe was never loaded


def test_a_person_the_screening_sends_to_a_clinician_is_not_coached(tmp_path: Path) -> None:
    from strongback.profile import Profile
    from strongback.rules.screening import screen_with_default_rules
    from strongback.settings import Settings
    from strongback.store import open_store

    profile = Profile.model_validate({"red_flags": ["saddle-numbness"]})
    with open_store(Settings.from_env()) as repository:
        repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    for record in ("--record", "--no-record"):
        # Checked first: the video, which does not exist, is never opened.
        args = ["coach", "-e", "bridge", "--video", "nowhere.avi", "--headless", record]
        result = CliRunner().invoke(coach_app(), args)
        assert result.exit_code == 3, result.output
        assert "clinician" in result.output
        assert "no such video file" not in result.output


def test_an_exercise_left_out_for_a_condition_is_not_coached(tmp_path: Path) -> None:
    from strongback.profile import Profile
    from strongback.rules.screening import screen_with_default_rules
    from strongback.settings import Settings
    from strongback.store import open_store

    profile = Profile.model_validate({"conditions": ["pregnancy"], "cleared_by_clinician": True})
    with open_store(Settings.from_env()) as repository:
        repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    args = ["coach", "-e", "deadlift", "--video", "nowhere.avi", "--headless"]
    result = CliRunner().invoke(coach_app(), args)
    assert result.exit_code == 1, result.output
    assert "Deadlift is left out of your plan because of pregnancy" in result.output
    assert "no such video file" not in result.output


def test_a_cameras_set_starts_with_the_frame_after_the_pose_model_loaded() -> None:
    # The camera is tried (one frame) before the model loads, a second or more: that frame and
    # that wait are not part of the set.
    from tests.coach.conftest import need_camera_extra

    need_camera_extra()
    import time

    import numpy as np

    from strongback.coach._video import CameraReader

    class Capture:
        def read(self) -> tuple[bool, object]:
            return True, np.zeros((4, 4, 3), np.uint8)

        def release(self) -> None:
            pass

    camera = CameraReader.__new__(CameraReader)
    camera._capture, camera._start = Capture(), None  # type: ignore[assignment]
    assert next(camera).t == 0.0
    time.sleep(0.05)
    camera.restart_clock()
    assert next(camera).t == 0.0
    time.sleep(0.02)
    assert next(camera).t >= 0.02


def test_with_no_record_a_store_that_cannot_be_opened_is_warned_of(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A folder is no SQLite file: nothing can be screened, so the person is told, once.
    monkeypatch.setenv("STRONGBACK_DATABASE_URL", f"sqlite:///{tmp_path}")
    args = ["coach", "-e", "bridge", "--video", "nowhere.avi", "--headless", "--no-record"]
    result = CliRunner().invoke(coach_app(), args)
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, result.output
    assert "could not be used" in warnings[0]
    assert "your saved answers could not be checked" in warnings[0]
    assert "see a clinician" in warnings[0]
    assert "no such video file" in result.output  # the set goes on: nothing would be saved


def test_answers_that_block_a_plan_saved_during_the_set_record_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import typer

    from strongback.catalog import default_catalog
    from strongback.cli.coach_commands import _record
    from strongback.coach import CoachSummary
    from strongback.profile import Profile
    from strongback.rules.screening import screen_with_default_rules
    from strongback.settings import Settings
    from strongback.store import open_store

    # As if saved in another window while the camera was coaching.
    profile = Profile.model_validate({"red_flags": ["saddle-numbness"]})
    with open_store(Settings.from_env()) as repository:
        repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))

    bridge = default_catalog().exercises["bridge"]
    with pytest.raises(typer.Exit) as stop:
        _record(bridge, CoachSummary(5, (), {}, 30.0))

    assert stop.value.exit_code == 3
    printed = capsys.readouterr().out
    assert "Go to an emergency department now" in printed.splitlines()[0]
    assert "Nothing recorded. When a clinician has seen you" in " ".join(printed.split())
    with open_store(Settings.from_env()) as repository:
        assert repository.sessions() == []
