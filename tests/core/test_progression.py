"""Progression: each rule's decision, the dose ladder, the explanations, and the rules file."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from strongback.catalog import Catalog, Dosage, Exercise, Kind, Position, Sides
from strongback.plan import ChangeKind, DayKind, Phase, PlannedExercise, SessionPlan
from strongback.progression import (
    RULE_IDS,
    Adjustment,
    ProgressionRules,
    adjust,
    is_flare,
    recent_flare,
    step_down,
    step_up,
)
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.rules.progression import (
    PROGRESSION_RULES_PATH,
    ProgressionRulesError,
    default_progression_rules,
    load_progression_rules,
    parse_progression_rules,
)

START = datetime(2026, 11, 2, 8, 0)


def _planned(exercise: Exercise, dosage: Dosage | None = None) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        phase=Phase.STRENGTHEN if exercise.strengthens else Phase.STRETCH,
        position=exercise.position,
        sides=exercise.sides,
        dosage=dosage or exercise.dosage,
        estimated_seconds=60,
        why="test",
        sources=["A Test Article"],
    )


def _session(
    exercise: Exercise,
    dosage: Dosage | None = None,
    *,
    days: int = 0,
    sets: list[SetRecord] | None = None,
    status: SessionStatus = SessionStatus.COMPLETED,
    **feedback: object,
) -> SessionRecord:
    planned = _planned(exercise, dosage)
    started = START + timedelta(days=days)
    plan = SessionPlan(
        day=started.date(),
        kind=DayKind.FULL,
        exercises=[planned],
        estimated_seconds=60,
        minutes_budget=15,
    )
    return SessionRecord(
        plan=plan,
        source=SessionSource.LOG,
        status=status,
        started_at=started,
        sets=sets or [],
        feedback=SessionFeedback.model_validate(feedback),
    )


def _one(history: list[SessionRecord], catalog: Catalog, rules: ProgressionRules) -> Adjustment:
    result = adjust(history, catalog, rules)
    assert len(result) == 1
    return next(iter(result.values()))


# --- The ladder ---------------------------------------------------------------------------------


def test_the_ladder_goes_hold_then_reps_then_sets_then_the_harder_variant(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    curl = small_catalog.exercises["curl-up"]
    steps = rules.steps.strength
    dose: Dosage | None = Dosage(sets=1, reps=8, hold_seconds=5, rest_seconds=30)
    seen: list[Dosage] = []
    while dose is not None:
        seen.append(dose)
        dose = step_up(curl, dose, steps)
    assert [(d.hold_seconds, d.reps, d.sets) for d in seen] == [
        (5, 8, 1),
        (10, 8, 1),
        (10, 10, 1),
        (10, 12, 1),
        (10, 12, 2),
        (10, 12, 3),
    ]
    top = seen[-1]
    history = [_session(curl, top, difficulty=Difficulty.TOO_EASY)]
    adjustment = _one(history, small_catalog, rules)
    assert adjustment.change is ChangeKind.PROGRESS
    assert adjustment.replacement_id == "hollow-hold"
    assert adjustment.replacement_dosage is not None
    assert adjustment.replacement_dosage.sets == 1
    assert "Hollow hold" in adjustment.reason


def test_a_catalog_dose_above_the_rule_maximum_is_kept(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    band = small_catalog.exercises["band-pull"]  # 20 reps in the catalog, above the 12 maximum
    bigger = step_up(band, band.dosage, rules.steps.strength)
    assert bigger is not None
    assert bigger.reps == 20
    assert bigger.sets == 2


def test_a_dose_logged_beyond_the_range_is_not_adopted(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    from strongback.planner import build_session

    bridge = catalog.exercises["bridge"]
    logged = Dosage(sets=10, reps=50, hold_seconds=60, rest_seconds=30)
    for feedback in ({}, {"difficulty": Difficulty.TOO_EASY}, {"pain_after": 7}):
        [adjustment] = adjust([_session(bridge, logged, **feedback)], catalog, rules).values()
        steps = rules.steps.strength
        for dose in (adjustment.dosage, adjustment.previous):
            assert dose.sets <= max(steps.sets.max, bridge.dosage.sets)
            assert dose.reps <= max(steps.reps.max, bridge.dosage.reps)
            assert dose.hold_seconds is not None
            assert dose.hold_seconds <= max(steps.hold.max, bridge.dosage.hold_seconds or 0)
        assert adjustment.reason.startswith("Bridge was done at 10 sets")
        assert "beyond the range" in adjustment.reason

    # The next plan of a beginner who logged it: nothing near 50 reps or a minute's hold.
    from strongback.profile import Profile
    from strongback.safety import Screening, Status

    history = [_session(bridge, logged)]
    day = START.date() + timedelta(days=1)
    planned_bridges = [
        planned
        for offset in range(28)
        for planned in build_session(
            Profile(),
            Screening(status=Status.CLEAR),
            day + timedelta(days=offset),
            catalog=catalog,
            rules=rules,
            history=history,
        ).exercises
        if planned.exercise_id == "bridge"
    ]
    assert planned_bridges
    for planned in planned_bridges:
        assert planned.dosage.reps <= 12
        assert (planned.dosage.hold_seconds or 0) <= 10


def test_a_dose_within_the_range_is_taken_as_logged(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    curl = small_catalog.exercises["curl-up"]
    dose = Dosage(sets=2, reps=12, hold_seconds=10, rest_seconds=30)
    adjustment = _one([_session(curl, dose)], small_catalog, rules)
    assert adjustment.previous == dose
    assert "beyond the range" not in adjustment.reason


def test_stepping_down_goes_sets_then_reps_then_hold(rules: ProgressionRules) -> None:
    steps = rules.steps.strength
    dose: Dosage | None = Dosage(sets=2, reps=8, hold_seconds=10, rest_seconds=30)
    seen: list[tuple[int | None, int, int]] = []
    while dose is not None:
        seen.append((dose.hold_seconds, dose.reps, dose.sets))
        dose = step_down(dose, steps)
    assert seen == [(10, 8, 2), (10, 8, 1), (10, 6, 1), (10, 5, 1), (5, 5, 1)]


# --- Each rule ----------------------------------------------------------------------------------


def test_too_easy_progresses_and_says_so(small_catalog: Catalog, rules: ProgressionRules) -> None:
    hip = small_catalog.exercises["hip-lift"]
    adjustment = _one([_session(hip, difficulty=Difficulty.TOO_EASY)], small_catalog, rules)
    assert adjustment.rule_id == "too-easy"
    assert adjustment.dosage.hold_seconds == 10
    assert adjustment.reason.startswith("You found Hip lift too easy")
    assert any("NICE" in s for s in adjustment.sources)


def test_about_right_twice_in_a_row_progresses(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    hip = small_catalog.exercises["hip-lift"]
    once = [_session(hip, difficulty=Difficulty.RIGHT, pain_after=2)]
    assert _one(once, small_catalog, rules).rule_id == "building"
    twice = [*once, _session(hip, days=2, difficulty=Difficulty.RIGHT)]
    adjustment = _one(twice, small_catalog, rules)
    assert adjustment.rule_id == "steady"
    assert adjustment.change is ChangeKind.PROGRESS
    assert "2 sessions" in adjustment.reason


@pytest.mark.parametrize(
    ("feedback", "rule_id"),
    [
        ({"pain_after": 6}, "flare"),
        ({"pain_before": 1, "next_day_pain": 7}, "flare"),
        ({"pain_before": 2, "pain_after": 4, "next_day_pain": 3}, "pain-not-settled"),
        ({"pain_before": 2, "pain_after": 5}, "pain-rose-unknown"),
        ({"pain_before": 2, "pain_after": 4, "next_day_pain": 2}, "pain-settled"),
        ({"pain_before": 4, "pain_after": 5, "next_day_pain": 4}, "pain-settled"),
        ({"difficulty": Difficulty.TOO_HARD}, "too-hard"),
    ],
)
def test_pain_and_difficulty_rules(
    small_catalog: Catalog,
    rules: ProgressionRules,
    feedback: dict[str, object],
    rule_id: str,
) -> None:
    back = small_catalog.exercises["back-raise"]
    dose = Dosage(sets=2, reps=8, hold_seconds=5, rest_seconds=30)
    adjustment = _one([_session(back, dose, **feedback)], small_catalog, rules)
    assert adjustment.rule_id == rule_id
    expected = rules.rules[rule_id].change
    assert adjustment.change is expected
    if expected is ChangeKind.STEP_BACK:
        assert adjustment.dosage.sets == 1  # one step down, no easier variant for back-raise
    if expected is ChangeKind.HOLD:
        assert adjustment.dosage == dose
    assert "Back raise" in adjustment.reason
    assert "{" not in adjustment.reason


def test_pain_of_four_or_five_that_settles_keeps_the_dose_even_when_too_easy(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    hip = small_catalog.exercises["hip-lift"]
    history = [
        _session(hip, pain_before=4, pain_after=5, next_day_pain=3, difficulty=Difficulty.TOO_EASY)
    ]
    adjustment = _one(history, small_catalog, rules)
    assert adjustment.change is ChangeKind.HOLD
    assert adjustment.dosage == hip.dosage


def test_a_flare_prefers_the_easier_variant(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    hollow = small_catalog.exercises["hollow-hold"]
    adjustment = _one([_session(hollow, pain_after=8)], small_catalog, rules)
    assert adjustment.change is ChangeKind.STEP_BACK
    assert adjustment.replacement_id == "curl-up"
    assert is_flare(adjustment)
    assert "8/10" in adjustment.reason


def test_stopping_a_set_for_pain_steps_back(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    back = small_catalog.exercises["back-raise"]
    stopped = SetRecord(
        exercise_id=back.id,
        set_number=1,
        outcome=SetOutcome.STOPPED,
        pain=4,
        ended_at=START,
    )
    adjustment = _one([_session(back, sets=[stopped])], small_catalog, rules)
    assert adjustment.rule_id == "stopped-for-pain"
    assert adjustment.dosage.sets == 2


def test_unfinished_sets_hold_the_dose(small_catalog: Catalog, rules: ProgressionRules) -> None:
    back = small_catalog.exercises["back-raise"]
    done = SetRecord(exercise_id=back.id, set_number=1, ended_at=START)
    history = [_session(back, sets=[done], difficulty=Difficulty.TOO_EASY)]
    adjustment = _one(history, small_catalog, rules)
    assert adjustment.rule_id == "incomplete"
    assert adjustment.dosage == back.dosage


def test_sets_done_short_of_the_dose_hold_it(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    # e.g. a camera that saw every set, but holds of 3 s for a dose of 10, or too few reps.
    back = small_catalog.exercises["back-raise"]
    dose = back.dosage.model_copy(update={"sets": 2, "reps": 5, "hold_seconds": 10})

    def sets(reps: int, hold: float) -> list[SetRecord]:
        return [
            SetRecord(
                exercise_id=back.id,
                set_number=n,
                reps_done=reps,
                hold_seconds_done=hold,
                ended_at=START,
            )
            for n in (1, 2)
        ]

    for short in (sets(5, 3.0), sets(4, 10.0)):
        history = [_session(back, dose, sets=short, difficulty=Difficulty.TOO_EASY)]
        adjustment = _one(history, small_catalog, rules)
        assert (adjustment.rule_id, adjustment.dosage) == ("incomplete", dose)
    # A hold ended a moment early is still held.
    history = [_session(back, dose, sets=sets(5, 9.5), difficulty=Difficulty.TOO_EASY)]
    assert _one(history, small_catalog, rules).rule_id != "incomplete"


def test_a_set_done_on_each_side_is_as_far_along_as_its_weaker_side(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    hug = small_catalog.exercises["knee-hug"]  # each side in turn, 1 x 2, hold 20 s

    def side(which: Side, reps: int, hold: float) -> SetRecord:
        return SetRecord(
            exercise_id=hug.id,
            set_number=1,
            side=which,
            reps_done=reps,
            hold_seconds_done=hold,
            ended_at=START,
        )

    weak_right = [side(Side.LEFT, 2, 20.0), side(Side.RIGHT, 1, 5.0)]
    only_left = [side(Side.LEFT, 2, 20.0)]
    for sets in (weak_right, only_left):
        history = [_session(hug, sets=sets, difficulty=Difficulty.TOO_EASY)]
        assert _one(history, small_catalog, rules).rule_id == "incomplete"
    both = [side(Side.LEFT, 2, 20.0), side(Side.RIGHT, 2, 20.0)]
    history = [_session(hug, sets=both, difficulty=Difficulty.TOO_EASY)]
    assert _one(history, small_catalog, rules).rule_id != "incomplete"


def test_camera_practice_leaves_the_dose_alone(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    back = small_catalog.exercises["back-raise"]
    practice = _session(back, sets=[], difficulty=Difficulty.TOO_EASY).model_copy(
        update={"source": SessionSource.CAMERA}
    )
    assert adjust([practice], small_catalog, rules) == {}


def test_pain_in_one_exercise_does_not_step_back_another(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    back = small_catalog.exercises["back-raise"]
    hip = small_catalog.exercises["hip-lift"]
    record = _session(back, difficulty=Difficulty.TOO_EASY)
    plan = record.plan.model_copy(update={"exercises": [_planned(back), _planned(hip)]})
    sets = [
        SetRecord(exercise_id=back.id, set_number=n, ended_at=START, pain=7) for n in (1, 2, 3)
    ] + [SetRecord(exercise_id=hip.id, set_number=1, ended_at=START)]
    record = record.model_copy(update={"plan": plan, "sets": sets})
    result = adjust([record], small_catalog, rules)
    assert result["back-raise"].rule_id == "flare"
    assert result["hip-lift"].rule_id == "too-easy"


def test_a_long_break_restarts_one_step_lower(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    back = small_catalog.exercises["back-raise"]
    history = [_session(back, difficulty=Difficulty.TOO_EASY)]
    later = START.date() + timedelta(days=rules.thresholds.long_break_days)
    adjustment = adjust(history, small_catalog, rules, today=later)["back-raise"]
    assert adjustment.rule_id == "long-break"
    assert adjustment.dosage.sets == back.dosage.sets - 1
    assert str(rules.thresholds.long_break_days) in adjustment.reason
    soon = adjust(history, small_catalog, rules, today=START.date() + timedelta(days=3))
    assert soon["back-raise"].rule_id == "too-easy"


def test_an_exercise_that_takes_turns_still_progresses_while_the_person_trains(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    # Equivalent exercises rotate, so one may come round only every two weeks or more; the person
    # trained in between, so that is no break and the dose must keep growing.
    back, hip = small_catalog.exercises["back-raise"], small_catalog.exercises["hip-lift"]
    gap = rules.thresholds.long_break_days + 7
    history = [
        _session(back, difficulty=Difficulty.TOO_EASY),
        *(_session(hip, days=day, difficulty=Difficulty.RIGHT) for day in range(2, gap, 2)),
    ]
    today = START.date() + timedelta(days=gap)
    assert adjust(history, small_catalog, rules, today=today)["back-raise"].rule_id == "too-easy"


def test_sessions_that_never_started_and_unknown_exercises_are_ignored(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    hip = small_catalog.exercises["hip-lift"]
    untouched = _session(hip, status=SessionStatus.IN_PROGRESS, difficulty=Difficulty.TOO_EASY)
    assert adjust([untouched], small_catalog, rules) == {}
    gone = _session(hip, difficulty=Difficulty.TOO_EASY)
    renamed = gone.plan.exercises[0].model_copy(update={"exercise_id": "retired-exercise"})
    gone = gone.model_copy(update={"plan": gone.plan.model_copy(update={"exercises": [renamed]})})
    assert adjust([gone], small_catalog, rules) == {}


def test_stretches_grow_their_hold_towards_thirty_seconds(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    hug = small_catalog.exercises["knee-hug"]
    assert hug.kind is Kind.STRETCH
    assert hug.position is Position.SUPINE
    assert hug.sides is Sides.EACH
    adjustment = _one([_session(hug, difficulty=Difficulty.TOO_EASY)], small_catalog, rules)
    assert adjustment.dosage.hold_seconds == 25


# --- The rules file -----------------------------------------------------------------------------


def test_the_built_in_rules_cite_their_sources(rules: ProgressionRules) -> None:
    assert set(rules.rules) == set(RULE_IDS)
    for rule_id in RULE_IDS:
        assert rules.cite(rule_id)
    cited = " ".join(rules.sources.values())
    assert "NICE" in cited
    assert "Silbernagel" in cited
    assert "Best Back Pain Exercises" in cited
    assert rules.thresholds.flare_pain == 6
    assert rules.thresholds.pain_rise == 2


def _raw() -> dict[str, object]:
    data = yaml.safe_load(PROGRESSION_RULES_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_a_rule_with_an_unknown_placeholder_is_refused() -> None:
    data = _raw()
    rules_data = data["rules"]
    assert isinstance(rules_data, dict)
    rules_data["flare"]["explain"] = "Pain {pian}"
    with pytest.raises(ProgressionRulesError, match="unknown placeholder"):
        parse_progression_rules(data)


def test_a_missing_rule_or_source_is_refused() -> None:
    data = _raw()
    rules_data = data["rules"]
    assert isinstance(rules_data, dict)
    del rules_data["flare"]
    with pytest.raises(ProgressionRulesError, match="rules missing: flare"):
        parse_progression_rules(data)
    data = _raw()
    rules_data = data["rules"]
    assert isinstance(rules_data, dict)
    rules_data["too-easy"]["sources"] = ["a-blog"]
    with pytest.raises(ProgressionRulesError, match="unknown source 'a-blog'"):
        parse_progression_rules(data)


def test_an_unreadable_rules_file_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "progression.yaml"
    broken.write_text("rules: [unclosed", encoding="utf-8")
    with pytest.raises(ProgressionRulesError, match=r"progression\.yaml"):
        load_progression_rules(broken)
    assert load_progression_rules() is default_progression_rules()


def test_adjust_is_pure_and_repeatable(small_catalog: Catalog, rules: ProgressionRules) -> None:
    hip = small_catalog.exercises["hip-lift"]
    history = [_session(hip, difficulty=Difficulty.RIGHT, days=d) for d in (0, 2)]
    assert adjust(history, small_catalog, rules, today=date(2026, 11, 6)) == adjust(
        history, small_catalog, rules, today=date(2026, 11, 6)
    )


def test_recent_flare_lasts_until_a_calmer_reading(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    hip = small_catalog.exercises["hip-lift"]
    calm = _session(hip, days=3, pain_after=2)
    flared = _session(hip, pain_after=6)
    assert recent_flare([flared], rules) == 6
    assert recent_flare([flared, calm], rules) is None
    assert recent_flare([], rules) is None
    untouched = _session(hip, days=5, status=SessionStatus.IN_PROGRESS)
    assert recent_flare([flared, untouched], rules) == 6
    silent = _session(hip, days=1)
    assert recent_flare([flared, silent], rules) == 6


def test_a_stretch_tops_out_at_thirty_second_holds_and_a_few_reps(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    neck = small_catalog.exercises["knee-hug"]  # 2 reps of 20 s in the catalog
    dose: Dosage | None = Dosage(sets=1, reps=2, hold_seconds=10, rest_seconds=10)
    last = dose
    while dose is not None:
        last = dose
        dose = step_up(neck, dose, rules.steps.for_exercise(neck))
    assert last is not None
    assert (last.hold_seconds, last.reps, last.sets) == (30, 4, 1)


def test_mobility_moves_grow_like_strength_work(
    small_catalog: Catalog, rules: ProgressionRules
) -> None:
    cat = small_catalog.exercises["cat-stretch"]
    assert cat.kind is Kind.MOBILITY
    assert rules.steps.for_exercise(cat) is rules.steps.strength
