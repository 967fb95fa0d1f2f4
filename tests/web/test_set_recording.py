"""POST /api/v1/sessions/{id}/sets: a set is recorded once, however often a browser retries it,
and only once it has happened; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}


@pytest.fixture
def started(store_settings: Settings) -> Iterator[tuple[TestClient, int, dict[str, Any]]]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
        session = client.post(f"{API}/sessions", json={}).json()["session"]
        first = session["plan"]["exercises"][0]["exercise_id"]
        record = {
            "exercise_id": first,
            "set_number": 1,
            "reps_done": 10,
            "ended_at": datetime.now(UTC).isoformat(),
        }
        yield client, session["id"], record


def _sets(client: TestClient, session_id: int) -> list[dict[str, Any]]:
    sets: list[dict[str, Any]] = client.get(f"{API}/sessions/{session_id}").json()["sets"]
    return sets


def test_a_set_posted_three_times_is_stored_once(
    started: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = started
    answers = [client.post(f"{API}/sessions/{session_id}/sets", json=record) for _ in range(3)]
    assert [a.status_code for a in answers] == [201, 200, 200]
    assert answers[1].json() == answers[2].json() == answers[0].json()
    assert len(_sets(client, session_id)) == 1
    # The same instant in another zone is the same set.
    here = datetime.fromisoformat(record["ended_at"]).astimezone(timezone(timedelta(hours=2)))
    same = {**record, "ended_at": here.isoformat()}
    again = client.post(f"{API}/sessions/{session_id}/sets", json=same)
    assert again.status_code == 200, again.text


def test_other_sets_and_sides_are_new_sets(
    started: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = started
    for changes in ({}, {"set_number": 2}, {"side": "left"}, {"side": "right"}):
        answer = client.post(f"{API}/sessions/{session_id}/sets", json={**record, **changes})
        assert answer.status_code == 201, answer.text
    assert len(_sets(client, session_id)) == 4


def test_a_different_set_under_the_same_number_is_a_conflict(
    started: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = started
    assert client.post(f"{API}/sessions/{session_id}/sets", json=record).status_code == 201
    other = client.post(f"{API}/sessions/{session_id}/sets", json={**record, "reps_done": 8})
    assert other.status_code == 409
    detail = other.json()["detail"]
    assert "already recorded" in detail
    assert "reps_done 10 (not 8)" in detail
    assert "nothing was changed" in detail
    (stored,) = _sets(client, session_id)
    assert stored["reps_done"] == 10


def test_a_set_cannot_end_in_the_future(started: tuple[TestClient, int, dict[str, Any]]) -> None:
    client, session_id, record = started
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    answer = client.post(f"{API}/sessions/{session_id}/sets", json={**record, "ended_at": tomorrow})
    assert answer.status_code == 422
    (detail,) = answer.json()["detail"]
    assert detail["loc"] == ["body", "ended_at"]
    assert "in the future" in detail["msg"]
    assert _sets(client, session_id) == []
    # A clock a minute fast (another device's) is not the future.
    skewed = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    answer = client.post(f"{API}/sessions/{session_id}/sets", json={**record, "ended_at": skewed})
    assert answer.status_code == 201, answer.text
