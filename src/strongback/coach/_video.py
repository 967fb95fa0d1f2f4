"""Frames from a video file, a webcam or the browser's JPEGs: OpenCV only, no pose model.

Kept apart from `strongback.coach.pose` (which loads MediaPipe, a second or more) so that a
source that cannot be opened fails at once, before the model is loaded. Frames are read and
handed on: nothing is written to disk or sent anywhere.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from cv2.typing import MatLike

Image = MatLike
OPENCV_LOG_SILENT = 0  # cv2.utils.logging.LOG_LEVEL_SILENT, not exposed by the wheel
# FFmpeg's own log level inside OpenCV, read when a file is first opened (AV_LOG_QUIET). A file it
# cannot read got "[mov,mp4,...] moov atom not found" on stderr before our plain error; the person
# can do nothing with FFmpeg's words. Set in the environment, the person's own choice wins.
FFMPEG_LOG_QUIET = "-8"
# A video whose reading stops before this share of the frames its header announces was cut short
# (a damaged middle, an unfinished copy). Headers are estimates for some formats, hence the slack.
READ_ENOUGH = 0.9
NOT_AN_IMAGE = "the frame is not a JPEG or PNG image"


class SourceError(ValueError):
    """A camera or video that cannot be opened or read."""


@dataclass(frozen=True)
class VideoFrame:
    image: Image
    t: float  # seconds from the start: the file's own clock, or the wall clock for a camera


class _Capture:
    """An open OpenCV capture read frame by frame, released when it runs out or is closed."""

    def __init__(self, capture: cv2.VideoCapture) -> None:
        self._capture: cv2.VideoCapture | None = capture

    def _read(self) -> Image:
        """The next image; StopIteration (the capture released) when there is none."""
        if self._capture is None:
            raise StopIteration
        ok, image = self._capture.read()
        if not ok:
            self._ran_out()
            self.close()
            raise StopIteration
        return image

    def _ran_out(self) -> None:
        """Called once when the capture gives no more frames."""

    def close(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class VideoReader(_Capture):
    """Every frame of a video file, timed by its frame rate (not by how fast it is read).

    Opened on creation, so a missing or unreadable file is a SourceError before anything else
    starts. After the last frame, `cut_short` says whether reading stopped well before the frames
    the file announces.
    """

    def __init__(self, path: Path) -> None:
        if path.is_dir():
            raise SourceError(f"{path} is a directory, not a video file")
        if not path.is_file():
            raise SourceError(f"{path}: no such video file")
        os.environ.setdefault("OPENCV_FFMPEG_LOGLEVEL", FFMPEG_LOG_QUIET)
        capture = cv2.VideoCapture(str(path))
        if not capture.isOpened():
            capture.release()
            raise SourceError(
                f"{path} is not a video file OpenCV can read (damaged, cut short or not a video)"
            )
        self.path = path
        self.fps = capture.get(cv2.CAP_PROP_FPS) or 30.0
        announced = capture.get(cv2.CAP_PROP_FRAME_COUNT)
        self.frame_count = int(announced) if announced and announced > 0 else None
        self.frames_read = 0
        self.ended = False  # the file gave no more frames (rather than the reader stopping)
        super().__init__(capture)

    def __iter__(self) -> VideoReader:
        return self

    def __next__(self) -> VideoFrame:
        frame = VideoFrame(self._read(), self.frames_read / self.fps)
        self.frames_read += 1
        return frame

    def _ran_out(self) -> None:
        self.ended = True

    @property
    def cut_short(self) -> str | None:
        """'the video could not be read past 1.9 s of 5.7 s' when the frames ran out early."""
        count = self.frame_count
        if not self.ended or count is None or self.frames_read >= READ_ENOUGH * count:
            return None
        last = max(self.frames_read - 1, 0) / self.fps
        return f"the video could not be read past {last:.1f} s of {count / self.fps:.1f} s"


class CameraReader(_Capture):
    """Frames from a webcam until it stops; 640x480 keeps the pose model in real time.

    Opened on creation: a missing camera is a SourceError before anything else starts.
    """

    def __init__(self, index: int, *, width: int = 640, height: int = 480) -> None:
        capture = _open_quietly(index)
        if not capture.isOpened():
            raise SourceError(
                f"no camera at index {index} can be opened: is one connected, and not in use by "
                "another program?"
            )
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
        super().__init__(capture)
        self._start: float | None = None  # the clock starts with the first frame read

    def __iter__(self) -> CameraReader:
        return self

    def __next__(self) -> VideoFrame:
        image = self._read()
        now = time.monotonic()
        if self._start is None:
            self._start = now
        return VideoFrame(image, now - self._start)

    def restart_clock(self) -> None:
        """The next frame is at 0 s: a frame read only to check the camera works, before the
        pose model loaded, is not the start of the set."""
        self._start = None


def read_video(path: Path) -> VideoReader:
    """Every frame of a video file (a SourceError at once when it cannot be opened)."""
    return VideoReader(path)


def read_camera(index: int, *, width: int = 640, height: int = 480) -> CameraReader:
    """Frames from a webcam (a SourceError at once when it cannot be opened)."""
    return CameraReader(index, width=width, height=height)


def _open_quietly(index: int) -> cv2.VideoCapture:
    """The camera, without OpenCV's log lines from every backend it tries and fails with
    ("can't open camera by index", "Camera index out of range"): the caller says it plainly."""
    level = cv2.getLogLevel()
    cv2.setLogLevel(OPENCV_LOG_SILENT)
    try:
        return cv2.VideoCapture(index)
    finally:
        cv2.setLogLevel(level)


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
