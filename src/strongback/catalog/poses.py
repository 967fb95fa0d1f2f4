"""Key poses of an exercise as joint angles of a simple side-on 2D body.

The same numbers draw the figures (`strongback.render.figures`) and will give the camera coach its
target angles, so they are anatomical angles a person or a camera can measure (hip flexion, knee
flexion...), not picture coordinates.

The body is seen from its left side: the left limbs are near the viewer, the right limbs far. When
standing it faces right. For side-lying exercises the picture plane is the plane of the movement
(the frontal plane), so "trunk" and "spine" then describe the sideways lift and bend.

Angle conventions, in degrees:

- `trunk`: direction of the lower trunk (pelvis to waist) in the picture, counter-clockwise from
  pointing right: 90 is upright, 180 lying with the head to the left (on the back), 0 lying with
  the head to the right (on the stomach or on all fours).
- `spine`: flexion of the upper trunk on the lower (rounding forward); negative arches the back.
- `neck`: flexion of the head on the upper trunk (chin to chest); negative looks up.
- `shoulder`, `hip`: flexion from hanging along the trunk (180 is the arm overhead, the thigh at
  90 is level with the hip); negative moves the limb behind the body.
- `elbow`, `knee`: flexion, 0 straight. `wrist`: bend of the hand in the same sense as the elbow.
- `ankle`: dorsiflexion, 0 a foot square to the shin; negative points the toes.

Limb joints take a side prefix (`left-hip`) or none (`hip`) for both sides. An exercise lists only
the joints that differ from its base pose, which defaults to the one named like its `Position`.
This module imports nothing from the exercise models, so they can import it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Angle = Annotated[float, Field(ge=-180, le=360)]


class Joint(StrEnum):
    TRUNK = "trunk"
    SPINE = "spine"
    NECK = "neck"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"
    LEFT_SHOULDER = "left-shoulder"
    LEFT_ELBOW = "left-elbow"
    LEFT_WRIST = "left-wrist"
    LEFT_HIP = "left-hip"
    LEFT_KNEE = "left-knee"
    LEFT_ANKLE = "left-ankle"
    RIGHT_SHOULDER = "right-shoulder"
    RIGHT_ELBOW = "right-elbow"
    RIGHT_WRIST = "right-wrist"
    RIGHT_HIP = "right-hip"
    RIGHT_KNEE = "right-knee"
    RIGHT_ANKLE = "right-ankle"


AXIAL = (Joint.TRUNK, Joint.SPINE, Joint.NECK)
LIMB_JOINTS = ("shoulder", "elbow", "wrist", "hip", "knee", "ankle")
SIDES = ("left", "right")


class BodyPart(StrEnum):
    """What a pose moves; the figure draws these in the accent colour."""

    TRUNK = "trunk"
    HEAD = "head"
    LEFT_ARM = "left-arm"
    RIGHT_ARM = "right-arm"
    LEFT_LEG = "left-leg"
    RIGHT_LEG = "right-leg"
    ARMS = "arms"
    LEGS = "legs"

    def expand(self) -> frozenset[str]:
        if self is BodyPart.ARMS:
            return frozenset({"left-arm", "right-arm"})
        if self is BodyPart.LEGS:
            return frozenset({"left-leg", "right-leg"})
        return frozenset({self.value})


class PinPoint(StrEnum):
    """Named points of the body; a pose may pin one so it stays put between poses."""

    PELVIS = "pelvis"
    WAIST = "waist"
    SHOULDERS = "shoulders"
    HEAD = "head"
    LEFT_ELBOW = "left-elbow"
    LEFT_WRIST = "left-wrist"
    LEFT_HAND = "left-hand"
    LEFT_KNEE = "left-knee"
    LEFT_ANKLE = "left-ankle"
    LEFT_TOE = "left-toe"
    RIGHT_ELBOW = "right-elbow"
    RIGHT_WRIST = "right-wrist"
    RIGHT_HAND = "right-hand"
    RIGHT_KNEE = "right-knee"
    RIGHT_ANKLE = "right-ankle"
    RIGHT_TOE = "right-toe"


# Segment lengths for a body 100 units tall, from standard anthropometric proportions.
LOWER_TRUNK = 13.0
UPPER_TRUNK = 16.0
NECK = 4.5
HEAD_RADIUS = 6.5
UPPER_ARM = 18.0
FOREARM = 14.5
HAND = 6.0
THIGH = 24.5
SHIN = 24.5
FOOT = 8.0
HEEL = 2.5

# (from, to, length): the rigid segments. Tests check every pose keeps these lengths.
SEGMENTS: tuple[tuple[str, str, float], ...] = (
    ("pelvis", "waist", LOWER_TRUNK),
    ("waist", "shoulders", UPPER_TRUNK),
    ("shoulders", "head", NECK + HEAD_RADIUS),
    *(
        segment
        for side in SIDES
        for segment in (
            ("shoulders", f"{side}-elbow", UPPER_ARM),
            (f"{side}-elbow", f"{side}-wrist", FOREARM),
            (f"{side}-wrist", f"{side}-hand", HAND),
            ("pelvis", f"{side}-knee", THIGH),
            (f"{side}-knee", f"{side}-ankle", SHIN),
            (f"{side}-ankle", f"{side}-toe", FOOT),
        )
    ),
)


class Base(StrEnum):
    """Starting shapes a pose is written against; the first seven match `Position` by value."""

    STANDING = "standing"
    SUPINE = "supine"
    PRONE = "prone"
    QUADRUPED = "quadruped"
    KNEELING = "kneeling"
    SIDE_LYING = "side-lying"
    SEATED = "seated"


def _limbs(**angles: float) -> dict[Joint, float]:
    return {Joint(name): value for name, value in angles.items()}


# Base pose of each position: every joint has a value here, so forward kinematics never guesses.
_NEUTRAL = _limbs(trunk=90, spine=0, neck=0, shoulder=0, elbow=0, wrist=0, hip=0, knee=0, ankle=0)
BASE_POSES: Mapping[Base, Mapping[Joint, float]] = {
    Base.STANDING: _NEUTRAL | _limbs(shoulder=5, elbow=10),
    # Knees bent with the feet flat, level with the hips (knee flexion twice the hip's). The
    # head is deeper than the trunk is thick, so a slight nod lets both rest on the mat.
    Base.SUPINE: _NEUTRAL | _limbs(trunk=180, neck=12, hip=55, knee=110, ankle=-35),
    Base.PRONE: _NEUTRAL | _limbs(trunk=0, shoulder=175, neck=-12, ankle=-85),
    # Hands under the shoulders, knees under the hips; arms are longer than thighs, so the trunk
    # rises a little towards the shoulders.
    Base.QUADRUPED: _NEUTRAL
    | _limbs(trunk=16, neck=22, shoulder=74, wrist=90, hip=74, knee=90, ankle=-85),
    # Sitting back on the heels, trunk upright, hands resting on the thighs.
    Base.KNEELING: _NEUTRAL | _limbs(hip=80, knee=170, ankle=-85, shoulder=25, elbow=55),
    # Seen from the front (the plane of a side bend): legs long, arms folded over the chest.
    Base.SIDE_LYING: _NEUTRAL | _limbs(trunk=0, neck=-12, shoulder=10, elbow=140, ankle=-80),
    Base.SEATED: _NEUTRAL | _limbs(hip=90, knee=90, shoulder=15, elbow=70),
}


class KeyPose(BaseModel):
    """A key pose: a name people read ("start", "hold") and the joints that differ from the base."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    angles: dict[Joint, Angle] = Field(default_factory=dict)
    moving: list[BodyPart] = Field(
        default_factory=list, description="The parts this pose moves, drawn in the accent colour."
    )
    base: Base | None = Field(
        default=None, description="Base pose when it differs from the exercise's position."
    )
    pin: PinPoint | None = Field(
        default=None,
        description=(
            "The body point that stays in place across poses, read from the first pose "
            "(default: the base pose's usual contact, e.g. the shoulders on the back)."
        ),
    )

    @model_validator(mode="after")
    def _no_conflicting_sides(self) -> KeyPose:
        for joint in LIMB_JOINTS:
            if joint in self.angles and all(f"{s}-{joint}" in self.angles for s in SIDES):
                raise ValueError(f"'{joint}' is overridden on both sides; drop one of them")
        return self

    def base_for(self, position: str) -> Base:
        return self.base or Base(position)

    def pinned(self, position: str) -> PinPoint:
        return self.pin or DEFAULT_PINS[self.base_for(position)]

    def resolved(self, position: str) -> dict[str, float]:
        """Every joint angle, both sides spelled out: base, then both-side values, then one side.

        `position` is the exercise's `Position` (or its value), used unless the pose names a base.
        """
        base = BASE_POSES[self.base_for(position)]
        values = {**base, **self.angles}
        resolved = {joint.value: values[joint] for joint in AXIAL}
        for side in SIDES:
            for joint in LIMB_JOINTS:
                sided = Joint(f"{side}-{joint}")
                resolved[sided.value] = values.get(sided, values[Joint(joint)])
        return resolved


