"""Pose sequences stored as rows of numbers (33 MediaPipe landmarks a row), read as PoseFrames."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from strongback.coach import Landmark, PoseFrame

FPS = 30.0  # where a data set does not give its frame rate


def pose_frames(rows: np.ndarray, columns: int, aspect: float = 1.0) -> Iterator[PoseFrame]:
    """One frame a row of 33 x `columns` values (x, y, z and, with 4 columns, visibility).

    An all-zero row is a frame where no one was found; x is multiplied by `aspect` to undo a
    picture's width normalised to 1.
    """
    for i, row in enumerate(rows):
        if not row.any():
            yield PoseFrame(i / FPS)
            continue
        points = row.reshape(33, columns)
        seen = points[:, 3] if columns == 4 else np.ones(33)
        yield PoseFrame(
            i / FPS,
            tuple(
                Landmark(float(p[0]) * aspect, float(p[1]), float(v))
                for p, v in zip(points, seen, strict=True)
            ),
        )
