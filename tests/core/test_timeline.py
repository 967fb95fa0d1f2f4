"""The session timeline for each dosage shape: holds, reps, sides, alternating, sets with rest."""

from __future__ import annotations

import json
from datetime import date

import pytest

from strongback.catalog import Dosage, Exercise, Kind, Position, Sides
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan, dose_in_words
from strongback.planner import estimate_seconds
from strongback.records import Side
from strongback.timeline import (
    DEFAULT_PACE,
    Pace,
    StepKind,
    Timeline,
    build_timeline,
    skip_if,
)
from strongback.timing import (
    GET_READY_SECONDS,
    HOLD_MOVE_SECONDS,
    INTRO_SECONDS,
    SIDE_SWITCH_SECONDS,
    TRANSITION_SECONDS,
)


def planned(
    exercise_id: str = "bridge",
    *,
    sides: Sides = Sides.BOTH,
    position: Position = Position.SUPINE,
    **dosage: float | None,
) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=position,
        sides=sides,
        dosage=Dosage.model_validate({"sets": 1, "reps": 1, **dosage}),
        estimated_seconds=60,
        why="test",
        sources=["test"],
    )


def plan_of(*exercises: PlannedExercise) -> SessionPlan:
    return SessionPlan(
        day=date(2026, 1, 5),
        kind=DayKind.FULL,
        exercises=list(exercises),
        estimated_seconds=0,
        minutes_budget=15,
    )


def kinds(timeline: Timeline) -> list[StepKind]:
    return [step.kind for step in timeline.steps]


def test_holds_alternate_with_a_short_release_and_the_last_rep_records_the_set() -> None:
    timeline = build_timeline(plan_of(planned(reps=3, hold_seconds=10, rest_seconds=30)))

    assert kinds(timeline) == [
        StepKind.INTRO,
        StepKind.GET_READY,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.DONE,
    ]
    holds = [s for s in timeline.steps if s.kind is StepKind.HOLD]
    assert [h.rep for h in holds] == [1, 2, 3]
    assert all(h.duration_seconds == 10 and h.hold_seconds == 10 for h in holds)
    assert [h.records_set for h in holds] == [False, False, True]
    expected = INTRO_SECONDS + GET_READY_SECONDS + 3 * (10 + HOLD_MOVE_SECONDS)
    assert timeline.total_seconds == pytest.approx(expected)
    assert not timeline.is_estimate


def test_paced_reps_are_one_move_step_each() -> None:
    timeline = build_timeline(plan_of(planned(reps=4, tempo_seconds=3)))

    moves = [s for s in timeline.steps if s.kind is StepKind.MOVE]
    assert [m.rep for m in moves] == [1, 2, 3, 4]
    assert all(m.duration_seconds == 3 for m in moves)
    assert [m.records_set for m in moves] == [False, False, False, True]


def test_reps_at_own_pace_are_one_until_done_step_counted_at_an_estimate() -> None:
    timeline = build_timeline(plan_of(planned(reps=10)))

    (move,) = [s for s in timeline.steps if s.kind is StepKind.MOVE]
    assert move.until_done
    assert move.duration_seconds is None
    assert move.estimated_seconds > 0
    assert move.records_set
    assert move.reps == 10
    assert move.rep is None
    assert timeline.is_estimate
    assert move.text.endswith("at your own pace, then move on.")


def test_each_side_does_all_reps_left_then_switches_and_records_each_side() -> None:
    timeline = build_timeline(plan_of(planned(sides=Sides.EACH, reps=2, hold_seconds=5)))

    work = [s for s in timeline.steps if s.kind in (StepKind.HOLD, StepKind.SWITCH_SIDES)]
    assert [(s.kind, s.side) for s in work] == [
        (StepKind.HOLD, Side.LEFT),
        (StepKind.HOLD, Side.LEFT),
        (StepKind.SWITCH_SIDES, Side.RIGHT),
        (StepKind.HOLD, Side.RIGHT),
        (StepKind.HOLD, Side.RIGHT),
    ]
    recorded = [s.set_key for s in timeline.steps if s.records_set]
    assert recorded == [("bridge", 1, Side.LEFT), ("bridge", 1, Side.RIGHT)]
    switch = next(s for s in timeline.steps if s.kind is StepKind.SWITCH_SIDES)
    assert switch.duration_seconds == SIDE_SWITCH_SECONDS


