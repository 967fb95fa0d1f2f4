"""Turning the onboarding form into the same answers mapping `strongback setup --from` reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.datastructures import FormData

from strongback.limits import whole_number
from strongback.questionnaire import Kind, Question


def answers_from_form(form: FormData, questions: Iterable[Question]) -> dict[str, Any]:
    """Each question's key with its typed answer; blanks are left out so defaults apply.

    Values stay as submitted (strings, lists of strings) apart from numbers and yes/no, so a bad
    value comes back in the form as typed, and `parse_profile` still refuses it.
    """
    answers: dict[str, Any] = {}
    for question in questions:
        if question.kind in (Kind.MULTI, Kind.CHECKLIST):
            values = [str(v) for v in form.getlist(question.key) if str(v)]
            if values or question.key in form:
                answers[question.key] = values
            continue
        raw = form.get(question.key)
        if raw is None or str(raw).strip() == "":
            continue
        text = str(raw).strip()
        if question.kind is Kind.NUMBER:
            number = whole_number(text.removeprefix("-"))
            negative = text.startswith("-")
            # Anything else goes to the question as typed, which words what is wrong with it.
            answers[question.key] = text if number is None else -number if negative else number
        elif question.kind is Kind.BOOL:
            answers[question.key] = {"yes": True, "no": False}.get(text, text)
        else:
            answers[question.key] = text
    return answers


def form_errors(
    problems: Iterable[tuple[str, str]], answers: Mapping[str, Any], questions: Iterable[Question]
) -> dict[str, str]:
    """`ProfileError` problems in the form's own terms, each under its question's key, in the
    order the form asks them.

    The profile's messages speak of the answers file ("input should be less than or equal to 60
    (allowed: ...)"); the person on the form is told what the terminal tells them, from the
    question itself ("Please type a whole number from 5 to 60."). A problem the question cannot
    see alone (an age and a warning sign that disagree) keeps the profile's words.
    """
    reasons: dict[str, str] = {}
    for where, reason in problems:
        # "equipment[1]" is the second item of the equipment answer: its question's problem.
        reasons.setdefault(where.split("[", 1)[0], reason)
    errors: dict[str, str] = {}
    for question in questions:
        # Each answer is checked by its question too: the profile stops at the first kind of
        # problem ("none" with a mat is seen only once the numbers fit), the form shows them all.
        own = question.problem_with(answers.get(question.key))
        reason = reasons.pop(question.key, "")
        if own or reason:
            errors[question.key] = own or reason
    # Not a question's key: not expected from this form, but never dropped unsaid.
    return errors | reasons
