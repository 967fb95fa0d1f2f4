"""The session page's flare panel (pain before the session at a flare's level) says what the
terminal player says, from the one wording in `strongback.flare_start`, passed in by the page
module: the care to take, with the emergency signs, and what is said when the plan has no
stretches."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from strongback import EMERGENCY_ADVICE
from strongback.flare_start import FLARE_START_CARE, NO_STRETCHES_TODAY

PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}


def _flare_panel(client: TestClient) -> str:
    assert client.put("/api/v1/profile", json=PROFILE).status_code == 200
    page = client.get("/session")
    assert page.status_code == 200
    found = re.search(r'<div id="flare" hidden role="alert">(.*?)\n  </div>', page.text, re.S)
    assert found, "no flare panel"
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found[1])).split())


def test_the_flare_panel_words_the_care_as_the_terminal_does(client: TestClient) -> None:
    panel = _flare_panel(client)
    # The terminal prints the care and the emergency signs on one line, in this order.
    assert f"{FLARE_START_CARE} {EMERGENCY_ADVICE}" in panel
    assert panel.count("See a doctor or physiotherapist") == 1


def test_no_stretches_are_the_terminal_s_words_and_a_stop_leads_back_to_today(
    client: TestClient,
) -> None:
    panel = _flare_panel(client)
    assert NO_STRETCHES_TODAY in panel
    # What a stop for today saved is the server's answer (POST /sessions/stop-for-today), in the
    # terminal's words; the panel holds only where to go next.
    assert "Back to Today" in panel