def test_alternating_reps_take_turns_per_side_and_record_one_set() -> None:
    timeline = build_timeline(plan_of(planned(sides=Sides.ALTERNATING, reps=2, tempo_seconds=2)))

    moves = [s for s in timeline.steps if s.kind is StepKind.MOVE]
    assert [(m.side, m.rep) for m in moves] == [
        (Side.LEFT, 1),
        (Side.RIGHT, 1),
        (Side.LEFT, 2),
        (Side.RIGHT, 2),
    ]
    assert not any(s.kind is StepKind.SWITCH_SIDES for s in timeline.steps)
    assert {m.set_key for m in moves} == {("bridge", 1, Side.BOTH)}
    assert sum(s.records_set for s in timeline.steps) == 1


def test_sets_are_separated_by_their_rest_but_not_followed_by_one() -> None:
    timeline = build_timeline(plan_of(planned(sets=3, reps=1, hold_seconds=5, rest_seconds=20)))

    assert kinds(timeline)[2:] == [
        StepKind.HOLD,
        StepKind.REST,  # release
        StepKind.REST,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.REST,
        StepKind.HOLD,
        StepKind.REST,
        StepKind.DONE,
    ]
    rests = [s for s in timeline.steps if s.kind is StepKind.REST and s.duration_seconds == 20]
    assert [r.duration_seconds for r in rests] == [20, 20]
    assert [r.set_number for r in rests] == [2, 3]  # the rest announces the set that follows
    assert [s.set_key for s in timeline.steps if s.records_set] == [
        ("bridge", 1, Side.BOTH),
        ("bridge", 2, Side.BOTH),
        ("bridge", 3, Side.BOTH),
    ]


def test_no_rest_step_when_rest_is_zero() -> None:
    timeline = build_timeline(plan_of(planned(sets=2, reps=1, tempo_seconds=5, rest_seconds=0)))
    assert StepKind.REST not in kinds(timeline)


def test_a_new_position_brings_a_transition_and_the_same_position_nothing_extra() -> None:
    timeline = build_timeline(
        plan_of(
            planned("bridge", reps=1, hold_seconds=5, rest_seconds=15),
            planned("pelvic-tilt", reps=1, hold_seconds=5, rest_seconds=15),
            planned("bird-dog", position=Position.QUADRUPED, reps=1, hold_seconds=5),
        )
    )

    between = [
        s
        for s in timeline.steps
        if s.kind in (StepKind.REST, StepKind.TRANSITION)
        and s.text.startswith(("Rest", "Get into position"))
    ]
    assert [(s.kind, s.exercise_id, s.duration_seconds) for s in between] == [
        (StepKind.TRANSITION, "bird-dog", TRANSITION_SECONDS),
    ]
    assert between[0].text == "Get into position for Bird dog: on all fours."
    assert timeline.steps[-1].kind is StepKind.DONE
    assert timeline.steps[-1].exercise_id is None
    tilt_intro = next(s.index for s in timeline.steps if s.exercise_id == "pelvic-tilt")
    assert timeline.steps[tilt_intro].kind is StepKind.INTRO
    assert timeline.next_exercise_start(2) == tilt_intro
    assert timeline.exercise_span(2).start == between[0].index


def test_indices_are_positions_and_offsets_add_up_to_the_total() -> None:
    timeline = build_timeline(plan_of(planned(sets=2, reps=2, hold_seconds=5), planned(reps=3)))

    assert [s.index for s in timeline.steps] == list(range(len(timeline)))
    starts = timeline.starts()
    assert starts[0] == 0
    assert starts[-1] == pytest.approx(timeline.total_seconds)  # the done step lasts nothing


def test_breathing_pace_and_cue_come_from_the_catalog() -> None:
    bridge = Exercise.model_validate(
        {
            "id": "bridge",
            "name": "Bridge",
            "summary": "Lift the hips.",
            "kind": "strength",
            "position": "supine",
            "regions": ["lower-back"],
            "muscles": ["gluteus maximus"],
            "level": 1,
            "sides": "both",
            "dosage": {"sets": 1, "reps": 1, "hold_seconds": 10},
            "steps": ["Lie down.", "Lift."],
            "cues": ["Push through your heels.", "Squeeze."],
            "breathing": {"inhale_seconds": 3, "exhale_seconds": 6},
            "sources": [{"article": "lets-strengthen", "where": "no. 5"}],
        }
    )
    catalog = {"bridge": bridge}
    timeline = build_timeline(plan_of(planned(reps=1, hold_seconds=10)), catalog)

    intro = timeline.steps[0]
    assert intro.cue == "Push through your heels."
    assert intro.breathing == Pace(inhale_seconds=3, exhale_seconds=6)
    hold = next(s for s in timeline.steps if s.kind is StepKind.HOLD)
    assert hold.breathing == intro.breathing
    unknown = build_timeline(plan_of(planned("not-in-catalog", reps=1, hold_seconds=3)), catalog)
    assert unknown.steps[0].cue is None
    assert unknown.steps[0].breathing == DEFAULT_PACE


