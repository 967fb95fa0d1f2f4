"""Exercise figures as SVG, drawn from the key poses in the catalog."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response

from strongback.web._state import AppState, app_state, exercise_or_404

router = APIRouter()
State = Annotated[AppState, Depends(app_state)]


@router.get("/figures/{exercise_id}.svg")
def figure(exercise_id: str, state: State, animate: bool = True) -> Response:
    from strongback.render.figures import figure_svg

    exercise = exercise_or_404(state, exercise_id)
    try:
        svg = figure_svg(exercise, animate=animate)
    except ValueError as error:  # an exercise from an extension may have no key poses yet
        raise HTTPException(404, str(error)) from None
    # Figures change only with the catalog, which changes only with a new version.
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "max-age=3600"})
