"""A set coached by the browser's camera, saved as `strongback coach` saves one.

The camera page posts the `summary` its WebSocket gave; `services.record_coached_set` decides where
the set goes, so the terminal and the browser keep one rule.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Response
from pydantic import BaseModel, ConfigDict, Field

from strongback import services
from strongback.catalog import Exercise
from strongback.catalog.camera import Measure
from strongback.coached_set import CoachSummary
from strongback.limits import MAX_STORED_INTEGER
from strongback.planner import PlanWithheld
from strongback.records import SessionSource
from strongback.store import NotFound
from strongback.web._state import AppState, app_state
from strongback.web.api._errors import NOT_FOUND, field_error, withheld
from strongback.web.api.sessions import CLOSED_OR_WITHHELD, NO_NUL, Number

router = APIRouter(prefix="/sessions", tags=["sessions"])
State = Annotated[AppState, Depends(app_state)]

# What a camera measured is not a dose: strongback.limits bounds what is planned or typed in
# (MAX_REPS, MAX_HOLD_SECONDS), and a person may well do more than planned in front of the camera
# (55 crunches, a 150 s sphinx hold), which `strongback coach` saves too. Refusing it here would
# lose the set, so these bounds only keep out what no set could be: at most an hour a hold, and
# a thousand reps or holds, which also keeps a request body small.
MAX_MEASURED_REPS = 1000
MAX_MEASURED_HOLDS = 1000
MAX_MEASURED_HOLD_SECONDS = 3600
MAX_MEASURED_SET_SECONDS = 4 * 3600
# A summary must hold together: no one does more than two reps a second, and the camera's holds
# fit in the time it filmed (each rounded to 0.1 s, hence the leeway).
MAX_REPS_PER_SECOND = 2
ROUNDING_SECONDS = 0.1

# Strings and counts stay within what the store can hold.
Message = Annotated[str, Field(min_length=1, max_length=300, pattern=NO_NUL)]
HoldSeconds = Annotated[float, Number, Field(ge=0, le=MAX_MEASURED_HOLD_SECONDS)]
Times = Annotated[int, Number, Field(ge=1, le=100_000)]


class CoachedSetRequest(BaseModel):
    """The camera's summary of one set, as the WebSocket's `summary` message gives it."""

    model_config = ConfigDict(extra="forbid")

    exercise_id: str = Field(min_length=1, max_length=100, pattern=NO_NUL)
    # Measured, so bounded for sanity only (see MAX_MEASURED_REPS), not by a dose's limits.
    reps: Annotated[int, Number] = Field(
        ge=0,
        le=MAX_MEASURED_REPS,
        description=(
            "Reps counted; for an exercise the camera times, the number of holds (or 0). At most "
            f"{MAX_REPS_PER_SECOND} a second of `seconds`."
        ),
    )
    holds: list[HoldSeconds] = Field(
        default_factory=list,
        max_length=MAX_MEASURED_HOLDS,
        description=(
            "Each hold's seconds, only for an exercise the camera times; together no longer "
            "than `seconds`."
        ),
    )
    form: dict[Message, Times] = Field(
        default_factory=dict, max_length=100, description="Each piece of feedback, times said."
    )
    seconds: Annotated[float, Number] = Field(
        default=0.0,
        ge=0,
        le=MAX_MEASURED_SET_SECONDS,
        description="How long the set took; 0 when not known.",
    )
    session_id: Annotated[int | None, Number] = Field(
        default=None,
        ge=1,
        le=MAX_STORED_INTEGER,
        description="The session the player sent the person from; the set must belong to it.",
    )


class CoachedSetAnswer(BaseModel):
    saved: bool
    message: str = Field(description="What happened, in the words the terminal uses too.")
    session_id: int | None = None
    own_session: bool | None = Field(
        default=None, description="True when the set became a session of its own."
    )
    set: dict[str, Any] | None = None


@router.post(
    "/coached",
    status_code=201,
    summary="Save a set the camera coached",
    response_model=CoachedSetAnswer,
    responses={
        200: {"model": CoachedSetAnswer, "description": "Nothing was counted, so nothing saved"},
        **NOT_FOUND,
        **CLOSED_OR_WITHHELD,
    },
)
def record_coached_set(
    request: CoachedSetRequest, state: State, response: Response
) -> CoachedSetAnswer:
    exercise = state.catalog.find(request.exercise_id)
    if exercise is None:
        close = [e.id for e in state.catalog.suggest(request.exercise_id, limit=3)]
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        field_error(["body", "exercise_id"], f"no exercise '{request.exercise_id}'{hint}")
    if exercise.camera is None:
        field_error(["body", "exercise_id"], f"the camera cannot check {exercise.id}")
    summary = _consistent(request, exercise)
    try:
        saved = services.record_coached_set(
            state.repository(),
            state.catalog,
            exercise,
            summary,
            datetime.now(UTC),
            session_id=request.session_id,
            source=SessionSource.WEB,  # a day's session it starts goes on in the browser
        )
    except PlanWithheld as error:
        withheld(error)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except (services.SessionClosed, services.LeftOut) as error:
        raise HTTPException(409, str(error)) from None
    except services.NotInPlan as error:
        field_error(["body", "exercise_id"], str(error))
    if saved is None:
        response.status_code = 200
        return CoachedSetAnswer(saved=False, message=services.NOTHING_COACHED)
    return CoachedSetAnswer(
        saved=True,
        message=saved.message_for(services.RESUME_IN_BROWSER),
        session_id=saved.session_id,
        own_session=saved.own_session,
        set=saved.set.model_dump(mode="json"),
    )


def _consistent(request: CoachedSetRequest, exercise: Exercise) -> CoachSummary:
    """The summary, when its numbers hold together for this exercise; a 422 naming the field
    that does not. An exercise the camera times counts its holds: `reps` 0 means as many."""
    assert exercise.camera is not None  # checked by the caller
    reps, holds, seconds = request.reps, tuple(request.holds), request.seconds
    if exercise.camera.measure is Measure.HOLD:
        if reps and not holds:
            field_error(
                ["body", "reps"],
                f"the camera times {exercise.id} in holds: send each hold's seconds in holds "
                f"(reps {reps} came with none)",
            )
        if reps not in (0, len(holds)):
            field_error(
                ["body", "reps"],
                f"the camera times {exercise.id} in holds, so reps counts the holds: "
                f"{len(holds)} (or 0), not {reps}",
            )
        reps = len(holds)
    elif holds:
        field_error(
            ["body", "holds"],
            f"the camera counts reps of {exercise.id}, so a set of it has no holds",
        )
    if seconds > 0:
        longest = max(holds, default=0.0)
        if longest > seconds + ROUNDING_SECONDS:
            field_error(
                ["body", "holds"],
                f"a hold of {longest:g} s is longer than the set ({seconds:g} s)",
            )
        if sum(holds) > seconds + ROUNDING_SECONDS * (len(holds) + 1):
            field_error(
                ["body", "holds"],
                f"the holds add up to {sum(holds):g} s, longer than the set ({seconds:g} s)",
            )
        if reps > MAX_REPS_PER_SECOND * seconds + 1:
            field_error(
                ["body", "reps"],
                f"{reps} reps in {seconds:g} s is more than {MAX_REPS_PER_SECOND} a second",
            )
    return CoachSummary(reps, holds, dict(request.form), seconds)
