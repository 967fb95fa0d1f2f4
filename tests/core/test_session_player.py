"""The player's rules: deadlines without drift, pause, next/back, pain stops, every set recorded."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strongback import EMERGENCY_ADVICE, SAFETY_NOTICE
from strongback.catalog import Dosage, Kind, Position, Sides
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.records import SetOutcome, SetRecord, Side
from strongback.session_player import (
    STOP_ADVICE,
    PainKind,
    PlayerStatus,
    SessionPlayer,
    pain_ends_session,
    pain_stops_exercise,
)
from strongback.timeline import StepKind, Timeline, build_timeline

T0 = 1000.0
WALL = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def planned(exercise_id: str, sides: Sides = Sides.BOTH, **dosage: float) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise_id,
        name=exercise_id.capitalize(),
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=Position.SUPINE,
        sides=sides,
        dosage=Dosage.model_validate({"sets": 1, "reps": 1, "rest_seconds": 0, **dosage}),
        estimated_seconds=60,
        why="test",
        sources=["test"],
    )


def timeline_of(*exercises: PlannedExercise) -> Timeline:
    plan = SessionPlan(
        day=date(2026, 1, 5),
        kind=DayKind.FULL,
        exercises=list(exercises),
        estimated_seconds=0,
        minutes_budget=15,
    )
    return build_timeline(plan)


def player_for(timeline: Timeline, **kwargs: object) -> SessionPlayer:
    return SessionPlayer(timeline, now=T0, started_at=WALL, **kwargs)  # type: ignore[arg-type]


def stored(
    exercise_id: str,
    set_number: int = 1,
    outcome: SetOutcome = SetOutcome.DONE,
    pain: int | None = None,
    reason: str | None = None,
    minutes: float = 1,
) -> SetRecord:
    """A set an earlier sitting stored, `minutes` after the session started."""
    return SetRecord(
        exercise_id=exercise_id,
        set_number=set_number,
        reps_done=1,
        outcome=outcome,
        pain=pain,
        reason=reason,
        ended_at=WALL + timedelta(minutes=minutes),
    )


def first(timeline: Timeline, kind: StepKind) -> int:
    return next(s.index for s in timeline.steps if s.kind is kind)


HOLDS = timeline_of(planned("bridge", sets=2, reps=2, hold_seconds=10, rest_seconds=30))


def test_left_alone_the_session_ends_exactly_at_its_planned_length_with_every_set() -> None:
    player = player_for(HOLDS)
    records: list[SetRecord] = []
    now = T0
    while not player.status.over:
        now += 0.37  # ticks that never land on a deadline
        records += player.tick(now)

    assert player.status is PlayerStatus.FINISHED
    assert player.finished_at == pytest.approx(T0 + HOLDS.total_seconds)
    assert [(r.set_number, r.outcome, r.reps_done, r.hold_seconds_done) for r in records] == [
        (1, SetOutcome.DONE, 2, 10.0),
        (2, SetOutcome.DONE, 2, 10.0),
    ]
    first_set_end = T0 + HOLDS.starts()[first(HOLDS, StepKind.REST) + 2]
    assert records[0].ended_at == WALL + timedelta(seconds=first_set_end - T0)


def test_one_very_late_tick_catches_up_without_shifting_the_end() -> None:
    player = player_for(HOLDS)
    records = player.tick(T0 + 40)  # the terminal froze for 40 s
    records += player.tick(T0 + HOLDS.total_seconds)

    assert len(records) == 2
    assert player.finished_at == pytest.approx(T0 + HOLDS.total_seconds)


def test_a_pause_shifts_every_later_deadline_by_its_length() -> None:
    player = player_for(HOLDS)
    player.pause(T0 + 3)
    assert player.state(T0 + 50).elapsed_seconds == pytest.approx(3)
    assert player.tick(T0 + 500) == []
    player.resume(T0 + 103)  # paused for 100 s
    player.tick(T0 + 100 + HOLDS.total_seconds - 0.01)
    assert not player.status.over
    player.tick(T0 + 100 + HOLDS.total_seconds)
    assert player.finished_at == pytest.approx(T0 + 100 + HOLDS.total_seconds)


def test_next_skips_a_hold_and_the_set_records_what_was_achieved() -> None:
    timeline = timeline_of(planned("bridge", reps=2, hold_seconds=10))
    player = player_for(timeline)
    hold = first(timeline, StepKind.HOLD)
    start = T0 + timeline.starts()[hold]
    player.tick(start)
    assert player.index == hold

    player.next(start + 4)  # cut the first hold short
    player.next(start + 4)  # skip the release
    records = player.next(start + 5)  # and the second hold after one second

    (record,) = records
    assert record.outcome is SetOutcome.SKIPPED
    assert record.reps_done == 0
    assert record.hold_seconds_done == 4.0
    assert player.step.text == "Release."


def test_next_on_an_until_done_set_marks_it_done_with_all_reps() -> None:
    timeline = timeline_of(planned("cat-cow", reps=10))
    player = player_for(timeline)
    move = first(timeline, StepKind.MOVE)
    player.tick(T0 + 10_000)
    assert player.index == move  # untimed: waits for the person however long it takes
    assert player.state(T0 + 10_000).remaining_seconds is None

    (record,) = player.next(T0 + 10_001)
    assert (record.outcome, record.reps_done, record.hold_seconds_done) == (
        SetOutcome.DONE,
        10,
        None,
    )


def test_next_on_lead_in_steps_records_nothing() -> None:
    player = player_for(HOLDS)
    assert player.next(T0 + 1) == []
    assert player.step.kind is StepKind.GET_READY
    assert player.state(T0 + 1).remaining_seconds == pytest.approx(HOLDS.steps[1].duration_seconds)


def test_back_replays_the_previous_step_from_now() -> None:
    player = player_for(HOLDS)
    player.next(T0 + 2)
    player.back(T0 + 3)
    assert player.index == 0
    assert player.state(T0 + 4).elapsed_seconds == pytest.approx(1)
    player.back(T0 + 5)
    assert player.index == 0


def test_each_side_records_left_and_right_separately() -> None:
    timeline = timeline_of(planned("side-plank", sides=Sides.EACH, reps=1, hold_seconds=5))
    player = player_for(timeline)
    records = player.tick(T0 + timeline.total_seconds)
    assert [(r.side, r.outcome) for r in records] == [
        (Side.LEFT, SetOutcome.DONE),
        (Side.RIGHT, SetOutcome.DONE),
    ]


@pytest.mark.parametrize(("level", "stops"), [(0, False), (1, True), (3, True), (10, True)])
def test_any_pain_stops_the_exercise(level: int, stops: bool) -> None:
    assert pain_stops_exercise(level) is stops


def test_pain_six_stops_the_exercise_records_why_and_offers_the_next_exercise() -> None:
    timeline = timeline_of(
        planned("bridge", sets=2, reps=2, hold_seconds=10, rest_seconds=30),
        planned("pelvic-tilt", reps=1, hold_seconds=5),
    )
    player = player_for(timeline)
    hold = first(timeline, StepKind.HOLD)
    at = T0 + timeline.starts()[hold] + 13  # into set 1's second hold
    player.tick(at)

    (record,) = player.pain(at + 1, 7, PainKind.DULL)
    assert record.outcome is SetOutcome.STOPPED
    assert record.pain == 7
    assert record.reps_done == 1
    assert "pain 7/10" in (record.reason or "")
    assert player.status is PlayerStatus.PAIN_STOP
    assert player.state(at + 60).pain_stop is not None
    assert player.tick(at + 600) == []  # nothing plays while the person decides

    player.skip_exercise(at + 700)
    assert player.step.exercise_id == "pelvic-tilt"
    records = player.tick(at + 700 + 1000)
    assert [(r.exercise_id, r.outcome) for r in records] == [("pelvic-tilt", SetOutcome.DONE)]
    assert player.max_pain == 7


@pytest.mark.parametrize(
    ("level", "kind", "ends"),
    [
        (5, PainKind.SHARP, False),
        (6, None, True),  # the flare level itself
        (9, PainKind.DULL, True),
        (2, PainKind.SPREADING, True),  # spreading pain, however mild
    ],
)
def test_flare_level_or_spreading_pain_advises_ending_the_session(
    level: int, kind: PainKind | None, ends: bool
) -> None:
    player = player_for(HOLDS)
    assert player.pain_stop is None
    player.pain(T0 + 1, level, kind)

    assert player.pain_stop is not None
    assert pain_ends_session(player.pain_stop, flare_pain=6) is ends
    player.skip_exercise(T0 + 2)
    assert player.pain_stop is None  # only while the player waits at the stop


def test_the_stop_advice_and_the_notice_both_name_the_emergency_signs() -> None:
    # Setup's screening treats these as emergencies; nothing asks about them after setup.
    for words in (STOP_ADVICE, SAFETY_NOTICE):
        assert words.endswith(EMERGENCY_ADVICE)
    for sign in ("emergency department", "genitals or buttocks", "bladder or bowels", "both legs"):
        assert sign in EMERGENCY_ADVICE


def test_mild_dull_pain_stops_the_exercise_too_and_is_kept_on_the_set() -> None:
    player = player_for(HOLDS)
    (record,) = player.pain(T0 + 1, 2, PainKind.DULL)  # during the intro: the exercise's set 1
    assert (record.set_number, record.outcome, record.pain) == (1, SetOutcome.STOPPED, 2)
    assert player.status is PlayerStatus.PAIN_STOP


def test_a_pain_report_of_zero_changes_nothing() -> None:
    player = player_for(HOLDS)
    assert player.pain(T0 + 1, 0, PainKind.DULL) == []
    assert player.status is PlayerStatus.RUNNING


def test_pain_during_the_rest_stops_the_next_set() -> None:
    player = player_for(HOLDS)
    rest = next(s for s in HOLDS.steps if s.kind is StepKind.REST and s.set_number == 2)
    player.tick(T0 + HOLDS.starts()[rest.index] + 1)
    (record,) = player.pain(T0 + HOLDS.starts()[rest.index] + 2, 2, PainKind.SHARP)
    assert (record.set_number, record.outcome, record.reps_done) == (2, SetOutcome.STOPPED, 0)
    records = player.end(T0 + 2000, "Ended after pain.")
    assert records == []
    assert player.status is PlayerStatus.ENDED


def test_quitting_mid_set_records_the_partial_set_as_stopped() -> None:
    player = player_for(HOLDS)
    hold = first(HOLDS, StepKind.HOLD)
    (record,) = player.end(T0 + HOLDS.starts()[hold] + 6)
    assert record.outcome is SetOutcome.STOPPED
    assert record.hold_seconds_done == 6.0
    assert player.end(T0 + 9999) == []


def test_resuming_does_not_record_finished_sets_again() -> None:
    timeline = HOLDS
    resume_at = next(s.index for s in timeline.steps if s.records_set) + 1
    player = player_for(timeline, start_step=resume_at, stored=[stored("bridge")])
    records = player.tick(T0 + timeline.total_seconds)
    assert [r.set_number for r in records] == [2]
    # The earlier sitting's set counts with this one's, as the store holds them both.
    assert (player.state(T0 + timeline.total_seconds).sets_done, len(records)) == (2, 1)
    last_set_end = max(s.index for s in timeline.steps if s.records_set)
    assert player.resume_step == last_set_end + 1


def test_going_back_into_a_recorded_set_does_not_record_it_twice() -> None:
    player = player_for(HOLDS)
    end_of_set_1 = next(s.index for s in HOLDS.steps if s.records_set)
    records = player.tick(T0 + HOLDS.starts()[end_of_set_1 + 1] + 1)
    assert len(records) == 1
    player.back(T0 + 100)
    assert player.next(T0 + 101) == []


def test_state_reports_progress_and_the_next_step() -> None:
    player = player_for(HOLDS)
    state = player.state(T0)
    assert state.session_progress == 0
    assert state.next_step is not None
    assert state.next_step.kind is StepKind.GET_READY
    half = T0 + HOLDS.total_seconds / 2
    player.tick(half)
    assert player.state(half).session_progress == pytest.approx(0.5)
    assert player.state(half).exercise_progress == pytest.approx(0.5)


def test_a_start_step_outside_the_timeline_is_refused() -> None:
    with pytest.raises(ValueError, match="outside the timeline"):
        player_for(HOLDS, start_step=len(HOLDS))
    with pytest.raises(ValueError, match="0 to 10"):
        player_for(HOLDS).pain(T0, 11, PainKind.DULL)


def test_alternating_sets_count_reps_per_side() -> None:
    timeline = timeline_of(planned("bird-dog", sides=Sides.ALTERNATING, reps=2, tempo_seconds=3))
    player = player_for(timeline)
    (record,) = player.tick(T0 + timeline.total_seconds)
    assert (record.side, record.reps_done, record.outcome) == (Side.BOTH, 2, SetOutcome.DONE)


def test_a_step_chosen_while_paused_waits_for_the_resume() -> None:
    player = player_for(HOLDS)
    player.pause(T0 + 1)
    player.next(T0 + 2)
    assert player.status is PlayerStatus.PAUSED
    assert player.step.kind is StepKind.GET_READY
    assert player.state(T0 + 50).remaining_seconds == pytest.approx(5)
    player.resume(T0 + 60)
    player.tick(T0 + 65)
    assert player.step.kind is StepKind.HOLD


# --- back never re-enters an exercise stopped for pain -------------------------------------------

ROTATION_THEN_BRIDGE = timeline_of(
    planned("rotation", sets=2, reps=5, hold_seconds=5, rest_seconds=10),
    planned("bridge", reps=2, hold_seconds=5),
)


def _stopped_in_the_first_exercise() -> tuple[SessionPlayer, float]:
    """A player at the second exercise's first step after pain stopped the first one."""
    timeline = ROTATION_THEN_BRIDGE
    player = player_for(timeline)
    at = T0 + timeline.starts()[first(timeline, StepKind.HOLD)] + 2
    player.pain(at, 2)
    player.skip_exercise(at + 1)
    assert player.step.exercise_id == "bridge"
    return player, at + 1


