"""Fixtures for the coach tests: generated videos for the real-MediaPipe tests.

MediaPipe and OpenCV come with the `camera` extra, which `make install-camera` installs (as
`make test`, and so CI, do). A developer without it gets the real-model tests skipped with the
reason, not failed; in CI (`CI` set) a missing extra is a failure, since those tests are the
coach's end-to-end check.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.coach import poses


def need_camera_extra() -> None:
    try:
        import cv2  # noqa: F401
        import mediapipe  # noqa: F401
    except ImportError as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"the camera extra is not installed ({exc.name}): pip install -e '.[camera]'")


@pytest.fixture(scope="session")
def bridge_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two bridges, each held for two seconds: 8 seconds of 640x480 video."""
    need_camera_extra()
    from tests.coach.figure_video import Segment, write_video

    path = tmp_path_factory.mktemp("videos") / "bridges.avi"
    up = Segment(poses.BRIDGE_UP, 0.8, 2.0)
    down = Segment(poses.BRIDGE_START, 0.8, 0.6)
    write_video(path, poses.BRIDGE_START, [Segment(poses.BRIDGE_START, 0, 1.0), up, down, up, down])
    return path


@pytest.fixture(scope="session")
def crunch_frames() -> list[tuple[bytes, float]]:
    """Three crunches as JPEG frames with their times, as a browser would send them."""
    need_camera_extra()
    import cv2

    from tests.coach.figure_video import Segment, angle_frames, centred, draw

    moves = [Segment(poses.CRUNCH_UP, 0.7, 0.3), Segment(poses.CRUNCH_START, 0.7, 0.4)] * 3
    start = poses.CRUNCH_START
    origin = centred(start, [poses.CRUNCH_UP], 3.6)
    still = [start] * 20
    frames = []
    for i, angles in enumerate([*still, *angle_frames(start, moves, 30.0)]):
        ok, jpeg = cv2.imencode(".jpg", draw(angles, scale=3.6, origin=origin))
        assert ok
        frames.append((jpeg.tobytes(), i / 30))
    return frames
