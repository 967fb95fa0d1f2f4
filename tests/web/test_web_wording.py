"""Web pages speak in the browser's terms: no terminal commands, and the form's own words."""

from __future__ import annotations

from fastapi.testclient import TestClient

from strongback import services
from strongback.catalog import default_catalog
from strongback.web.pages.library import left_out_message

API = "/api/v1"
PREGNANT_AND_CLEARED = {
    "pain_areas": ["lower"],
    "conditions": ["pregnancy"],
    "cleared_by_clinician": True,
}


def test_the_exercise_page_links_to_the_cautions_not_a_command(client: TestClient) -> None:
    assert client.put(f"{API}/profile", json=PREGNANT_AND_CLEARED).status_code == 200
    page = client.get("/library/deadlift")
    assert page.status_code == 200
    assert "left out of your plan because of pregnancy" in page.text
    assert "strongback show" not in page.text
    assert 'href="/library/deadlift#cautions"' in page.text
    assert 'id="cautions"' in page.text


def test_the_left_out_message_escapes_and_links() -> None:
    deadlift = default_catalog().exercises["deadlift"]
    message = left_out_message(deadlift, services.LeftOut(deadlift, ["pregnancy"]))
    assert str(message).startswith("Deadlift is left out of your plan because of pregnancy")
    assert '<a href="/library/deadlift#cautions">' in message
    assert "strongback show" not in message
