"""The pose source: frames from a webcam, a video file or JPEG bytes, turned into landmarks.

The only module of the coach that imports MediaPipe (the `camera` extra); the frames themselves
come from `_video` (OpenCV only). Frames are read, analysed and dropped: nothing is written to
disk or sent anywhere.

MediaPipe 0.10.21's wheel ships the full pose model (`model_complexity=1`) but not the lite or
heavy ones, which it would try to download; so the complexity is fixed here and nothing is fetched
at run time.
"""

from __future__ import annotations

import weakref
from typing import Any

import cv2
import mediapipe as mp

from strongback.coach._landmarks import Landmark, PoseFrame
from strongback.coach._quiet import QuietStart

# The sources of frames live in `_video` (OpenCV only, so they open before the model loads);
# named here too, where the coach's users have always found them.
from strongback.coach._video import (
    FFMPEG_LOG_QUIET,
    NOT_AN_IMAGE,
    Image,
    SourceError,
    VideoFrame,
    VideoReader,
    decode_jpeg,
    read_camera,
    read_video,
)

MODEL_COMPLEXITY = 1


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


__all__ = [
    "FFMPEG_LOG_QUIET",
    "MODEL_COMPLEXITY",
    "NOT_AN_IMAGE",
    "Image",
    "PoseModel",
    "SourceError",
    "VideoFrame",
    "VideoReader",
    "decode_jpeg",
    "read_camera",
    "read_video",
]
