"""Body landmarks as the pose model gives them: 33 points, each with a visibility.

MediaPipe Pose numbers its landmarks 0 to 32; this module names the ones the coach uses and holds
one frame's worth of them. Coordinates are in units of the image height (x is scaled by the aspect
ratio), so angles measured on them are the angles in the picture; y grows downwards, as in images.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from strongback.catalog.camera import BodyPoint

LANDMARK_COUNT = 33
# Below this, MediaPipe's own drawing utilities treat a landmark as unseen; so do we.
VISIBLE = 0.5


class Mark(IntEnum):
    """MediaPipe Pose landmark indices (the ones the coach reads, and those of the skeleton)."""

    NOSE = 0
    LEFT_EYE = 2
    RIGHT_EYE = 5
    LEFT_EAR = 7
    RIGHT_EAR = 8
    LEFT_SHOULDER = 11
    RIGHT_SHOULDER = 12
    LEFT_ELBOW = 13
    RIGHT_ELBOW = 14
    LEFT_WRIST = 15
    RIGHT_WRIST = 16
    LEFT_HIP = 23
    RIGHT_HIP = 24
    LEFT_KNEE = 25
    RIGHT_KNEE = 26
    LEFT_ANKLE = 27
    RIGHT_ANKLE = 28
    LEFT_HEEL = 29
    RIGHT_HEEL = 30
    LEFT_FOOT = 31
    RIGHT_FOOT = 32


def mark(point: BodyPoint, side: str) -> Mark:
    """The landmark for a body point on a side ("left" or "right"; ignored for the nose)."""
    if not point.paired:
        return Mark.NOSE
    return Mark[f"{side.upper()}_{point.name}"]


# Bones drawn in the overlay: (from, to).
SKELETON: tuple[tuple[Mark, Mark], ...] = (
    (Mark.LEFT_SHOULDER, Mark.RIGHT_SHOULDER),
    (Mark.LEFT_HIP, Mark.RIGHT_HIP),
    *(
        (Mark[f"{s}_{a}"], Mark[f"{s}_{b}"])
        for s in ("LEFT", "RIGHT")
        for a, b in (
            ("SHOULDER", "ELBOW"),
            ("ELBOW", "WRIST"),
            ("SHOULDER", "HIP"),
            ("HIP", "KNEE"),
            ("KNEE", "ANKLE"),
            ("ANKLE", "HEEL"),
            ("HEEL", "FOOT"),
            ("ANKLE", "FOOT"),
        )
    ),
)


@dataclass(frozen=True, slots=True)
class Landmark:
    x: float
    y: float
    visibility: float = 1.0

    @property
    def seen(self) -> bool:
        return self.visibility >= VISIBLE


@dataclass(frozen=True, slots=True)
class PoseFrame:
    """One frame's landmarks at time `t` (seconds); `landmarks` is empty when nobody was found."""

    t: float
    landmarks: tuple[Landmark, ...] = ()

    def __post_init__(self) -> None:
        if self.landmarks and len(self.landmarks) != LANDMARK_COUNT:
            raise ValueError(
                f"a pose frame has {LANDMARK_COUNT} landmarks or none, not {len(self.landmarks)}"
            )

    @property
    def found(self) -> bool:
        return bool(self.landmarks)

    def __getitem__(self, index: Mark) -> Landmark:
        return self.landmarks[index]
