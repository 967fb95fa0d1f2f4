"""The library filters as one query model, shared by the API and the library page."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from strongback.catalog import Catalog, Equipment, Exercise, Kind, Level, Position, Region
from strongback.catalog.search import region_named, select


def _region_alias(value: object) -> object:
    """The answers file's words (`lower`, `upper`) name regions too, as on the command line; an
    unknown word is left for the enum to refuse with its list of values."""
    if isinstance(value, str):
        try:
            return region_named(value)
        except ValueError:
            return value
    return value


class ExerciseQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: Annotated[Region | None, BeforeValidator(_region_alias)] = None
    position: Position | None = None
    equipment: Equipment | None = None
    kind: Kind | None = None
    level: Level | None = Field(default=None, description="1, 2 or 3")
    search: str | None = Field(default=None, max_length=100)

    def apply(self, catalog: Catalog) -> list[Exercise]:
        return select(
            catalog,
            text=self.search,
            regions=[self.region] if self.region else [],
            positions=[self.position] if self.position else [],
            equipment=[self.equipment] if self.equipment else [],
            kinds=[self.kind] if self.kind else [],
            levels=[self.level] if self.level is not None else [],
        )


class LibraryQuery(ExerciseQuery):
    """The library page's form: its "Any" option submits an empty value, which means no filter.

    Only the page is this lenient; the JSON API refuses a blank value, as its schema says.
    """

    @model_validator(mode="before")
    @classmethod
    def _blank_means_any(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {key: value for key, value in data.items() if value not in ("", None)}
        return data