def test_breathing_phase_follows_in_two_out_four() -> None:
    assert DEFAULT_PACE.phase_at(0.5) == ("in", 1.5)
    assert DEFAULT_PACE.phase_at(3.0) == ("out", 3.0)
    assert DEFAULT_PACE.phase_at(6.5) == ("in", 1.5)


def test_resume_point_is_just_after_the_last_recorded_set() -> None:
    timeline = build_timeline(plan_of(planned(sets=2, reps=2, hold_seconds=5, rest_seconds=10)))
    steps = timeline.steps
    first_record = next(s.index for s in steps if s.records_set)

    assert timeline.resume_point(0) == 0
    assert timeline.resume_point(first_record) == 0  # set 1 still in progress: from the start
    assert timeline.resume_point(first_record + 1) == first_record + 1
    assert timeline.resume_point(first_record + 3) == first_record + 1  # set 2 starts over
    assert timeline.after_recorded([]) == 0
    assert timeline.after_recorded([("bridge", 1, Side.BOTH)]) == first_record + 1
    assert timeline.after_recorded([("bridge", 2, Side.BOTH)]) == len(timeline) - 2  # its release


def test_timeline_round_trips_through_json_for_the_browser() -> None:
    timeline = build_timeline(plan_of(planned(sides=Sides.EACH, reps=2, hold_seconds=5)))

    data = json.loads(json.dumps(timeline.model_dump(mode="json")))
    assert data["total_seconds"] == timeline.total_seconds
    assert data["steps"][2]["kind"] == "hold"
    assert (
        Timeline.model_validate(
            {k: v for k, v in data.items() if k not in ("total_seconds", "is_estimate")}
        )
        == timeline
    )


def test_the_intro_words_the_dose_as_the_plan_does() -> None:
    exercise = planned(sides=Sides.EACH, sets=3, reps=10, hold_seconds=4)
    intro = build_timeline(plan_of(exercise)).steps[0]
    assert intro.kind is StepKind.INTRO
    assert dose_in_words(exercise.dosage, exercise.sides) in intro.text


@pytest.mark.parametrize("sides", list(Sides))
@pytest.mark.parametrize(
    "dosage",
    [
        {"sets": 3, "reps": 10, "hold_seconds": 5, "rest_seconds": 30},
        {"sets": 2, "reps": 8, "tempo_seconds": 3, "rest_seconds": 20},
        {"sets": 1, "reps": 12, "rest_seconds": 0},
    ],
)
def test_the_timeline_takes_the_time_the_planner_promised(
    sides: Sides, dosage: dict[str, float]
) -> None:
    exercise = planned(sides=sides, **dosage)
    card = _card([])  # the intro's time is its words': the estimate reads the same card
    timeline = build_timeline(plan_of(exercise), {"bridge": card})
    promised = estimate_seconds(exercise.dosage, sides, exercise=card)
    assert promised - 1 < timeline.total_seconds <= promised


# --- What each side, rep or part of a set says, from the exercise's YAML ------------------------


def _catalog_plan(exercise_id: str, **dose: float | None) -> Timeline:
    from strongback.catalog import default_catalog

    catalog = default_catalog()
    exercise = catalog.exercises[exercise_id]
    item = PlannedExercise(
        exercise_id=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        phase=Phase.STRENGTHEN,
        position=exercise.position,
        sides=exercise.sides,
        dosage=exercise.dosage.model_copy(update=dose),
        estimated_seconds=60,
        why="test",
        sources=["test"],
    )
    return build_timeline(plan_of(item), catalog)


def _work(timeline: Timeline) -> list[tuple[str, str]]:
    return [(s.text, s.voice) for s in timeline.steps if s.kind.is_work]


