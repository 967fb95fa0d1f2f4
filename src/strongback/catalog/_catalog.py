"""The loaded catalog: exercises and knowledge, looked up by id, name or alias.

Kept apart from `_loader` (reading and cross-checking the YAML): what the rest of strongback uses
is this lookup, which needs no file access once the catalog is loaded.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from strongback.catalog._models import (
    Advice,
    Article,
    BreathingRule,
    Contraindication,
    Exercise,
    Sport,
)

_WORD = re.compile(r"[a-z0-9]+")


def normalise_name(text: str) -> str:
    """A name reduced to what a person means by it, for lookup and duplicate checks.

    Case, punctuation and a plural `s` do not tell two exercises apart: "Knee-to-chest" and
    "knee to chest", "Alternating straight-leg raises" and "alternating straight leg raise" are one
    name. Words ending in "ss" (press) keep their s, and so do two-letter words (us).
    """
    words = _WORD.findall(text.casefold())
    return " ".join(
        w[:-1] if len(w) > 2 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


@dataclass(frozen=True)
class Catalog:
    exercises: Mapping[str, Exercise]
    articles: Mapping[str, Article]
    sports: tuple[Sport, ...]
    advice: tuple[Advice, ...]
    contraindications: tuple[Contraindication, ...]
    breathing: BreathingRule
    _by_name: dict[str, str] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Ids are names too (`knee-to-chest` normalises like "Knee to chest"); the loader has
        # already rejected names shared by two exercises, so this map is unambiguous.
        by_name: dict[str, str] = {}
        for exercise in self.exercises.values():
            for name in (exercise.id, *exercise.names):
                by_name.setdefault(normalise_name(name), exercise.id)
        object.__setattr__(self, "_by_name", by_name)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises.values())

    def __len__(self) -> int:
        return len(self.exercises)

    def get(self, exercise_id: str) -> Exercise | None:
        return self.exercises.get(exercise_id)

    def find(self, name: str) -> Exercise | None:
        """The exercise with this id, name or alias, ignoring case, punctuation and plurals."""
        exercise = self.exercises.get(name)
        if exercise is not None:
            return exercise
        exercise_id = self._by_name.get(normalise_name(name))
        return None if exercise_id is None else self.exercises[exercise_id]

    def search(self, text: str) -> list[Exercise]:
        """Exercises whose id, name or an alias contains `text` (normalised), in catalog order."""
        needle = normalise_name(text)
        ids = {exercise_id for key, exercise_id in self._by_name.items() if needle in key}
        return [exercise for exercise in self if exercise.id in ids]

    def suggest(self, text: str, limit: int = 5) -> list[Exercise]:
        """The closest exercises to a mistyped id or name: containing it first, then look-alikes."""
        needle = normalise_name(text)
        found = [exercise.id for exercise in self.search(text)] if needle else []
        close = difflib.get_close_matches(needle, list(self._by_name), n=limit * 3, cutoff=0.6)
        found.extend(self._by_name[key] for key in close)
        return [self.exercises[exercise_id] for exercise_id in dict.fromkeys(found)][:limit]

    def source_titles(self, exercise: Exercise) -> list[str]:
        """The titles of the articles an exercise comes from, without repeats, in order."""
        titles = (self.articles[s.article].title for s in exercise.sources)
        return list(dict.fromkeys(titles))
