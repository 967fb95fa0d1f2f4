"""Countix-Fitness, scored the honest way: set up on the training videos, counted on the test ones.

The rep counter needs, per class, a signal to follow, its direction and the smallest swing that
is a rep. None of these is chosen by looking at the test videos: they come from
`salient_pose_train.csv`, the start and far-end poses of every rep of the *training* videos (a
different set of people and clips from `test.csv`). For each class the signal is the one, among
the kinds the catalog's camera blocks use, that best separates the two poses (Fisher's ratio);
the direction is from the start pose towards the far one; and a rep must swing at least a quarter
of the gap between their medians. The counter itself runs with the product's defaults, as
`strongback coach` runs it.

Every pose is rescaled per frame to [0, 1] on each axis, as the test sequences already are
(PoseRAC's preprocessing), so the training and test values are comparable.
"""

from __future__ import annotations

import csv
import math
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from benchmarks._pose_rows import pose_frames
from strongback.catalog.camera import CameraCheck, Signal
from strongback.coach import Landmark, PoseFrame
from strongback.coach._features import measure

SCORED = ("sit_up", "squat")
SMALLEST_REP = 0.25  # of the gap between the start and far-end poses seen in training

# The signals a camera block may follow, on the points that move in these exercises.
CANDIDATES: tuple[dict[str, list[str]], ...] = (
    {"angle": ["hip", "knee", "ankle"]},
    {"angle": ["shoulder", "hip", "knee"]},
    {"angle": ["shoulder", "elbow", "wrist"]},
    {"angle": ["hip", "shoulder", "elbow"]},
    {"angle": ["hip", "shoulder", "wrist"]},
    {"tilt": ["hip", "shoulder"]},
    {"tilt": ["knee", "hip"]},
    {"tilt": ["ankle", "knee"]},
    {"rise": ["knee", "hip"]},
    {"rise": ["hip", "shoulder"]},
    {"rise": ["ankle", "hip"]},
    {"rise": ["shoulder", "wrist"]},
    {"distance": ["hip", "ankle"]},
)
SIDES = ("lower", "higher")


@dataclass(frozen=True)
class Calibration:
    """What the training poses say about one class."""

    signal: Signal
    separation: float  # Fisher's ratio of the start and far-end poses on this signal
    start: float  # median over the training reps
    far: float

    def check(self) -> CameraCheck:
        smallest = self.start + SMALLEST_REP * (self.far - self.start)
        return CameraCheck(
            view="left",
            measure="reps",
            signal=self.signal,
            rest=self.start,
            active=smallest,
            range="personal",
        )


def frame_of(values: np.ndarray, t: float = 0.0) -> PoseFrame:
    """One pose from 99 numbers (33 landmarks by x, y, z), rescaled to [0, 1] on each axis."""
    if not values.any():
        return PoseFrame(t)
    points = values.reshape(33, 3)
    low, high = points.min(axis=0), points.max(axis=0)
    points = (points - low) / np.where(high > low, high - low, 1.0)
    return PoseFrame(t, tuple(Landmark(float(x), float(y)) for x, y, _ in points))


def calibrate(root: Path) -> dict[str, Calibration]:
    poses: dict[str, dict[str, list[PoseFrame]]] = {}
    with (root / "salient_pose_train.csv").open(newline="") as file:
        for row in csv.reader(file):
            # e.g. train/sit_up/salient1/sit_up001.mp4/0.jpg: the start pose of a training rep
            which = row[0].split("/")[2]
            frame = frame_of(np.array(row[2:101], dtype=float))
            poses.setdefault(row[1], {}).setdefault(which, []).append(frame)
    return {name: _best_signal(by_pose) for name, by_pose in poses.items()}


def _best_signal(by_pose: dict[str, list[PoseFrame]]) -> Calibration:
    best: Calibration | None = None
    for candidate in CANDIDATES:
        for side in SIDES:
            signal = Signal.model_validate({**candidate, "side": side})
            start = _values(signal, by_pose["salient1"])
            far = _values(signal, by_pose["salient2"])
            spread = math.sqrt((statistics.pvariance(start) + statistics.pvariance(far)) / 2)
            separation = abs(statistics.fmean(far) - statistics.fmean(start)) / spread
            if best is None or separation > best.separation:
                median = statistics.median
                best = Calibration(signal, separation, median(start), median(far))
    assert best is not None
    return best


def _values(signal: Signal, frames: list[PoseFrame]) -> list[float]:
    return [v for frame in frames if (v := measure(frame, signal)) is not None]


def test_videos(root: Path) -> Iterator[tuple[str, str, int]]:
    """(class, pose file, true count) of every test video that has poses."""
    with (root / "test.csv").open(newline="") as file:
        rows = [row for row in csv.reader(file) if len(row) > 3][1:]
    for row in rows:
        path = root / "poses" / row[2].replace(".mp4", ".npy")
        yield row[1], str(path), int(row[3])


def frames(path: str) -> Iterator[PoseFrame]:
    """A test video's poses, already rescaled per frame upstream and read as they are."""
    poses = np.load(path)
    if poses.ndim != 2:  # the README lists 17 empty pull-up files (an upstream defect)
        return
    yield from pose_frames(poses, 3)
