"""GET /api/v1/handout and /api/v1/reminders refuse a `day` long before the first set-up with a
422 on that field, as a logged session's day is refused; the settings page says a handout is being
prepared while it is."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

# The profile is saved today, so the earliest day is four weeks ago, as for a logged session.
EARLIEST = date.today() - timedelta(weeks=4)


@pytest.fixture
def with_profile(client: TestClient) -> TestClient:
    client.put("/api/v1/profile", json={"pain_areas": ["lower"], "days_per_week": 3})
    return client


@pytest.mark.parametrize("path", ["/api/v1/handout", "/api/v1/reminders"])
@pytest.mark.parametrize("day", [date(2020, 1, 1), EARLIEST - timedelta(days=1)])
def test_a_day_long_before_set_up_is_422_with_details(
    with_profile: TestClient, path: str, day: date
) -> None:
    response = with_profile.get(path, params={"day": day.isoformat()})
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "day"]
    assert problem["msg"] == (
        f"{day} is long before you set strongback up; give a day from {EARLIEST} on "
        "(was the year mistyped?)"
    )


def test_a_logged_session_on_that_day_is_refused_too(with_profile: TestClient) -> None:
    day = EARLIEST - timedelta(days=1)
    body = {"date": day.isoformat(), "exercises": [{"id": "bridge"}]}
    response = with_profile.post("/api/v1/sessions/logged", json=body)
    assert response.status_code == 422
    assert "was the year mistyped?" in response.json()["detail"][0]["msg"]


def test_the_earliest_day_and_later_ones_are_taken(with_profile: TestClient) -> None:
    reminders = with_profile.get("/api/v1/reminders", params={"day": EARLIEST.isoformat()})
    assert reminders.status_code == 200
    later = (date.today() + timedelta(days=300)).isoformat()
    assert with_profile.get("/api/v1/reminders", params={"day": later}).status_code == 200


def test_without_a_profile_the_day_is_not_judged(client: TestClient) -> None:
    response = client.get("/api/v1/handout", params={"day": "2020-01-01"})
    assert response.status_code == 404


def test_the_settings_page_has_a_status_line_for_the_handout(with_profile: TestClient) -> None:
    page = with_profile.get("/settings").text
    assert 'id="handout-status" role="status"' in page
    assert len(re.findall(r'<a href="/api/v1/handout[^"]*" data-handout>', page)) == 2
    assert "Preparing your handout" in page
