from __future__ import annotations

import math

import pytest

from strongback.catalog.camera import BodyPoint, Signal
from strongback.catalog.poses import KeyPose
from strongback.coach import Landmark, Mark, PoseFrame
from strongback.coach._features import joint_angle, measure, near_side, tilt, torso_length
from tests.coach.kinematics import frame_from_angles


def at(x: float, y: float, visibility: float = 1.0) -> Landmark:
    return Landmark(x, y, visibility)


def test_joint_angle_is_the_inner_angle() -> None:
    assert joint_angle(at(0, 0), at(1, 0), at(2, 0)) == pytest.approx(180)
    assert joint_angle(at(0, 0), at(1, 0), at(1, 1)) == pytest.approx(90)
    assert joint_angle(at(1, 1), at(1, 0), at(0, 0)) == pytest.approx(90)
    assert joint_angle(at(0, 1), at(0, 0), at(1, 1)) == pytest.approx(45)


def test_tilt_is_measured_from_straight_up_in_picture_coordinates() -> None:
    assert tilt(at(0, 1), at(0, 0)) == pytest.approx(0)  # y grows downwards: b above a
    assert tilt(at(0, 0), at(1, 0)) == pytest.approx(90)
    assert tilt(at(0, 0), at(-1, 0)) == pytest.approx(90)
    assert tilt(at(0, 0), at(0, 1)) == pytest.approx(180)


def standing_angles() -> dict[str, float]:
    return KeyPose(name="stand").resolved("standing")


def standing(**options: object) -> PoseFrame:
    return frame_from_angles(standing_angles(), 0.0, **options)  # type: ignore[arg-type]


def test_torso_length_uses_the_longer_seen_side() -> None:
    frame = standing()
    assert torso_length(frame) == pytest.approx(29 * 0.006)
    assert torso_length(PoseFrame(0.0)) is None


def test_near_side_follows_visibility() -> None:
    assert near_side(standing(near="left"), (BodyPoint.HIP, BodyPoint.KNEE)) == "left"
    assert near_side(standing(near="right"), (BodyPoint.HIP, BodyPoint.KNEE)) == "right"


def test_signals_on_a_standing_body() -> None:
    frame = standing(far_visibility=0.9)
    assert measure(frame, Signal(angle=("shoulder", "hip", "knee"))) == pytest.approx(180)
    assert measure(frame, Signal(tilt=("hip", "shoulder"))) == pytest.approx(0)
    # Shoulders are one torso length above the hips, whatever the body's size in the picture.
    assert measure(frame, Signal(rise=("hip", "shoulder"))) == pytest.approx(1)
    assert measure(frame, Signal(distance=("hip", "shoulder"))) == pytest.approx(1)
    elbow = measure(frame, Signal(angle=("shoulder", "elbow", "wrist"), side="right"))
    assert elbow == pytest.approx(170)


def test_unseen_points_give_no_value_instead_of_a_wrong_one() -> None:
    hidden = standing(hidden=(Mark.LEFT_KNEE,), far_visibility=0.2)
    assert measure(hidden, Signal(angle=("shoulder", "hip", "knee"), side="left")) is None
    assert measure(hidden, Signal(angle=("shoulder", "hip", "knee"), side="higher")) is None
    assert measure(PoseFrame(1.0), Signal(tilt=("hip", "shoulder"))) is None


def test_higher_and_lower_pick_the_moving_limb() -> None:
    lifted = {**standing_angles(), "left-hip": 90.0, "left-knee": 90.0}
    frame = frame_from_angles(lifted, 0.0, far_visibility=0.9)
    signal = {"angle": ("shoulder", "hip", "knee")}
    assert measure(frame, Signal(**signal, side="lower")) == pytest.approx(90)  # type: ignore[arg-type]
    assert measure(frame, Signal(**signal, side="higher")) == pytest.approx(180)  # type: ignore[arg-type]


def test_a_frame_has_all_landmarks_or_none() -> None:
    with pytest.raises(ValueError, match="33 landmarks or none"):
        PoseFrame(0.0, (Landmark(0, 0),) * 3)
    assert not PoseFrame(0.0).found
    assert math.isclose(standing()[Mark.NOSE].visibility, 0.95)
