"""Finding exercises: the filters shared by `strongback exercises`, the web library and the API."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from strongback.catalog._loader import Catalog
from strongback.catalog._models import Equipment, Exercise, Kind, Level, Position, Region


def normalise(text: str) -> str:
    """Lower-case words only, so 'Bird-dog', 'bird dog' and 'BIRD_DOG' compare equal."""
    return " ".join(re.findall(r"[a-z0-9]+", text.casefold()))


def filter_exercises(
    exercises: Iterable[Exercise],
    *,
    region: Region | None = None,
    position: Position | None = None,
    equipment: Equipment | None = None,
    kind: Kind | None = None,
    level: Level | None = None,
    search: str | None = None,
) -> list[Exercise]:
    """Exercises matching every given filter; `search` matches words of the id, name or aliases."""
    words = normalise(search).split() if search else []
    found = []
    for exercise in exercises:
        if region is not None and region not in exercise.regions:
            continue
        if position is not None and exercise.position is not position:
            continue
        if equipment is not None and equipment not in exercise.equipment:
            continue
        if kind is not None and exercise.kind is not kind:
            continue
        if level is not None and exercise.level is not level:
            continue
        if words:
            haystack = " ".join(normalise(n) for n in (exercise.id, *exercise.names))
            if not all(word in haystack for word in words):
                continue
        found.append(exercise)
    return found


def closest_ids(catalog: Catalog, wanted: str, limit: int = 3) -> list[str]:
    """Ids whose id, name or alias is nearest to `wanted`, for 'did you mean' messages."""
    by_name: dict[str, str] = {}
    for exercise in catalog:
        for name in (exercise.id, *exercise.names):
            by_name.setdefault(normalise(name), exercise.id)
    matches = difflib.get_close_matches(normalise(wanted), list(by_name), n=limit * 3, cutoff=0.5)
    return list(dict.fromkeys(by_name[m] for m in matches))[:limit]


def find_exercise(catalog: Catalog, wanted: str) -> Exercise | None:
    """An exercise by id, or by exact name or alias (ignoring case and punctuation)."""
    exact = catalog.get(wanted)
    if exact is not None:
        return exact
    key = normalise(wanted)
    for exercise in catalog:
        if any(normalise(name) == key for name in (exercise.id, *exercise.names)):
            return exercise
    return None