def test_back_after_a_pain_stop_stays_out_of_the_exercise_that_hurt() -> None:
    player, now = _stopped_in_the_first_exercise()
    at = player.index

    note = player.back(now + 1)

    assert player.index == at  # the bridge's intro is the first step: nothing before it is left
    assert player.step.exercise_id == "bridge"
    assert note == "Back stays here: Rotation (stopped for pain) won't be played again."
    for later in range(5):  # however often it is pressed
        player.back(now + 2 + later)
        assert player.step.exercise_index != 0


def test_back_skips_over_an_exercise_stopped_for_pain_to_the_one_before_it() -> None:
    timeline = timeline_of(
        planned("tilt", reps=1, hold_seconds=5),
        planned("rotation", reps=3, hold_seconds=5),
        planned("bridge", reps=1, hold_seconds=5),
    )
    player = player_for(timeline)
    rotation_hold = next(
        s.index for s in timeline.steps if s.exercise_id == "rotation" and s.kind is StepKind.HOLD
    )
    at = T0 + timeline.starts()[rotation_hold] + 1
    player.tick(at)
    player.pain(at, 3, PainKind.SHARP)
    player.skip_exercise(at + 1)
    assert player.step.exercise_id == "bridge"

    note = player.back(at + 2)

    tilt_last = max(s.index for s in timeline.steps if s.exercise_id == "tilt")
    assert player.index == tilt_last
    next_step = player.state(at + 2).next_step
    assert next_step is not None
    assert next_step.exercise_id == "bridge"  # what plays next is not the rotation
    assert note == "Back skips Rotation (stopped for pain, not played again)."
    assert player.back(at + 3) is None  # within the tilt, back is back
    assert player.index == tilt_last - 1


