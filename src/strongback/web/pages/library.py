"""The exercise library: a filterable list and a page per exercise."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from strongback import services
from strongback.catalog import Equipment, Exercise, Kind, Level, Position, Region
from strongback.web._filters import LibraryQuery
from strongback.web._state import AppState, app_state, canonical_redirect, exercise_or_404
from strongback.web._templates import templates
from strongback.web.api._params import query_as_declared

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]


def left_out_message(exercise: Exercise, left_out: services.LeftOut) -> Markup:
    """`services.LeftOut` in a web page's words: a link to the exercise's cautions in the library
    where the terminal's message names a command (`strongback show ...`) a browser cannot run."""
    return Markup(
        '{reason}: <a href="/library/{id}#cautions">its cautions in the library</a> say more'
    ).format(reason=left_out.reason, id=exercise.id)


# A filter given twice widens it, as on the command line; anything else repeated or unknown is
# refused with a 422 rather than read as its last value.
@router.get("/library", response_class=HTMLResponse, dependencies=[Depends(query_as_declared)])
def library(
    request: Request, state: State, query: Annotated[LibraryQuery, Query()]
) -> HTMLResponse:
    found = query.apply(state.catalog)
    context = {
        "exercises": found,
        "total": len(state.catalog),
        "filters": query,
        # Each choice with the words the cards use for it; the values stay the query's.
        "choices": {
            "region": [(r, r.label) for r in Region],
            "position": [(p, p.label) for p in Position],
            "equipment": [(q, q.label) for q in Equipment],
            "kind": [(k, k.value) for k in Kind],
            "level": [(n, f"{n.value} ({n.label})") for n in Level],
        },
    }
    # htmx asks for the results list only, so filtering does not reload the page.
    name = "_exercise_list.html" if request.headers.get("HX-Request") else "library.html"
    return templates.TemplateResponse(request, name, context)


@router.get("/library/{exercise_id}", response_class=HTMLResponse)
def exercise_page(exercise_id: str, request: Request, state: State) -> Response:
    exercise = exercise_or_404(state, exercise_id)
    if exercise.id != exercise_id:  # a name or an alias: the page lives at the id
        return canonical_redirect(request, f"/library/{exercise.id}")
    variants = {
        "easier": [state.catalog.exercises[i] for i in exercise.easier],
        "harder": [state.catalog.exercises[i] for i in exercise.harder],
    }
    # The camera check is exercise: not offered while the answers call for a clinician first.
    # Nor for an exercise the person's own data leaves out for one of their conditions.
    camera_withheld = False
    left_out: Markup | None = None
    if exercise.camera is not None:
        try:
            services.ensure_may_coach(state.repository(), exercise)
        except services.ExerciseWithheld:
            camera_withheld = True
        except services.LeftOut as why:
            left_out = left_out_message(exercise, why)
    return templates.TemplateResponse(
        request,
        "exercise.html",
        {
            "exercise": exercise,
            "variants": variants,
            "camera_withheld": camera_withheld,
            "left_out": left_out,
            "sources": [
                (state.catalog.articles[s.article].title, s.where) for s in exercise.sources
            ],
        },
    )
