"""The setup questions: they fill real profile keys, offer only valid answers, and ask in order."""

from __future__ import annotations

from typing import Any

import pytest

from strongback.profile import ALLOWED_VALUES, Condition, Profile, RedFlag, parse_profile
from strongback.questionnaire import (
    PICK_FROM_THE_LIST,
    PICK_JUST_ONE,
    YES_OR_NO,
    AskIf,
    Kind,
    Question,
    Section,
    clearance_still_holds,
    likely_questions_left,
    questions,
    questions_left,
)
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


def test_leg_pain_is_a_condition_to_tick() -> None:
    labels = {c.value: c.label for c in BY_KEY["conditions"].choices}
    assert labels[Condition.LEG_PAIN.value] == (
        "Pain, numbness or pins and needles that spread down one leg below the knee"
    )


def _asked(key: str, **answers: Any) -> set[str]:
    return {c.value for c in BY_KEY[key].choices_for(answers)}


def _asked_flags(age: int | None) -> set[str]:
    return _asked("red_flags", age=age)


def _asked_conditions(age: int | None) -> set[str]:
    return _asked("conditions", age=age)


def test_age_gated_items_are_asked_only_at_fitting_ages() -> None:
    assert RedFlag.NEW_PAIN_OVER_50 not in _asked_flags(35)
    assert Condition.MORNING_STIFFNESS in _asked_conditions(35)
    assert RedFlag.NEW_PAIN_OVER_50 in _asked_flags(60)
    assert Condition.MORNING_STIFFNESS not in _asked_conditions(60)
    assert RedFlag.NEW_PAIN_OVER_50 not in _asked_flags(45)
    assert Condition.MORNING_STIFFNESS not in _asked_conditions(45)
    # Without an age we cannot rule either out, so both are asked.
    assert _asked_flags(None) == {f.value for f in RedFlag}
    assert _asked_conditions(None) == {c.value for c in Condition}


NECK_ONLY = {
    RedFlag.NECK_PAIN_WITH_DIZZINESS,
    RedFlag.NECK_INJURY,
    RedFlag.CLUMSY_HANDS_OR_WALKING,
}
UPPER_OR_MIDDLE = {RedFlag.CHEST_PAIN, RedFlag.UPPER_BACK_PAIN_AT_REST}


@pytest.mark.parametrize(
    ("pain_areas", "asked", "not_asked"),
    [
        (["lower"], set(), NECK_ONLY | UPPER_OR_MIDDLE),
        (["neck"], NECK_ONLY, UPPER_OR_MIDDLE),
        (["middle", "lower"], UPPER_OR_MIDDLE, NECK_ONLY),
        (["upper"], UPPER_OR_MIDDLE, NECK_ONLY),
        (["none"], set(), NECK_ONLY | UPPER_OR_MIDDLE),
        # Where it hurts not said: nothing can be ruled out.
        (None, NECK_ONLY | UPPER_OR_MIDDLE, set()),
    ],
)
def test_neck_and_upper_back_warning_signs_are_asked_where_it_hurts(
    pain_areas: list[str] | None, asked: set[RedFlag], not_asked: set[RedFlag]
) -> None:
    flags = _asked("red_flags", pain_areas=pain_areas)
    assert {f.value for f in asked} <= flags
    assert not {f.value for f in not_asked} & flags
    # The warning signs for everyone are always asked.
    assert RedFlag.SADDLE_NUMBNESS in flags


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


@pytest.mark.parametrize(
    ("age", "asked"), [(12, True), (15, True), (16, False), (40, False), (None, False)]
)
def test_clearance_is_asked_under_16_too(age: int | None, asked: bool) -> None:
    # An age left blank is not held against anyone: no clearance asked for it.
    assert BY_KEY["cleared_by_clinician"].applies({"age": age, "conditions": []}) is asked


@pytest.mark.parametrize(
    ("previous", "answers", "holds"),
    [
        # The same things to clear: the yes is offered again.
        (
            {"conditions": ["pregnancy"], "cleared_by_clinician": True},
            {"conditions": ["pregnancy", "chronic-back-pain"]},
            True,
        ),
        # Something new to clear since the yes: it is not.
        (
            {"conditions": ["recent-surgery"], "cleared_by_clinician": True},
            {"conditions": ["recent-surgery", "pregnancy"]},
            False,
        ),
        (
            {"conditions": ["recent-surgery"], "cleared_by_clinician": True},
            {"conditions": ["spinal-injury"]},
            False,
        ),
        (
            {"conditions": [], "age": 15, "cleared_by_clinician": True},
            {"conditions": ["pregnancy"], "age": 15},
            False,
        ),
        # Nothing to carry over.
        ({"conditions": ["pregnancy"], "cleared_by_clinician": False}, {"conditions": []}, False),
        ({}, {"conditions": ["pregnancy"]}, False),
    ],
)
def test_a_clearance_holds_only_for_what_the_clinician_knew_of(
    previous: dict[str, Any], answers: dict[str, Any], holds: bool
) -> None:
    assert clearance_still_holds(RULES, previous, answers) is holds


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
        (AskIf(key="age", max_value=15, if_unanswered=False), {}, False),
        (AskIf(key="age", max_value=15, if_unanswered=False), {"age": 15}, True),
        (AskIf(key="pain_areas", any_of=("neck",)), {"pain_areas": ["lower", "neck"]}, True),
        (AskIf(key="pain_areas", any_of=("neck",)), {"pain_areas": ["lower"]}, False),
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


