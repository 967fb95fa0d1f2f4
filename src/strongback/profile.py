"""A person's answers: what hurts, what they want, what they have and what limits them.

Pure data. The same keys are read from an answers file (`strongback setup --from FILE`), asked
interactively, and posted by the web onboarding; unknown keys or values are refused with the key and
the allowed values, so a typo can never silently change a plan.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from strongback.catalog import Equipment


class PainArea(StrEnum):
    NECK = "neck"
    UPPER = "upper"
    MIDDLE = "middle"
    LOWER = "lower"
    NONE = "none"


class Goal(StrEnum):
    RELIEVE = "relieve"
    STRENGTHEN = "strengthen"
    PREVENT = "prevent"


class Experience(StrEnum):
    BEGINNER = "beginner"
    SOME = "some"
    TRAINED = "trained"


class AvoidPosition(StrEnum):
    KNEELING = "kneeling"
    PRONE = "prone"
    SUPINE = "supine"
    FLOOR = "floor"  # anything on the floor: lying, all fours, kneeling
    STANDING = "standing"


class RedFlag(StrEnum):
    """Answers that mean a clinician must see the person before any exercise plan."""

    SADDLE_NUMBNESS = "saddle-numbness"
    BLADDER_BOWEL_CHANGE = "bladder-bowel-change"
    SEXUAL_FUNCTION_CHANGE = "sexual-function-change"
    BOTH_LEGS_WEAKNESS = "both-legs-weakness"
    BACK_AND_BELLY_PAIN = "back-and-belly-pain"
    CHEST_PAIN = "chest-pain"
    MAJOR_TRAUMA = "major-trauma"
    NECK_PAIN_WITH_DIZZINESS = "neck-pain-with-dizziness"
    NECK_INJURY = "neck-injury"
    CLUMSY_HANDS_OR_WALKING = "clumsy-hands-or-walking"
    PROGRESSIVE_WEAKNESS = "progressive-weakness"
    FEVER = "fever"
    WEAKENED_IMMUNITY = "weakened-immunity"
    INJECTING_DRUGS = "injecting-drugs"
    CANCER_HISTORY = "cancer-history"
    WEIGHT_LOSS = "weight-loss"
    OSTEOPOROSIS_FALL = "osteoporosis-fall"
    NIGHT_PAIN = "night-pain"
    UPPER_BACK_PAIN_AT_REST = "upper-back-pain-at-rest"
    NEW_PAIN_OVER_50 = "new-pain-over-50"


class Condition(StrEnum):
    SPINAL_INJURY = "spinal-injury"
    RECENT_SURGERY = "recent-surgery"
    PREGNANCY = "pregnancy"
    CHRONIC_BACK_PAIN = "chronic-back-pain"
    EXISTING_BACK_CONDITION = "existing-back-condition"
    MORNING_STIFFNESS = "morning-stiffness"
    LEG_PAIN = "leg-pain"


#: Answers that moved from the red flags to the conditions, so profiles saved before the move
#: (and answers files written then) still read, with the same meaning under its new key.
_MOVED_TO_CONDITIONS = frozenset({Condition.MORNING_STIFFNESS.value})

_INT_FIELDS = ("minutes", "days_per_week", "age")

#: Red flags whose own words name an age: the youngest age they can be true at. The screening
#: rules ask each only from this age (`ask_if_age.min_age`; a test keeps the two equal). Given
#: with a younger age, one of the two answers is wrong, and we cannot tell which: an age typo is
#: as likely as a ticked flag that does not apply, so the answers are refused, never the flag
#: dropped. The conditions' age gates are left out on purpose: morning stiffness is asked under
#: 40 because that is when it starts, yet it is true at 60 for someone who has had it since 35.
AGE_BOUND_RED_FLAGS: dict[RedFlag, int] = {RedFlag.NEW_PAIN_OVER_50: 50}


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    pain_areas: list[PainArea] = Field(default_factory=lambda: [PainArea.LOWER])
    goal: Goal = Goal.RELIEVE
    experience: Experience = Experience.BEGINNER
    equipment: list[Equipment] = Field(default_factory=lambda: [Equipment.MAT])
    minutes: int = Field(default=15, ge=5, le=60, description="Minutes per session, 5 to 60.")
    days_per_week: int = Field(default=3, ge=1, le=7)
    avoid_positions: list[AvoidPosition] = Field(default_factory=list)
    red_flags: list[RedFlag] = Field(default_factory=list)
    conditions: list[Condition] = Field(default_factory=list)
    cleared_by_clinician: bool = False
    age: int | None = Field(default=None, ge=12, le=110)

    @model_validator(mode="before")
    @classmethod
    def _moved_answers(cls, data: Any) -> Any:
        # Morning stiffness was a red flag; it is now advice (a condition). A profile stored, or a
        # file written, before then keeps its answer rather than failing to load.
        if not isinstance(data, dict):
            return data
        flags = data.get("red_flags")
        if isinstance(flags, str):
            flags = [part.strip() for part in flags.split(",") if part.strip()]
        if not isinstance(flags, list) or not _MOVED_TO_CONDITIONS & {str(f) for f in flags}:
            return data
        conditions = data.get("conditions") or []
        if isinstance(conditions, str):
            conditions = [part.strip() for part in conditions.split(",") if part.strip()]
        if not isinstance(conditions, list):
            return data  # the conditions' own check reports what is wrong with them
        moved = [f for f in flags if str(f) in _MOVED_TO_CONDITIONS]
        return {
            **data,
            "red_flags": [f for f in flags if str(f) not in _MOVED_TO_CONDITIONS],
            "conditions": [*conditions, *moved],
        }

    @field_validator(*_INT_FIELDS, mode="before")
    @classmethod
    def _a_number_is_not_yes_or_no(cls, value: Any) -> Any:
        # bool is an int to Python, so `days_per_week: true` would quietly become 1 day.
        if isinstance(value, bool):
            raise ValueError(f"must be a whole number, not {str(value).lower()}")
        return value

    @field_validator("cleared_by_clinician", mode="before")
    @classmethod
    def _clearance_is_said_in_words(cls, value: Any) -> Any:
        # A clearance lifts a contraindication, so only an unmistakable yes counts: 1, "yes" or
        # "y" might be a slip. The web form sends true and false; files say true or false.
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in {"true", "false"}:
            return value.strip().lower() == "true"
        raise ValueError(f"must be true or false, not {value!r}")

    @field_validator(
        "pain_areas", "equipment", "avoid_positions", "red_flags", "conditions", mode="before"
    )
    @classmethod
    def _one_answer_is_a_list(cls, value: Any) -> Any:
        # A hand-written answers file often says `pain_areas: lower` or `lower, neck`; a form
        # posts a single string. Both mean the obvious list, so accept them rather than nag.
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator(
        "pain_areas", "equipment", "avoid_positions", "red_flags", "conditions", mode="after"
    )
    @classmethod
    def _no_repeats(cls, values: list[Any]) -> list[Any]:
        return list(dict.fromkeys(values))

    @field_validator("pain_areas", mode="after")
    @classmethod
    def _none_is_alone(cls, values: list[PainArea]) -> list[PainArea]:
        if PainArea.NONE in values and len(values) > 1:
            raise ValueError("'none' cannot be combined with a pain area")
        return values or [PainArea.NONE]


ALLOWED_VALUES: dict[str, list[str]] = {
    "pain_areas": [v.value for v in PainArea],
    "goal": [v.value for v in Goal],
    "experience": [v.value for v in Experience],
    "equipment": [v.value for v in Equipment],
    "avoid_positions": [v.value for v in AvoidPosition],
    "red_flags": [v.value for v in RedFlag],
    "conditions": [v.value for v in Condition],
    "cleared_by_clinician": ["true", "false"],
    "minutes": ["a whole number from 5 to 60"],
    "days_per_week": ["a whole number from 1 to 7"],
    "age": [
        "a whole number from 12 to 110, or leave it out (under 16, a clinician's go-ahead first)"
    ],
}


class ProfileError(ValueError):
    """Answers that do not make a profile; each problem names the key and what is allowed."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        lines = [f"{key}: {reason}" for key, reason in problems]
        super().__init__("invalid answers:\n  " + "\n  ".join(lines))


