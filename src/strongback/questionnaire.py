"""The setup questions as data, so the terminal and the web onboarding ask exactly the same thing.

Each question fills one `Profile` key. The order matters: age comes first because some red-flag
questions only make sense at some ages, and the safety questions come before the plan questions so
that someone who needs a doctor hears it before being asked about equipment.

Pure: the red-flag and condition wording comes from the screening rules passed in. A question's
shape (kinds, sections, choices, when it is asked, the words for an answer that does not fit) is in
`_question_models`, re-exported here; this module holds the questions, and counts those left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from strongback._question_models import (
    PICK_FROM_THE_LIST,
    PICK_JUST_ONE,
    YES_OR_NO,
    AskIf,
    Choice,
    Kind,
    Question,
    Section,
)
from strongback.catalog import Equipment
from strongback.profile import AvoidPosition, Experience, Goal, PainArea
from strongback.safety import ConditionAction, ConditionRule, RedFlagRule, ScreeningRules

_PAIN_LABELS = {
    PainArea.NECK: "Neck",
    PainArea.UPPER: "Upper back, between the shoulders",
    PainArea.MIDDLE: "Middle back",
    PainArea.LOWER: "Lower back",
    PainArea.NONE: "No pain: I want to look after my back",
}
_GOAL_LABELS = {
    Goal.RELIEVE: "Ease my back pain",
    Goal.STRENGTHEN: "Make my back stronger",
    Goal.PREVENT: "Keep back pain away",
}
_EXPERIENCE_LABELS = {
    Experience.BEGINNER: "New to exercise, or not for a long while",
    Experience.SOME: "I exercise now and then",
    Experience.TRAINED: "I train regularly",
}
_EQUIPMENT_LABELS = {
    Equipment.NONE: "Nothing at all",
    Equipment.MAT: "Something soft to lie on (a mat, carpet or folded blanket)",
    Equipment.CUSHION: "A cushion or pillow",
    Equipment.RESISTANCE_BAND: "A resistance band I can fix to a door handle or rail",
    Equipment.BARBELL: "A barbell",
    Equipment.PULL_UP_BAR: "A pull-up bar",
    Equipment.CHAIR: "A sturdy chair",
    Equipment.WALL: "A clear bit of wall",
}
_POSITION_LABELS = {
    AvoidPosition.KNEELING: "Kneeling",
    AvoidPosition.PRONE: "Lying on my stomach",
    AvoidPosition.SUPINE: "Lying on my back",
    AvoidPosition.FLOOR: "Anything on the floor (getting down is hard)",
    AvoidPosition.STANDING: "Standing for long",
}


def _choices(labels: Mapping[Any, str]) -> tuple[Choice, ...]:
    return tuple(
        Choice(value=str(value), label=label, exclusive=str(value) == "none")
        for value, label in labels.items()
    )


def _gate(rule: RedFlagRule | ConditionRule) -> AskIf | None:
    """When a checklist item is asked, from its rule: by age, or by where it hurts."""
    if rule.ask_if_age is not None:
        return AskIf(
            key="age", min_value=rule.ask_if_age.min_age, max_value=rule.ask_if_age.max_age
        )
    if rule.ask_if_pain_in:
        return AskIf(key="pain_areas", any_of=tuple(area.value for area in rule.ask_if_pain_in))
    return None


def clearance_still_holds(
    rules: ScreeningRules, previous: Mapping[str, Any], answers: Mapping[str, Any]
) -> bool:
    """Whether an earlier "yes, a clinician cleared me" may be offered again for these answers.

    A clearance covers what the clinician was told about: once the answers that need one change
    (a pregnancy added to a cleared operation, say), the old yes says nothing about the new ones.
    """
    if not previous.get("cleared_by_clinician"):
        return False
    return _awaiting(rules, previous) == _awaiting(rules, answers)


def _awaiting(rules: ScreeningRules, answers: Mapping[str, Any]) -> frozenset[str]:
    conditions = answers.get("conditions") or []
    if isinstance(conditions, str):
        conditions = [part.strip() for part in conditions.split(",")]
    age = answers.get("age")
    return rules.awaiting_clearance(conditions, age if isinstance(age, int) else None)


def questions_left(asked: Sequence[Question], index: int, answers: Mapping[str, Any]) -> int | None:
    """How many questions will follow `asked[index]`, or None while that still depends on answers
    to come.

    A total that changed mid-way ("4 of 11", then "5 of 10") reads as a mistake, so it is given
    only once it cannot change: no later question waits on an answer not yet given, and the
    safety questions are behind us (a red flag among them ends the questions before the plan's).
    """
    later = asked[index + 1 :]
    if any(q.section is not Section.PLAN for q in asked[index:]) and any(
        q.section is Section.PLAN for q in later
    ):
        return None
    waiting_on = {gate.key for q in later for gate in (q.ask_if, q.or_ask_if) if gate is not None}
    if any(key not in answers for key in waiting_on):
        return None
    return sum(1 for q in later if q.applies(answers))


def likely_questions_left(
    asked: Sequence[Question],
    index: int,
    answers: Mapping[str, Any],
    expected: Mapping[str, Any] | None = None,
) -> int:
    """How many questions will probably follow `asked[index]`: for "Question 2 of about 10"
    while `questions_left` cannot say yet.

    Each answer still to come is taken as the one expected (the saved answers, when setup is run
    again), else the question's default; the plan questions are counted as if the safety answers
    let them follow.
    """
    supposed = dict(answers)
    left = 0
    for position in range(index, len(asked)):
        question = asked[position]
        if position > index:
            if not question.applies(supposed):
                continue
            left += 1
        supposed.setdefault(question.key, (expected or {}).get(question.key, question.default))
    return left


def questions(rules: ScreeningRules) -> tuple[Question, ...]:
    """Every setup question in the order it is asked."""
    red_flags = tuple(
        Choice(value=rule.id.value, label=rule.label, ask_if=_gate(rule))
        for rule in rules.red_flags
    )
    conditions = tuple(
        Choice(value=rule.id.value, label=rule.label, ask_if=_gate(rule))
        for rule in rules.conditions
    )
    withheld = tuple(
        rule.id.value for rule in rules.conditions if rule.action is ConditionAction.WITHHOLD
    )
    young = rules.minimum_age
    # Field names are literal here (not Profile.model_fields) so a renamed field fails the tests
    # that check every question fills a real key, instead of silently changing the wording.
    return (
        Question(
            key="age",
            section=Section.ABOUT_YOU,
            prompt="How old are you?",
            help=(
                "Some warning signs depend on age, and under 16 a doctor or physiotherapist "
                "should say these exercises suit you first. Leave it blank if you'd rather not say."
            ),
            kind=Kind.NUMBER,
            minimum=12,
            maximum=110,
            optional=True,
        ),
        Question(
            key="pain_areas",
            section=Section.ABOUT_YOU,
            prompt="Where does your back hurt?",
            help="Pick all that apply.",
            kind=Kind.MULTI,
            choices=_choices(_PAIN_LABELS),
            default=[PainArea.LOWER.value],
        ),
        Question(
            key="red_flags",
            section=Section.SAFETY,
            # Not "right now": some signs lie in the past (cancer, an accident that began the pain).
            prompt="Do any of these apply to you?",
            help=(
                "These are warning signs that a doctor should check before you exercise. "
                "Answer yes or no to each."
            ),
            web_help=(
                "These are warning signs that a doctor should check before you exercise. "
                "Tick any that apply; leave them all unticked if none do."
            ),
            kind=Kind.CHECKLIST,
            choices=red_flags,
            default=[],
        ),
        Question(
            key="conditions",
            section=Section.SAFETY,
            prompt="Do any of these also apply to you?",
            help="Pick all that apply, or none.",
            kind=Kind.MULTI,
            choices=conditions,
            default=[],
        ),
        Question(
            key="cleared_by_clinician",
            section=Section.SAFETY,
            prompt="Has a doctor, surgeon or midwife told you that exercise is safe for you now?",
            help=(
                "With an injury, an operation or a pregnancy, or under 16, we need their "
                "go-ahead first. It counts for what they knew of: if your answers have changed "
                "since, check with them again."
            ),
            kind=Kind.BOOL,
            default=False,
            ask_if=AskIf(key="conditions", any_of=withheld),
            or_ask_if=AskIf(key="age", max_value=young.age - 1, if_unanswered=False),
        ),
        Question(
            key="goal",
            section=Section.PLAN,
            prompt="What would you most like?",
            kind=Kind.SINGLE,
            choices=_choices(_GOAL_LABELS),
            default=Goal.RELIEVE.value,
        ),
        Question(
            key="experience",
            section=Section.PLAN,
            prompt="How much do you exercise?",
            kind=Kind.SINGLE,
            choices=_choices(_EXPERIENCE_LABELS),
            default=Experience.BEGINNER.value,
        ),
        Question(
            key="equipment",
            section=Section.PLAN,
            prompt="What do you have at home?",
            help=(
                "Pick all that apply. Most exercises are done on the floor, on anything soft: a "
                "mat, a carpet or a folded blanket. With nothing else you still get a full plan."
            ),
            kind=Kind.MULTI,
            choices=_choices(_EQUIPMENT_LABELS),
            default=[Equipment.MAT.value],
        ),
        Question(
            key="minutes",
            section=Section.PLAN,
            prompt="How many minutes can you spend on a session?",
            help="Between 5 and 60. Even 10 minutes a day helps.",
            kind=Kind.NUMBER,
            minimum=5,
            maximum=60,
            default=15,
        ),
        Question(
            key="days_per_week",
            section=Section.PLAN,
            prompt="How many days a week would you like to exercise?",
            help="Between 1 and 7.",
            kind=Kind.NUMBER,
            minimum=1,
            maximum=7,
            default=3,
        ),
        Question(
            key="avoid_positions",
            section=Section.PLAN,
            prompt="Are there positions you can't or would rather not get into?",
            help="Pick all that apply, or none.",
            kind=Kind.MULTI,
            choices=_choices(_POSITION_LABELS),
            default=[],
        ),
    )


__all__ = [
    "PICK_FROM_THE_LIST",
    "PICK_JUST_ONE",
    "YES_OR_NO",
    "AskIf",
    "Choice",
    "Kind",
    "Question",
    "Section",
    "clearance_still_holds",
    "likely_questions_left",
    "questions",
    "questions_left",
]
