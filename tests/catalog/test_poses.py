"""The pose model: joint angles to body points, with rigid segments and sensible base poses."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from strongback.catalog import Position
from strongback.catalog.poses import (
    BASE_POSES,
    HEAD_RADIUS,
    SEGMENTS,
    Base,
    BodyPart,
    Joint,
    KeyPose,
    forward_kinematics,
    pose_points,
)

angles = st.floats(min_value=-180, max_value=360, allow_nan=False)


def test_every_position_has_a_base_pose_with_every_joint() -> None:
    assert {b.value for b in Base} >= {p.value for p in Position}
    for base in Base:
        resolved = KeyPose(name="start", base=base).resolved("standing")
        assert len(resolved) == 3 + 2 * 6, base
        assert set(BASE_POSES[base]) >= {Joint.TRUNK, Joint.SPINE, Joint.NECK, Joint.HIP}


@given(st.dictionaries(st.sampled_from(list(Joint)), angles))
def test_segments_keep_their_lengths_whatever_the_angles(values: dict[Joint, float]) -> None:
    # Conflicting both-sides-and-one-side overrides are refused by the model, so drop them here.
    for joint in ("shoulder", "elbow", "wrist", "hip", "knee", "ankle"):
        if Joint(joint) in values:
            values.pop(Joint(f"left-{joint}"), None)
    points = pose_points(KeyPose(name="any", angles=values), "supine")
    for start, end, length in SEGMENTS:
        assert points[start].distance(points[end]) == pytest.approx(length, abs=1e-6)


def test_standing_puts_the_head_over_the_pelvis_over_the_feet() -> None:
    points = pose_points(KeyPose(name="stand"), "standing")
    assert points["head"].y > points["shoulders"].y > points["pelvis"].y > points["left-ankle"].y
    assert points["left-ankle"].x == pytest.approx(points["pelvis"].x, abs=1)
    assert points["left-toe"].x > points["left-ankle"].x  # facing right


def test_lying_on_the_back_keeps_the_head_pelvis_and_feet_on_one_level() -> None:
    points = pose_points(KeyPose(name="lie"), "supine")
    assert points["head"].x < points["pelvis"].x  # head to the left
    assert points["left-knee"].y > 15  # knees bent up
    for name in ("shoulders", "left-ankle", "right-ankle"):
        assert points[name].y == pytest.approx(0, abs=1.5), name
    # A slight nod: the back of the head rests on the mat, level with the back of the trunk.
    assert points["head"].y - HEAD_RADIUS == pytest.approx(-4, abs=0.5)


def test_all_fours_puts_hands_and_knees_on_one_level() -> None:
    points = pose_points(KeyPose(name="fours"), "quadruped")
    assert points["left-wrist"].y == pytest.approx(points["left-knee"].y, abs=1.5)
    assert points["left-wrist"].x == pytest.approx(points["shoulders"].x, abs=3)
    assert points["left-knee"].x == pytest.approx(points["pelvis"].x, abs=1)


def test_hip_flexion_brings_the_thigh_forward_and_knee_flexion_the_heel_back() -> None:
    stand = pose_points(KeyPose(name="stand"), "standing")
    knee_up = pose_points(KeyPose(name="knee up", angles={Joint.LEFT_HIP: 90}), "standing")
    assert knee_up["left-knee"].x > stand["left-knee"].x
    assert knee_up["left-knee"].y == pytest.approx(0, abs=1e-6)
    heel_up = pose_points(KeyPose(name="heel up", angles={Joint.LEFT_KNEE: 90}), "standing")
    assert heel_up["left-ankle"].x < heel_up["left-knee"].x
    assert heel_up["right-ankle"] == stand["right-ankle"]


def test_neck_flexion_brings_the_chin_towards_the_chest() -> None:
    nod = pose_points(KeyPose(name="nod", angles={Joint.NECK: 45}), "seated")
    assert nod["head"].x > nod["shoulders"].x
    assert nod["head"].distance(nod["shoulders"]) > HEAD_RADIUS


def test_one_side_overrides_both_sides() -> None:
    pose = KeyPose(name="x", angles={Joint.HIP: 30, Joint.LEFT_HIP: 90})
    resolved = pose.resolved("standing")
    assert resolved["left-hip"] == 90
    assert resolved["right-hip"] == 30


def test_setting_both_sides_and_the_shorthand_is_refused() -> None:
    with pytest.raises(ValidationError, match="both sides"):
        KeyPose(name="x", angles={Joint.HIP: 10, Joint.LEFT_HIP: 20, Joint.RIGHT_HIP: 30})


def test_unknown_joints_and_fields_are_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="elbows"):
        KeyPose.model_validate({"name": "x", "angles": {"elbows": 10}})
    with pytest.raises(ValidationError, match="colour"):
        KeyPose.model_validate({"name": "x", "colour": "red"})
    with pytest.raises(ValidationError):
        KeyPose.model_validate({"name": "x", "angles": {"hip": 400}})


def test_moving_parts_expand_to_limbs() -> None:
    assert BodyPart.ARMS.expand() == {"left-arm", "right-arm"}
    assert BodyPart.LEFT_LEG.expand() == {"left-leg"}


def test_a_pose_reads_its_base_and_pin_from_the_exercise_position_unless_given() -> None:
    plain = KeyPose(name="x")
    assert plain.base_for("supine") is Base.SUPINE
    assert plain.pinned("supine").value == "shoulders"
    hanging = KeyPose(name="x", base=Base.STANDING, pin="left-hand")
    assert hanging.pinned("prone").value == "left-hand"


def test_forward_kinematics_needs_every_joint() -> None:
    with pytest.raises(KeyError):
        forward_kinematics({"trunk": 90})
