"""Logging a session done away from the computer, in real Chromium: a mistake comes back marked
beside its field with everything typed kept, the corrected form records the session, and the
progress page says what was logged; axe-core finds nothing serious on the form, blank or refused,
at desktop and phone widths, and the form fits a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from strongback.store import open_store
from tests.e2e.conftest import LiveServer, screenshot

AXE = Path(__file__).parent / "assets" / "axe.min.js"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1100, "height": 800}


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


def test_a_session_is_logged_from_the_progress_page(live_server: LiveServer, page: Page) -> None:
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=PROFILE).ok
    page.context.add_init_script(path=str(AXE))
    page.goto(f"{live_server.url}/progress")
    page.get_by_role("link", name="Log a session you did away from the computer").click()
    expect(page.get_by_role("heading", name="Log a session you did")).to_be_visible()
    assert _serious_axe_findings(page) == []
    assert not _wider_than_a_phone(page), "the form fits a phone"

    # The same exercise twice: no browser check catches it, the server marks the second one.
    page.get_by_role("group", name="Exercise 1").get_by_label("Exercise").select_option(
        label="Bridge"
    )
    page.get_by_label("Sets").first.fill("2")
    page.get_by_role("group", name="Exercise 2").get_by_label("Exercise").select_option(
        label="Bridge"
    )
    page.get_by_label("Pain after, 0 to 10").fill("2")
    page.get_by_label("How it felt").select_option(label="About right")
    page.get_by_role("button", name="Log this session").click()

    expect(page.get_by_role("alert")).to_contain_text("Nothing was recorded")
    second = page.get_by_role("group", name="Exercise 2").get_by_label("Exercise")
    expect(second).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#exercise_2-error")).to_contain_text("Bridge is named twice")
    expect(page.get_by_label("Pain after, 0 to 10")).to_have_value("2")  # nothing typed is lost
    expect(page.get_by_label("Sets").first).to_have_value("2")
    assert _serious_axe_findings(page) == []
    screenshot(page, "log-refused")
    with open_store(live_server.settings) as repo:
        assert repo.sessions() == []

    second.select_option(label="Bird dog")
    page.get_by_role("button", name="Log this session").click()

    page.wait_for_url("**/progress?logged=*")
    expect(page.get_by_role("status").first).to_contain_text("Logged: Bridge, Bird dog, today.")
    expect(page.get_by_text("Tomorrow, come back to")).to_be_visible()
    with open_store(live_server.settings) as repo:
        [session] = repo.sessions()
    assert {p.exercise_id for p in session.plan.exercises} == {"bridge", "bird-dog"}
    assert session.feedback.pain_after == 2


def test_the_same_session_twice_asks_for_the_again_box_with_nothing_lost(
    live_server: LiveServer, page: Page
) -> None:
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=PROFILE).ok
    page.context.add_init_script(path=str(AXE))

    def fill_and_send() -> None:
        page.goto(f"{live_server.url}/log")
        row = page.get_by_role("group", name="Exercise 1")
        row.get_by_label("Exercise").select_option(label="Bridge")
        row.get_by_label("Seconds held").fill("15")
        page.get_by_label("Pain after, 0 to 10").fill("3")
        page.get_by_role("button", name="Log this session").click()

    fill_and_send()
    page.wait_for_url("**/progress?logged=*")
    fill_and_send()  # the same again, as a double click or a second tab would

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Nothing was recorded twice")
    again = page.get_by_label("I did this session again (a second time the same day)")
    expect(again).to_have_attribute("aria-invalid", "true")
    expect(again).to_have_accessible_description(re.compile("If you really did it twice, tick"))
    row = page.get_by_role("group", name="Exercise 1")
    expect(row.get_by_label("Seconds held")).to_have_value("15")  # nothing typed is lost
    expect(page.get_by_label("Pain after, 0 to 10")).to_have_value("3")
    assert _serious_axe_findings(page) == []
    with open_store(live_server.settings) as repo:
        assert len(repo.sessions()) == 1

    summary.get_by_role("link", name="I did this session again").click()
    expect(again).to_be_focused()
    again.check()
    page.get_by_role("button", name="Log this session").click()

    page.wait_for_url("**/progress?logged=*")
    with open_store(live_server.settings) as repo:
        first, second = repo.sessions()
    assert first.plan.exercises == second.plan.exercises
    assert {s.hold_seconds_done for s in second.sets} == {15}
