"""Progress as data: the same summary the progress page and `strongback progress --json` show,
and the function ratings (PSFS) it asks for."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from strongback import services
from strongback.days import FIRST_DAY, check_day
from strongback.progress import PSFS_MAX_ACTIVITIES
from strongback.services import MAX_ACTIVITY_CHARACTERS, FunctionRefused, rate_function
from strongback.web._state import AppState, app_state
from strongback.web.api._errors import INVALID, Problem, field_error
from strongback.web.api._params import Day

router = APIRouter(tags=["progress"])
State = Annotated[AppState, Depends(app_state)]


@router.get("/progress", summary="Adherence, streaks, pain and function trends, and changes")
def get_progress(state: State, day: Day = None) -> dict[str, Any]:
    # While the answers call for a clinician first, no targets (`plan_withheld` says so).
    summary, _ = services.progress_for(state.repository(), day or date.today(), state.catalog)
    return summary.model_dump(mode="json")


class Rating(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activity: str = Field(
        min_length=1,
        max_length=MAX_ACTIVITY_CHARACTERS,
        description="An activity the back makes hard, e.g. 'sitting through a film'.",
    )
    score: int = Field(ge=0, le=10, description="0 = cannot do it, 10 = as before.")


class FunctionRatings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ratings: list[Rating] = Field(
        min_length=1,
        max_length=PSFS_MAX_ACTIVITIES,
        description=f"Up to {PSFS_MAX_ACTIVITIES} activities, each with its score.",
    )
    day: Annotated[date | None, AfterValidator(lambda d: None if d is None else check_day(d))] = (
        Field(default=None, description=f"YYYY-MM-DD from {FIRST_DAY}, not after today.")
    )


@router.post(
    "/function",
    status_code=201,
    summary="Rate the activities your back makes hard, 0 to 10 (the PSFS)",
    responses={
        **INVALID,
        409: {"model": Problem, "description": "More activities than the scale follows"},
    },
)
def post_function(body: FunctionRatings, state: State) -> list[dict[str, Any]]:
    pairs = [(r.activity, r.score) for r in body.ratings]
    try:
        stored = rate_function(state.repository(), pairs, body.day or date.today())
    except FunctionRefused as refused:
        if refused.conflict:
            raise HTTPException(409, refused.reason) from None
        if refused.index is None:
            where: list[str | int] = ["body", "day" if refused.field == "day" else "ratings"]
        else:
            where = ["body", "ratings", refused.index, refused.field]
        field_error(where, refused.reason)
    return [score.model_dump(mode="json") for score in stored]
