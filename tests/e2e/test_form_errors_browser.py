"""A refused form in real Chromium, on the pages that share the error summary
(`_form_errors.html`): the summary has focus as the page opens, without a script of its own, and
each of its links takes the person to the field to correct."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import LiveServer

PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}


def test_a_refused_log_opens_on_its_summary_whose_links_lead_to_the_fields(
    live_server: LiveServer, page: Page
) -> None:
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=PROFILE).ok
    page.goto(f"{live_server.url}/log")
    first, second = (page.get_by_role("group", name=f"Exercise {n}") for n in (1, 2))
    expect(first.get_by_label("Sets")).to_have_accessible_description(
        "Leave sets, reps and seconds held empty for your usual dose. Seconds held: how long you "
        "held each rep, for an exercise you hold."
    )
    # The same exercise twice: no browser check catches it, the server refuses it.
    first.get_by_label("Exercise").select_option(label="Bridge")
    second.get_by_label("Exercise").select_option(label="Bridge")
    page.get_by_role("button", name="Log this session").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Nothing was recorded: please check 1 answer")
    expect(second.get_by_label("Exercise")).to_have_accessible_description(
        re.compile("Bridge is named twice")
    )

    summary.get_by_role("link", name="Exercise 2").click()
    expect(second.get_by_label("Exercise")).to_be_focused()


def test_refused_ratings_open_on_their_summary(live_server: LiveServer, page: Page) -> None:
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=PROFILE).ok
    page.goto(f"{live_server.url}/progress")
    page.get_by_role("group", name="Activity 1").get_by_label("What").fill("Sitting")
    page.get_by_role("button", name="Save my ratings").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link", name="Activity 1, score").click()
    expect(
        page.get_by_role("group", name="Activity 1").get_by_label("Score, 0 to 10")
    ).to_be_focused()
