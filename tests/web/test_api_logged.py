"""POST /api/v1/sessions/logged: a session done away from the computer, recorded with the use case
`strongback log` uses (services.log_session). On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
LOGGED = f"{API}/sessions/logged"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}


@pytest.fixture
def api(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        yield client


@pytest.fixture
def answered(api: TestClient) -> TestClient:
    assert api.put(f"{API}/profile", json=PROFILE).status_code == 200
    return api


def _nothing_stored(api: TestClient) -> None:
    assert api.get(f"{API}/sessions").json() == []


def test_named_exercises_are_stored_and_answered_as_get_gives_them(answered: TestClient) -> None:
    answer = answered.post(
        LOGGED,
        json={
            "exercises": [{"id": "bridge", "sets": 2, "reps": 8}, {"id": "Superman"}],
            "pain_before": 3,
            "pain_after": 2,
            "difficulty": "right",
        },
    )

    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body.pop("warnings") == []
    assert body == answered.get(f"{API}/sessions/{body['id']}").json()
    assert body["source"] == "log"
    assert body["status"] == "completed"
    assert body["plan"]["day"] == date.today().isoformat()
    assert body["feedback"] == {
        "pain_before": 3,
        "pain_after": 2,
        "difficulty": "right",
        "next_day_pain": None,
        "next_day_pain_at": None,
    }
    bridge = next(e for e in body["plan"]["exercises"] if e["exercise_id"] == "bridge")
    assert (bridge["dosage"]["sets"], bridge["dosage"]["reps"]) == (2, 8)
    assert len([s for s in body["sets"] if s["exercise_id"] == "bridge"]) == 2


def test_the_day_s_plan_is_stored_for_the_day_given(answered: TestClient) -> None:
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    plan = answered.get(f"{API}/plan", params={"day": yesterday}).json()

    answer = answered.post(LOGGED, json={"planned": True, "date": yesterday})

    assert answer.status_code == 201, answer.text
    stored = answer.json()["plan"]
    assert stored["day"] == yesterday
    assert [e["exercise_id"] for e in stored["exercises"]] == [
        e["exercise_id"] for e in plan["exercises"]
    ]


def test_an_exercise_left_out_for_a_condition_comes_with_a_warning(api: TestClient) -> None:
    pregnant = {**PROFILE, "conditions": ["pregnancy"], "cleared_by_clinician": True}
    assert api.put(f"{API}/profile", json=pregnant).status_code == 200

    answer = api.post(LOGGED, json={"exercises": [{"id": "deadlift"}, {"id": "bird-dog"}]})

    assert answer.status_code == 201, answer.text
    [warning] = answer.json()["warnings"]
    assert warning["exercise_id"] == "deadlift"
    assert warning["conditions"] == ["pregnancy"]
    assert warning["message"].startswith("Deadlift is left out of your plan because of pregnancy")


@pytest.mark.parametrize(
    "answers",
    [
        {**PROFILE, "red_flags": ["bladder-bowel-change"]},
        {**PROFILE, "conditions": ["spinal-injury"], "cleared_by_clinician": False},
    ],
    ids=["red-flag", "not-cleared"],
)
@pytest.mark.parametrize(
    "body", [{"planned": True}, {"exercises": [{"id": "bridge"}]}], ids=["planned", "named"]
)
def test_a_blocked_screening_gets_the_referral_and_nothing_is_stored(
    api: TestClient, answers: dict[str, Any], body: dict[str, Any]
) -> None:
    assert api.put(f"{API}/profile", json=answers).status_code == 200

    answer = api.post(LOGGED, json=body)

    assert answer.status_code == 409, answer.text
    assert answer.json() == api.get(f"{API}/plan").json()  # the referral, word for word
    assert answer.json()["detail"]["screening"]["status"] == "blocked"
    _nothing_stored(api)


def test_no_answers_yet_is_a_404_that_says_what_to_do(api: TestClient) -> None:
    answer = api.post(LOGGED, json={"planned": True})
    assert answer.status_code == 404
    assert "PUT /api/v1/profile" in answer.json()["detail"]
    _nothing_stored(api)


TOO_EARLY = (date.today() - timedelta(weeks=5)).isoformat()
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("body", "where", "words"),
    [
        (
            {"exercises": [{"id": "bridge"}, {"id": "brige"}]},
            ["body", "exercises", 1, "id"],
            "no exercise 'brige' in the catalog; did you mean bridge",
        ),
        (
            {"exercises": [{"id": "bridge", "sets": 11}]},
            ["body", "exercises", 0, "sets"],
            "less than or equal to 10",
        ),
        (
            {"exercises": [{"id": "bridge", "reps": "10"}]},
            ["body", "exercises", 0, "reps"],
            "JSON number",
        ),
        (
            {
                "exercises": [
                    {"id": "bridge", "hold_seconds": 20},
                    {"id": "crunch", "hold_seconds": 5},
                ]
            },
            ["body", "exercises", 1, "hold_seconds"],
            "Crunch is done in reps, not held, so it takes no seconds held",
        ),
        (
            {"exercises": [{"id": "bridge"}, {"id": "Bridge"}]},
            ["body", "exercises", 1, "id"],
            "Bridge is named twice",
        ),
        (
            {"planned": True, "exercises": [{"id": "bridge"}]},
            ["body", "exercises"],
            "not both",
        ),
        ({}, ["body", "exercises"], "name the exercises done, or send planned: true"),
        ({"planned": False}, ["body", "exercises"], "or send planned: true"),
        ({"exercises": []}, ["body", "exercises"], "at least 1 item"),
        ({"planned": "yes"}, ["body", "planned"], "valid boolean"),
        ({"planned": True, "date": TOO_EARLY}, ["body", "date"], "long before you set"),
        ({"planned": True, "date": TOMORROW}, ["body", "date"], "is in the future"),
        ({"planned": True, "date": "1999-12-31"}, ["body", "date"], "outside the days"),
        ({"planned": True, "date": "yesterday"}, ["body", "date"], "valid date"),
        ({"planned": True, "pain_after": 11}, ["body", "pain_after"], "less than or equal"),
        ({"planned": True, "difficulty": "brutal"}, ["body", "difficulty"], "too-easy"),
        ({"planned": True, "when": "now"}, ["body", "when"], "Extra inputs"),
    ],
)
def test_bad_input_is_a_422_naming_its_field_and_nothing_is_stored(
    answered: TestClient, body: dict[str, Any], where: list[str | int], words: str
) -> None:
    answer = answered.post(LOGGED, json=body)

    assert answer.status_code == 422, answer.text
    [problem] = answer.json()["detail"]
    assert problem["loc"] == where
    assert words in problem["msg"]
    _nothing_stored(answered)


def test_another_site_cannot_log_a_session(answered: TestClient) -> None:
    answer = answered.post(
        LOGGED, json={"planned": True}, headers={"Origin": "http://evil.example"}
    )
    assert answer.status_code == 403
    _nothing_stored(answered)
