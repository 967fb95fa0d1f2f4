"""The next-day check-in in real Chromium: the Today page asks about yesterday's session, the answer
is recorded, and the page comes back with today's plan stepped back for a flare; axe-core finds
nothing serious on the card or the confirmation, at desktop and phone widths."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from strongback import services
from strongback.catalog import default_catalog
from strongback.records import SessionFeedback, SessionSource
from strongback.store import open_store
from tests.e2e.conftest import LiveServer, screenshot

AXE = Path(__file__).parent / "assets" / "axe.min.js"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1100, "height": 800}


def _yesterday_s_session(server: LiveServer, page: Page) -> int:
    """Answers through the API, then yesterday's planned session, logged as done."""
    assert page.request.put(f"{server.url}/api/v1/profile", data=PROFILE).ok
    yesterday = date.today() - timedelta(days=1)
    with open_store(server.settings) as repo:
        plan = services.plan_for_day(repo, default_catalog(), yesterday)
        started = datetime.combine(yesterday, time(18)).astimezone()
        ended = started + timedelta(seconds=plan.estimated_seconds)
        stored = repo.add_finished_session(
            plan, SessionSource.LOG, started, [], ended, SessionFeedback(pain_after=2)
        )
    assert stored.id is not None
    return stored.id


def _serious_axe_findings(page: Page) -> list[str]:
    found = []
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        violations: list[dict[str, Any]] = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        found += [
            f"{size['width']} px: {v['id']}: {v['help']}"
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    return found


def _wider_than_a_phone(page: Page) -> bool:
    page.set_viewport_size(PHONE)  # type: ignore[arg-type]
    wide: bool = page.evaluate(
        "() => document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    page.set_viewport_size(DESKTOP)  # type: ignore[arg-type]
    return wide


def test_answering_the_card_records_a_flare_and_steps_today_s_plan_back(
    live_server: LiveServer, page: Page
) -> None:
    session_id = _yesterday_s_session(live_server, page)
    page.context.add_init_script(path=str(AXE))
    page.goto(f"{live_server.url}/today")

    card = page.get_by_role("radiogroup", name="How is your back today, after yesterday's session?")
    expect(card).to_be_visible()
    expect(card.get_by_role("radio", name="0 no pain")).to_be_visible()
    expect(card.get_by_role("radio", name="10 worst imaginable")).to_be_visible()
    assert _serious_axe_findings(page) == []
    assert not _wider_than_a_phone(page), "the scale wraps on a phone"
    screenshot(page, "check-in")

    # Sent with nothing chosen: the card says so and stays, marked invalid.
    page.get_by_role("button", name="Save my answer").click()
    expect(page.get_by_role("alert")).to_contain_text("choose how your back feels")
    expect(card).to_have_attribute("aria-invalid", "true")
    assert _serious_axe_findings(page) == []

    # The keyboard way: Tab into the group, then the arrows move along the scale.
    card.get_by_role("radio", name="7", exact=True).focus()
    page.keyboard.press("ArrowRight")
    expect(card.get_by_role("radio", name="8", exact=True)).to_be_checked()
    page.get_by_role("button", name="Save my answer").click()

    expect(page).to_have_url(f"{live_server.url}/today?checked_in=yes")
    status = page.get_by_role("status")
    expect(status).to_have_text(
        f"Noted: pain 8/10 the day after yesterday's session. {services.FLARE_ADVICE}"
    )
    expect(page.get_by_role("radiogroup")).to_have_count(0)
    expect(page.get_by_role("heading", name="What changed since last time")).to_be_visible()
    assert _serious_axe_findings(page) == []
    with open_store(live_server.settings) as repo:
        stored = repo.get_session(session_id)
    assert stored is not None
    assert stored.feedback.next_day_pain == 8

    page.reload()  # asked once: a reload shows what was noted, not the question again
    expect(page.get_by_role("radiogroup")).to_have_count(0)
    expect(page.get_by_role("link", name="Log it")).to_have_attribute("href", "/log")
