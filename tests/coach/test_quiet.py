"""MediaPipe's start-up notices are held back; everything else written to fd 2 still shows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from strongback.coach._quiet import QuietStart
from tests.coach.conftest import need_camera_extra

NOTICES = (
    b"INFO: Created TensorFlow Lite XNNPACK delegate for CPU.\n"
    b"WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
    b"W0000 00:00:1795275340.955442    4821 inference_feedback_manager.cc:114] Feedback manager "
    b"requires a model with a single signature inference. Disabling support for feedback "
    b"tensors.\n"
    b"W0000 00:00:1795275341.060646    4821 landmark_projection_calculator.cc:186] Using "
    b"NORM_RECT without IMAGE_DIMENSIONS is only supported for the square ROI.\n"
    # With a display (DISPLAY set, e.g. under xvfb-run), MediaPipe reports its GL context.
    b"I0000 00:00:1795281406.934879   17453 gl_context_egl.cc:85] Successfully initialized EGL. "
    b"Major : 1 Minor: 5\n"
    b"I0000 00:00:1795281406.944513   17484 gl_context.cc:369] GL version: 3.2 (OpenGL ES 3.2 "
    b"Mesa 22.3.6), renderer: llvmpipe (LLVM 15.0.6, 256 bits)\n"
)


def test_the_notices_are_dropped_and_everything_else_is_written_back(
    capfd: pytest.CaptureFixture[str],
) -> None:
    quiet = QuietStart()
    quiet.start()
    os.write(2, b"E0000 00:00:1.0    1 graph.cc:1] a real error\n" + NOTICES)
    print("python says so too", file=sys.stderr)
    quiet.end()
    os.write(2, b"after\n")

    # (capfd takes Python's own writes before they reach fd 2, so their order is not tested.)
    lines = capfd.readouterr().err.splitlines()
    assert sorted(lines) == [
        "E0000 00:00:1.0    1 graph.cc:1] a real error",
        "after",
        "python says so too",
    ]


def test_only_the_exact_gl_notices_are_dropped_never_a_gl_error(
    capfd: pytest.CaptureFixture[str],
) -> None:
    kept = (
        b"E0000 00:00:1.0    1 gl_context_egl.cc:85] Successfully initialized EGL. (sic)\n"
        b"F0000 00:00:1.0    1 gl_context.cc:369] GL version: none\n"
        b"I0000 00:00:1.0    1 gl_context_egl.cc:99] Failed to initialize EGL\n"
        b"W0000 00:00:1.0    1 gl_context.cc:369] GL version: 3.2\n"
    )
    quiet = QuietStart()
    quiet.start()
    os.write(2, NOTICES + kept)
    quiet.end()

    assert capfd.readouterr().err.encode() == kept


def test_a_second_start_while_one_holds_stderr_leaves_it_alone(
    capfd: pytest.CaptureFixture[str],
) -> None:
    first, second = QuietStart(), QuietStart()
    first.start()
    second.start()  # another model starting meanwhile: not quieted, and no nesting
    os.write(2, NOTICES)
    second.end()
    first.end()
    first.end()  # repeating is harmless
    os.write(2, b"still the terminal\n")

    assert capfd.readouterr().err == "still the terminal\n"


def test_the_hold_ends_by_itself_after_the_time_limit(capfd: pytest.CaptureFixture[str]) -> None:
    # fd 2 is every thread's stderr (uvicorn's errors inside `strongback serve`): never held long.
    quiet = QuietStart()
    quiet.start(limit=0.05)
    os.write(2, NOTICES + b"held a moment\n")
    deadline = time.monotonic() + 5
    while "held a moment" not in (seen := capfd.readouterr().err) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert seen == "held a moment\n"
    os.write(2, b"and then the terminal again\n")
    assert capfd.readouterr().err == "and then the terminal again\n"
    quiet.end()  # the model's own end() afterwards is harmless


def test_the_model_gives_stderr_back_after_its_first_frame_even_with_nobody_in_it(
    capfd: pytest.CaptureFixture[str],
) -> None:
    # A camera session that never sees anyone must not keep the whole process's stderr.
    need_camera_extra()
    import numpy as np

    from strongback.coach.pose import PoseModel

    with PoseModel() as model:
        nobody = model.landmarks(np.zeros((480, 640, 3), np.uint8), 0.0)
        assert nobody.landmarks == ()
        os.write(2, b"a request's traceback\n")
        err = capfd.readouterr().err
    assert "a request's traceback\n" in err
    assert "XNNPACK" not in err  # the notices of creation and the first frame are still dropped


def _assert_coach_prints_only_its_own(video: Path, home: Path, *, prefix: list[str]) -> None:
    """`strongback coach --headless` on `video`, under `prefix`: a summary, nothing on stderr."""
    command = [sys.executable, "-m", "strongback", "coach", "-e", "bridge", "--headless"]
    result = subprocess.run(
        [*prefix, *command, "--no-record", "--video", str(video)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "STRONGBACK_HOME": str(home)},
    )

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert '"kind": "summary"' in result.stdout


def test_the_coach_command_prints_no_start_up_notices(bridge_video: Path, tmp_path: Path) -> None:
    _assert_coach_prints_only_its_own(bridge_video, tmp_path, prefix=[])


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run for a display")
def test_with_a_display_the_coach_command_prints_no_gl_notices(
    bridge_video: Path, tmp_path: Path
) -> None:
    # With DISPLAY set MediaPipe starts a GL context, and says so on stderr twice.
    _assert_coach_prints_only_its_own(bridge_video, tmp_path, prefix=["xvfb-run", "-a"])
