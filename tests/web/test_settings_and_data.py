from __future__ import annotations

import pytest
from fastapi.testclient import TestClient


def test_settings_shows_the_answers_in_words(client: TestClient) -> None:
    assert "No answers yet" in client.get("/settings").text
    client.put("/api/v1/profile", json={"pain_areas": ["lower"], "minutes": 20})
    page = client.get("/settings")
    assert page.status_code == 200
    assert "Lower back" in page.text
    assert "Version 1" in page.text


def test_export_has_everything_and_can_be_downloaded(client: TestClient) -> None:
    client.put("/api/v1/profile", json={"pain_areas": ["lower"]})
    client.post("/api/v1/sessions", json={"pain_before": 2})
    body = client.get("/api/v1/export").json()
    assert len(body["profiles"]) == 1
    assert len(body["sessions"]) == 1
    download = client.get("/api/v1/export", params={"download": "true"})
    assert "attachment" in download.headers["content-disposition"]


def test_forget_needs_confirmation(client: TestClient) -> None:
    client.put("/api/v1/profile", json={"pain_areas": ["lower"]})
    assert client.delete("/api/v1/data").status_code == 422
    assert client.delete("/api/v1/data", params={"confirm": "no"}).status_code == 422
    assert client.get("/api/v1/profile").status_code == 200
    assert client.delete("/api/v1/data", params={"confirm": "yes"}).status_code == 204
    assert client.get("/api/v1/profile").status_code == 404


def test_forget_page_refuses_without_typing_erase(client: TestClient) -> None:
    client.put("/api/v1/profile", json={"pain_areas": ["lower"]})
    refused = client.post("/settings/forget", data={"confirm": "yes"})
    assert refused.status_code == 422
    assert "nothing was erased" in refused.text
    assert client.get("/api/v1/profile").status_code == 200
    done = client.post("/settings/forget", data={"confirm": "ERASE"}, follow_redirects=False)
    assert done.headers["location"] == "/onboarding"
    assert client.get("/api/v1/profile").status_code == 404


def test_progress_page_and_api_share_the_summary(client: TestClient) -> None:
    assert "No sessions yet" in client.get("/progress").text
    client.put("/api/v1/profile", json={"pain_areas": ["lower"]})
    session_id = client.post("/api/v1/sessions", json={"pain_before": 4}).json()["session"]["id"]
    client.post(f"/api/v1/sessions/{session_id}/finish", json={"pain_after": 3})
    summary = client.get("/api/v1/progress").json()
    assert summary["pain"]["first"] == 4
    assert len(summary["sessions"]) == 1
    page = client.get("/progress")
    assert "week streak" in page.text
    assert "<svg" in page.text
    assert client.get("/api/v1/progress", params={"day": "nope"}).status_code == 422


def test_progress_page_shows_the_next_day_pain_check(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.web.test_plan_and_sessions_api import Tomorrow

    client.put("/api/v1/profile", json={"pain_areas": ["lower"]})
    session_id = client.post("/api/v1/sessions", json={"pain_before": 4}).json()["session"]["id"]
    client.post(f"/api/v1/sessions/{session_id}/finish", json={"pain_after": 3})
    monkeypatch.setattr("strongback.web.api.sessions.date", Tomorrow)  # checked in the next day
    answer = client.put(f"/api/v1/sessions/{session_id}/next-day-pain", json={"pain": 2})
    assert answer.status_code == 204, answer.text
    assert "4 → 3 → 2" in client.get("/progress").text