def test_back_without_a_pain_stop_says_nothing() -> None:
    player = player_for(HOLDS)
    player.next(T0 + 2)
    assert player.back(T0 + 3) is None
    assert player.index == 0


def test_the_resume_step_at_a_pain_stop_is_the_next_exercise() -> None:
    timeline = ROTATION_THEN_BRIDGE
    player = player_for(timeline)
    at = T0 + timeline.starts()[first(timeline, StepKind.HOLD)] + 2
    player.pain(at, 2)
    assert player.resume_step == timeline.exercise_span(1).start


def test_an_exercise_stopped_for_pain_in_an_earlier_sitting_is_not_played_or_replayed() -> None:
    timeline = ROTATION_THEN_BRIDGE
    # The process died after the stopped set was stored and before the resume step was: the
    # stored records point into the rotation's second set.
    start = timeline.after_recorded([("rotation", 1, Side.BOTH)])
    assert timeline.steps[start].exercise_id == "rotation"

    hurt = stored("rotation", outcome=SetOutcome.STOPPED, pain=3, reason="Stopped for pain 3/10.")
    player = player_for(timeline, start_step=start, stored=[hurt])

    assert player.step.exercise_id == "bridge"
    assert player.pain_stopped == {0}
    player.back(T0 + 1)
    assert player.step.exercise_id == "bridge"
    records = player.tick(T0 + timeline.total_seconds + 100)
    assert {r.exercise_id for r in records} == {"bridge"}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["next", "back", "tick", "pain", "skip", "pause"]), max_size=40))
def test_no_key_sequence_goes_back_into_an_exercise_stopped_for_pain(keys: list[str]) -> None:
    timeline = timeline_of(
        planned("tilt", reps=2, hold_seconds=5),
        planned("rotation", sets=2, reps=2, hold_seconds=5, rest_seconds=5),
        planned("bridge", reps=2, tempo_seconds=3),
    )
    player = player_for(timeline)
    now = T0
    for key in keys:
        now += 3
        if key == "next":
            player.next(now)
        elif key == "back":
            player.back(now)
        elif key == "tick":
            player.tick(now)
        elif key == "pain":
            player.pain(now, 4)
        elif key == "skip":
            player.skip_exercise(now)
        else:
            player.toggle_pause(now)
        if player.status in (PlayerStatus.RUNNING, PlayerStatus.PAUSED):
            assert player.step.exercise_index not in player.pain_stopped
        assert timeline.steps[player.resume_step].exercise_index not in player.pain_stopped
