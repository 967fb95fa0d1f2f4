"""A session done away from the computer, recorded afterwards: `strongback log` over HTTP, with
the one use case both share (`services.log_session`)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool

from strongback import services
from strongback.days import FIRST_DAY, check_day
from strongback.limits import MAX_HOLD_SECONDS, MAX_REPS, MAX_SETS
from strongback.planner import PlanWithheld
from strongback.records import Difficulty, SessionFeedback
from strongback.web._state import AppState, app_state
from strongback.web.api._errors import WITHHELD, Withheld, field_error, no_profile, withheld
from strongback.web.api.sessions import NO_NUL, Number

router = APIRouter(prefix="/sessions", tags=["sessions"])
State = Annotated[AppState, Depends(app_state)]
#: More exercises than the catalog holds is a client's bug, not a session.
MAX_LOGGED_EXERCISES = 50


def _in_range(day: datetime.date | None) -> datetime.date | None:
    return None if day is None else check_day(day)


class LoggedExercise(BaseModel):
    """An exercise done, with any part of its dose that differs from the catalog's."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(
        min_length=1,
        max_length=100,
        pattern=NO_NUL,
        description="The exercise's id (GET /exercises); its name or an alias also does.",
    )
    sets: Annotated[int | None, Number] = Field(default=None, ge=1, le=MAX_SETS)
    reps: Annotated[int | None, Number] = Field(
        default=None, ge=1, le=MAX_REPS, description="Per set, counted per side."
    )
    hold_seconds: Annotated[int | None, Number] = Field(
        default=None,
        ge=1,
        le=MAX_HOLD_SECONDS,
        description="Seconds each rep was held; only for an exercise that is held (422 otherwise).",
    )


class LoggedRequest(BaseModel):
    """What was done (`planned`, or the `exercises`: exactly one) and how it went."""

    model_config = ConfigDict(extra="forbid")

    date: Annotated[datetime.date | None, AfterValidator(_in_range)] = Field(
        default=None,
        description=f"The day it was done, YYYY-MM-DD, from {FIRST_DAY}; today when left out. "
        "Not in the future, nor more than four weeks before the first set-up.",
    )
    planned: StrictBool = Field(
        default=False, description="The day's planned session was done, as it was planned."
    )
    exercises: list[LoggedExercise] | None = Field(
        default=None, min_length=1, max_length=MAX_LOGGED_EXERCISES
    )
    pain_before: Annotated[int | None, Number] = Field(default=None, ge=0, le=10)
    pain_after: Annotated[int | None, Number] = Field(default=None, ge=0, le=10)
    difficulty: Difficulty | None = None
    again: StrictBool = Field(
        default=False,
        description="Record it even if the same session was just logged (409 otherwise): it "
        "was done twice.",
    )


class AlreadyLoggedDetail(BaseModel):
    message: str
    session_id: int = Field(description="The session already stored.")


class AlreadyLoggedProblem(BaseModel):
    """The same session was logged a moment ago; nothing was recorded twice."""

    detail: AlreadyLoggedDetail


_RESPONSES: dict[int | str, dict[str, Any]] = {
    **WITHHELD,
    409: {
        "model": Withheld | AlreadyLoggedProblem,
        "description": "Nothing recorded: the screening calls for a clinician first, or the same "
        "session was just logged",
    },
}


@router.post(
    "/logged",
    status_code=201,
    summary="Record a session done away from the computer",
    description=(
        "Stored whole as a completed session (source `log`), one record per set done as planned: "
        "the day's plan (`planned: true`) or the `exercises` named, each with the catalog's dose "
        "where none is given. Answers the stored session, as GET /sessions/{session_id} gives "
        "it, with `warnings`: the exercises the person's conditions leave out of their plan "
        "(recorded all the same). While the screening calls for a clinician first, nothing is "
        "recorded: 409 with the referral. The same session sent again (same day, exercises, "
        "doses and answers, logged a moment ago: a double click) is not recorded twice: 409 "
        "with the stored session's id, unless `again: true` says it was done twice."
    ),
    responses=_RESPONSES,
)
def log_session(request: LoggedRequest, state: State) -> dict[str, Any]:
    done = _done(request)
    feedback = SessionFeedback(
        pain_before=request.pain_before,
        pain_after=request.pain_after,
        difficulty=request.difficulty,
    )
    day = request.date or datetime.date.today()
    try:
        logged = services.log_session(
            state.repository(),
            state.catalog,
            day,
            done,
            feedback,
            note="Logged afterwards with POST /api/v1/sessions/logged.",
            again=request.again,
        )
    except services.NoProfile:
        no_profile()
    except PlanWithheld as error:
        withheld(error)
    except services.RecordDayRefused as refused:
        field_error(["body", "date"], str(refused))
    except services.AlreadyLogged as repeated:
        message = f"{repeated}; send again: true if it was done twice"
        raise HTTPException(409, {"message": message, "session_id": repeated.session.id}) from None
    except services.LogRefused as refused:
        field_error(_where(refused), str(refused))
    warnings = [
        {"exercise_id": exercise.id, "conditions": left.conditions, "message": left.reason}
        for exercise, left in logged.left_out
    ]
    return {**logged.session.model_dump(mode="json"), "warnings": warnings}


def _done(request: LoggedRequest) -> list[services.DoneExercise] | Literal["planned"]:
    if request.planned and request.exercises is not None:
        field_error(
            ["body", "exercises"],
            "planned: true records the day's plan as it was planned: send either it or the "
            "exercises done, not both",
        )
    if request.planned:
        return services.PLANNED
    if request.exercises is None:
        field_error(["body", "exercises"], "name the exercises done, or send planned: true")
    return [services.DoneExercise(e.id, e.sets, e.reps, e.hold_seconds) for e in request.exercises]


def _where(refused: services.LogRefused) -> list[str | int]:
    """Where in the body the refusal points: an exercise's id or dose, the plan, or the body."""
    if isinstance(refused, services.NothingToLog):
        return ["body", "planned"]
    if refused.index is None:
        return ["body"]
    part = "id" if refused.field == "exercise" else refused.field or "id"
    return ["body", "exercises", refused.index, part]
