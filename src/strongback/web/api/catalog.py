"""Read-only catalog resources: exercises, articles, sports, advice, breathing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from strongback.catalog import Exercise
from strongback.web._filters import ExerciseQuery
from strongback.web._state import AppState, app_state, exercise_or_404
from strongback.web.api._errors import NOT_FOUND

router = APIRouter(tags=["catalog"])
State = Annotated[AppState, Depends(app_state)]


def exercise_json(state: AppState, exercise: Exercise) -> dict[str, Any]:
    data = exercise.model_dump(mode="json")
    data["source_titles"] = state.catalog.source_titles(exercise)
    return data


@router.get("/exercises", summary="List exercises, optionally filtered")
def list_exercises(state: State, query: Annotated[ExerciseQuery, Query()]) -> list[dict[str, Any]]:
    return [exercise_json(state, e) for e in query.apply(state.catalog)]


# A name or an alias finds the exercise too, as `strongback show` and the camera find one; the
# answer is the exercise itself (no redirect to follow), and says where it lives.
CANONICAL = {
    "Content-Location": {
        "description": "The exercise's own address, by its id",
        "schema": {"type": "string"},
    }
}


@router.get(
    "/exercises/{exercise_id}",
    summary="One exercise with all its fields",
    description=(
        "`exercise_id` may also be the exercise's name or an alias, in any case (`Bridge`, "
        "`pelvis elevation`): the answer is then the same exercise, whose `id` is in the body "
        "and whose own address is in the Content-Location header."
    ),
    responses={200: {"description": "The exercise", "headers": CANONICAL}, **NOT_FOUND},
)
def get_exercise(
    exercise_id: Annotated[str, Path(description="An id, a name or an alias")],
    state: State,
    request: Request,
    response: Response,
) -> dict[str, Any]:
    exercise = exercise_or_404(state, exercise_id)
    own = request.app.url_path_for("get_exercise", exercise_id=exercise.id)
    response.headers["Content-Location"] = str(own)
    return exercise_json(state, exercise)


@router.get("/articles", summary="The source articles every exercise cites")
def list_articles(state: State) -> list[dict[str, Any]]:
    return [a.model_dump(mode="json") for a in state.catalog.articles.values()]


@router.get("/sports", summary="Back-friendly sports and why they help")
def list_sports(state: State) -> list[dict[str, Any]]:
    return [s.model_dump(mode="json") for s in state.catalog.sports]


@router.get("/advice", summary="Everyday advice for the back")
def list_advice(state: State) -> list[dict[str, Any]]:
    return [a.model_dump(mode="json") for a in state.catalog.advice]


@router.get("/breathing", summary="The breathing rule")
def get_breathing(state: State) -> dict[str, Any]:
    return state.catalog.breathing.model_dump(mode="json")
