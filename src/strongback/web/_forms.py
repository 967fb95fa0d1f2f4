"""Turning the onboarding form into the same answers mapping `strongback setup --from` reads."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from starlette.datastructures import FormData

from strongback.questionnaire import Kind, Question


def answers_from_form(form: FormData, questions: Iterable[Question]) -> dict[str, Any]:
    """Each question's key with its typed answer; blanks are left out so defaults apply.

    Values stay as submitted (strings, lists of strings) apart from numbers and yes/no, so that
    `parse_profile` reports a bad value with the same message the answers file would get.
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
            answers[question.key] = int(text) if text.lstrip("-").isdigit() else text
        elif question.kind is Kind.BOOL:
            answers[question.key] = {"yes": True, "no": False}.get(text, text)
        else:
            answers[question.key] = text
    return answers


def form_errors(
    problems: Iterable[tuple[str, str]], answers: Mapping[str, Any], questions: Iterable[Question]
) -> dict[str, str]:
    """`ProfileError` problems in the form's own terms, each beside its question.

    The profile's messages speak of the answers file (`(allowed: true, false)`); a person on the
    form chose among Yes and No, so a yes/no question's problem is said that way.
    """
    yes_no = {q.key for q in questions if q.kind is Kind.BOOL}
    errors: dict[str, str] = {}
    for key, reason in problems:
        if key in yes_no:
            errors[key] = f"choose Yes or No (the form sent {str(answers.get(key))!r})"
        else:
            errors[key] = reason
    return errors
