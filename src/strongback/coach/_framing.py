"""Framing guidance: is the body in view, and turned the way the exercise is filmed?

The coach can only judge what it sees, so when a point it needs is missing it says how to fix the
picture instead of counting wrongly. Advice changes only after the new state has lasted
`settle_seconds`, so one frame in which a foot flickers out of view does not flash a message.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from strongback.catalog import Position
from strongback.catalog.camera import BodyPoint, CameraCheck, SidePick, View
from strongback.coach._events import CoachEvent, EventKind
from strongback.coach._features import SIDES, near_side, tilt, torso_length
from strongback.coach._landmarks import PoseFrame, mark

STEP_IN = "Step into the camera's view."
FEET = "Step back so your feet are in view."
HEAD = "Step back so your head is in view."
HANDS = "Move back so your hands are in view."
WHOLE = "Move so your whole body is in view."
_LOW = (BodyPoint.KNEE, BodyPoint.ANKLE, BodyPoint.HEEL, BodyPoint.FOOT)
_HIGH = (BodyPoint.NOSE, BodyPoint.EAR)
_HANDS = (BodyPoint.ELBOW, BodyPoint.WRIST)
# Seen side-on the two shoulders nearly overlap; seen from the front they are about 0.7 torso
# lengths apart. The thresholds leave room for a person a little turned.
SIDE_ON_MAX_SPAN = 0.45
FRONT_MIN_SPAN = 0.3
# The trunk's angle from upright (hip to shoulder): standing, kneeling or sitting it is well under
# UPRIGHT_MAX; lying or on all fours well over LYING_MIN. In between the coach cannot tell.
UPRIGHT_MAX = 35.0
LYING_MIN = 55.0
_UPRIGHT = (Position.STANDING, Position.KNEELING, Position.SEATED)


def posture(frame: PoseFrame, position: Position) -> str | None:
    """How to get into the exercise's starting position, when the trunk plainly is not in it.

    Before a set begins people often stand in front of the camera, then lie down; this says what
    the coach is waiting for, and is never used once the set has begun (a sit-up rises upright).
    The coach counts nothing while it applies (`Coach.feed`). Upright means the trunk within
    UPRIGHT_MAX of vertical; lying, the trunk past LYING_MIN and the legs level too.
    """
    angle = _mean_tilt(frame, BodyPoint.HIP, BodyPoint.SHOULDER)
    if angle is None:
        return None
    if position in _UPRIGHT:
        # A trunk bent forward is not lying: a deadlift starts with it near level, over the feet.
        # Standing, bent over or in a squat the hips stay above the feet; lying, the legs are level.
        legs = _mean_tilt(frame, BodyPoint.ANKLE, BodyPoint.HIP)
        wrong = angle > LYING_MIN and legs is not None and legs > LYING_MIN
    else:
        wrong = angle < UPRIGHT_MAX
    return f"Get into position, {position.label}, to begin." if wrong else None


def _mean_tilt(frame: PoseFrame, low: BodyPoint, high: BodyPoint) -> float | None:
    """The mean angle from upright of low→high over the sides where both are seen; None if none."""
    tilts = [
        tilt(frame[mark(low, side)], frame[mark(high, side)])
        for side in SIDES
        if frame[mark(low, side)].seen and frame[mark(high, side)].seen
    ]
    return sum(tilts) / len(tilts) if tilts else None


def needed_points(check: CameraCheck) -> frozenset[BodyPoint]:
    points = {*check.signal.points}
    for rule in check.rules:
        points.update(rule.check.points)
    return frozenset(points | {BodyPoint.SHOULDER, BodyPoint.HIP})


def advice(frame: PoseFrame, check: CameraCheck, points: frozenset[BodyPoint]) -> str | None:
    """What to change so the coach sees what it needs, or None when all is in view."""
    if not frame.found:
        return STEP_IN
    missing = _missing(frame, check, points)
    if missing & set(_LOW):
        return FEET
    if missing & set(_HIGH):
        return HEAD
    if missing & set(_HANDS):
        return HANDS
    if missing:
        return WHOLE
    torso = torso_length(frame)
    if torso is None:
        return WHOLE
    left, right = (frame[mark(BodyPoint.SHOULDER, side)] for side in SIDES)
    span = math.hypot(left.x - right.x, left.y - right.y) / torso
    if check.view is View.FRONT:
        return "Turn to face the camera." if span < FRONT_MIN_SPAN else None
    if span > SIDE_ON_MAX_SPAN:
        return f"Turn side-on to the camera, your {check.view.value} side towards it."
    return None


def _missing(frame: PoseFrame, check: CameraCheck, points: frozenset[BodyPoint]) -> set[BodyPoint]:
    """The needed points not seen well enough.

    From the front both sides must be seen. Side-on the far side is half hidden behind the body
    (MediaPipe gives its knee and ankle a visibility of about 0.4), so the near side suffices,
    even for a signal measured on both sides (`lower`, `higher`): it is measured on the sides
    seen. Only a signal read on one named side needs that side too, far or not.
    """
    if check.view is View.FRONT:
        sides: tuple[str, ...] = SIDES
    else:
        sides = (near_side(frame, tuple(points)),)
    missing = {point for point in points for side in sides if not frame[mark(point, side)].seen}
    signal = check.signal
    if signal.side in (SidePick.LEFT, SidePick.RIGHT):
        missing |= {p for p in signal.points if not frame[mark(p, signal.side.value)].seen}
    return missing


@dataclass
class FramingGuide:
    """Emits a framing event when the advice changes and the change has settled.

    Nothing is said while all is in view: the first event is a hint, once its problem has lasted
    `settle_seconds`, and an event with None ("all in view again") only ever follows a hint, so a
    page or window clears what it showed. `current` is the hint on show, or None.
    """

    check: CameraCheck
    position: Position | None = None  # the exercise's starting position, when known
    settle_seconds: float = 0.5
    current: str | None = None
    started: bool = False  # set by the coach once the set has begun: no more posture hints
    # This frame's `posture` hint, found before the set begins; the coach starts no set under it.
    posture_hint: str | None = field(default=None, init=False)
    _points: frozenset[BodyPoint] = field(init=False)
    _candidate: str | None = None
    _since: float = 0.0

    def __post_init__(self) -> None:
        self._points = needed_points(self.check)

    def update(self, frame: PoseFrame) -> list[CoachEvent]:
        self.posture_hint = None
        if not self.started and self.position is not None and frame.found:
            self.posture_hint = posture(frame, self.position)
        said = advice(frame, self.check, self._points) or self.posture_hint
        if said != self._candidate:
            self._candidate, self._since = said, frame.t
        if said == self.current or frame.t - self._since < self.settle_seconds:
            return []
        self.current = said
        return [CoachEvent(frame.t, EventKind.FRAMING, message=said)]
