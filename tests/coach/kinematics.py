"""Landmarks from the figures' side-on body: replay an exercise's key poses without MediaPipe.

`catalog.poses.forward_kinematics` gives the body points of a pose; this maps them onto MediaPipe's
33 landmarks (both shoulders on the one shoulder point, both hips on the pelvis, as a body seen
exactly side-on), so the pure layers can be tested on the same poses the figures draw.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence

from strongback.catalog.poses import HEAD_RADIUS, Point, forward_kinematics
from strongback.coach import Landmark, Mark, PoseFrame
from strongback.coach._landmarks import LANDMARK_COUNT

# Points per 100-unit body -> image-height units: a body of 100 units fills 0.6 of the picture.
SCALE = 0.006


def _head_points(points: Mapping[str, Point], angles: Mapping[str, float]) -> dict[str, Point]:
    facing = math.radians(angles["trunk"] - angles["spine"] - angles["neck"] - 90)
    head = points["head"]
    return {
        "nose": Point(
            head.x + HEAD_RADIUS * math.cos(facing), head.y + HEAD_RADIUS * math.sin(facing)
        ),
        "ear": head,
    }


def frame_from_angles(
    angles: Mapping[str, float],
    t: float,
    *,
    near: str = "left",
    far_visibility: float = 0.4,
    hidden: Sequence[Mark] = (),
) -> PoseFrame:
    """A frame of landmarks for a resolved pose (as from `KeyPose.resolved`)."""
    points = forward_kinematics(angles)
    points |= _head_points(points, angles)
    names: dict[Mark, str] = {Mark.NOSE: "nose"}
    for side in ("left", "right"):
        up = side.upper()
        names |= {
            Mark[f"{up}_EAR"]: "ear",
            Mark[f"{up}_EYE"]: "ear",
            Mark[f"{up}_SHOULDER"]: "shoulders",
            Mark[f"{up}_HIP"]: "pelvis",
            Mark[f"{up}_ELBOW"]: f"{side}-elbow",
            Mark[f"{up}_WRIST"]: f"{side}-wrist",
            Mark[f"{up}_KNEE"]: f"{side}-knee",
            Mark[f"{up}_ANKLE"]: f"{side}-ankle",
            Mark[f"{up}_HEEL"]: f"{side}-heel",
            Mark[f"{up}_FOOT"]: f"{side}-toe",
        }
    landmarks: list[Landmark] = []
    for index in range(LANDMARK_COUNT):
        try:
            name = names[Mark(index)]
        except ValueError:
            landmarks.append(Landmark(0.5, 0.5, 0.0))
            continue
        p = points[name]
        far = Mark(index).name.startswith("RIGHT" if near == "left" else "LEFT")
        visibility = 0.0 if Mark(index) in hidden else (far_visibility if far else 0.95)
        # Picture coordinates: y grows downwards; the body is centred in a 4:3 picture.
        landmarks.append(Landmark(0.66 + p.x * SCALE, 0.6 - p.y * SCALE, visibility))
    return PoseFrame(t, tuple(landmarks))


def blend(a: Mapping[str, float], b: Mapping[str, float], f: float) -> dict[str, float]:
    f = f * f * (3 - 2 * f)
    return {k: a[k] + (b[k] - a[k]) * f for k in a}


def replay(
    moves: Sequence[tuple[Mapping[str, float], float, float]],
    *,
    fps: float = 30.0,
    start: float = 0.0,
    **frame_options: object,
) -> Iterator[PoseFrame]:
    """Frames through a list of (angles, seconds to move there, seconds to stay) from the first."""
    t = start
    current = dict(moves[0][0])
    for angles, move, stay in moves:
        steps = max(1, round(move * fps))
        for i in range(1, steps + 1):
            yield frame_from_angles(blend(current, angles, i / steps), t, **frame_options)  # type: ignore[arg-type]
            t += 1 / fps
        current = dict(angles)
        for _ in range(round(stay * fps)):
            yield frame_from_angles(current, t, **frame_options)  # type: ignore[arg-type]
            t += 1 / fps