def test_the_bicycle_pedals_backwards_even_in_a_single_set() -> None:
    work = _work(_catalog_plan("bicycle", sets=1, reps=10))
    assert work[0] == ("Pedal forwards: rep 1 of 10, slow and steady.", "Pedal forwards: 1.")
    assert work[1][1] == "2."  # said once, shown throughout
    assert work[5] == ("Pedal backwards: rep 6 of 10, slow and steady.", "Pedal backwards: 6.")
    assert all(text.startswith("Pedal backwards") for text, _ in work[5:])


def test_the_overhead_reach_says_both_arms_then_right_then_left() -> None:
    work = _work(_catalog_plan("overhead-reach-stretch", sets=2))
    assert [voice for _, voice in work] == [
        "Both arms overhead: hold.",
        "Right arm overhead: hold.",
        "Left arm overhead: hold.",
    ] * 2
    assert work[1][0] == "Right arm overhead: hold. Rep 2 of 3."


@pytest.mark.parametrize("exercise_id", ["bird-dog", "prone-opposite-arm-leg-raise"])
def test_opposite_arm_and_leg_holds_name_the_arm_and_the_leg(exercise_id: str) -> None:
    timeline = _catalog_plan(exercise_id, sets=1, reps=2)
    holds = [s for s in timeline.steps if s.kind is StepKind.HOLD]
    assert [(s.side, s.voice) for s in holds] == [
        (Side.LEFT, "Left leg and right arm: hold."),
        (Side.RIGHT, "Right leg and left arm: hold."),
    ] * 2
    assert holds[0].text == "Left leg and right arm: hold. Rep 1 of 2."


def test_a_set_at_your_own_pace_lists_every_prompt_in_order() -> None:
    [(text, voice)] = _work(_catalog_plan("bicycle", sets=1, tempo_seconds=None))
    assert (
        text == "Do 10 reps (pedal forwards, then pedal backwards) at your own pace, then move on."
    )
    assert "pedal backwards" in voice
    [(text, _)] = _work(_catalog_plan("bird-dog", sets=1, hold_seconds=None))
    assert "(left leg and right arm, then right leg and left arm)" in text


