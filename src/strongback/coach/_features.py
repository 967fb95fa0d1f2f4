"""Pure features of one frame: joint angles, tilts to the vertical, heights and distances.

Every measure comes back as None when a point it needs is not seen well enough, so the analyzers
can tell "not measured" from any value. Lengths are divided by the torso (shoulder to hip), which
makes them the same whether the person stands near the camera or far from it.
"""

from __future__ import annotations

import math

from strongback.catalog.camera import BodyPoint, SidePick, Signal
from strongback.coach._landmarks import Landmark, Mark, PoseFrame, mark

SIDES = ("left", "right")


def joint_angle(a: Landmark, b: Landmark, c: Landmark) -> float:
    """The angle at b between b→a and b→c, in degrees from 0 to 180."""
    first = math.atan2(a.y - b.y, a.x - b.x)
    second = math.atan2(c.y - b.y, c.x - b.x)
    degrees = abs(math.degrees(first - second)) % 360
    return 360 - degrees if degrees > 180 else degrees


def tilt(a: Landmark, b: Landmark) -> float:
    """The angle of a→b from straight up, 0 to 180 degrees; image y grows downwards."""
    return math.degrees(math.atan2(abs(b.x - a.x), a.y - b.y))


def torso_length(frame: PoseFrame) -> float | None:
    """Shoulder to hip on the better-seen side: the body's own ruler.

    The longer side is kept because turning away from the camera only ever shortens it.
    """
    if not frame.found:
        return None
    pairs = (
        (frame[mark(BodyPoint.SHOULDER, side)], frame[mark(BodyPoint.HIP, side)]) for side in SIDES
    )
    lengths = [math.hypot(s.x - h.x, s.y - h.y) for s, h in pairs if s.seen and h.seen]
    best = max(lengths, default=0.0)
    return best if best > 1e-6 else None


def near_side(frame: PoseFrame, points: tuple[BodyPoint, ...]) -> str:
    """The side whose points the model sees better: the one turned towards the camera."""
    scores = {side: sum(frame[mark(point, side)].visibility for point in points) for side in SIDES}
    return "left" if scores["left"] >= scores["right"] else "right"


def _on_side(frame: PoseFrame, signal: Signal, side: str, torso: float | None) -> float | None:
    marks: list[Mark] = [mark(point, side) for point in signal.points]
    found = [frame[m] for m in marks]
    if not all(landmark.seen for landmark in found):
        return None
    if signal.angle is not None:
        return joint_angle(found[0], found[1], found[2])
    if signal.tilt is not None:
        return tilt(found[0], found[1])
    if torso is None:
        return None
    a, b = found
    if signal.rise is not None:
        return (a.y - b.y) / torso
    return math.hypot(a.x - b.x, a.y - b.y) / torso


def measure(frame: PoseFrame, signal: Signal, torso: float | None = None) -> float | None:
    """The signal's value on this frame, or None when it cannot be measured.

    `torso` may be passed in when several signals are measured on one frame, to compute it once.
    """
    if not frame.found:
        return None
    if torso is None and signal.kind in ("rise", "distance"):
        torso = torso_length(frame)
    if signal.side is SidePick.NEAR:
        return _on_side(frame, signal, near_side(frame, signal.points), torso)
    if signal.side in (SidePick.LEFT, SidePick.RIGHT):
        return _on_side(frame, signal, signal.side.value, torso)
    values = [v for side in SIDES if (v := _on_side(frame, signal, side, torso)) is not None]
    if not values:
        return None
    return max(values) if signal.side is SidePick.HIGHER else min(values)
