"""The person's data in their hands: export everything, or erase everything."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Response
from fastapi.responses import JSONResponse

from strongback.web._state import AppState, app_state

router = APIRouter(tags=["your data"])
State = Annotated[AppState, Depends(app_state)]


@router.get("/export", summary="Everything strongback holds about you, as one JSON document")
def export(state: State, download: bool = False) -> JSONResponse:
    data: dict[str, Any] = state.repository().export_all()
    headers = {}
    if download:
        stamp = datetime.now(UTC).strftime("%Y%m%d")
        headers["Content-Disposition"] = f'attachment; filename="strongback-export-{stamp}.json"'
    return JSONResponse(data, headers=headers)


@router.delete("/data", status_code=204, summary="Erase all your data (profile, plans, sessions)")
def forget(
    state: State,
    confirm: Annotated[Literal["yes"], Query(description="Must be 'yes': this cannot be undone.")],
) -> Response:
    state.repository().forget()
    return Response(status_code=204)
