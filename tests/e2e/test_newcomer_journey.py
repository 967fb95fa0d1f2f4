"""A newcomer, in a real browser: onboarding, plan, a short accelerated session with a pain report,
and the session on the progress page. The screenshots in the README come from here."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from strongback.store import open_store
from tests.e2e.conftest import LiveServer, screenshot

# The stop screen is titled by the exercise the pain stopped, as the terminal's is.
STOP_HEADING = re.compile(r"^Stop: \S")


def _answer_onboarding(page: Page, server: LiveServer) -> None:
    page.goto(server.url)
    expect(page).to_have_url(f"{server.url}/onboarding")
    expect(page.get_by_role("heading", name="Let's build your plan")).to_be_visible()
    page.get_by_label("How old are you?").fill("38")
    screenshot(page, "onboarding")


def test_newcomer_completes_a_session_and_sees_it_in_progress(
    live_server: LiveServer, page: Page
) -> None:
    _answer_onboarding(page, live_server)
    page.get_by_role("button", name="See my plan").click()
    expect(page).to_have_url(f"{live_server.url}/today")
    expect(page.locator(".plan-item").first).to_be_visible()

    page.get_by_role("link", name="Start session").click()
    page.get_by_label("How is your back right now?").fill("3")
    page.get_by_role("button", name="Start session").click()
    expect(page.locator("#stage")).to_be_visible()
    expect(page.locator("#instruction")).not_to_be_empty()
    # The accelerated clock runs the session about forty times faster; wait for a recorded set.
    with open_store(live_server.settings) as repo:
        page.wait_for_function(
            "() => document.querySelector('#position').textContent.includes('Set')",
            timeout=15_000,
        )
        page.wait_for_timeout(1500)
        expect(page.locator("#figure")).to_be_visible()  # the figure loads on its own time
        screenshot(page, "player")
        page.keyboard.press("p")
        dialog = page.get_by_role("dialog")
        expect(dialog).to_be_visible()
        dialog.get_by_label("Pain now, 0 to 10").fill("7")
        dialog.get_by_label("Sharp").check()
        dialog.get_by_role("button", name="Report").click()
        expect(page.get_by_role("heading", name=STOP_HEADING)).to_be_visible()
        page.get_by_role("button", name="End the session").click()
        page.get_by_label("Your back now, 0 to 10").fill("4")
        page.get_by_label("Too hard").check()
        page.get_by_role("button", name="Save and see my progress").click()
        expect(page).to_have_url(f"{live_server.url}/progress")

        sessions = repo.sessions()
    assert len(sessions) == 1
    session = sessions[0]
    assert session.status.value == "ended-early"
    assert session.feedback.pain_before == 3
    assert session.feedback.pain_after == 4
    outcomes = [s.outcome.value for s in session.sets]
    assert "stopped" in outcomes
    stopped = next(s for s in session.sets if s.outcome.value == "stopped")
    assert stopped.pain == 7
    assert "sharp" in (stopped.reason or "")

    row = page.locator(".session-row").first
    expect(row).to_contain_text("3 → 4")
    expect(row).to_contain_text("stopped for pain")
    screenshot(page, "progress")


def test_red_flag_shows_the_referral_and_no_plan(live_server: LiveServer, page: Page) -> None:
    _answer_onboarding(page, live_server)
    page.get_by_label("Numbness").first.check()
    page.get_by_role("button", name="See my plan").click()
    expect(page).to_have_url(f"{live_server.url}/referral")
    expect(page.get_by_role("heading", name="Go to an emergency department now")).to_be_visible()
    page.goto(f"{live_server.url}/today")
    expect(page).to_have_url(f"{live_server.url}/referral")
    page.goto(f"{live_server.url}/session")
    expect(page).to_have_url(f"{live_server.url}/referral")
