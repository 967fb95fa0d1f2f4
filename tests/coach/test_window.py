"""The camera coach's window, for real: `strongback coach --video` on a virtual X screen (Xvfb).

A subprocess runs the command as a person would, minus `--headless`; the test photographs the
screen while the video plays (ImageMagick's `import`) and presses q in the window (`xdotool`).
Without Xvfb these tests are skipped with the reason, unless STRONGBACK_REQUIRE_DISPLAY=1 (as in
CI), which makes them fail instead. The no-display checks need no X server at all.
"""

from __future__ import annotations

import os
import re
import select
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from strongback.cli import coach_commands
from strongback.cli._display import display_problem
from strongback.settings import Settings
from tests.coach import poses
from tests.coach.coach_cli import coach_app
from tests.coach.conftest import need_camera_extra

REQUIRE_DISPLAY_ENV = "STRONGBACK_REQUIRE_DISPLAY"
TOOLS = {"Xvfb": "xvfb", "import": "imagemagick", "xdotool": "xdotool"}
CRUNCHES = 2
STILL_SECONDS = 2.0  # long enough to photograph the skeleton before the crunches end
SKELETON_BGR = (80, 200, 80)  # overlay.GREEN: only the drawn skeleton has this colour


def _need_tools() -> None:
    missing = [package for tool, package in TOOLS.items() if shutil.which(tool) is None]
    if missing:
        message = f"the window tests need a virtual screen: apt-get install {' '.join(missing)}"
        if os.environ.get(REQUIRE_DISPLAY_ENV) == "1":
            pytest.fail(f"{message} ({REQUIRE_DISPLAY_ENV}=1)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def display(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh Xvfb on a display number it picks itself (-displayfd), stopped afterwards."""
    _need_tools()
    log = tmp_path_factory.mktemp("xvfb") / "xvfb.log"  # a file: a full pipe would block it
    read, write = os.pipe()
    with log.open("wb") as output:
        server = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", "800x600x24", "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=output,
        )
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 10)
        number = os.read(read, 32).decode().strip() if ready else ""
        if not number:
            server.kill()
            server.wait()
            pytest.fail(f"Xvfb did not start: {log.read_text(errors='replace')[-500:]}")
        yield f":{number}"
    finally:
        os.close(read)
        server.terminate()
        server.wait(10)


@pytest.fixture(scope="module")
def crunch_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seconds lying still, then two crunches: about six seconds of video."""
    need_camera_extra()
    from tests.coach.figure_video import Segment, write_video

    moves = [Segment(poses.CRUNCH_UP, 0.7, 0.3), Segment(poses.CRUNCH_START, 0.7, 0.4)]
    path = tmp_path_factory.mktemp("window") / "crunches.avi"
    still = Segment(poses.CRUNCH_START, 0, STILL_SECONDS)
    write_video(path, poses.CRUNCH_START, [still, *moves * CRUNCHES])
    return path


def _start_coach(video: Path, display: str) -> subprocess.Popen[str]:
    # The environment carries the test's own STRONGBACK_HOME (the autouse fixture sets it).
    command = [sys.executable, "-m", "strongback", "coach", "-e", "crunch", "--video", str(video)]
    return subprocess.Popen(
        command,
        env={**os.environ, "DISPLAY": display},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _window_id(display: str, coach: subprocess.Popen[str]) -> str:
    """The coach's window, once it is on the screen."""
    env = {**os.environ, "DISPLAY": display}
    deadline = time.monotonic() + 60  # loading the pose model takes a few seconds
    while time.monotonic() < deadline and coach.poll() is None:
        found = subprocess.run(
            ["xdotool", "search", "--name", re.escape(coach_commands.WINDOW)],  # a regex
            check=False,
            env=env,
            capture_output=True,
            text=True,
        )
        if found.returncode == 0 and found.stdout.split():
            return found.stdout.split()[0]
        time.sleep(0.1)
    coach.kill()
    _, errors = coach.communicate()
    pytest.fail(f"the coach's window never showed (exit {coach.returncode}): {errors[-2000:]}")


