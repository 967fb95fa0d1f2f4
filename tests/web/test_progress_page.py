"""The progress page: no targets or encouragement to exercise while a clinician should be seen
first, the referral instead; and the function ratings (PSFS) it asks for can be given there."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback import SAFETY_NOTICE

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 3, "experience": "some"}
BLOCKING = [
    {**PROFILE, "red_flags": ["bladder-bowel-change"]},
    {**PROFILE, "conditions": ["spinal-injury"], "cleared_by_clinician": False},
]


def test_a_clear_screening_gets_targets_and_encouragement(client: TestClient) -> None:
    client.put(f"{API}/profile", json=PROFILE)
    page = client.get("/progress")
    assert page.status_code == 200
    assert "sessions this week" in page.text
    assert "keep going" in page.text
    assert 'href="/referral"' not in page.text


@pytest.mark.parametrize("answers", BLOCKING, ids=["red-flag", "not-cleared"])
def test_a_blocked_screening_gets_the_referral_not_targets(
    client: TestClient, answers: dict[str, Any]
) -> None:
    client.put(f"{API}/profile", json=PROFILE)
    assert client.post(f"{API}/sessions", json={"pain_before": 3}).status_code == 201
    client.put(f"{API}/profile", json=answers)
    page = client.get("/progress")
    assert page.status_code == 200
    text = page.text
    assert 'href="/referral"' in text
    assert "no session targets for now" in text
    assert "keep going" not in text.lower()
    assert "sessions this week" not in text
    assert "planned strengthening" not in text
    assert "Start today" not in text
    assert "session-row" in text  # what was recorded before is still shown


def test_the_referral_says_how_urgent(client: TestClient) -> None:
    client.put(f"{API}/profile", json=BLOCKING[0])
    text = client.get("/progress").text
    plan = client.get(f"{API}/plan").json()["detail"]
    urgency = plan["screening"]["urgency"]
    assert f"urgency-{urgency}" in text
    # What to do, without the safety notice: the footer says it, once.
    what_to_do = plan["screening"]["what_to_do"].replace(SAFETY_NOTICE, "").strip()
    assert what_to_do in text
    assert text.count(SAFETY_NOTICE) == 1


def test_the_referral_is_said_once(client: TestClient) -> None:
    client.put(f"{API}/profile", json=BLOCKING[0])
    text = client.get("/progress").text
    assert text.count("no session targets for now") == 1


@pytest.mark.parametrize("answers", BLOCKING, ids=["red-flag", "not-cleared"])
def test_the_api_sets_no_targets_for_a_blocked_screening_either(
    client: TestClient, answers: dict[str, Any]
) -> None:
    client.put(f"{API}/profile", json=PROFILE)
    assert client.get(f"{API}/progress").json()["plan_withheld"] is False
    client.put(f"{API}/profile", json=answers)

    summary = client.get(f"{API}/progress").json()

    assert summary["plan_withheld"] is True
    assert all(week["planned_sessions"] == 0 for week in summary["adherence"]["weeks"])
