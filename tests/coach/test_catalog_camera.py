"""The catalog's `camera:` blocks agree with the exercises' own key poses.

The figures and the coach read the same YAML: replaying an exercise's key poses (start, then each
pose in turn and back, twice) must give exactly two reps or two holds, with no form feedback,
since the figures show good form.
"""

from __future__ import annotations

import pytest

from strongback.catalog import Exercise, default_catalog
from strongback.catalog.camera import Measure
from strongback.coach import Coach, EventKind
from tests.coach.kinematics import replay

# The exercises the issue names; more may be added, none of these may be dropped.
MUST_CHECK = {"crunch", "bridge", "bird-dog", "superman", "prone-press-up"}


def checked() -> list[Exercise]:
    return [e for e in default_catalog() if e.camera is not None]


def test_the_key_exercises_can_be_checked_by_camera() -> None:
    ids = {e.id for e in checked()}
    if not ids:
        pytest.skip("no exercise has a camera block yet")
    assert not MUST_CHECK - ids, "these must stay checkable"


@pytest.mark.parametrize("exercise", checked(), ids=lambda e: e.id)
def test_the_key_poses_make_two_reps_or_holds_in_good_form(exercise: Exercise) -> None:
    assert exercise.camera is not None
    key_poses = getattr(exercise, "poses", None)
    if not key_poses:
        pytest.skip(f"{exercise.id} has no key poses yet")
    angles = [pose.resolved(exercise.position.value) for pose in key_poses]
    moves = [(angles[0], 0.0, 1.0)]
    for _ in range(2):
        moves += [(a, 1.0, 2.0) for a in angles[1:]] + [(angles[0], 1.0, 1.0)]
    coach = Coach.for_exercise(exercise)
    events = []
    for frame in replay(moves, far_visibility=0.9):
        events += coach.feed(frame)
    events += coach.finish()
    summary = coach.summary()
    if exercise.camera.measure is Measure.HOLD:
        assert len(summary.holds) == 2, summary
    else:
        assert summary.reps == 2, summary
    assert [e.message for e in events if e.kind is EventKind.FORM] == []
    framing = [e.message for e in events if e.kind is EventKind.FRAMING]
    assert framing == [], "the figure is side-on and whole: nothing to fix"
