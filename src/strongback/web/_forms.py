"""Turning the onboarding form into the same answers mapping `strongback setup --from` reads."""

from __future__ import annotations

from collections.abc import Iterable
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