DEFAULT_PINS: Mapping[Base, PinPoint] = {
    Base.STANDING: PinPoint.RIGHT_ANKLE,
    Base.SUPINE: PinPoint.SHOULDERS,
    Base.PRONE: PinPoint.PELVIS,
    Base.QUADRUPED: PinPoint.RIGHT_KNEE,
    Base.KNEELING: PinPoint.RIGHT_KNEE,
    Base.SIDE_LYING: PinPoint.PELVIS,
    Base.SEATED: PinPoint.PELVIS,
}


@dataclass(frozen=True)
class Point:
    x: float
    y: float  # up is positive; the renderer flips it for SVG

    def step(self, degrees: float, length: float) -> Point:
        radians = math.radians(degrees)
        return Point(self.x + length * math.cos(radians), self.y + length * math.sin(radians))

    def distance(self, other: Point) -> float:
        return math.hypot(self.x - other.x, self.y - other.y)


def forward_kinematics(angles: Mapping[str, float]) -> dict[str, Point]:
    """Joint angles (as from `KeyPose.resolved`) to body points, with the pelvis at the origin."""
    pelvis = Point(0.0, 0.0)
    lower = angles["trunk"]
    upper = lower - angles["spine"]
    waist = pelvis.step(lower, LOWER_TRUNK)
    shoulders = waist.step(upper, UPPER_TRUNK)
    points = {
        "pelvis": pelvis,
        "waist": waist,
        "shoulders": shoulders,
        "head": shoulders.step(upper - angles["neck"], NECK + HEAD_RADIUS),
    }
    for side in SIDES:

        def angle(joint: str, side: str = side) -> float:
            return angles[f"{side}-{joint}"]

        arm = upper + 180 + angle("shoulder")
        forearm = arm + angle("elbow")
        elbow = shoulders.step(arm, UPPER_ARM)
        wrist = elbow.step(forearm, FOREARM)
        thigh = lower + 180 + angle("hip")
        shin = thigh - angle("knee")
        knee = pelvis.step(thigh, THIGH)
        ankle = knee.step(shin, SHIN)
        points |= {
            f"{side}-elbow": elbow,
            f"{side}-wrist": wrist,
            f"{side}-hand": wrist.step(forearm + angle("wrist"), HAND),
            f"{side}-knee": knee,
            f"{side}-ankle": ankle,
            f"{side}-toe": ankle.step(shin + 90 + angle("ankle"), FOOT),
            f"{side}-heel": ankle.step(shin + 90 + angle("ankle"), -HEEL),
        }
    return points


def pose_points(pose: KeyPose, position: str) -> dict[str, Point]:
    return forward_kinematics(pose.resolved(position))
