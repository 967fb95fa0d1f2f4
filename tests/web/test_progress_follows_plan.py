"""The API's progress and the progress page ask for the sessions the week's plan (/week and
/api/v1/plan/week) holds: a beginner who chose five strengthening days is planned three."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi.testclient import TestClient

API = "/api/v1"
BEGINNER_CHOOSING_FIVE = {"pain_areas": ["lower"], "experience": "beginner", "days_per_week": 5}
TODAY = date.today()
THIS_MONDAY = TODAY - timedelta(days=TODAY.weekday())
LAST_MONDAY = THIS_MONDAY - timedelta(days=7)


def set_up_last_monday(client: TestClient) -> None:
    """The answers, given as if on last Monday, so last week is a whole week of plan."""
    assert client.put(f"{API}/profile", json=BEGINNER_CHOOSING_FIVE).status_code == 200
    repository = client.app.state.strongback.repository()  # type: ignore[attr-defined]
    stored = repository.current_profile()
    assert stored is not None
    repository.forget()
    at = datetime.combine(LAST_MONDAY, time(8)).astimezone(UTC)
    repository.save_profile(stored.profile, stored.screening, at=at)


def week(client: TestClient, day: date) -> list[dict[str, Any]]:
    response = client.get(f"{API}/plan/week", params={"day": day.isoformat()})
    assert response.status_code == 200, response.text
    days: list[dict[str, Any]] = response.json()["days"]
    return days


def do_every_planned_session(client: TestClient, days: list[dict[str, Any]]) -> None:
    for day in days:
        if date.fromisoformat(day["day"]) <= TODAY and day["exercises"]:
            logged = client.post(
                f"{API}/sessions/logged", json={"planned": True, "date": day["day"]}
            )
            assert logged.status_code == 201, logged.text


def test_the_api_asks_a_beginner_for_the_three_days_planned_not_the_five_chosen(
    client: TestClient,
) -> None:
    set_up_last_monday(client)
    last_week = week(client, LAST_MONDAY)
    assert sum(d["kind"] == "full" for d in last_week) == 3
    do_every_planned_session(client, last_week)

    sunday = LAST_MONDAY + timedelta(days=6)
    progress = client.get(f"{API}/progress", params={"day": sunday.isoformat()}).json()

    kept = progress["adherence"]["this_week"]
    assert (kept["planned_sessions"], kept["done_sessions"], kept["met"]) == (3, 3, True)
    assert (kept["planned_stretch_days"], kept["stretch_days"]) == (7, 7)
    assert progress["adherence"]["recent_percent"] == 100


def test_the_page_shows_this_week_against_the_sessions_it_plans(client: TestClient) -> None:
    set_up_last_monday(client)
    this_week = week(client, TODAY)
    do_every_planned_session(client, this_week)
    planned = sum(d["kind"] == "full" for d in this_week)
    done = sum(d["kind"] == "full" for d in this_week if date.fromisoformat(d["day"]) <= TODAY)

    page = client.get("/progress")

    assert page.status_code == 200
    assert planned == 3
    assert f'<span class="value">{done} / {planned}</span>' in page.text
    kept = client.get(f"{API}/progress").json()["adherence"]["this_week"]
    assert (kept["planned_sessions"], kept["done_sessions"]) == (planned, done)