def parse_profile(data: Any) -> Profile:
    """Validate raw answers (from YAML, JSON or a form) into a `Profile`.

    Raises `ProfileError` naming every bad key, the reason and the allowed values.
    """
    if not isinstance(data, dict):
        raise ProfileError([("(answers)", "must be a mapping of keys to answers")])
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(err) for err in exc.errors(include_url=False)]
        raise ProfileError(list(dict.fromkeys(problems))) from None
    problems = _answers_that_disagree(profile)
    if problems:
        raise ProfileError(problems)
    return profile


def _answers_that_disagree(profile: Profile) -> list[tuple[str, str]]:
    """Answers each valid alone that cannot all be true together.

    Checked for new answers only, not in the model: a profile saved before a check existed must
    still load (and its red flags still count), so these live here rather than in validators.
    """
    problems = []
    if Equipment.NONE in profile.equipment and len(profile.equipment) > 1:
        # As for pain areas, and as the questions offer it: "nothing at all" is a whole answer.
        problems.append(("equipment", "'none' cannot be combined with other equipment"))
    if profile.age is not None:
        for flag in profile.red_flags:
            from_age = AGE_BOUND_RED_FLAGS.get(flag)
            if from_age is not None and profile.age < from_age:
                problems.append(
                    (
                        "red_flags",
                        # Read on the web form as well as in an answers file: the sign is
                        # named by its id, which both show, and "leave it out" fits both.
                        f"the warning sign '{flag.value}' is for back pain that began at "
                        f"{from_age} or later, but the age given is {profile.age}: correct the "
                        "age if it is a typo, or leave that warning sign out if it does not apply",
                    )
                )
    return problems


def _problem(err: Any) -> tuple[str, str]:
    """One validation error as (key, reason), in words a person filling the file understands."""
    loc = err["loc"]
    key = str(loc[0]) if loc else "(answers)"
    where = key + "".join(f"[{part}]" for part in loc[1:] if isinstance(part, int))
    if err["type"] == "extra_forbidden":
        return where, f"unknown key (allowed keys: {', '.join(Profile.model_fields)})"
    allowed = ALLOWED_VALUES.get(key)
    suffix = f" (allowed: {', '.join(allowed)})" if allowed else ""
    if err["type"] == "enum":
        return where, f"{err['input']!r} is not an allowed value{suffix}"
    reason = str(err["msg"]).removeprefix("Value error, ")
    return where, f"{reason[:1].lower()}{reason[1:]}{suffix}"


def example_answers() -> str:
    """A commented answers file with every key, its default and its allowed values.

    Built from the model and ALLOWED_VALUES, so the example cannot drift from what is accepted.
    """
    lines = ["# strongback answers: every key is optional; a missing key takes the value shown."]
    defaults = Profile().model_dump(mode="json")
    for key in Profile.model_fields:
        value = defaults[key]
        shown = "[" + ", ".join(value) + "]" if isinstance(value, list) else value
        if value is None:
            shown = ""
        elif isinstance(value, bool):
            shown = str(value).lower()
        lines.append(f"{key}: {shown}".rstrip() + f"  # {' | '.join(ALLOWED_VALUES[key])}")
    return "\n".join(lines) + "\n"
