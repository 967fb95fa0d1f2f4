"""What the camera coach can check for one exercise: the `camera:` block of its YAML.

An exercise without this block is one the camera cannot check (lying on the side, rotations the
camera cannot see from one side, band and bar work); the commands say so instead of guessing.

The block is data, not code: one driving signal (a joint angle, a tilt to the vertical, a height or
a distance between two body points), two thresholds with the space between them as hysteresis, and
form rules in plain words. The coach (`strongback.coach`) builds its analyzers from it, so a new
exercise needs YAML, never a new analyzer. This module imports nothing from the coach or from the
exercise models, so both can import it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Words = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class View(StrEnum):
    """The side of the body that faces the camera."""

    LEFT = "left"
    RIGHT = "right"
    FRONT = "front"

    @property
    def instruction(self) -> str:
        if self is View.FRONT:
            return "face the camera"
        return f"turn your {self.value} side to the camera"


class Measure(StrEnum):
    REPS = "reps"  # count movements out and back
    HOLD = "hold"  # time how long a pose is held


class BodyPoint(StrEnum):
    """Body points a signal may use. Paired points take the side given by the signal's `side`."""

    NOSE = "nose"
    EAR = "ear"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    HIP = "hip"
    KNEE = "knee"
    ANKLE = "ankle"
    HEEL = "heel"
    FOOT = "foot"

    @property
    def paired(self) -> bool:
        return self is not BodyPoint.NOSE


class SidePick(StrEnum):
    """Which side's points a signal reads."""

    NEAR = "near"  # the side nearer the camera, judged frame by frame from visibility
    LEFT = "left"
    RIGHT = "right"
    HIGHER = "higher"  # both sides measured, the larger value kept (one limb of two moves)
    LOWER = "lower"


class Signal(_Strict):
    """One number measured on every frame. Exactly one of the four kinds is given.

    - `angle: [a, b, c]`: the angle at b between b→a and b→c, 0 to 180 degrees (180 is straight).
    - `tilt: [a, b]`: the angle of a→b from straight up, 0 to 180 degrees (90 is level).
    - `rise: [a, b]`: how far b is above a, in torso lengths (negative when below).
    - `distance: [a, b]`: the distance from a to b, in torso lengths.
    """

    angle: tuple[BodyPoint, BodyPoint, BodyPoint] | None = None
    tilt: tuple[BodyPoint, BodyPoint] | None = None
    rise: tuple[BodyPoint, BodyPoint] | None = None
    distance: tuple[BodyPoint, BodyPoint] | None = None
    side: SidePick = SidePick.NEAR

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        given = [k for k in ("angle", "tilt", "rise", "distance") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of angle, tilt, rise or distance")
        return self

    @property
    def kind(self) -> str:
        for kind in ("angle", "tilt", "rise", "distance"):
            if getattr(self, kind) is not None:
                return kind
        raise AssertionError("validated to have one kind")  # pragma: no cover

    @property
    def points(self) -> tuple[BodyPoint, ...]:
        return tuple(self.angle or self.tilt or self.rise or self.distance or ())

    def describe(self) -> str:
        return f"{self.kind} {'-'.join(p.value for p in self.points)}"


class Range(StrEnum):
    """Where a rep counter puts its thresholds."""

    FIXED = "fixed"  # at `rest` and `active`, the targets the figures show
    # At a third and two thirds of the range the person has moved through in the last few
    # seconds, however far that is, as long as it spans at least the gap between rest and active.
    # For footage whose angles are skewed (an odd camera angle, rescaled landmarks).
    PERSONAL = "personal"


class During(StrEnum):
    """When a form rule applies."""

    ACTIVE = "active"  # at the far end of a rep, or while a hold runs
    ALWAYS = "always"  # whenever the body is in view


class FormRule(_Strict):
    """A check with plain-word feedback: `say` is shown when the signal leaves [min, max]."""

    check: Signal
    min: float | None = None
    max: float | None = None
    during: During = During.ACTIVE
    say: Words

    @model_validator(mode="after")
    def _bounded(self) -> Self:
        if self.min is None and self.max is None:
            raise ValueError("a form rule needs a min, a max or both")
        if self.min is not None and self.max is not None and self.min >= self.max:
            raise ValueError("min must be below max")
        return self

    def broken_by(self, value: float) -> bool:
        return (self.min is not None and value < self.min) or (
            self.max is not None and value > self.max
        )


class CameraCheck(_Strict):
    """How the camera follows one exercise.

    `rest` is the signal's value where each rep starts and ends; `active` where the movement
    counts as done (the top of a bridge, the lift of a crunch). The signal must pass `active` to
    count a rep and come back past `rest` to finish it, so the gap between them is the hysteresis
    that keeps a wobble from counting twice. A hold runs while the signal stays past `active`
    (less `release`, so a tremble at the edge does not stop the clock).
    """

    view: View
    measure: Measure
    signal: Signal
    rest: float
    active: float
    release: float = Field(
        default=0.0,
        ge=0,
        description="Hold only: how far back from `active` the signal may drift, still held.",
    )
    min_phase_seconds: float = Field(
        default=0.25, ge=0, le=5, description="Shortest time at each end that counts as a phase."
    )
    grace_seconds: float = Field(
        default=0.5, ge=0, le=3, description="Hold only: a bad stretch this short is forgiven."
    )
    range: Range = Field(default=Range.FIXED, description="Reps only: fixed or personal range.")
    rules: list[FormRule] = Field(default_factory=list)
    note: Words | None = Field(default=None, description="A word to the person about filming.")

    @model_validator(mode="after")
    def _thresholds(self) -> Self:
        if self.rest == self.active:
            raise ValueError("rest and active must differ: the gap between them is the hysteresis")
        if self.release and self.release >= abs(self.active - self.rest):
            raise ValueError("release must be smaller than the gap between rest and active")
        return self

    @property
    def rising(self) -> bool:
        """True when the movement increases the signal (active above rest)."""
        return self.active > self.rest
