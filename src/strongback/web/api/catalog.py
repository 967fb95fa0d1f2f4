"""Read-only catalog resources: exercises, articles, sports, advice, breathing."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

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


@router.get(
    "/exercises/{exercise_id}", summary="One exercise with all its fields", responses=NOT_FOUND
)
def get_exercise(exercise_id: str, state: State) -> dict[str, Any]:
    exercise = exercise_or_404(state, exercise_id)
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
