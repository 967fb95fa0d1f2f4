"""On a touch screen with no keyboard (a phone on the floor) the player's buttons drop their key
hints, which name keys there are none of; with a mouse and keyboard they keep them. The step's
own words name no key either way."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Browser, Page, expect

from strongback.catalog import default_catalog
from strongback.planner import plan_of_exercises
from strongback.profile import Profile
from strongback.records import SessionSource
from strongback.rules.screening import screen_with_default_rules
from strongback.store import open_store
from tests.e2e.conftest import LiveServer


def _session_at_own_pace(server: LiveServer) -> None:
    catalog = default_catalog()
    bridge = catalog.exercises["bridge"]
    dose = bridge.dosage.model_copy(
        update={"sets": 1, "reps": 3, "hold_seconds": None, "tempo_seconds": None}
    )
    now = datetime.now(UTC)
    plan = plan_of_exercises([(bridge, dose)], now.astimezone().date(), catalog, "Chosen.")
    profile = Profile()
    with open_store(server.settings) as repository:
        repository.save_profile(profile, screen_with_default_rules(profile), now)
        repository.start_session(plan, SessionSource.WEB, now)


def _own_pace_step(page: Page, server: LiveServer) -> None:
    page.goto(f"{server.url}/session")
    instruction = page.locator("#instruction")
    expect(instruction).to_contain_text("at your own pace, then move on.")
    expect(instruction).not_to_contain_text("press")


def test_a_touch_screen_hides_the_key_hints_and_keeps_the_buttons(
    live_server: LiveServer, browser: Browser
) -> None:
    _session_at_own_pace(live_server)
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    try:
        page = context.new_page()
        _own_pace_step(page, live_server)
        next_button = page.locator("#skip")
        expect(next_button).to_be_visible()
        expect(next_button.locator("kbd")).to_be_hidden()
        expect(page.locator("#stage .controls kbd")).to_have_count(4)
        for hint in page.locator("#stage .controls kbd").all():
            expect(hint).to_be_hidden()
    finally:
        context.close()


def test_a_keyboard_and_mouse_keep_the_key_hints(live_server: LiveServer, page: Page) -> None:
    _session_at_own_pace(live_server)
    _own_pace_step(page, live_server)
    expect(page.locator("#skip kbd")).to_be_visible()
    expect(page.locator("#skip kbd")).to_have_text("n")