def _skeleton_pixels(display: str) -> int:
    """How many pixels on the screen have the overlay's skeleton colour."""
    import cv2
    import numpy as np

    shot = subprocess.run(
        ["import", "-display", display, "-window", "root", "png:-"], capture_output=True, check=True
    ).stdout
    image = cv2.imdecode(np.frombuffer(shot, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None, "the screenshot is not a PNG"
    return int(cv2.inRange(image, SKELETON_BGR, SKELETON_BGR).astype(bool).sum())


def _finish(coach: subprocess.Popen[str]) -> tuple[int, str]:
    try:
        _, errors = coach.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        coach.kill()
        _, errors = coach.communicate()
        pytest.fail(f"the coach did not end: {errors[-2000:]}")
    return coach.returncode, errors


def _saved_crunches() -> list[int | None]:
    from strongback.store import open_store

    with open_store(Settings.from_env()) as repository:
        return [
            record.reps_done
            for session in repository.sessions()
            for record in session.sets
            if record.exercise_id == "crunch"
        ]


@pytest.mark.slow
def test_the_window_shows_the_skeleton_plays_to_the_end_and_the_set_is_saved(
    display: str, crunch_video: Path
) -> None:
    coach = _start_coach(crunch_video, display)
    _window_id(display, coach)
    # The figure is found within a few frames: photograph until the skeleton is on the screen.
    # The window can show before the first frame is analysed, and on a loaded machine the pose
    # model's first frames are slow, so keep looking for as long as the video plays.
    deadline = time.monotonic() + 60
    skeleton = _skeleton_pixels(display)
    while skeleton < 200 and time.monotonic() < deadline and coach.poll() is None:
        time.sleep(0.2)
        skeleton = _skeleton_pixels(display)
    code, errors = _finish(coach)
    assert skeleton >= 200, f"no skeleton on the screen ({skeleton} pixels of its colour)"
    assert code == 0, errors
    assert "Traceback" not in errors
    assert f"Crunch: {CRUNCHES} reps." in errors
    assert _saved_crunches() == [CRUNCHES]


@pytest.mark.slow
def test_q_in_the_window_ends_the_set_early(display: str, crunch_video: Path) -> None:
    coach = _start_coach(crunch_video, display)
    window = _window_id(display, coach)
    # The video plays at its own speed, so this lands in the first second, before any crunch.
    env = {**os.environ, "DISPLAY": display}
    subprocess.run(["xdotool", "key", "--window", window, "q"], env=env, check=True)
    code, errors = _finish(coach)
    assert code == 0, errors
    assert "Crunch: 0 reps." in errors
    assert "Nothing was counted, so nothing was saved." in errors
    assert _saved_crunches() == []


# -- no screen at all -----------------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 displays are Linux's")
def test_without_a_display_the_window_mode_says_to_use_headless(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    args = ["coach", "--exercise", "crunch", "--video", "any.avi"]
    result = CliRunner().invoke(coach_app(), args)
    assert result.exit_code == 1
    assert "window cannot open: there is no screen here (DISPLAY is not set)" in result.output
    assert "--headless" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_display_without_an_x_server_is_named() -> None:
    # A display number whose socket file does not exist and that no abstract socket answers:
    # the check connects as xcb would and reports what failed, instead of letting Qt abort.
    number = next(n for n in range(7000, 7100) if not Path(f"/tmp/.X11-unix/X{n}").exists())
    problem = display_problem({"DISPLAY": f":{number}"}, platform="linux")
    assert problem is not None
    assert problem.startswith(f"no X server answers on DISPLAY=:{number} (")


def test_other_platforms_and_unknown_display_forms_are_left_to_the_window() -> None:
    assert display_problem({}, platform="darwin") is None
    assert display_problem({}, platform="win32") is None
    assert display_problem({"DISPLAY": "a strange form"}, platform="linux") is None


def test_a_live_x_server_passes(display: str) -> None:
    assert display_problem({"DISPLAY": display}, platform="linux") is None
    assert display_problem({"DISPLAY": f"unix{display}.0"}, platform="linux") is None
