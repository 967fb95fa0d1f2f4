from __future__ import annotations

from collections.abc import Iterable

import pytest
from pydantic import ValidationError

from strongback.catalog.camera import Range
from strongback.coach import EventKind
from strongback.coach._analyzers import (
    BRIEF_REP_SAY,
    SHORT_REP_SAY,
    HoldTimer,
    RepCounter,
    Zone,
    zone_of,
)
from tests.coach.checks import BRIDGE, CRUNCH, check

FPS = 30


def run(analyzer: RepCounter | HoldTimer, values: Iterable[float | None], start: float = 0.0):  # type: ignore[no-untyped-def]
    events = []
    for i, value in enumerate(values):
        events += analyzer.update(start + i / FPS, value)
    return events


def hold(value: float | None, seconds: float) -> list[float | None]:
    return [value] * round(seconds * FPS)


def ramp(a: float, b: float, seconds: float) -> list[float | None]:
    n = round(seconds * FPS)
    return [a + (b - a) * (i + 1) / n for i in range(n)]


def crunch_rep() -> list[float | None]:
    return [*ramp(90, 70, 0.6), *hold(70, 0.4), *ramp(70, 90, 0.6), *hold(90, 0.5)]


def test_zones_follow_the_direction_of_the_movement() -> None:
    assert zone_of(90, CRUNCH) is Zone.REST
    assert zone_of(80, CRUNCH) is Zone.MIDDLE
    assert zone_of(70, CRUNCH) is Zone.ACTIVE
    assert zone_of(165, BRIDGE) is Zone.ACTIVE
    assert zone_of(152, BRIDGE) is Zone.MIDDLE
    assert zone_of(152, BRIDGE, releasing=True) is Zone.ACTIVE


def test_counts_each_rest_active_rest_cycle_once() -> None:
    counter = RepCounter(CRUNCH)
    events = run(counter, [*hold(90, 0.5), *(crunch_rep() * 5)])
    assert counter.count == 5
    assert [e.count for e in events] == [1, 2, 3, 4, 5]
    assert all(e.kind is EventKind.REP for e in events)


def test_wobbling_across_one_threshold_is_not_a_rep() -> None:
    # Between the thresholds the counter keeps its phase: that gap is the hysteresis.
    counter = RepCounter(CRUNCH)
    run(counter, [*hold(90, 0.5), *[84.0, 86.0] * 60])
    assert counter.count == 0
    run(counter, [79.0, 77.0] * 60 + [90.0] * 30, start=5.0)
    assert counter.count == 1


def test_a_flick_shorter_than_the_minimum_phase_does_not_count() -> None:
    counter = RepCounter(CRUNCH)
    flick = [*hold(90, 0.5), *hold(70, 0.1), *hold(90, 0.5)]
    run(counter, flick)
    assert counter.count == 0


def test_a_set_starts_from_rest() -> None:
    counter = RepCounter(CRUNCH)
    run(counter, [*hold(70, 1.0), *hold(90, 1.0)])
    assert counter.count == 0  # already curled up when the camera started: no free rep
    run(counter, crunch_rep(), start=2.0)
    assert counter.count == 1


def test_a_rep_ended_at_its_far_end_counts_when_the_set_is_over() -> None:
    counter = RepCounter(CRUNCH)
    run(counter, [*hold(90, 0.5), *crunch_rep(), *ramp(90, 70, 0.6), *hold(70, 0.5)])
    assert counter.count == 1  # the second curl has not come back down yet
    (rep,) = counter.finish(2.9)
    assert (rep.kind, rep.count) == (EventKind.REP, 2)
    assert counter.finish(3.0) == []  # counted once


def test_finish_gives_nothing_for_a_movement_that_never_reached_its_far_end() -> None:
    counter = RepCounter(CRUNCH)
    run(counter, [*hold(90, 0.5), *crunch_rep(), *ramp(90, 80, 0.3), *hold(80, 0.5)])
    assert counter.finish(2.9) == []
    assert counter.count == 1


def test_a_rep_that_turns_back_halfway_is_not_counted_and_says_why() -> None:
    counter = RepCounter(CRUNCH)  # rest 85, active 78
    halfway = [*ramp(90, 81, 0.5), *hold(81, 0.3), *ramp(81, 90, 0.5), *hold(90, 0.5)]
    events = run(counter, [*hold(90, 0.5), *halfway])
    assert counter.count == 0
    assert [(e.kind, e.message) for e in events] == [(EventKind.FORM, SHORT_REP_SAY)]
    events = run(counter, crunch_rep(), start=3.0)  # a full one afterwards still counts
    assert [e.kind for e in events] == [EventKind.REP]


def test_a_small_wobble_at_rest_says_nothing() -> None:
    counter = RepCounter(CRUNCH)
    wobble = [*hold(90, 0.5), *ramp(90, 83, 0.3), *ramp(83, 90, 0.3), *hold(90, 0.5)]
    assert run(counter, wobble) == []


def test_a_rep_too_brief_at_its_far_end_says_to_pause() -> None:
    counter = RepCounter(CRUNCH)
    events = run(counter, [*hold(90, 0.5), *hold(70, 0.1), *hold(90, 0.5)])
    assert counter.count == 0
    assert [e.message for e in events] == [BRIEF_REP_SAY]


