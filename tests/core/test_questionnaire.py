"""The setup questions: they fill real profile keys, offer only valid answers, and ask in order."""

from __future__ import annotations

from typing import Any

import pytest

from strongback.profile import ALLOWED_VALUES, Condition, Profile, RedFlag, parse_profile
from strongback.questionnaire import AskIf, Kind, Question, Section, questions
from strongback.rules.screening import default_screening_rules

RULES = default_screening_rules()
QUESTIONS = questions(RULES)
BY_KEY = {q.key: q for q in QUESTIONS}


def test_every_profile_key_is_asked_once() -> None:
    keys = [q.key for q in QUESTIONS]
    assert sorted(keys) == sorted(Profile.model_fields)


def test_age_comes_first_and_safety_before_the_plan() -> None:
    assert QUESTIONS[0].key == "age"
    sections = [q.section for q in QUESTIONS]
    assert sections == sorted(sections, key=[Section.ABOUT_YOU, Section.SAFETY, Section.PLAN].index)


@pytest.mark.parametrize("question", [q for q in QUESTIONS if q.choices], ids=lambda q: q.key)
def test_choices_are_exactly_the_allowed_values_with_plain_labels(question: Question) -> None:
    assert [c.value for c in question.choices] == ALLOWED_VALUES[question.key]
    for choice in question.choices:
        assert choice.label
        assert choice.label != choice.value


@pytest.mark.parametrize(
    "question", [q for q in QUESTIONS if q.kind is Kind.NUMBER], ids=lambda q: q.key
)
def test_number_limits_match_the_profile(question: Question) -> None:
    assert question.minimum is not None
    assert question.maximum is not None
    parse_profile({question.key: question.minimum})
    parse_profile({question.key: question.maximum})
    with pytest.raises(ValueError, match=question.key):
        parse_profile({question.key: question.maximum + 1})


def test_the_defaults_make_a_valid_profile() -> None:
    answers = {q.key: q.default for q in QUESTIONS}
    parse_profile(answers)


def test_red_flags_are_a_yes_no_checklist_worded_by_the_rules() -> None:
    question = BY_KEY["red_flags"]
    assert question.kind is Kind.CHECKLIST
    for choice in question.choices:
        assert choice.label == RULES.red_flag(RedFlag(choice.value)).label


def _asked_flags(age: int | None) -> set[str]:
    return {c.value for c in BY_KEY["red_flags"].choices_for({"age": age})}


def test_age_gated_red_flags_are_asked_only_at_fitting_ages() -> None:
    assert RedFlag.NEW_PAIN_OVER_50 not in _asked_flags(35)
    assert RedFlag.MORNING_STIFFNESS in _asked_flags(35)
    assert RedFlag.NEW_PAIN_OVER_50 in _asked_flags(60)
    assert RedFlag.MORNING_STIFFNESS not in _asked_flags(60)
    assert RedFlag.NEW_PAIN_OVER_50 not in _asked_flags(45)
    assert RedFlag.MORNING_STIFFNESS not in _asked_flags(45)
    # Without an age we cannot rule either out, so both are asked.
    assert _asked_flags(None) == {f.value for f in RedFlag}


@pytest.mark.parametrize(
    ("conditions", "asked"),
    [
        ([], False),
        ([Condition.CHRONIC_BACK_PAIN.value], False),
        ([Condition.PREGNANCY.value], True),
        ([Condition.CHRONIC_BACK_PAIN.value, Condition.SPINAL_INJURY.value], True),
    ],
)
def test_clearance_is_asked_only_for_a_contraindication(conditions: list[str], asked: bool) -> None:
    assert BY_KEY["cleared_by_clinician"].applies({"conditions": conditions}) is asked


def test_none_cannot_be_combined_with_other_choices() -> None:
    exclusive = {c.value for c in BY_KEY["pain_areas"].choices if c.exclusive}
    assert exclusive == {"none"}


@pytest.mark.parametrize(
    ("ask_if", "answers", "holds"),
    [
        (AskIf(key="age", min_value=50), {"age": 50}, True),
        (AskIf(key="age", min_value=50), {"age": 49}, False),
        (AskIf(key="age", max_value=39), {"age": 40}, False),
        (AskIf(key="age", max_value=39), {}, True),
        (AskIf(key="goal", any_of=("relieve",)), {"goal": "relieve"}, True),
        (AskIf(key="goal", any_of=("relieve",)), {"goal": "prevent"}, False),
    ],
)
def test_ask_if(ask_if: AskIf, answers: dict[str, Any], holds: bool) -> None:
    assert ask_if.holds(answers) is holds


def test_questions_serialise_for_the_web() -> None:
    data = [q.model_dump(mode="json") for q in QUESTIONS]
    assert [Question.model_validate(d) for d in data] == list(QUESTIONS)


def test_label_of_falls_back_to_the_value() -> None:
    assert BY_KEY["goal"].label_of("relieve") == "Ease my back pain"
    assert BY_KEY["goal"].label_of("other") == "other"


def test_the_warning_signs_are_asked_about_without_a_time_the_list_contradicts() -> None:
    # The list holds things of the past too ("Cancer now or in the past", an accident that
    # started the pain), so the question must not ask what is true "right now".
    prompt = BY_KEY["red_flags"].prompt
    assert prompt == "Do any of these apply to you?"
    assert "right now" not in prompt
    prompts = [q.prompt for q in QUESTIONS]
    assert len(prompts) == len(set(prompts)), "each question reads differently"
