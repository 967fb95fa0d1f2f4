"""The pose source: frames from a webcam, a video file or JPEG bytes, turned into landmarks.

The only module of the coach that imports MediaPipe and OpenCV (the `camera` extra). Frames are
read, analysed and dropped: nothing is written to disk or sent anywhere.

MediaPipe 0.10.21's wheel ships the full pose model (`model_complexity=1`) but not the lite or
heavy ones, which it would try to download; so the complexity is fixed here and nothing is fetched
at run time.
"""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import mediapipe as mp
import numpy as np
from cv2.typing import MatLike

from strongback.coach._landmarks import Landmark, PoseFrame
from strongback.coach._quiet import QuietStart

Image = MatLike
MODEL_COMPLEXITY = 1
OPENCV_LOG_SILENT = 0  # cv2.utils.logging.LOG_LEVEL_SILENT, not exposed by the wheel
# FFmpeg's own log level inside OpenCV, read when a file is first opened (AV_LOG_QUIET). A file it
# cannot read got "[mov,mp4,...] moov atom not found" on stderr before our plain error; the person
# can do nothing with FFmpeg's words. Set in the environment, the person's own choice wins.
FFMPEG_LOG_QUIET = "-8"


class SourceError(ValueError):
    """A camera or video that cannot be opened or read."""


class PoseModel:
    """MediaPipe Pose in video mode: it tracks the person from frame to frame, which is faster
    and steadier than detecting them afresh on every frame."""

    def __init__(self, *, smooth: bool = True) -> None:
        # MediaPipe prints its start-up notices while it is created and on the first frame:
        # held back until then (at most HOLD_LIMIT_SECONDS), since fd 2 is the whole process's.
        self._quiet = QuietStart()
        self._quiet.start()
        # Even a model never closed gives stderr back, at the latest when Python exits.
        weakref.finalize(self, self._quiet.end)
        try:
            self._pose: Any = mp.solutions.pose.Pose(
                static_image_mode=False,
                model_complexity=MODEL_COMPLEXITY,
                smooth_landmarks=smooth,
                min_detection_confidence=0.5,
                min_tracking_confidence=0.5,
            )
        except BaseException:
            self._quiet.end()
            raise

    def landmarks(self, bgr: Image, t: float) -> PoseFrame:
        """The pose in one BGR image (as OpenCV reads it), at time `t` in seconds."""
        height, width = bgr.shape[:2]
        rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
        rgb.flags.writeable = False  # lets MediaPipe use the buffer without copying it
        result = self._pose.process(rgb)
        # After the first frame, person or not: the one notice left (with the first landmarks)
        # may show, which is better than holding every other thread's stderr meanwhile.
        self._quiet.end()
        found = result.pose_landmarks
        if found is None:
            return PoseFrame(t)
        # x in units of the image height, so that angles in the picture come out true.
        aspect = width / height
        return PoseFrame(
            t, tuple(Landmark(p.x * aspect, p.y, p.visibility) for p in found.landmark)
        )

    def close(self) -> None:
        try:
            self._pose.close()  # waits for MediaPipe's threads, and so for what they print
        finally:
            self._quiet.end()

    def __enter__(self) -> PoseModel:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


@dataclass(frozen=True)
class VideoFrame:
    image: Image
    t: float  # seconds from the start: the file's own clock, or the wall clock for a camera


def read_video(path: Path) -> Iterator[VideoFrame]:
    """Every frame of a video file, timed by its frame rate (not by how fast we read it)."""
    if path.is_dir():
        raise SourceError(f"{path} is a directory, not a video file")
    if not path.is_file():
        raise SourceError(f"{path}: no such video file")
    os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", FFMPEG_LOG_QUIET)
    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise SourceError(f"{path} is not a video file OpenCV can read")
    fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
    try:
        index = 0
        while True:
            ok, image = capture.read()
            if not ok:
                return
            yield VideoFrame(image, index / fps)
            index += 1
    finally:
        capture.release()


def read_camera(index: int, *, width: int = 640, height: int = 480) -> Iterator[VideoFrame]:
    """Frames from a webcam until it stops; 640x480 keeps the pose model in real time."""
    capture = _open_quietly(index)
    if not capture.isOpened():
        raise SourceError(
            f"no camera at index {index} can be opened: is one connected, and not in use by "
            "another program?"
        )
    capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
    capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    start = time.monotonic()
    try:
        while True:
            ok, image = capture.read()
            if not ok:
                return
            yield VideoFrame(image, time.monotonic() - start)
    finally:
        capture.release()


def _open_quietly(index: int) -> cv2.VideoCapture:
    """The camera, without OpenCV's log lines from every backend it tries and fails with
    ("can't open camera by index", "Camera index out of range"): the caller says it plainly."""
    level = cv2.getLogLevel()
    cv2.setLogLevel(OPENCV_LOG_SILENT)
    try:
        return cv2.VideoCapture(index)
    finally:
        cv2.setLogLevel(level)


NOT_AN_IMAGE = "the frame is not a JPEG or PNG image"


def decode_jpeg(data: bytes) -> Image:
    """One JPEG (or PNG) image from the browser, decoded in memory.

    SourceError for anything that is not one, empty bytes included (OpenCV raises for those
    rather than returning None).
    """
    if not data:
        raise SourceError(NOT_AN_IMAGE)
    try:
        image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    except cv2.error as exc:
        raise SourceError(NOT_AN_IMAGE) from exc
    if image is None:
        raise SourceError(NOT_AN_IMAGE)
    return image
