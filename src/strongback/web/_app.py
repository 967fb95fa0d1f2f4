"""The app factory: one FastAPI app per call, with its settings and catalog passed in."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from strongback import __version__
from strongback.catalog import Catalog, default_catalog
from strongback.settings import Settings
from strongback.web._guard import RequestGuard
from strongback.web._state import AppState
from strongback.web._templates import templates
from strongback.web.api._errors import Problem

logger = logging.getLogger("strongback.web")

STATIC_DIR = Path(__file__).parent / "static"
API_PREFIX = "/api/v1"
# What FastAPI says when a body cannot even be decoded (e.g. bytes that are not UTF-8). Malformed
# JSON text is already a 422 with details; undecodable bytes deserve the same answer.
BODY_NOT_DECODED = "There was an error parsing the body"
UNAVAILABLE = 503
# What a person reads when the database cannot be used; the driver's reason follows.
DATABASE_DOWN = "Your data cannot be reached right now, so nothing was read or saved"
DATABASE_ADVICE = "Check that the database is running, then try again."
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {
        "model": Problem,
        "description": "Refused: another site's request, or a host name this server does not use",
    }
}


def create_app(
    settings: Settings | None = None,
    *,
    catalog: Catalog | None = None,
    clock_speed: float = 1.0,
    allowed_hosts: Iterable[str] = (),
    any_address: bool = False,
) -> FastAPI:
    """Build the app. `clock_speed` > 1 plays sessions faster: a test-only setting.

    The app answers to localhost, the address a connection arrives on, the settings'
    `allowed_hosts` and these `allowed_hosts` (tests add the test client's "testserver"), and
    with `any_address` (listening on every interface) to any IP address.
    """
    from strongback.coach.web import router as coach_router
    from strongback.web import pages
    from strongback.web.api import router as api_router

    state = AppState(
        # `is None`, not `or`: a catalog given is used as it is, whatever its truth value (an
        # empty one is falsy, being sized).
        settings=Settings.from_env() if settings is None else settings,
        catalog=default_catalog() if catalog is None else catalog,
        clock_speed=clock_speed,
    )

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        state.close()  # pooled connections must not outlive the server

    app = FastAPI(
        lifespan=lifespan,
        title="strongback",
        version=__version__,
        description=(
            "The local API of strongback, an open back-care exercise coach. Everything stays on "
            "this machine. strongback is not a substitute for a clinician."
        ),
        docs_url=None,  # served below from vendored files: FastAPI's default loads a CDN
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    app.state.strongback = state
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(api_router, prefix=API_PREFIX, responses=FORBIDDEN)
    app.include_router(pages.router)
    app.include_router(coach_router)  # the camera's WebSocket; MediaPipe loads on first connect
    _install_docs(app)
    _install_error_handlers(app)
    # Outermost, so that no route, static file or WebSocket is reached by a refused request.
    app.add_middleware(
        RequestGuard,
        allowed_hosts=(*state.settings.allowed_hosts, *allowed_hosts),
        any_address=any_address,
        refuse=lambda request, message: _refusal(app, request, message),
    )
    return app


def _install_docs(app: FastAPI) -> None:
    from fastapi.openapi.docs import get_swagger_ui_html

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_elsewhere() -> RedirectResponse:
        # Where FastAPI apps usually keep it; ours is versioned with the API.
        return RedirectResponse(app.openapi_url or f"{API_PREFIX}/openapi.json")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or f"{API_PREFIX}/openapi.json",
            title="strongback API",
            swagger_js_url="/static/vendor/swagger-ui-bundle.js",
            swagger_css_url="/static/vendor/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith(API_PREFIX)


def _refusal(app: FastAPI, request: Request, message: str) -> Response:
    # The guard answers before the router has put itself in the scope; pages need it for url_for.
    request.scope.setdefault("router", app.router)
    return _error_response(request, 403, message)


def _error_response(request: Request, status: int, detail: Any) -> Response:
    """An error as the API gives it (JSON `{"detail": ...}`) or as a page."""
    if _wants_json(request):
        return JSONResponse({"detail": detail}, status_code=status)
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": detail}, status_code=status
    )


def _database_reason(exc: Exception) -> str:
    """The driver's own words for a database failure, on one line: never the SQL statement or
    its parameters, which SQLAlchemy's message carries."""
    from sqlalchemy.exc import DBAPIError

    said = str(exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc)
    if isinstance(exc, DBAPIError) and exc.orig is None:
        said = ""
    reason = " ".join(line.strip() for line in said.splitlines() if line.strip()).rstrip(".")
    return reason or type(exc).__name__


def _database_down(request: Request, exc: Exception) -> Response:
    """503 for a database that cannot be opened or used: JSON for the API, a page otherwise.

    One warning line in the log, not a traceback: the server is fine, its database is not.
    """
    reason = _database_reason(exc)
    logger.warning(
        "%s %s: the database cannot be used: %s", request.method, request.url.path, reason
    )
    message = f"{DATABASE_DOWN}: {reason}. {DATABASE_ADVICE}"
    response = _error_response(request, UNAVAILABLE, message)
    response.headers["Retry-After"] = "10"
    return response


def _install_database_handlers(app: FastAPI) -> None:
    """The store's failures to open (`StoreError`) and SQLAlchemy's while in use become a 503.

    Routes answer the store's meaningful errors themselves (a session not found is a 404); one
    that slips through still gets its own status here rather than a 503 or a 500. `NotFound` is
    the core's (the use cases raise it too), not a `StoreError`, so it has a handler of its own.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from strongback.store import InvalidExport, NotFound, StoreError, StoreNotEmpty

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error_response(request, 404, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> Response:
        if isinstance(exc, StoreNotEmpty):
            return _error_response(request, 409, str(exc))
        if isinstance(exc, InvalidExport):
            return _error_response(request, 422, str(exc))
        return _database_down(request, exc)

    @app.exception_handler(SQLAlchemyError)
    async def database_error(request: Request, exc: SQLAlchemyError) -> Response:
        return _database_down(request, exc)


def _install_error_handlers(app: FastAPI) -> None:
    _install_database_handlers(app)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) and exc.status_code == 400 and exc.detail == BODY_NOT_DECODED:
            details = [{"loc": ["body"], "msg": "not JSON text in UTF-8", "type": "json_invalid"}]
            return JSONResponse({"detail": details}, status_code=422)
        return _error_response(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        details: list[dict[str, Any]] = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        if _wants_json(request):
            return JSONResponse({"detail": details}, status_code=422)
        message = "; ".join(f"{'.'.join(map(str, d['loc'][1:]))}: {d['msg']}" for d in details)
        return HTMLResponse(
            templates.get_template("error.html").render(
                request=request, status=422, message=message
            ),
            status_code=422,
        )
