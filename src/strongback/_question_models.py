"""A setup question's shape: its kind, section, choices, when it is asked, and what a misfit says.

Private to `strongback.questionnaire`, which re-exports every public name here and holds the
questions themselves. `Question.problem_with` is the one wording of a refused answer, so the
terminal and the web form tell a person the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from strongback.limits import whole_number


class Kind(StrEnum):
    SINGLE = "single"  # pick one choice
    MULTI = "multi"  # pick any number of choices
    CHECKLIST = "checklist"  # like MULTI, but each choice is asked as its own yes/no
    NUMBER = "number"  # a whole number between minimum and maximum
    BOOL = "bool"  # yes or no


#: What the terminal and the web form both say when an answer does not fit its question; a number's
#: words name its range (`Question.number_wording`).
YES_OR_NO = "Please answer yes or no."
PICK_JUST_ONE = "Please pick just one."
PICK_FROM_THE_LIST = "Please pick from the answers listed."


class Section(StrEnum):
    ABOUT_YOU = "about-you"
    SAFETY = "safety"
    PLAN = "plan"


class AskIf(BaseModel):
    """Ask only when an earlier answer fits; an earlier question left unanswered asks it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    any_of: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    # Asking when the earlier answer is missing is the safe side for a warning sign; a question
    # that only matters for a known answer (clearance for an age given) says False.
    if_unanswered: bool = True

    def holds(self, answers: Mapping[str, Any]) -> bool:
        value = answers.get(self.key)
        if value is None:
            return self.if_unanswered
        if self.any_of:
            given = value if isinstance(value, list | tuple) else [value]
            return any(str(item) in self.any_of for item in given)
        if self.min_value is not None and value < self.min_value:
            return False
        return not (self.max_value is not None and value > self.max_value)


class Choice(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    label: str
    exclusive: bool = False  # cannot be picked with another choice, like "no pain"
    ask_if: AskIf | None = None

    def applies(self, answers: Mapping[str, Any]) -> bool:
        return self.ask_if is None or self.ask_if.holds(answers)


class Question(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(description="The Profile key this question fills.")
    section: Section
    prompt: str
    help: str = ""
    # The web form shows a checklist as boxes to tick, where the terminal asks yes or no to each
    # item; when that changes how to answer, this is the form's help instead of `help`.
    web_help: str = ""
    kind: Kind
    choices: tuple[Choice, ...] = ()
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    optional: bool = False  # may be left blank (NUMBER only)
    ask_if: AskIf | None = None
    # A second reason to ask, either one enough: clearance is asked for a contraindication or for
    # a young age. The web form cannot show or hide such a question by one answer, so shows it.
    or_ask_if: AskIf | None = None

    def applies(self, answers: Mapping[str, Any]) -> bool:
        if self.ask_if is None:
            return True
        return self.ask_if.holds(answers) or (
            self.or_ask_if is not None and self.or_ask_if.holds(answers)
        )

    def choices_for(self, answers: Mapping[str, Any]) -> tuple[Choice, ...]:
        return tuple(c for c in self.choices if c.applies(answers))

    def label_of(self, value: Any) -> str:
        for choice in self.choices:
            if choice.value == str(value):
                return choice.label
        return str(value)

    def number_wording(self) -> str:
        return f"Please type a whole number from {self.minimum} to {self.maximum}."

    def problem_with(self, answer: Any) -> str | None:
        """What is wrong with an answer to this question, in the plain words the terminal and the
        web form both show; None when it fits. A blank fits: the default (or, for an optional
        number, no answer) stands.

        The profile's own messages name keys and allowed values for whoever writes an answers
        file; a person answering the questions is told what to type or pick instead.
        """
        if answer is None or answer == "":
            return None
        if self.kind is Kind.NUMBER:
            number = _whole_number(answer)
            if number is None or number < (self.minimum or 0):
                return self.number_wording()
            return None if self.maximum is None or number <= self.maximum else self.number_wording()
        if self.kind is Kind.BOOL:
            return None if isinstance(answer, bool) else YES_OR_NO
        if self.kind is Kind.SINGLE and isinstance(answer, list | tuple):
            if len(answer) != 1:
                return PICK_JUST_ONE
            (answer,) = answer
        picked = [str(item) for item in answer] if isinstance(answer, list | tuple) else [answer]
        by_value = {choice.value: choice for choice in self.choices}
        if any(str(value) not in by_value for value in picked):
            return PICK_FROM_THE_LIST
        alone = [by_value[str(value)] for value in picked if by_value[str(value)].exclusive]
        if alone and len(picked) > 1:
            return f"'{alone[0].label}' can't be picked together with anything else."
        return None


def _whole_number(answer: Any) -> int | None:
    """A whole number as typed ("42") or as given (42); None for anything else, yes and no too."""
    if isinstance(answer, int) and not isinstance(answer, bool):
        return answer
    text = str(answer).strip() if isinstance(answer, str) else ""
    return whole_number(text)
