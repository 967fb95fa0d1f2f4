"""Choosing exercises by their properties: the one filter behind `strongback exercises`, the web
library and the API."""

from __future__ import annotations

from collections.abc import Collection

from strongback.catalog._catalog import Catalog
from strongback.catalog._models import Equipment, Exercise, Kind, Level, Position, Region

# The answers file and the setup questions name pain areas `neck`, `upper`, `middle` and `lower`
# (profile.PainArea); the catalog names regions `neck`, `upper-back`, ... A region filter takes
# either spelling: this is the one place the short words are mapped.
REGION_ALIASES: dict[str, Region] = {
    "upper": Region.UPPER_BACK,
    "middle": Region.MIDDLE_BACK,
    "lower": Region.LOWER_BACK,
}


def accepted_regions() -> str:
    """Every spelling a region filter takes, for help and error messages."""
    aliases = ", ".join(f"{alias} ({region.value})" for alias, region in REGION_ALIASES.items())
    return f"{', '.join(r.value for r in Region)}; or as in the answers file: {aliases}"


def region_named(name: Region | str) -> Region:
    """A region from its catalog value or the answers file's word for it (any case).

    Raises ValueError naming every accepted spelling."""
    if isinstance(name, Region):
        return name
    word = name.strip().lower()
    found = REGION_ALIASES.get(word)
    if found is not None:
        return found
    try:
        return Region(word)
    except ValueError:
        raise ValueError(f"unknown region {name!r}; choose from {accepted_regions()}") from None


def select(
    catalog: Catalog,
    *,
    text: str | None = None,
    regions: Collection[Region | str] = (),
    positions: Collection[Position | str] = (),
    equipment: Collection[Equipment | str] = (),
    kinds: Collection[Kind | str] = (),
    levels: Collection[Level | int] = (),
) -> list[Exercise]:
    """Exercises matching `text` (see `Catalog.search`) and every non-empty filter.

    Within one filter any value may match (two regions: either region), so repeated options
    widen a filter while different filters narrow the list. Values may be enum members or their
    plain values: the enums are `str` and `int` subclasses that compare and hash as their values.
    A region may also be the answers file's word (`lower`); an unknown one raises ValueError.
    Equipment `none` finds every exercise that needs nothing special, as the planner sees it:
    those that list `none`, and those that use only everyday things (`Equipment.everyday`).
    """
    found = catalog.search(text) if text else list(catalog)
    regions = {region_named(r) for r in regions}
    positions, equipment = set(positions), set(equipment)
    kinds, levels = set(kinds), set(levels)
    return [
        e
        for e in found
        if (not regions or regions & set(e.regions))
        and (not positions or e.position in positions)
        and (not equipment or _uses(e, equipment))
        and (not kinds or e.kind in kinds)
        and (not levels or e.level in levels)
    ]


def _uses(exercise: Exercise, equipment: set[Equipment | str]) -> bool:
    if equipment & set(exercise.equipment):
        return True
    return Equipment.NONE in equipment and not exercise.needs
