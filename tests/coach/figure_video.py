"""Videos of a drawn figure moving through key poses, for the real-MediaPipe tests and benchmarks.

The figure is the figures helper's side-on body (`catalog.poses.forward_kinematics`) drawn with
OpenCV shapes: MediaPipe finds all its landmarks, so a test knows exactly how many reps and holds it
drew and can check the coach counts the same. Needs the camera extra (numpy, OpenCV).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from strongback.catalog.poses import HEAD_RADIUS, Point, forward_kinematics

WIDTH, HEIGHT = 640, 480
SKIN = (140, 170, 220)
FAR = (110, 135, 180)  # the far limbs a little darker, as a real body is shaded
SHIRT = (160, 90, 40)
TROUSERS = (70, 60, 50)
BACKGROUND = (235, 235, 235)


@dataclass(frozen=True)
class Segment:
    """Move from the last pose to `angles` over `seconds` (0: jump), then stay `hold` seconds."""

    angles: Mapping[str, float]
    seconds: float
    hold: float = 0.0


def blend(a: Mapping[str, float], b: Mapping[str, float], f: float) -> dict[str, float]:
    # Smoothstep easing: people slow down at both ends of a movement.
    f = f * f * (3 - 2 * f)
    return {k: a[k] + (b[k] - a[k]) * f for k in a}


def angle_frames(
    start: Mapping[str, float], segments: Sequence[Segment], fps: float
) -> Iterator[dict[str, float]]:
    current = dict(start)
    for segment in segments:
        steps = round(segment.seconds * fps)
        for i in range(1, steps + 1):
            yield blend(current, segment.angles, i / steps)
        current = dict(segment.angles)
        for _ in range(round(segment.hold * fps)):
            yield current


def _fit(points: Mapping[str, Point], scale: float, origin: tuple[float, float]):  # type: ignore[no-untyped-def]
    ox, oy = origin
    return {k: (int(ox + p.x * scale), int(oy - p.y * scale)) for k, p in points.items()}


def draw(angles: Mapping[str, float], *, scale: float, origin: tuple[float, float]) -> np.ndarray:
    image = np.full((HEIGHT, WIDTH, 3), BACKGROUND, np.uint8)
    p = _fit(forward_kinematics(angles), scale, origin)
    thick = max(3, int(scale * 4.5))
    for side, colour in (("right", FAR), ("left", SKIN)):
        legs = TROUSERS if side == "left" else tuple(int(c * 0.8) for c in TROUSERS)
        cv2.line(image, p["pelvis"], p[f"{side}-knee"], legs, thick + 6, cv2.LINE_AA)
        cv2.line(image, p[f"{side}-knee"], p[f"{side}-ankle"], colour, thick + 2, cv2.LINE_AA)
        cv2.circle(image, p[f"{side}-knee"], (thick + 6) // 2, legs, -1, cv2.LINE_AA)
        cv2.line(image, p[f"{side}-heel"], p[f"{side}-toe"], (40, 40, 40), thick + 1, cv2.LINE_AA)
        if side == "right":
            _arm(image, p, side, colour, thick)
    cv2.line(image, p["pelvis"], p["waist"], SHIRT, thick + 10, cv2.LINE_AA)
    cv2.line(image, p["waist"], p["shoulders"], SHIRT, thick + 12, cv2.LINE_AA)
    cv2.line(image, p["shoulders"], p["head"], SKIN, thick, cv2.LINE_AA)
    _head(image, p, angles, scale)
    _arm(image, p, "left", SKIN, thick)
    return image


def _arm(
    image: np.ndarray, p: Mapping[str, tuple[int, int]], side: str, colour, thick: int
) -> None:  # type: ignore[no-untyped-def]
    cv2.line(image, p["shoulders"], p[f"{side}-elbow"], SHIRT, thick + 2, cv2.LINE_AA)
    cv2.line(image, p[f"{side}-elbow"], p[f"{side}-wrist"], colour, thick, cv2.LINE_AA)
    cv2.circle(image, p[f"{side}-hand"], max(2, thick // 2 + 2), colour, -1, cv2.LINE_AA)


def _head(
    image: np.ndarray, p: Mapping[str, tuple[int, int]], angles: Mapping[str, float], scale: float
) -> None:
    import math

    radius = int(HEAD_RADIUS * scale)
    cx, cy = p["head"]
    cv2.circle(image, (cx, cy), radius, SKIN, -1, cv2.LINE_AA)
    # Face the way the figure looks: along the upper trunk, turned by the neck.
    facing = angles["trunk"] - angles["spine"] - angles["neck"] - 90
    rad = math.radians(facing)
    ux, uy = math.cos(rad), -math.sin(rad)  # image coordinates, y down
    up = (-uy, ux)
    eye = (
        int(cx + ux * radius * 0.55 - up[0] * radius * 0.25),
        int(cy + uy * radius * 0.55 - up[1] * radius * 0.25),
    )
    cv2.circle(image, eye, max(2, radius // 6), (30, 30, 30), -1, cv2.LINE_AA)
    nose = (int(cx + ux * radius * 1.15), int(cy + uy * radius * 1.15))
    cv2.line(image, (cx, cy), nose, SKIN, max(3, radius // 3), cv2.LINE_AA)
    hair = (
        int(cx - ux * radius * 0.3 - up[0] * radius * 0.5),
        int(cy - uy * radius * 0.3 - up[1] * radius * 0.5),
    )
    cv2.circle(image, hair, int(radius * 0.75), (40, 50, 70), -1, cv2.LINE_AA)


def centred(
    start: Mapping[str, float], others: Sequence[Mapping[str, float]], scale: float
) -> tuple[float, float]:
    points = [p for angles in (start, *others) for p in forward_kinematics(angles).values()]
    xs, ys = [p.x for p in points], [p.y for p in points]
    middle_x, middle_y = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    return WIDTH / 2 - middle_x * scale, HEIGHT / 2 + middle_y * scale


def write_video(
    path: Path,
    start: Mapping[str, float],
    segments: Sequence[Segment],
    *,
    fps: float = 30.0,
    scale: float = 3.6,
    origin: tuple[float, float] | None = None,
) -> int:
    """Write the figure's movement to an MJPG AVI; returns the number of frames.

    Without an `origin` the figure is centred on the space all its poses take up.
    """
    if origin is None:
        origin = centred(start, [segment.angles for segment in segments], scale)
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter_fourcc(*"MJPG"), fps, (WIDTH, HEIGHT))
    count = 0
    for angles in [dict(start), *angle_frames(start, segments, fps)]:
        writer.write(draw(angles, scale=scale, origin=origin))
        count += 1
    writer.release()
    return count
