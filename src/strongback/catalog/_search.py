"""Choosing exercises by their properties: the one filter behind `strongback exercises`, the web
library and the API."""

from __future__ import annotations

from collections.abc import Collection

from strongback.catalog._loader import Catalog
from strongback.catalog._models import Equipment, Exercise, Kind, Level, Position, Region


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
    """
    found = catalog.search(text) if text else list(catalog)
    regions, positions, equipment = set(regions), set(positions), set(equipment)
    kinds, levels = set(kinds), set(levels)
    return [
        e
        for e in found
        if (not regions or regions & set(e.regions))
        and (not positions or e.position in positions)
        and (not equipment or equipment & set(e.equipment))
        and (not kinds or e.kind in kinds)
        and (not levels or e.level in levels)
    ]
