"""What every request may need, created once per app and reached through `app.state`."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse

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
    # Sync routes run in a thread pool: without it, two first requests at once would each open
    # the store, and one engine (with its pooled connections) would be left unclosed.
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def repository(self) -> Repository:
        # Opened on first use so that pages which only read the catalog never touch the database.
        repository = self._repository
        if repository is None:
            with self._lock:
                if self._repository is None:
                    from strongback.store import open_store

                    self._repository = open_store(self.settings)
                repository = self._repository
        return repository

    def close(self) -> None:
        """Release the database connections; the next request would open them again."""
        with self._lock:
            if self._repository is not None:
                self._repository.close()
                self._repository = None


def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.strongback
    return state


def where_to_start(state: AppState) -> str | None:
    """The page a person must see before any plan: onboarding, or the referral; None when clear.

    The referral follows the one safety gate every other way in applies
    (`services.ensure_plan_allowed`), not the screening stored with the answers alone.
    """
    from strongback import services
    from strongback.planner import PlanWithheld

    repository = state.repository()
    if repository.current_profile() is None:
        return "/onboarding"
    try:
        services.ensure_plan_allowed(repository)
    except PlanWithheld:
        return "/referral"
    return None


def exercise_or_404(state: AppState, name: str) -> Exercise:
    """The exercise with this id, name or alias (as `strongback show` and the camera find one),
    or a 404 that suggests the closest ones."""
    exercise = state.catalog.find(name)
    if exercise is None:
        suggestions = [e.id for e in state.catalog.suggest(name, limit=3)]
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        raise HTTPException(404, f"There is no exercise called '{name}'.{hint}")
    return exercise


def canonical_redirect(request: Request, path: str) -> RedirectResponse:
    """308 to a page's own address (`/library/bridge` for `/library/Bridge`), query kept, so that
    each page has one address to bookmark and share."""
    query = request.url.query
    return RedirectResponse(f"{path}?{query}" if query else path, status_code=308)
