"""The settings page's handout links in real Chromium: while the PDF is being made the status line
says so, then the file downloads and the line says it is ready; a refusal is said in words.

Found by a reviewer: GET /api/v1/handout took 5 to 9 s with no sign anything was happening.
"""

from __future__ import annotations

import json
import re
from typing import Any

from playwright.sync_api import Page, Route, expect

from tests.e2e.conftest import LiveServer

PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 3}


def test_the_handout_link_says_it_is_being_prepared_then_downloads(
    live_server: LiveServer, page: Page
) -> None:
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=PROFILE).ok
    # Hold the request, so that "being prepared" is seen however fast the PDF comes.
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)

    page.route("**/api/v1/handout*", hold)
    page.goto(f"{live_server.url}/settings")
    status = page.get_by_role("status")
    link = page.get_by_role("link", name="The plan of the coming 7 days as a printable PDF (A4)")

    with page.expect_download(timeout=60_000) as download:
        link.click()
        expect(status).to_have_text(re.compile("Preparing your handout"))
        expect(link).to_have_attribute("aria-disabled", "true")
        assert page.url.endswith("/settings")  # the page stays, with its status line
        assert len(held) == 1
        held[0].continue_()
    assert download.value.suggested_filename == "strongback-plan.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    expect(status).to_have_text("Your handout is ready: strongback-plan.pdf.")
    expect(link).not_to_have_attribute("aria-disabled", "true")


def test_a_refused_handout_is_explained_on_the_page(live_server: LiveServer, page: Page) -> None:
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=PROFILE).ok

    def refuse(route: Route) -> None:
        body: dict[str, Any] = {"detail": {"message": "no plan is given: please see a clinician"}}
        route.fulfill(status=409, content_type="application/json", body=json.dumps(body))

    page.route("**/api/v1/handout*", refuse)
    page.goto(f"{live_server.url}/settings")
    page.get_by_role("link", name="US Letter").click()
    expect(page.get_by_role("status")).to_have_text(
        "No handout was made: no plan is given: please see a clinician."
    )
