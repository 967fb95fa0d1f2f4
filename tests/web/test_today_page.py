"""The Today page: a session left short for want of equipment links its note to the settings."""

from __future__ import annotations

import re
from datetime import date, timedelta

from fastapi.testclient import TestClient

SETTINGS_LINK = '<a href="/settings">Change your equipment in Settings</a>'


def _today(client: TestClient, answers: dict[str, object]) -> str:
    """The Today page of a strengthening day next week (after the set-up, so it is planned)."""
    assert client.put("/api/v1/profile", json=answers).status_code == 200
    next_week = (date.today() + timedelta(days=7)).isoformat()
    days = client.get("/api/v1/plan/week", params={"day": next_week}).json()["days"]
    strengthening = next(d["day"] for d in days if d["kind"] == "full")
    response = client.get("/today", params={"day": strengthening})
    assert response.status_code == 200
    return response.text


def _notes(page: str) -> str:
    found = re.search(r"<h2>Notes</h2>(.*?)</section>", page, re.S)
    assert found is not None, "the page has notes"
    return found.group(1)


def test_a_session_short_of_equipment_links_its_note_to_the_settings(
    client: TestClient,
) -> None:
    # Off the floor with nothing at all, a strengthening day has one exercise in place of three;
    # a resistance band would add one, and the planner's note says so.
    off_the_floor = {"equipment": ["none"], "avoid_positions": ["floor"]}
    notes = _notes(_today(client, off_the_floor))

    assert "equipment would help" in notes
    assert SETTINGS_LINK in notes


def test_no_settings_link_when_equipment_is_not_what_keeps_exercises_out(
    client: TestClient,
) -> None:
    page = _today(client, {"equipment": ["mat"]})

    assert "equipment would help" not in page
    assert SETTINGS_LINK not in page
