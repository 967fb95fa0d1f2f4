"""The library filters as one query model, shared by the API and the library page."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from strongback.catalog import Catalog, Equipment, Exercise, Kind, Level, Position, Region
from strongback.catalog._search import filter_exercises


class ExerciseQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: Region | None = None
    position: Position | None = None
    equipment: Equipment | None = None
    kind: Kind | None = None
    level: Level | None = Field(default=None, description="1, 2 or 3")
    search: str | None = Field(default=None, max_length=100)

    def apply(self, catalog: Catalog) -> list[Exercise]:
        return filter_exercises(catalog, **self.model_dump())
