"""In real Chromium: "Stop for today" at a flare keeps the day, Today then says so with the
flare's care and offers the stretches alone, which the player plays; and a pain after a session
at the flare level opens the flare's advice before the progress page. axe-core checks both new
screens."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from strongback import services
from strongback.catalog import default_catalog
from strongback.plan import SessionPlan
from strongback.planner import plan_of_exercises
from strongback.records import SessionStatus
from strongback.store import open_store
from tests.e2e.conftest import LiveServer
from tests.e2e.player_steps import start_session
from tests.e2e.test_session_console import _with_profile

AXE = Path(__file__).parent / "assets" / "axe.min.js"
FLARE = services.flare_pain()  # no usual pain is known in these stores: the rules' level


@pytest.fixture
def todays_plan(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], None]:
    """Make today's plan these catalog exercises, for the pages and the API (the server runs in
    this process)."""
    from strongback.services import _sessions

    def plan_of(exercise_ids: list[str]) -> None:
        catalog = default_catalog()
        chosen = [(catalog.exercises[e], catalog.exercises[e].dosage) for e in exercise_ids]

        def planned(repo: object, catalog_: object, day: date) -> SessionPlan:
            return plan_of_exercises(chosen, day, catalog, "Chosen.")

        monkeypatch.setattr(_sessions, "plan_for_day", planned)
        monkeypatch.setattr(services, "plan_for_day", planned)

    return plan_of


def _serious_axe_findings(page: Page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in {"serious", "critical"}]


def test_after_stopping_for_today_today_says_so_and_plays_the_stretches_alone(
    live_server: LiveServer, page: Page, todays_plan: Callable[[list[str]], None]
) -> None:
    _with_profile(live_server)
    todays_plan(["knee-to-chest", "bridge"])
    start_session(page, live_server, FLARE + 1)
    page.get_by_role("button", name="Stop for today").click()
    saved = page.locator("#flare-stopped")
    expect(saved).to_contain_text(f"Saved: you stopped for today with your back at {FLARE + 1}/10")
    expect(page.get_by_role("link", name="Back to Today")).to_be_focused()

    page.get_by_role("link", name="Back to Today").click()
    card = page.get_by_role("region", name="Stopped for a flare")
    expect(card).to_contain_text(f"with your back at {FLARE + 1}/10.")
    expect(card).to_contain_text(services.FLARE_ADVICE)
    expect(page.get_by_role("heading", name="Today: stretches only")).to_be_visible()
    expect(page.get_by_role("heading", name="Bridge")).to_have_count(0)
    assert _serious_axe_findings(page) == []

    page.get_by_role("link", name="Do today's stretches").click()
    expect(page.locator("#rested")).to_contain_text("Only today's stretches are offered now.")
    page.get_by_label("How is your back right now?").fill("1")
    page.get_by_role("button", name="Start session").click()
    expect(page.locator("#stage")).to_be_visible()
    expect(page.locator("#position")).to_contain_text("Knee to chest")
    with open_store(live_server.settings) as repo:
        rested, played = repo.sessions()
    assert rested.status is SessionStatus.RESTED
    assert rested.feedback.pain_before == FLARE + 1
    assert [e.exercise_id for e in played.plan.exercises] == ["knee-to-chest"]
    assert played.feedback.pain_before == 1


@pytest.mark.parametrize(("pain_after", "advised"), [(FLARE, True), (FLARE - 1, False)])
def test_pain_after_the_session_at_the_flare_level_shows_the_flare_advice(
    live_server: LiveServer,
    page: Page,
    todays_plan: Callable[[list[str]], None],
    pain_after: int,
    advised: bool,
) -> None:
    _with_profile(live_server)
    todays_plan(["knee-to-chest"])
    start_session(page, live_server, 2)
    expect(page.locator("#stage")).to_be_visible()
    page.keyboard.press("q")  # End: straight to the closing questions
    page.get_by_label("Your back now, 0 to 10").fill(str(pain_after))
    page.get_by_role("button", name="Save and see my progress").click()

    if not advised:
        page.wait_for_url("**/progress")
        return
    screen = page.locator("#after-flare")
    expect(screen).to_be_visible()
    expect(page.locator("#after-flare-advice")).to_have_text(services.FLARE_ADVICE)
    link = page.get_by_role("link", name="See my progress")
    expect(link).to_be_focused()
    assert page.url.endswith("/session")  # the advice is read before going on
    with open_store(live_server.settings) as repo:
        (session,) = repo.sessions()
    assert session.feedback.pain_after == pain_after
    assert session.status is not SessionStatus.IN_PROGRESS
    assert _serious_axe_findings(page) == []
    link.click()
    page.wait_for_url("**/progress")
