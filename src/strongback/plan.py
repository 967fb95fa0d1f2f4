"""What the planner hands out: a session of exercises with their doses and reasons, and a week.

Pure data shared by the planner (which builds it), the timeline (which times it), the store (which
keeps it) and the players, the handout and the API (which show it).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from strongback.catalog import Dosage, Kind, Position, Sides


class Phase(StrEnum):
    STRETCH = "stretch"  # warm up and ease the painful areas first
    STRENGTHEN = "strengthen"


class DayKind(StrEnum):
    FULL = "full"  # stretches, then strengthening
    STRETCH = "stretch"  # the daily stretches only
    REST = "rest"


class PlannedExercise(BaseModel):
    model_config = ConfigDict(frozen=True)

    exercise_id: str
    name: str
    kind: Kind
    phase: Phase
    position: Position
    sides: Sides
    dosage: Dosage
    estimated_seconds: int = Field(ge=0)
    why: str = Field(description="Plain words: which areas and muscles it serves.")
    sources: list[str] = Field(description="Titles of the articles it comes from.")


class SessionPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date
    kind: DayKind
    exercises: list[PlannedExercise]
    estimated_seconds: int = Field(ge=0)
    minutes_budget: int
    notes: list[str] = Field(default_factory=list)

    @property
    def estimated_minutes(self) -> float:
        return self.estimated_seconds / 60


class WeekPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: date
    days: list[SessionPlan] = Field(min_length=7, max_length=7)
