"""The whole pure pipeline on replayed landmarks: framing, signal, counting, form, the record."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from strongback.catalog import Position
from strongback.catalog.camera import CameraCheck
from strongback.coach import Coach, EventKind, Mark, PoseFrame, set_record
from strongback.coach._framing import (
    FEET,
    HEAD,
    STEP_IN,
    FramingGuide,
    advice,
    needed_points,
    posture,
)
from strongback.records import SetOutcome
from tests.coach import poses
from tests.coach.checks import BRIDGE, CRUNCH, check
from tests.coach.kinematics import frame_from_angles, replay


def feed(coach: Coach, frames) -> list:  # type: ignore[no-untyped-def]
    events = []
    for frame in frames:
        events += coach.feed(frame)
    return events + coach.finish()


def kinds(events) -> list[EventKind]:  # type: ignore[no-untyped-def]
    return [e.kind for e in events]


def crunches(n: int, up=poses.CRUNCH_UP):  # type: ignore[no-untyped-def]
    return [(poses.CRUNCH_START, 0, 1.0)] + [(up, 1.0, 0.5), (poses.CRUNCH_START, 1.0, 0.5)] * n


def test_counts_replayed_crunches() -> None:
    coach = Coach(CRUNCH, target_reps=8)
    events = feed(coach, replay(crunches(6)))
    assert coach.count == 6
    assert [e.count for e in events if e.kind is EventKind.REP] == [1, 2, 3, 4, 5, 6]
    assert EventKind.FORM not in kinds(events)


def test_form_feedback_once_per_rep_in_plain_words() -> None:
    coach = Coach(CRUNCH)
    events = feed(coach, replay(crunches(3, up=poses.CRUNCH_CHIN_DOWN)))
    said = [e.message for e in events if e.kind is EventKind.FORM]
    assert said == ["Keep your chin off your chest."] * 3
    assert coach.summary().form == {"Keep your chin off your chest.": 3}


def test_times_replayed_bridge_holds_and_judges_their_height() -> None:
    moves = [(poses.BRIDGE_START, 0, 1.0)]
    moves += [(poses.BRIDGE_UP, 1.0, 5.0), (poses.BRIDGE_START, 1.0, 1.0)] * 2
    moves += [(poses.BRIDGE_HALF, 1.0, 3.0), (poses.BRIDGE_START, 1.0, 1.0)]
    coach = Coach(BRIDGE, target_hold_seconds=5)
    events = feed(coach, replay(moves))
    summary = summary_of(coach)
    assert summary.reps == 2  # the half bridge never reached the hold
    assert [round(h) for h in summary.holds] == [6, 6]
    assert kinds(events).count(EventKind.HOLD_TARGET) == 2
    assert EventKind.FORM not in kinds(events)


def test_a_hold_start_is_dated_when_the_pose_was_reached_as_docs_coach_events_says() -> None:
    # docs/coach-events.md: a hold-start's `t` is when the pose was reached, up to
    # min_phase_seconds before the frame on which the coach became sure and emitted it.
    moves = [(poses.BRIDGE_START, 0, 1.0), (poses.BRIDGE_UP, 1.0, 3.0)]
    coach = Coach(BRIDGE)
    emitted_on = None
    for frame in replay(moves):
        for event in coach.feed(frame):
            if event.kind is EventKind.HOLD_START:
                emitted_on, start = frame.t, event.t
    assert emitted_on is not None
    assert emitted_on - BRIDGE.min_phase_seconds - 0.05 <= start < emitted_on


def summary_of(coach: Coach):  # type: ignore[no-untyped-def]
    return coach.summary()


def test_a_low_bridge_hold_is_told_to_lift() -> None:
    low = poses.resolved("supine", trunk=194, shoulder=-16, hip=21, knee=100, ankle=-22)
    moves = [(poses.BRIDGE_START, 0, 1.0), (low, 1.0, 3.0), (poses.BRIDGE_START, 1.0, 1.0)]
    coach = Coach(BRIDGE)
    events = feed(coach, replay(moves))
    assert coach.summary().reps == 1
    assert [e.message for e in events if e.kind is EventKind.FORM] == [
        "Lift your hips into a line with your shoulders and knees."
    ]


def test_framing_asks_to_step_back_when_the_feet_are_cut_off() -> None:
    points = needed_points(BRIDGE)
    cut = frame_from_angles(poses.BRIDGE_START, 0.0, hidden=(Mark.LEFT_KNEE, Mark.RIGHT_KNEE))
    assert advice(cut, BRIDGE, points) == FEET
    no_head = frame_from_angles(poses.CRUNCH_START, 0.0, hidden=(Mark.NOSE,))
    assert advice(no_head, CRUNCH, needed_points(CRUNCH)) == HEAD
    assert advice(PoseFrame(0.0), BRIDGE, points) == STEP_IN
    assert advice(frame_from_angles(poses.BRIDGE_START, 0.0), BRIDGE, points) is None


def test_side_on_the_near_side_suffices_even_for_a_signal_read_on_both_sides() -> None:
    # Filmed side-on, MediaPipe sees the far knee and ankle at a visibility of about 0.4: the
    # hint to step back never cleared for standing hip flexion while its reps were counted.
    def knee(view: str, side: str) -> CameraCheck:
        signal = {"angle": ["shoulder", "hip", "knee"], "side": side}
        return check(view=view, measure="reps", signal=signal, rest=150, active=115)

    lower = knee("left", "lower")
    standing = frame_from_angles(poses.resolved("standing"), 0.0, far_visibility=0.4)
    assert advice(standing, lower, needed_points(lower)) is None
    # The near side cut off is still told.
    cut = frame_from_angles(poses.resolved("standing"), 0.0, hidden=(Mark.LEFT_KNEE,))
    assert advice(cut, lower, needed_points(lower)) == FEET
    # A signal read on one named side needs that side, though it is the far one.
    right = knee("left", "right")
    assert advice(standing, right, needed_points(right)) == FEET
    # From the front both sides are needed.
    front = knee("front", "lower")
    assert advice(standing, front, needed_points(front)) == FEET


def test_framing_asks_to_turn_side_on_when_facing_the_camera() -> None:
    frame = frame_from_angles(poses.BRIDGE_START, 0.0)
    # Spread the shoulders apart, as they are seen from the front.
    marks = list(frame.landmarks)
    right = marks[Mark.RIGHT_SHOULDER]
    marks[Mark.RIGHT_SHOULDER] = type(right)(right.x, right.y + 0.15, 0.9)
    facing = PoseFrame(0.0, tuple(marks))
    said = advice(facing, BRIDGE, needed_points(BRIDGE))
    assert said == "Turn side-on to the camera, your left side towards it."


def test_framing_advice_settles_before_it_changes() -> None:
    guide = FramingGuide(BRIDGE)
    good = [frame_from_angles(poses.BRIDGE_START, i / 30) for i in range(30)]
    # All in view from the start: nothing to say, and no all-clear for a hint never given.
    assert [e for f in good for e in guide.update(f)] == []
    assert guide.current is None
    # One empty frame is a flicker; half a second of them is news.
    assert guide.update(PoseFrame(1.0)) == []
    assert guide.update(frame_from_angles(poses.BRIDGE_START, 1.03)) == []
    lost = [e for i in range(20) for e in guide.update(PoseFrame(2 + i / 30))]
    assert [(e.kind, e.message) for e in lost] == [(EventKind.FRAMING, STEP_IN)]
    assert guide.current == STEP_IN
    # Back in view: the all-clear, once settled, so the hint shown can be taken down.
    back = [frame_from_angles(poses.BRIDGE_START, 3 + i / 30) for i in range(30)]
    cleared = [e for f in back for e in guide.update(f)]
    assert [(e.kind, e.message) for e in cleared] == [(EventKind.FRAMING, None)]
    assert guide.current is None


def test_framing_starts_with_a_hint_when_the_picture_starts_wrong() -> None:
    guide = FramingGuide(BRIDGE)
    events = [e for i in range(30) for e in guide.update(PoseFrame(i / 30))]
    assert [e.message for e in events] == [STEP_IN]


def test_before_the_set_the_coach_says_which_position_it_waits_for() -> None:
    # Standing in front of the camera, then lying down for crunches.
    standing = poses.resolved("standing")
    coach = Coach(CRUNCH, target_reps=8, position=Position.SUPINE)
    moves = [(standing, 0.0, 1.5), (poses.CRUNCH_START, 1.5, 1.0)]
    moves += [(poses.CRUNCH_UP, 1.0, 0.5), (poses.CRUNCH_START, 1.0, 0.5)] * 2
    events = feed(coach, replay(moves))
    framing = [e.message for e in events if e.kind is EventKind.FRAMING]
    assert framing == ["Get into position, lying on your back, to begin.", None]
    assert coach.count == 2


KNEE_TO_CHEST = check(
    view="left",
    measure="hold",
    signal={"angle": ["shoulder", "hip", "knee"], "side": "lower"},
    rest=100,
    active=75,
    release=5,
    min_phase_seconds=0.5,
)
STANDING = poses.resolved("standing")
SQUAT = poses.resolved("standing", hip=110, knee=110)


def test_nothing_is_counted_while_plainly_out_of_the_exercises_position() -> None:
    # Squats in front of the camera close the hip angle as a knee-to-chest does, lying on the back.
    squats = [(STANDING, 0, 1.5), (SQUAT, 1, 2), (STANDING, 1, 1), (SQUAT, 1, 2), (STANDING, 1, 1)]
    ungated = Coach(KNEE_TO_CHEST)  # without a position to wait for, the squats are holds
    feed(ungated, replay(squats))
    assert ungated.count == 2

    coach = Coach(KNEE_TO_CHEST, position=Position.SUPINE)
    events = feed(coach, replay(squats))
    assert coach.count == 0
    assert coach.summary().holds == ()
    assert kinds(events) == [EventKind.FRAMING]
    assert events[0].message == "Get into position, lying on your back, to begin."


def test_the_set_begins_once_the_trunk_is_in_position() -> None:
    lying, knee_in = poses.resolved("supine"), poses.resolved("supine", hip=120, knee=120)
    moves = [(STANDING, 0, 1.5), (SQUAT, 1, 1.5), (lying, 1.5, 1.5), (knee_in, 1, 3), (lying, 1, 1)]
    coach = Coach(KNEE_TO_CHEST, position=Position.SUPINE)
    events = feed(coach, replay(moves))
    assert coach.count == 1
    (start,) = [e for e in events if e.kind is EventKind.HOLD_START]
    assert start.t > 4.5  # the knee drawn in lying down, not the squat before it
    assert [e.message for e in events if e.kind is EventKind.FRAMING] == [
        "Get into position, lying on your back, to begin.",
        None,
    ]


def test_bent_over_a_bar_is_standing_not_lying() -> None:
    # A deadlift starts with the trunk near level; only level legs as well make it lying.
    at_the_bar = poses.resolved("standing", trunk=25, hip=115, knee=70, ankle=10, shoulder=65)
    assert posture(frame_from_angles(at_the_bar, 0.0), Position.STANDING) is None
    lying = frame_from_angles(poses.resolved("supine"), 0.0)
    assert posture(lying, Position.STANDING) == "Get into position, standing, to begin."


def test_once_the_set_began_rising_upright_still_counts() -> None:
    # A sit-up's top is upright: only the start of the set waits for the lying position.
    sitting = poses.resolved("seated")
    assert posture(frame_from_angles(sitting, 0.0), Position.SUPINE) is not None
    moves = [(poses.CRUNCH_START, 0.0, 1.0)]
    moves += [(sitting, 1.0, 0.5), (poses.CRUNCH_START, 1.0, 0.5)] * 2
    coach = Coach(CRUNCH, position=Position.SUPINE)
    feed(coach, replay(moves))
    assert coach.count == 2


def test_once_the_set_began_rising_upright_is_not_a_posture_problem() -> None:
    guide = FramingGuide(CRUNCH, position=Position.SUPINE, started=True)
    standing = [frame_from_angles(poses.resolved("standing"), i / 30) for i in range(30)]
    assert [e for f in standing for e in guide.update(f)] == []
    # Lying for a standing exercise is told too.
    guide = FramingGuide(CRUNCH, position=Position.STANDING)
    lying = [frame_from_angles(poses.CRUNCH_START, i / 30) for i in range(30)]
    said = [e.message for f in lying for e in guide.update(f)]
    assert said == ["Get into position, standing, to begin."]


def test_events_serialise_to_json_lines() -> None:
    coach = Coach(CRUNCH)
    events = feed(coach, replay(crunches(1)))
    data = [e.to_json() for e in events]
    assert all(d["kind"] != "framing" for d in data)  # in view throughout: nothing to say
    assert data[-1] == {"kind": "rep", "t": data[-1]["t"], "count": 1}


def test_a_coached_set_is_recorded_like_any_other() -> None:
    coach = Coach(BRIDGE)
    moves = [(poses.BRIDGE_START, 0, 1.0), (poses.BRIDGE_UP, 1.0, 4.0), (poses.BRIDGE_START, 1, 1)]
    feed(coach, replay(moves))
    now = datetime(2026, 11, 21, 9, tzinfo=UTC)
    record = set_record("bridge", coach.summary(), set_number=2, ended_at=now)
    assert record.reps_done == 1
    assert record.hold_seconds_done == pytest.approx(5, abs=0.3)
    assert record.outcome is SetOutcome.DONE
    assert record.reason is None


def test_an_exercise_without_a_camera_block_is_not_checkable() -> None:
    from strongback.catalog import default_catalog
    from strongback.coach import NotCheckable

    without = next(e for e in default_catalog() if e.camera is None)
    with pytest.raises(NotCheckable, match="cannot check"):
        Coach.for_exercise(without)
