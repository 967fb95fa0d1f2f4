"""Turning the core's refusals into HTTP answers with details, never a 500."""

from __future__ import annotations

from typing import Any, NoReturn

from fastapi import HTTPException

from strongback.planner import PlanWithheld
from strongback.safety import screening_summary


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
