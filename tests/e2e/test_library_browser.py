from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer, screenshot


def test_library_filters_live_and_opens_an_exercise(live_server: LiveServer, page: Page) -> None:
    page.goto(f"{live_server.url}/library")
    expect(page.get_by_role("heading", name="Exercise library")).to_be_visible()
    page.get_by_label("Search").fill("bridge")
    # htmx swaps only the results, without a page load.
    expect(page.locator("#results .card")).to_have_count(1)
    # The address a search box usually gives, so it can be shared or bookmarked.
    expect(page).to_have_url(re.compile(r"/library\?q=bridge(&|$)"))
    page.reload()
    expect(page.locator("#results .card")).to_have_count(1)
    expect(page.get_by_label("Search")).to_have_value("bridge")
    page.get_by_role("link", name="Bridge").click()
    expect(page.get_by_role("heading", name="Bridge", exact=True)).to_be_visible()
    expect(page.get_by_text("not a substitute for a clinician")).to_be_visible()
    screenshot(page, "exercise")


def test_pages_load_nothing_from_outside(live_server: LiveServer, page: Page) -> None:
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url) if not request.url.startswith(live_server.url) else None
        ),
    )
    for path in ("/", "/library", "/library/bridge", "/docs"):
        page.goto(f"{live_server.url}{path}")
        page.wait_for_load_state("networkidle")
    assert outside == []