def _index(key: str) -> int:
    return [q.key for q in QUESTIONS].index(key)


def test_no_total_while_later_questions_still_depend_on_answers() -> None:
    # Before the age, the pain areas and the safety answers, the count could still change.
    for key in ("age", "pain_areas", "red_flags", "conditions"):
        assert questions_left(QUESTIONS, _index(key), {"age": 45}) is None, key
    assert questions_left(QUESTIONS, _index("cleared_by_clinician"), {"age": 14}) is None


def test_the_total_is_known_from_the_plan_questions_on() -> None:
    answers = {"age": 45, "pain_areas": ["lower"], "red_flags": [], "conditions": []}
    plan = [q for q in QUESTIONS if q.section is Section.PLAN]
    first = _index(plan[0].key)

    assert questions_left(QUESTIONS, first, answers) == len(plan) - 1
    assert questions_left(QUESTIONS, len(QUESTIONS) - 1, answers) == 0


def test_a_known_total_never_changes_as_the_plan_questions_are_answered() -> None:
    answers: dict[str, Any] = {"age": 30, "pain_areas": ["neck"], "conditions": ["pregnancy"]}
    totals = set()
    for index, question in enumerate(QUESTIONS):
        left = questions_left(QUESTIONS, index, answers)
        if left is not None:
            totals.add(index + left)
        answers.setdefault(question.key, question.default)
    assert totals == {len(QUESTIONS) - 1}


def test_the_equipment_question_says_the_floor_needs_only_something_soft() -> None:
    question = BY_KEY["equipment"]
    labels = {c.value: c.label for c in question.choices}
    assert labels["mat"] == "Something soft to lie on (a mat, carpet or folded blanket)"
    assert labels["none"] == "Nothing at all"
    assert question.help is not None
    assert "Most exercises are done on the floor" in question.help
    assert "you still get a full plan" in question.help


def test_a_guessed_total_takes_the_answers_to_come_as_the_usual_ones() -> None:
    # Before the age: no clearance question for the usual answers, one for a saved operation.
    usual = len([q for q in QUESTIONS if q.key != "cleared_by_clinician"])
    assert likely_questions_left(QUESTIONS, 0, {}) == usual - 1
    saved = {"conditions": [Condition.RECENT_SURGERY.value]}
    assert likely_questions_left(QUESTIONS, 0, {}, saved) == len(QUESTIONS) - 1
    # Answers given count over the guess: under 16, the clearance question comes.
    assert likely_questions_left(QUESTIONS, 1, {"age": 14}) == len(QUESTIONS) - 2


def test_a_guessed_total_agrees_with_the_exact_one_once_that_is_known() -> None:
    answers: dict[str, Any] = {"age": 45, "pain_areas": ["lower"], "red_flags": []}
    answers["conditions"] = []
    for index in range(_index("goal"), len(QUESTIONS)):
        exact = questions_left(QUESTIONS, index, answers)
        assert exact == likely_questions_left(QUESTIONS, index, answers), QUESTIONS[index].key


@pytest.mark.parametrize(
    ("key", "answer", "words"),
    [
        ("minutes", 90, "Please type a whole number from 5 to 60."),
        ("minutes", "90", "Please type a whole number from 5 to 60."),
        ("minutes", "4", "Please type a whole number from 5 to 60."),
        ("age", "forty", "Please type a whole number from 12 to 110."),
        ("age", "-20", "Please type a whole number from 12 to 110."),
        ("age", "4.5", "Please type a whole number from 12 to 110."),
        ("age", True, "Please type a whole number from 12 to 110."),
        ("days_per_week", "\u0663", "Please type a whole number from 1 to 7."),  # Arabic 3
        ("cleared_by_clinician", "maybe", YES_OR_NO),
        ("goal", "fly", PICK_FROM_THE_LIST),
        ("goal", ["relieve", "prevent"], PICK_JUST_ONE),
        ("equipment", ["mat", "rocket"], PICK_FROM_THE_LIST),
        (
            "pain_areas",
            ["none", "lower"],
            "'No pain: I want to look after my back' can't be picked together with anything else.",
        ),
    ],
)
def test_an_answer_that_does_not_fit_is_told_what_to_give_in_plain_words(
    key: str, answer: Any, words: str
) -> None:
    # The terminal and the web form both show these, so neither names keys or allowed values.
    assert BY_KEY[key].problem_with(answer) == words


@pytest.mark.parametrize(
    ("key", "answer"),
    [
        ("age", None),
        ("age", ""),
        ("age", "12"),
        ("age", 110),
        ("minutes", " 15 "),
        ("cleared_by_clinician", False),
        ("goal", "relieve"),
        ("goal", ["relieve"]),
        ("equipment", []),
        ("equipment", ["mat", "chair"]),
        ("pain_areas", ["none"]),
    ],
)
def test_an_answer_that_fits_has_no_problem(key: str, answer: Any) -> None:
    assert BY_KEY[key].problem_with(answer) is None


@pytest.mark.parametrize("question", QUESTIONS, ids=lambda q: q.key)
def test_every_default_fits_its_own_question(question: Question) -> None:
    assert question.problem_with(question.default) is None