def test_parts_split_a_set_evenly_whatever_its_reps() -> None:
    for reps in (2, 3, 7, 10):
        texts = [text for text, _ in _work(_catalog_plan("bicycle", sets=1, reps=reps))]
        forwards = sum(t.startswith("Pedal forwards") for t in texts)
        assert forwards == reps - sum(t.startswith("Pedal backwards") for t in texts)
        assert forwards >= 1
        assert forwards in (reps // 2, (reps + 1) // 2)


# --- the card's contraindications, before the exercise starts ------------------------------------


def _card(contraindications: list[str], equipment: tuple[str, ...] = ("none",)) -> Exercise:
    return Exercise.model_validate(
        {
            "id": "bridge",
            "name": "Bridge",
            "summary": "Lift the hips.",
            "kind": "strength",
            "position": "supine",
            "equipment": list(equipment),
            "regions": ["lower-back"],
            "muscles": ["gluteus maximus"],
            "level": 1,
            "sides": "both",
            "dosage": {"sets": 1, "reps": 1, "hold_seconds": 10},
            "steps": ["Lie down.", "Lift."],
            "cues": ["Push through your heels."],
            "contraindications": contraindications,
            "sources": [{"article": "lets-strengthen", "where": "no. 5"}],
        }
    )


def test_the_intro_step_says_when_to_skip_the_exercise_in_one_line() -> None:
    card = _card(
        [
            "Pregnancy: lying on your back late in pregnancy is not advised.",
            "A recent hamstring tear, until your clinician says it has healed.",
            "ACL surgery in the past six months unless your surgeon allows it.",
        ]
    )
    timeline = build_timeline(plan_of(planned(reps=1, hold_seconds=10)), {"bridge": card})

    intro = timeline.steps[0]
    assert intro.kind is StepKind.INTRO
    assert intro.text == (
        "Bridge, lying on your back: 1 set: hold 10 s. Skip this and tell your clinician if: "
        "pregnancy; a recent hamstring tear; ACL surgery in the past six months."
    )
    assert "\n" not in intro.text
    assert "Skip" not in intro.voice  # the voice keeps to the name and the cue
    assert "Skip" not in " ".join(s.text for s in timeline.steps[1:])


def test_an_exercise_without_contraindications_keeps_its_intro_short() -> None:
    timeline = build_timeline(plan_of(planned(reps=1, hold_seconds=10)), {"bridge": _card([])})

    assert timeline.steps[0].text == "Bridge, lying on your back: 1 set: hold 10 s."
    assert skip_if(None) is None


def test_every_catalog_card_with_contraindications_gets_a_skip_line() -> None:
    from strongback.catalog import default_catalog

    for exercise in default_catalog().exercises.values():
        line = skip_if(exercise)
        assert (line is not None) == bool(exercise.contraindications), exercise.id
        if line is not None:
            conditions = line.removeprefix("Skip this and tell your clinician if: ")
            assert conditions.count("; ") == len(exercise.contraindications) - 1, exercise.id
            assert ":" not in conditions, exercise.id
            assert conditions.endswith("."), exercise.id


# --- what to lie or kneel on, as the plans say ---------------------------------------------------

SOFT = "on something soft: a mat, a carpet or a folded blanket."


@pytest.mark.parametrize(
    ("position", "words"),
    [
        (Position.SUPINE, f"Lie {SOFT}"),
        (Position.PRONE, f"Lie {SOFT}"),
        (Position.SIDE_LYING, f"Lie {SOFT}"),
        (Position.QUADRUPED, f"Kneel {SOFT}"),
        (Position.KNEELING, f"Kneel {SOFT}"),
        (Position.STANDING, None),
    ],
)
def test_the_intro_of_an_exercise_on_a_mat_says_to_lie_or_kneel_on_something_soft(
    position: Position, words: str | None
) -> None:
    card = _card(["Pregnancy: not late in pregnancy."], equipment=("mat",))
    plan = plan_of(planned(reps=1, hold_seconds=10, position=position))
    intro = build_timeline(plan, {"bridge": card}).steps[0]
    start = f"Bridge, {position.label}: 1 set: hold 10 s."
    skip = "Skip this and tell your clinician if: pregnancy."
    # Set up first, then when to skip it, in one paragraph both players show.
    assert intro.text == " ".join(w for w in (start, words, skip) if w)
    assert "soft" not in intro.voice


def test_only_exercises_that_list_the_mat_get_the_note() -> None:
    no_mat = _card([], equipment=("none",))
    plan = plan_of(planned(reps=1, hold_seconds=10))
    assert "soft" not in build_timeline(plan, {"bridge": no_mat}).steps[0].text
    assert "soft" not in build_timeline(plan).steps[0].text  # not in the catalog: no card


def test_every_catalog_exercise_on_the_floor_with_a_mat_gets_the_note_in_its_intro() -> None:
    from strongback.catalog import Equipment, default_catalog

    catalog = default_catalog()
    noted = []
    for exercise in catalog.exercises.values():
        plan = plan_of(
            planned(exercise.id, position=exercise.position, sides=exercise.sides, reps=2)
        )
        intro = build_timeline(plan, catalog).steps[0].text
        on_a_mat = Equipment.MAT in exercise.equipment and exercise.position.on_floor
        assert (SOFT in intro) is on_a_mat, exercise.id
        noted += [exercise.id] if on_a_mat else []
    assert {"bridge", "bird-dog", "superman", "kneeling-back-lean"} <= set(noted)


# --- the exercises stopped for pain, which back, resume and skip pass over ----------------------

THREE = build_timeline(
    plan_of(
        planned("tilt", hold_seconds=5),
        planned("rotation", reps=2, hold_seconds=5, position=Position.PRONE),
        planned("bridge", hold_seconds=5),
    )
)


def test_back_passes_over_a_barred_exercise_including_the_move_into_it() -> None:
    rotation = THREE.exercise_span(1)
    assert THREE.steps[rotation.start].kind is StepKind.TRANSITION  # the move belongs to it
    bridge_first = THREE.exercise_span(2).start

    assert THREE.step_back(bridge_first) == bridge_first - 1
    assert THREE.step_back(bridge_first, barred={1}) == THREE.exercise_span(0).stop - 1
    assert THREE.step_back(bridge_first, barred={0, 1}) == bridge_first  # nothing left: stay
    assert THREE.step_back(0) == 0


def test_a_start_resume_or_skip_lands_past_a_barred_exercise() -> None:
    rotation, bridge = THREE.exercise_span(1), THREE.exercise_span(2)
    inside = rotation.start + 3

    assert THREE.playable_from(inside, barred=()) == inside
    assert THREE.playable_from(inside, barred={1}) == bridge.start
    assert THREE.playable_from(rotation.start, barred={1, 2}) == len(THREE) - 1  # the done step
    assert THREE.resume_point(inside) == THREE.exercise_span(0).stop - 1  # the last release
    assert THREE.resume_point(inside, barred={1}) == bridge.start
