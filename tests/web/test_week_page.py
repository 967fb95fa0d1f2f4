"""The week page and the API's week: the days before the person started are marked, not
planned, and a session short of equipment links to the settings."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from strongback import services
from strongback.catalog import Equipment, default_catalog
from strongback.plan import WeekPlan
from strongback.planner import build_week
from strongback.profile import AvoidPosition, Profile
from strongback.rules.progression import default_progression_rules
from strongback.rules.screening import screen_with_default_rules

MONDAY = date(2026, 11, 23)


def _week(profile: Profile, started: date | None) -> WeekPlan:
    return build_week(
        profile,
        screen_with_default_rules(profile),
        MONDAY,
        catalog=default_catalog(),
        rules=default_progression_rules(),
        started=started,
    )


@pytest.fixture
def with_profile(client: TestClient) -> TestClient:
    assert client.put("/api/v1/profile", json={"pain_areas": ["lower"]}).status_code == 200
    return client


def test_the_week_page_marks_the_days_before_the_person_started(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = _week(Profile(), started=MONDAY + timedelta(days=5))
    monkeypatch.setattr(services, "plan_for_week", lambda *_: week)
    page = with_profile.get("/week", params={"day": "2026-11-28"}).text
    cards = re.findall(
        r'<li class="card day[^"]*">(.*?)</li>\s*(?=<li class="card|</ol>)', page, re.S
    )
    assert len(cards) == 7
    for card in cards[:5]:
        assert "Before you started: nothing was planned." in card
        assert "min</p>" not in card
    for card in cards[5:]:
        assert "Before you started" not in card
        assert "Stretches" in card
    assert page.count('class="card day before-start"') == 5
    assert 'class="equipment-hint"' not in page  # nothing to add: equipment is not short


def test_the_week_page_links_a_session_short_of_equipment_to_the_settings(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    off_the_floor = Profile(equipment=[Equipment.NONE], avoid_positions=[AvoidPosition.FLOOR])
    week = _week(off_the_floor, started=None)
    assert any(d.equipment_to_add for d in week.days)
    monkeypatch.setattr(services, "plan_for_week", lambda *_: week)
    page = with_profile.get("/week", params={"day": "2026-11-23"}).text
    hint = re.search(r'<p class="equipment-hint">(.*?)</p>', page, re.S)
    assert hint is not None
    words = " ".join(hint.group(1).split())
    assert "more would fit with a resistance band." in words
    assert '<a href="/settings">add it to your answers in Settings</a>' in words


def test_the_api_week_keeps_seven_days_and_says_which_came_before(
    with_profile: TestClient,
) -> None:
    body = with_profile.get("/api/v1/plan/week", params={"day": "2026-11-25"}).json()
    assert len(body["days"]) == 7
    for day in body["days"]:
        assert day["before_start"] is False
        assert day["equipment_to_add"] == []


def test_the_api_week_says_which_days_came_before_the_set_up(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    week = _week(Profile(), started=MONDAY + timedelta(days=5))
    monkeypatch.setattr(services, "plan_for_week", lambda *_: week)
    body = with_profile.get("/api/v1/plan/week", params={"day": "2026-11-28"}).json()
    assert [d["before_start"] for d in body["days"]] == [True] * 5 + [False] * 2
    assert [d["exercises"] for d in body["days"][:5]] == [[]] * 5
    assert all(d["exercises"] for d in body["days"][5:])
