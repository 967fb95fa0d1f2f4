"""What every request may need, created once per app and reached through `app.state`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request

from strongback.catalog import Catalog, Exercise
from strongback.settings import Settings

if TYPE_CHECKING:
    from strongback.store import Repository


@dataclass
class AppState:
    settings: Settings
    catalog: Catalog
    clock_speed: float = 1.0
    _repository: Repository | None = field(default=None, repr=False)

    def repository(self) -> Repository:
        # Opened on first use so that pages which only read the catalog never touch the database.
        if self._repository is None:
            from strongback.store import open_store

            self._repository = open_store(self.settings)
        return self._repository

    def close(self) -> None:
        """Release the database connections; the next request would open them again."""
        if self._repository is not None:
            self._repository.close()
            self._repository = None


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.strongback
    return state


def where_to_start(state: AppState) -> str | None:
    """The page a person must see before any plan: onboarding, or the referral; None when clear."""
    stored = state.repository().current_profile()
    if stored is None:
        return "/onboarding"
    if stored.screening.blocks_plan:
        return "/referral"
    return None


def exercise_or_404(state: AppState, exercise_id: str) -> Exercise:
    """The exercise with this id, or a 404 that suggests the closest ones."""
    exercise = state.catalog.get(exercise_id)
    if exercise is None:
        suggestions = [e.id for e in state.catalog.suggest(exercise_id, limit=3)]
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        raise HTTPException(404, f"There is no exercise called '{exercise_id}'.{hint}")
    return exercise
