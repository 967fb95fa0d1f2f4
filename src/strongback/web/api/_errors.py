"""Turning the core's refusals into HTTP answers with details, never a 500."""

from __future__ import annotations

from typing import Any, NoReturn

from fastapi import HTTPException
from pydantic import BaseModel

from strongback.planner import PlanWithheld
from strongback.safety import screening_summary


class Problem(BaseModel):
    """A refusal in words: what is missing or why the request cannot be done now."""

    detail: str


class WithheldDetail(BaseModel):
    message: str
    reasons: list[str]
    screening: dict[str, Any]


class Withheld(BaseModel):
    """No plan: the screening calls for a clinician first."""

    detail: WithheldDetail


class FieldProblem(BaseModel):
    """One thing wrong with a request: where (`["query", "day"]`, `["body", "reps"]`) and why."""

    loc: list[str | int]
    msg: str
    type: str


class Invalid(BaseModel):
    """The request does not fit the operation: each problem with its place."""

    detail: list[FieldProblem]


# The refusals each route can give, documented in the OpenAPI so that clients (and the schema
# tests) know a 404 or 409 is an answer, not a failure.
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem, "description": "Not found"}}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": Problem, "description": "The session is already finished"}
}
# Every operation may answer it: besides its own fields, a query parameter it does not take, or
# one given twice that takes a single value, is refused (`_params.query_as_declared`).
INVALID: dict[int | str, dict[str, Any]] = {
    422: {"model": Invalid, "description": "Validation error: each problem with its field"}
}
WITHHELD: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No profile yet"},
    409: {"model": Withheld, "description": "No plan: please see a clinician first"},
}


def withheld(error: PlanWithheld) -> NoReturn:
    """409: the screening calls for a clinician first, so there is no plan to give."""
    detail: dict[str, Any] = {
        "message": "no plan is given: please see a clinician first",
        "reasons": list(error.reasons),
        "screening": screening_summary(error.screening),
    }
    raise HTTPException(409, detail)


def no_profile() -> NoReturn:
    raise HTTPException(
        404, "no profile yet: answer the setup questions first (PUT /api/v1/profile)"
    )


def field_error(location: list[str | int], message: str) -> NoReturn:
    """422 shaped like FastAPI's own validation errors, so clients read every 422 one way."""
    raise HTTPException(422, [{"loc": location, "msg": message, "type": "value_error"}])
