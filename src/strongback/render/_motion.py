"""Placing key poses in the picture and moving between them.

A figure is placed the way gravity would place it: its lowest part rests on the mat or floor (or
the figure hangs from a bar), and one landmark (the shoulders on the back, the knee on all fours...)
is pinned so the body does not slide between poses. Movement interpolates joint angles, not points,
so limbs keep their lengths while they move.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from strongback.catalog import Equipment, Exercise, Position
from strongback.catalog.poses import HEAD_RADIUS, BodyPart, KeyPose, Point, forward_kinematics

TRUNK_WIDTH = 8.0
LIMB_WIDTH = 5.5
MAT_HEIGHT = 1.8
CUSHION_HEIGHT = 4.0
PLATE_RADIUS = 7.5
MARGIN = 5.0
MIN_WIDTH = 70.0
HANG_CLEARANCE = 8.0
FRAMES_PER_MOVE = 12
MOVE_SECONDS = 1.6
HOLD_SECONDS = 1.0

Frame = Mapping[str, Point]


@dataclass(frozen=True)
class FigureSpec:
    """What a figure needs from an exercise; `of` reads it from a catalog `Exercise`."""

    id: str
    name: str
    position: Position
    equipment: frozenset[Equipment]
    poses: tuple[KeyPose, ...]

    @classmethod
    def of(cls, exercise: Exercise) -> FigureSpec:
        return cls(
            id=exercise.id,
            name=exercise.name,
            position=exercise.position,
            equipment=frozenset(exercise.equipment),
            poses=tuple(exercise.poses),
        )

    @property
    def moving(self) -> frozenset[str]:
        """Parts drawn in the accent colour: the union over poses, so colours never flicker."""
        parts: set[str] = set()
        for pose in self.poses:
            for part in pose.moving:
                parts |= BodyPart(part).expand()
        return frozenset(parts)

    @property
    def on_floor(self) -> bool:
        return self.position.on_floor


def _interpolate(a: Mapping[str, float], b: Mapping[str, float], t: float) -> dict[str, float]:
    # Ease in and out so the figure moves like a person, not a metronome.
    eased = (1 - math.cos(math.pi * t)) / 2
    return {joint: a[joint] + (b[joint] - a[joint]) * eased for joint in a}


class _Placer:
    """Rests each frame on the floor and keeps the pinned landmark at one place."""

    def __init__(self, spec: FigureSpec) -> None:
        first = spec.poses[0]
        self.pin = first.pinned(spec.position.value)
        self.hanging = Equipment.PULL_UP_BAR in spec.equipment
        self.barbell = Equipment.BARBELL in spec.equipment
        self.cushion = Equipment.CUSHION in spec.equipment
        self.floor_top = MAT_HEIGHT if spec.on_floor else 0.0

    def _lift(self, points: Frame) -> float:
        """How far to raise the frame so that nothing sinks below its support."""
        need = -math.inf
        for name, point in points.items():
            if name == "head":
                bottom = point.y - HEAD_RADIUS
            elif name in ("pelvis", "waist", "shoulders"):
                bottom = point.y - TRUNK_WIDTH / 2
            else:
                bottom = point.y - LIMB_WIDTH / 2
            support = self.floor_top
            if self.cushion and name in ("pelvis", "waist"):
                support += CUSHION_HEIGHT
            need = max(need, support - bottom)
        if self.barbell:
            hand = points["left-hand"]
            need = max(need, PLATE_RADIUS - hand.y)
        return need

    def place(self, points: Frame, reference: Frame | None) -> dict[str, Point]:
        pin = points[self.pin.value]
        dx = -pin.x
        if self.hanging and reference is not None:
            dy = reference[self.pin.value].y - pin.y
        else:
            dy = self._lift(points) + (HANG_CLEARANCE if self.hanging else 0.0)
        return {name: Point(p.x + dx, p.y + dy) for name, p in points.items()}


def key_frames(spec: FigureSpec) -> list[dict[str, Point]]:
    """One placed frame per key pose."""
    placer = _Placer(spec)
    first = placer.place(forward_kinematics(spec.poses[0].resolved(spec.position.value)), None)
    frames = [first]
    for pose in spec.poses[1:]:
        frames.append(placer.place(forward_kinematics(pose.resolved(spec.position.value)), first))
    return frames


def animation_frames(spec: FigureSpec) -> tuple[list[dict[str, Point]], list[float]]:
    """Frames through every key pose and back to the start, with their times in [0, 1].

    Angles are interpolated, not points, so the limbs keep their lengths while moving; each key
    pose is held for a moment so the person sees the position to aim for.
    """
    placer = _Placer(spec)
    angles = [pose.resolved(spec.position.value) for pose in spec.poses]
    cycle = [*angles, angles[0]]
    reference = placer.place(forward_kinematics(angles[0]), None)
    frames: list[dict[str, Point]] = []
    times: list[float] = []
    clock = 0.0
    for a, b in itertools.pairwise(cycle):
        frames.append(placer.place(forward_kinematics(a), reference))
        times.append(clock)
        clock += HOLD_SECONDS
        for step in range(FRAMES_PER_MOVE):
            t = step / FRAMES_PER_MOVE
            frames.append(placer.place(forward_kinematics(_interpolate(a, b, t)), reference))
            times.append(clock + MOVE_SECONDS * t)
        clock += MOVE_SECONDS
    frames.append(placer.place(forward_kinematics(cycle[-1]), reference))
    times.append(clock)
    return frames, [t / clock for t in times]


def cycle_seconds(spec: FigureSpec) -> float:
    return len(spec.poses) * (HOLD_SECONDS + MOVE_SECONDS)