def test_a_shallow_rep_among_deep_ones_is_told_on_a_personal_range() -> None:
    personal = CRUNCH.model_copy(update={"range": Range.PERSONAL})
    counter = RepCounter(personal)
    deep = [*ramp(90, 50, 0.8), *hold(50, 0.4), *ramp(50, 90, 0.8), *hold(90, 0.5)]
    shallow = [*ramp(90, 66, 0.5), *hold(66, 0.3), *ramp(66, 90, 0.5), *hold(90, 0.5)]
    events = run(counter, [*hold(90, 0.5), *deep, *deep, *shallow, *deep])
    assert counter.count == 3
    kinds = [e.kind for e in events]
    assert kinds == [EventKind.REP, EventKind.REP, EventKind.FORM, EventKind.REP]


def test_lost_frames_keep_the_phase() -> None:
    counter = RepCounter(CRUNCH)
    rep = crunch_rep()
    rep[20:26] = [None] * 6
    run(counter, [*hold(90, 0.5), *rep])
    assert counter.count == 1


def test_hold_runs_only_while_the_pose_is_held() -> None:
    timer = HoldTimer(BRIDGE, target_seconds=3)
    values = [
        *hold(130, 1),
        *ramp(130, 170, 0.5),
        *hold(170, 4),
        *ramp(170, 130, 0.5),
        *hold(130, 1),
    ]
    events = run(timer, values)
    kinds = [e.kind for e in events]
    assert kinds[0] is EventKind.HOLD_START
    assert kinds.count(EventKind.HOLD) == 4
    assert kinds.count(EventKind.HOLD_TARGET) == 1
    end = events[-1]
    assert end.kind is EventKind.HOLD_END
    assert end.count == 1
    assert end.seconds == pytest.approx(4.2, abs=0.25)
    assert timer.holds == [end.seconds]


def test_a_bad_frame_within_the_grace_does_not_stop_the_clock() -> None:
    timer = HoldTimer(BRIDGE)
    values = [
        *hold(130, 1),
        *hold(170, 2),
        *hold(None, 0.3),
        *hold(120, 0.2),
        *hold(170, 2),
        *hold(130, 1),
    ]
    run(timer, values)
    assert timer.count == 1
    assert timer.holds[0] == pytest.approx(4.5, abs=0.1)


def test_a_longer_break_ends_the_hold_at_the_last_good_frame() -> None:
    timer = HoldTimer(BRIDGE)
    values = [*hold(130, 1), *hold(170, 2), *hold(None, 1.5), *hold(170, 2), *hold(130, 1)]
    run(timer, values)
    # The next hold starts from rest, as a rep does: back in view still up is not a new hold.
    assert timer.count == 1
    assert timer.holds[0] == pytest.approx(2.0, abs=0.1)
    run(timer, [*hold(170, 2), *hold(130, 1)], start=10)
    assert timer.count == 2


def test_a_hold_starts_from_rest() -> None:
    timer = HoldTimer(BRIDGE)
    run(timer, [*hold(170, 2), *hold(150, 1), *hold(170, 2)])
    assert timer.count == 0  # already up when the camera started, and never came down
    run(timer, [*hold(130, 1), *hold(170, 2)], start=5)
    assert timer.active


def test_passing_through_the_pose_is_not_a_hold() -> None:
    timer = HoldTimer(BRIDGE)
    run(timer, [*hold(130, 1), *hold(170, 0.3), *hold(130, 1)])
    assert timer.count == 0


def test_finish_ends_a_hold_under_way() -> None:
    timer = HoldTimer(BRIDGE)
    run(timer, [*hold(130, 1), *hold(170, 2)])
    assert timer.active
    (end,) = timer.finish(3.0)
    assert end.kind is EventKind.HOLD_END
    assert timer.finish(3.0) == []


def test_thresholds_are_validated() -> None:
    base = {"view": "left", "measure": "reps", "signal": {"tilt": ["hip", "shoulder"]}}
    with pytest.raises(ValidationError, match="rest and active must differ"):
        check(**base, rest=80, active=80)
    with pytest.raises(ValidationError, match="release must be smaller"):
        check(**base, rest=80, active=90, release=10)
    with pytest.raises(ValidationError, match="exactly one of"):
        check(
            **{**base, "signal": {"tilt": ["hip", "shoulder"], "rise": ["hip", "knee"]}},
            rest=0,
            active=1,
        )
    with pytest.raises(ValidationError, match="extra"):
        check(**base, rest=80, active=90, thresholds=3)


PERSONAL = check(**{**CRUNCH.model_dump(mode="json"), "range": "personal"})


def test_a_personal_range_counts_reps_smaller_or_larger_than_the_targets() -> None:
    counter = RepCounter(PERSONAL)
    # Curls that only reach 80 degrees never pass the fixed active threshold (78)...
    small = [*ramp(92, 80, 0.6), *hold(80, 0.4), *ramp(80, 92, 0.6), *hold(92, 0.5)]
    fixed = RepCounter(CRUNCH)
    run(fixed, [*hold(92, 0.5), *(small * 4)])
    assert fixed.count == 0
    # ...but a personal range counts each one, since they span more than the 7-degree gap.
    run(counter, [*hold(92, 0.5), *(small * 4)])
    assert counter.count == 4


def test_a_personal_range_ignores_stillness_and_jitter() -> None:
    counter = RepCounter(PERSONAL)
    run(counter, [90.0, 84.0] * 150)  # a 6-degree jitter: less than the 7-degree gap
    assert counter.count == 0
