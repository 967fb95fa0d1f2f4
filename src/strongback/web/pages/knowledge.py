"""Advice and Sports: the catalog's everyday advice for the back and the sports that strengthen it,
each item with the articles it comes from, as `strongback advice` and `strongback sports` show them
in the terminal and /api/v1/advice and /api/v1/sports give them.

Both pages speak of exercise, so while the saved answers call for a clinician first they open with
the referral: what is said here waits for that clinician's word, as a plan does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from strongback import services
from strongback.planner import PlanWithheld
from strongback.web._state import AppState, app_state
from strongback.web._templates import templates

if TYPE_CHECKING:
    from strongback.catalog import Catalog, Source

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]


@router.get("/advice", response_class=HTMLResponse)
def advice(request: Request, state: State) -> HTMLResponse:
    catalog = state.catalog
    items = [
        {"id": a.id, "title": a.topic, "text": a.text, "sources": _sources(catalog, a.sources)}
        for a in catalog.advice
    ]
    return _page(request, state, "advice.html", items)


@router.get("/sports", response_class=HTMLResponse)
def sports(request: Request, state: State) -> HTMLResponse:
    catalog = state.catalog
    items = [
        {
            "id": s.id,
            "title": s.name,
            "text": s.why,
            "note": s.note,
            "sources": _sources(catalog, s.sources),
        }
        for s in catalog.sports
    ]
    return _page(request, state, "sports.html", items)


def _sources(catalog: Catalog, sources: list[Source]) -> list[tuple[str, str]]:
    """Each source as the article's title and the place in it, as the exercise pages cite them."""
    return [(catalog.articles[s.article].title, s.where) for s in sources]


def _page(
    request: Request, state: State, template: str, items: list[dict[str, Any]]
) -> HTMLResponse:
    withheld: PlanWithheld | None = None
    try:
        services.ensure_plan_allowed(state.repository())
    except PlanWithheld as referral:
        withheld = referral
    return templates.TemplateResponse(request, template, {"items": items, "withheld": withheld})
