"""The library filters as one query model, shared by the API and the library page."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from strongback.catalog import Catalog, Equipment, Exercise, Kind, Level, Position, Region
from strongback.catalog.search import region_named, select

# As on the command line (`strongback exercises --region neck --region lower`), a filter given
# twice widens: either value may match. Different filters narrow the list.
WIDENS = "Repeat to widen: an exercise matching any of the values is listed."


def _region_alias(value: object) -> object:
    """The answers file's words (`lower`, `upper`) name regions too, as on the command line; an
    unknown word is left for the enum to refuse with its list of values."""
    if isinstance(value, str):
        try:
            return region_named(value)
        except ValueError:
            return value
    return value


RegionName = Annotated[Region, BeforeValidator(_region_alias)]


class ExerciseQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    region: list[RegionName] = Field(
        default_factory=list, description=f"A region, or the answers file's word. {WIDENS}"
    )
    position: list[Position] = Field(default_factory=list, description=WIDENS)
    equipment: list[Equipment] = Field(
        default_factory=list,
        description=(
            "What the exercise uses; `none` lists all that need nothing special (a mat, carpet "
            "or blanket, a chair, a cushion and a bit of wall are everyday things). "
            f"{WIDENS}"
        ),
    )
    kind: list[Kind] = Field(default_factory=list, description=WIDENS)
    level: list[Level] = Field(default_factory=list, description=f"1, 2 or 3. {WIDENS}")
    search: str | None = Field(
        default=None, max_length=100, description="Words in an exercise's name or aliases."
    )
    # `q` is the name a search box usually sends (`/library?q=bridge`). Like any other filter,
    # given together with `search` it narrows: both sets of words must match.
    q: str | None = Field(
        default=None, max_length=100, description="The same as `search`; both given: both match."
    )

    def apply(self, catalog: Catalog) -> list[Exercise]:
        found = select(
            catalog,
            text=self.search,
            regions=self.region,
            positions=self.position,
            equipment=self.equipment,
            kinds=self.kind,
            levels=self.level,
        )
        if self.q:
            matching = {e.id for e in catalog.search(self.q)}
            found = [e for e in found if e.id in matching]
        return found


class LibraryQuery(ExerciseQuery):
    """The library page's form: its "Any" option submits an empty value, which means no filter.

    Only the page is this lenient; the JSON API refuses a blank value, as its schema says.
    """

    @model_validator(mode="before")
    @classmethod
    def _blank_means_any(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        kept: dict[str, Any] = {}
        for key, value in data.items():
            chosen = [v for v in value if v not in ("", None)] if isinstance(value, list) else value
            if chosen not in ("", None, []):
                kept[key] = chosen
        return kept
