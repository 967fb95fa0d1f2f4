"""Server-rendered pages, one module per area; each route gathers data and renders one template."""

from fastapi import APIRouter

from strongback.web.pages import (
    coach,
    figures,
    knowledge,
    library,
    log,
    onboarding,
    plan,
    progress,
    settings,
)

router = APIRouter(include_in_schema=False)
router.include_router(onboarding.router)
router.include_router(plan.router)
router.include_router(progress.router)
router.include_router(log.router)
router.include_router(settings.router)
router.include_router(library.router)
router.include_router(knowledge.router)
router.include_router(figures.router)
router.include_router(coach.router)
