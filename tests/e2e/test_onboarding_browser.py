"""The onboarding form's script asks the clearance question for either reason the server has: a
condition that needs a clinician's go-ahead, or an age under 16. A refused answer comes back in
plain words beside its field, linked from the summary, and axe-core finds nothing serious."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


AXE = Path(__file__).parent / "assets" / "axe.min.js"


def _serious_axe_findings(page: Page) -> list[str]:
    found = []
    for size in ({"width": 1100, "height": 800}, {"width": 375, "height": 740}):
        page.set_viewport_size(size)  # type: ignore[arg-type]
        violations: list[dict[str, Any]] = page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        found += [
            f"{size['width']} px: {v['id']}: {v['help']}"
            for v in violations
            if v["impact"] in {"serious", "critical"}
        ]
    return found


def test_a_number_out_of_range_is_said_in_plain_words_beside_its_field(
    live_server: LiveServer, page: Page
) -> None:
    page.context.add_init_script(path=str(AXE))
    page.goto(f"{live_server.url}/onboarding")
    minutes = page.get_by_label("How many minutes can you spend on a session?")
    minutes.fill("90")
    page.get_by_label("How old are you?").fill("42")
    page.get_by_role("button", name="See my plan").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()  # read out first, and the links follow it
    expect(summary).to_contain_text("Please type a whole number from 5 to 60.")
    expect(minutes).to_have_attribute("aria-invalid", "true")
    expect(minutes).to_have_accessible_description(
        "Between 5 and 60. Even 10 minutes a day helps. Please type a whole number from 5 to 60."
    )
    expect(minutes).to_have_value("90")  # nothing typed is lost
    expect(page.get_by_label("How old are you?")).to_have_value("42")
    assert _serious_axe_findings(page) == []

    summary.get_by_role("link", name="How many minutes can you spend on a session?").click()
    expect(minutes).to_be_focused()
