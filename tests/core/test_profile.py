"""Parsing answers into a Profile: friendly where the meaning is obvious, strict everywhere else."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from strongback.catalog import Equipment
from strongback.profile import (
    ALLOWED_VALUES,
    Condition,
    Goal,
    PainArea,
    Profile,
    ProfileError,
    RedFlag,
    parse_profile,
)

FULL_ANSWERS: dict[str, Any] = {
    "pain_areas": ["neck", "lower"],
    "goal": "strengthen",
    "experience": "some",
    "equipment": ["mat", "resistance-band"],
    "minutes": 20,
    "days_per_week": 4,
    "avoid_positions": ["kneeling"],
    "red_flags": [],
    "conditions": ["chronic-back-pain"],
    "cleared_by_clinician": False,
    "age": 42,
}


def _problems(data: Any) -> dict[str, str]:
    with pytest.raises(ProfileError) as caught:
        parse_profile(data)
    return dict(caught.value.problems)


def test_every_key_is_read() -> None:
    profile = parse_profile(FULL_ANSWERS)

    assert profile.pain_areas == [PainArea.NECK, PainArea.LOWER]
    assert profile.goal is Goal.STRENGTHEN
    assert profile.equipment == [Equipment.MAT, Equipment.RESISTANCE_BAND]
    assert profile.minutes == 20
    assert profile.conditions == [Condition.CHRONIC_BACK_PAIN]
    assert profile.age == 42


def test_a_profile_round_trips_through_json() -> None:
    profile = parse_profile(FULL_ANSWERS)
    assert parse_profile(profile.model_dump(mode="json")) == profile


def test_missing_keys_take_gentle_defaults() -> None:
    profile = parse_profile({})

    assert profile.pain_areas == [PainArea.LOWER]
    assert profile.minutes == 15
    assert profile.days_per_week == 3
    assert profile.red_flags == []
    assert profile.cleared_by_clinician is False
    assert profile.age is None


@pytest.mark.parametrize(
    ("given", "expected"),
    [("lower", [PainArea.LOWER]), ("neck, lower", [PainArea.NECK, PainArea.LOWER])],
)
def test_a_single_answer_or_a_comma_list_means_the_obvious_list(
    given: str, expected: list[PainArea]
) -> None:
    assert parse_profile({"pain_areas": given}).pain_areas == expected


def test_repeated_answers_count_once() -> None:
    profile = parse_profile({"red_flags": ["fever", "fever"]})
    assert profile.red_flags == [RedFlag.FEVER]


def test_an_empty_pain_list_means_no_pain() -> None:
    assert parse_profile({"pain_areas": []}).pain_areas == [PainArea.NONE]


def test_unknown_key_names_the_key_and_the_allowed_keys() -> None:
    problems = _problems({"colour": "red"})
    assert "unknown key" in problems["colour"]
    assert "pain_areas" in problems["colour"]
    assert "cleared_by_clinician" in problems["colour"]


@pytest.mark.parametrize(
    ("key", "value", "where"),
    [
        ("goal", "fly", "goal"),
        ("experience", "expert", "experience"),
        ("pain_areas", ["neck", "knee"], "pain_areas[1]"),
        ("equipment", ["dumbbell"], "equipment[0]"),
        ("avoid_positions", ["handstand"], "avoid_positions[0]"),
        ("red_flags", ["headache"], "red_flags[0]"),
        ("conditions", ["flu"], "conditions[0]"),
    ],
)
def test_unknown_value_names_the_key_the_value_and_the_allowed_values(
    key: str, value: Any, where: str
) -> None:
    problems = _problems({key: value})
    bad = value[-1] if isinstance(value, list) else value
    assert f"'{bad}' is not an allowed value" in problems[where]
    for allowed in ALLOWED_VALUES[key]:
        assert allowed in problems[where]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("minutes", 4),
        ("minutes", 61),
        ("minutes", "lots"),
        ("days_per_week", 0),
        ("days_per_week", 8),
        ("age", 5),
        ("cleared_by_clinician", "maybe"),
    ],
)
def test_out_of_range_or_wrong_type_says_what_is_allowed(key: str, value: Any) -> None:
    problems = _problems({key: value})
    assert ALLOWED_VALUES[key][0] in problems[key]


@pytest.mark.parametrize("key", ["minutes", "days_per_week", "age"])
@pytest.mark.parametrize("value", [True, False])
def test_yes_or_no_is_not_a_number(key: str, value: bool) -> None:
    # bool is an int to Python: without this, `days_per_week: true` was saved as 1 day.
    problems = _problems({key: value})
    assert f"must be a whole number, not {str(value).lower()}" in problems[key]
    assert ALLOWED_VALUES[key][0] in problems[key]


@pytest.mark.parametrize("value", [1, 0, "yes", "1", 1.0, None, []])
def test_clearance_is_only_true_or_false(value: Any) -> None:
    # A clearance lifts a contraindication: only an unmistakable yes may say so.
    problems = _problems({"cleared_by_clinician": value})
    assert "must be true or false" in problems["cleared_by_clinician"]


@pytest.mark.parametrize(
    ("value", "cleared"), [(True, True), (False, False), ("true", True), (" False ", False)]
)
def test_clearance_as_a_boolean_or_its_word(value: Any, cleared: bool) -> None:
    assert parse_profile({"cleared_by_clinician": value}).cleared_by_clinician is cleared


@pytest.mark.parametrize(
    "answers",
    [
        {"red_flags": ["morning-stiffness", "fever"]},
        {"red_flags": "morning-stiffness, fever", "conditions": "leg-pain"},
        {"red_flags": ["fever", "morning-stiffness"], "conditions": ["morning-stiffness"]},
    ],
)
def test_morning_stiffness_saved_as_a_red_flag_reads_as_the_condition_it_now_is(
    answers: dict[str, Any],
) -> None:
    profile = parse_profile(answers)
    assert profile.red_flags == [RedFlag.FEVER]
    assert Condition.MORNING_STIFFNESS in profile.conditions
    assert profile.conditions.count(Condition.MORNING_STIFFNESS) == 1


def test_none_cannot_be_mixed_with_a_pain_area() -> None:
    problems = _problems({"pain_areas": ["none", "lower"]})
    assert problems["pain_areas"].startswith("'none' cannot be combined")


def test_none_cannot_be_mixed_with_equipment() -> None:
    # As for pain areas, and as the questions offer it: "nothing at all" is a whole answer.
    problems = _problems({"equipment": ["none", "mat"]})
    assert problems == {"equipment": "'none' cannot be combined with other equipment"}
    assert parse_profile({"equipment": "none"}).equipment == [Equipment.NONE]


def test_a_stored_profile_from_before_the_equipment_check_still_loads() -> None:
    # Only new answers are checked: a version saved with [none, mat] must not lock the store.
    assert Profile.model_validate({"equipment": ["none", "mat"]}).equipment == [
        Equipment.NONE,
        Equipment.MAT,
    ]


@pytest.mark.parametrize("age", [12, 30, 49])
def test_a_red_flag_that_names_an_older_age_than_the_age_given_is_refused(age: int) -> None:
    # The flag might be true and the age a typo, or the other way round: neither is dropped;
    # the person is asked to correct whichever is wrong.
    problems = _problems({"age": age, "red_flags": ["new-pain-over-50", "fever"]})
    assert set(problems) == {"red_flags"}
    reason = problems["red_flags"]
    assert (
        f"'new-pain-over-50' is for back pain that began at 50 or later, but the age given is {age}"
        in reason
    )
    assert "correct the age" in reason
    assert "leave that warning sign out if it does not apply" in reason
    assert "red_flags" not in reason  # the web form shows this too: no answers-file key


@pytest.mark.parametrize("age", [None, 50, 80])
def test_a_red_flag_that_fits_the_age_or_an_unknown_age_is_kept(age: int | None) -> None:
    profile = parse_profile({"age": age, "red_flags": ["new-pain-over-50"]})
    assert profile.red_flags == [RedFlag.NEW_PAIN_OVER_50]


def test_a_stored_profile_with_a_flag_that_disagrees_with_the_age_still_loads() -> None:
    # Saved before the check: its red flag still counts (the screening still blocks on it).
    profile = Profile.model_validate({"age": 30, "red_flags": ["new-pain-over-50"]})
    assert profile.red_flags == [RedFlag.NEW_PAIN_OVER_50]


def test_morning_stiffness_at_any_age_is_kept() -> None:
    # Asked under 40 because that is when it starts, yet true at 60 for someone who has had it
    # since 35: an answer about when it began, not about the age now.
    profile = parse_profile({"age": 60, "conditions": ["morning-stiffness"]})
    assert profile.conditions == [Condition.MORNING_STIFFNESS]


def test_the_age_bound_red_flags_are_the_rules_age_gated_ones() -> None:
    from strongback.profile import AGE_BOUND_RED_FLAGS
    from strongback.rules.screening import default_screening_rules

    gated = {
        rule.id: rule.ask_if_age
        for rule in default_screening_rules().red_flags
        if rule.ask_if_age is not None
    }
    assert {flag: gate.min_age for flag, gate in gated.items()} == AGE_BOUND_RED_FLAGS
    assert all(gate.max_age is None for gate in gated.values())


def test_every_problem_is_reported_at_once() -> None:
    problems = _problems({"goal": "fly", "minutes": 100, "colour": "red"})
    assert set(problems) == {"goal", "minutes", "colour"}


@pytest.mark.parametrize("data", [None, [], "lower", 3])
def test_answers_must_be_a_mapping(data: Any) -> None:
    assert "must be a mapping" in _problems(data)["(answers)"]


def test_the_error_message_lists_every_problem() -> None:
    with pytest.raises(ProfileError) as caught:
        parse_profile({"goal": "fly", "minutes": 100})
    message = str(caught.value)
    assert "goal:" in message
    assert "minutes:" in message


def test_every_field_has_allowed_values_to_show() -> None:
    assert set(ALLOWED_VALUES) == set(Profile.model_fields)


def test_a_profile_is_frozen() -> None:
    profile = parse_profile({})
    with pytest.raises(ValueError, match="frozen"):
        profile.minutes = 30  # type: ignore[misc]


# --- The answers-file documentation stays true -------------------------------------------------

ANSWERS_DOC = Path(__file__).parents[2] / "docs" / "answers-file.md"


def _fenced(language: str) -> list[str]:
    text = ANSWERS_DOC.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


def test_the_documented_examples_are_valid_answers() -> None:
    yaml_example = yaml.safe_load(_fenced("yaml")[0])
    json_example = json.loads(_fenced("json")[0])

    assert set(yaml_example) == set(Profile.model_fields)
    assert parse_profile(yaml_example).age == 46
    assert parse_profile(json_example).pain_areas == [PainArea.LOWER, PainArea.NECK]


def test_every_key_and_value_is_documented() -> None:
    text = ANSWERS_DOC.read_text(encoding="utf-8")
    for key, values in ALLOWED_VALUES.items():
        assert f"`{key}`" in text, key
        if key not in {"minutes", "days_per_week", "age", "cleared_by_clinician"}:
            for value in values:
                assert f"`{value}`" in text, (key, value)


def test_the_documented_red_flags_and_conditions_match_the_rules() -> None:
    from strongback.rules.screening import default_screening_rules

    text = ANSWERS_DOC.read_text(encoding="utf-8")
    rules = default_screening_rules()
    for rule in (*rules.red_flags, *rules.conditions):
        assert f"| `{rule.id.value}` | {rule.label} |" in text, rule.id


def test_the_example_answers_file_names_every_key_and_reads_back_as_the_defaults() -> None:
    import yaml

    from strongback.profile import Profile, example_answers, parse_profile

    text = example_answers()
    for key in Profile.model_fields:
        assert f"\n{key}:" in text
    assert parse_profile(yaml.safe_load(text)) == Profile()
