"""The session page in a real browser: no failed request in the console when there is nothing to
resume, and resuming still works."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, expect

from strongback.profile import Profile
from strongback.rules.screening import screen_with_default_rules
from strongback.store import open_store
from tests.e2e.conftest import LiveServer


def _with_profile(server: LiveServer) -> None:
    profile = Profile()
    with open_store(server.settings) as repository:
        repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))


def test_the_session_page_asks_for_no_session_to_resume_when_there_is_none(
    live_server: LiveServer, page: Page
) -> None:
    _with_profile(live_server)
    problems: list[str] = []
    asked: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: problems.append(r.url) if r.status >= 400 else None)
    page.on("request", lambda r: asked.append(r.url))

    page.goto(f"{live_server.url}/session")
    expect(page.locator("#start")).to_be_visible()
    page.wait_for_load_state("networkidle")
    assert problems == []
    assert not [url for url in asked if url.endswith("/sessions/current")]

    # Started, then the page opened again: the session is resumed.
    page.get_by_label("How is your back right now?").fill("2")
    page.get_by_role("button", name="Start session").click()
    expect(page.locator("#stage")).to_be_visible()
    page.goto(f"{live_server.url}/session")
    expect(page.locator("#stage")).to_be_visible()
    assert [url for url in asked if url.endswith("/sessions/current")]
    assert problems == []
