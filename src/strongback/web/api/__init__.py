"""The JSON API, version 1: one router per resource."""

from fastapi import APIRouter

from strongback.web.api import (
    catalog,
    coached,
    data,
    downloads,
    plan,
    profile,
    progress,
    sessions,
)

router = APIRouter()
router.include_router(catalog.router)
router.include_router(profile.router)
router.include_router(plan.router)
router.include_router(sessions.router)
router.include_router(coached.router)
router.include_router(progress.router)
router.include_router(downloads.router)
router.include_router(data.router)
