"""The JSON API, version 1: one router per resource.

Every operation refuses a query parameter it does not declare, and a repeated one that takes a
single value, with a 422 naming it: silently keeping the last value answers another question.
"""

from fastapi import APIRouter, Depends

from strongback.web.api import (
    catalog,
    coached,
    data,
    downloads,
    logged,
    plan,
    profile,
    progress,
    sessions,
)
from strongback.web.api._errors import INVALID
from strongback.web.api._params import query_as_declared

router = APIRouter(dependencies=[Depends(query_as_declared)], responses=INVALID)
router.include_router(catalog.router)
router.include_router(profile.router)
router.include_router(plan.router)
# Before the sessions' own routes, so that /sessions/logged is never read as a session's id.
router.include_router(logged.router)
router.include_router(sessions.router)
router.include_router(coached.router)
router.include_router(progress.router)
router.include_router(downloads.router)
router.include_router(data.router)
