"""The onboarding form's script asks the clearance question for either reason the server has: a
condition that needs a clinician's go-ahead, or an age under 16."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer

CLEARANCE = "Has a doctor, surgeon or midwife told you that exercise is safe for you now?"


def test_the_clearance_question_shows_for_a_condition_or_under_16(
    live_server: LiveServer, page: Page
) -> None:
    page.goto(f"{live_server.url}/onboarding")
    question = page.locator("#q-cleared_by_clinician")
    expect(question).to_be_hidden()  # no age, no condition: nothing to clear
    age = page.get_by_label("How old are you?")
    age.fill("14")
    expect(question).to_be_visible()
    expect(page.get_by_text(CLEARANCE)).to_be_visible()
    age.fill("40")
    expect(question).to_be_hidden()
    page.locator('input[name="conditions"][value="pregnancy"]').check()
    expect(question).to_be_visible()
    page.locator('input[name="conditions"][value="pregnancy"]').uncheck()
    expect(question).to_be_hidden()
