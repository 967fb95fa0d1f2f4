from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback.session_player import END_SESSION_ADVICE, PAIN_STOP_CARE

PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}


@pytest.fixture
def with_profile(client: TestClient) -> TestClient:
    assert client.put("/api/v1/profile", json=PROFILE).status_code == 200
    return client


def _start(client: TestClient, pain: int | None = 2) -> dict[str, Any]:
    response = client.post("/api/v1/sessions", json={"pain_before": pain})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_plan_needs_a_profile(client: TestClient) -> None:
    response = client.get("/api/v1/plan")
    assert response.status_code == 404
    assert "setup" in response.json()["detail"]
    assert client.post("/api/v1/sessions", json={}).status_code == 404


def test_plan_for_a_day_has_doses_reasons_and_sources(with_profile: TestClient) -> None:
    body = with_profile.get("/api/v1/plan", params={"day": "2026-11-23"}).json()
    assert body["day"] == "2026-11-23"
    assert body["exercises"]
    for exercise in body["exercises"]:
        assert exercise["why"]
        assert exercise["sources"]
        assert exercise["dosage"]["sets"] >= 1
    assert body["timeline_seconds"] > 0


def test_week_has_seven_days(with_profile: TestClient) -> None:
    body = with_profile.get("/api/v1/plan/week", params={"day": "2026-11-25"}).json()
    assert body["start"] == "2026-11-23"
    assert len(body["days"]) == 7


def test_bad_day_is_422(with_profile: TestClient) -> None:
    assert with_profile.get("/api/v1/plan", params={"day": "23/11/2026"}).status_code == 422


def test_red_flag_withholds_the_plan_with_the_referral(client: TestClient) -> None:
    client.put("/api/v1/profile", json={**PROFILE, "red_flags": ["bladder-bowel-change"]})
    for response in (client.get("/api/v1/plan"), client.post("/api/v1/sessions", json={})):
        assert response.status_code == 409
        assert response.json()["detail"]["screening"]["urgency"] == "emergency"


class Tomorrow(date):
    """`date` on the day after today, for the API's next-day check."""

    @classmethod
    def today(cls) -> Tomorrow:
        day = date.today() + timedelta(days=1)
        return cls(day.year, day.month, day.day)


def test_session_lifecycle(with_profile: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    started = _start(with_profile)
    session_id = started["session"]["id"]
    assert started["timeline"]["steps"]
    # Any pain stops the exercise; from a flare's pain (rules/progression.yaml) the session.
    assert started["pain_rule"] == {
        "stop_at": 1,
        "end_session_at": 6,
        "stop_signs": [],
        "stop_advice": PAIN_STOP_CARE,
        "end_session_advice": END_SESSION_ADVICE,
    }
    assert started["advised_stop"] is None
    assert started["start_step"] == 0
    step = next(s for s in started["timeline"]["steps"] if s["records_set"])
    record = {
        "exercise_id": step["exercise_id"],
        "set_number": step["set_number"],
        "side": step["set_side"],
        "reps_done": step["reps"],
        "outcome": "done",
        "ended_at": datetime.now(UTC).isoformat(),
    }
    assert with_profile.post(f"/api/v1/sessions/{session_id}/sets", json=record).status_code == 201
    put = with_profile.put(f"/api/v1/sessions/{session_id}/position", json={"step": 4})
    assert put.status_code == 204
    # Reloading the page resumes: the same session, from the saved step, with its set.
    again = with_profile.post("/api/v1/sessions", json={"pain_before": 5}).json()
    assert again["session"]["id"] == session_id
    current = with_profile.get("/api/v1/sessions/current").json()
    assert current["session"]["resume_step"] == 4
    assert current["start_step"] == max(4, step["index"] + 1)
    assert len(current["session"]["sets"]) == 1
    finished = with_profile.post(
        f"/api/v1/sessions/{session_id}/finish",
        json={"status": "completed", "pain_after": 1, "difficulty": "right"},
    )
    assert finished.status_code == 200
    assert finished.json()["feedback"]["pain_after"] == 1
    assert with_profile.get("/api/v1/sessions/current").status_code == 404
    history = with_profile.get("/api/v1/sessions").json()
    assert [s["status"] for s in history] == ["completed"]
    # The next day's pain check is for the next day, not for the evening of the session.
    same_day = with_profile.put(f"/api/v1/sessions/{session_id}/next-day-pain", json={"pain": 2})
    assert same_day.status_code == 422
    assert "check in tomorrow" in same_day.json()["detail"][0]["msg"]
    monkeypatch.setattr("strongback.web.api.sessions.date", Tomorrow)
    pain = with_profile.put(f"/api/v1/sessions/{session_id}/next-day-pain", json={"pain": 2})
    assert pain.status_code == 204
    assert (
        with_profile.get(f"/api/v1/sessions/{session_id}").json()["feedback"]["next_day_pain"] == 2
    )


def test_finished_session_takes_no_more_sets(with_profile: TestClient) -> None:
    session_id = _start(with_profile)["session"]["id"]
    with_profile.post(f"/api/v1/sessions/{session_id}/finish", json={"status": "ended-early"})
    record = {"exercise_id": "bridge", "set_number": 1, "ended_at": "2026-11-21T10:00:00Z"}
    response = with_profile.post(f"/api/v1/sessions/{session_id}/sets", json=record)
    assert response.status_code == 409


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/sessions/999", None),
        (
            "post",
            "/api/v1/sessions/999/sets",
            {"exercise_id": "x", "set_number": 1, "ended_at": "2026-01-01T00:00:00Z"},
        ),
        ("put", "/api/v1/sessions/999/position", {"step": 1}),
        ("post", "/api/v1/sessions/999/finish", {"status": "completed"}),
        ("put", "/api/v1/sessions/999/next-day-pain", {"pain": 1}),
    ],
)
def test_unknown_session_is_404(
    with_profile: TestClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    assert with_profile.request(method, path, json=body).status_code == 404


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/sets", {"exercise_id": "bridge", "set_number": 0, "ended_at": "2026-01-01T00:00:00Z"}),
        (
            "/sets",
            {
                "exercise_id": "bridge",
                "set_number": 1,
                "pain": 11,
                "ended_at": "2026-01-01T00:00:00Z",
            },
        ),
        ("/sets", {"exercise_id": "bridge"}),
        ("/position", {"step": -1}),
        ("/finish", {"status": "sideways"}),
        ("/finish", {"status": "in-progress"}),
        ("/finish", {"pain_after": 12}),
        ("/next-day-pain", {"pain": "a lot"}),
    ],
)
def test_bad_session_input_is_422(
    with_profile: TestClient, path: str, body: dict[str, Any]
) -> None:
    session_id = _start(with_profile)["session"]["id"]
    method = "put" if path in ("/position", "/next-day-pain") else "post"
    response = with_profile.request(method, f"/api/v1/sessions/{session_id}{path}", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_pages_follow_the_person(with_profile: TestClient) -> None:
    today = with_profile.get("/today")
    assert today.status_code == 200
    assert "Start session" in today.text
    assert with_profile.get("/week").status_code == 200
    assert with_profile.get("/session").status_code == 200
    assert with_profile.get("/", follow_redirects=False).headers["location"] == "/today"


@pytest.mark.parametrize("path", ["/today", "/week", "/api/v1/plan", "/api/v1/plan/week"])
def test_far_off_days_are_422_not_500(with_profile: TestClient, path: str) -> None:
    for day in ("9999-12-31", "0001-01-01"):
        assert with_profile.get(path, params={"day": day}).status_code == 422


def _today_plans(monkeypatch: pytest.MonkeyPatch, exercises: list[str]) -> None:
    """Today's plan made of these catalog exercises (the real plan depends on the weekday)."""
    from strongback.catalog import default_catalog
    from strongback.planner import plan_of_exercises
    from strongback.services import _sessions

    catalog = default_catalog()
    chosen = [(catalog.exercises[e], catalog.exercises[e].dosage) for e in exercises]

    def planned(repo: object, catalog_: object, day: date) -> Any:
        return plan_of_exercises(chosen, day, catalog, "Chosen.")

    monkeypatch.setattr(_sessions, "plan_for_day", planned)


def test_pain_at_the_flare_level_starts_the_stretches_only(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As the terminal player offers: no strengthening on a flaring back. The stored plan is the
    stretching day, so the set checks, history and adherence all see one."""
    from strongback.services import flare_pain

    _today_plans(monkeypatch, ["bridge", "knee-to-chest", "bird-dog"])
    body = _start(with_profile, pain=flare_pain())
    plan = body["session"]["plan"]
    assert plan["kind"] == "stretch"
    assert [e["exercise_id"] for e in plan["exercises"]] == ["knee-to-chest"]
    assert f"your pain was {flare_pain()}/10" in plan["notes"][-1]
    played = {s["exercise_id"] for s in body["timeline"]["steps"] if s["exercise_id"]}
    assert played == {"knee-to-chest"}


def test_pain_below_the_flare_level_starts_the_full_plan(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongback.services import flare_pain

    _today_plans(monkeypatch, ["bridge", "knee-to-chest", "bird-dog"])
    plan = _start(with_profile, pain=flare_pain() - 1)["session"]["plan"]
    assert len(plan["exercises"]) == 3


def test_no_pain_before_given_starts_the_full_plan_and_stores_none(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A skipped answer, as the terminal stores it and the browser sends it (null)."""
    _today_plans(monkeypatch, ["bridge", "knee-to-chest", "bird-dog"])
    session = _start(with_profile, pain=None)["session"]
    assert len(session["plan"]["exercises"]) == 3
    assert session["feedback"]["pain_before"] is None


def test_a_flare_with_no_stretches_planned_stops_for_today(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongback.services import flare_pain

    _today_plans(monkeypatch, ["bridge", "bird-dog"])
    response = with_profile.post("/api/v1/sessions", json={"pain_before": flare_pain()})
    assert response.status_code == 409
    detail = response.json()["detail"]
    assert "no stretches" in detail
    assert "stop for today" in detail
    # Nothing was started: no session to resume.
    assert with_profile.get("/api/v1/sessions").json() == []
    assert len(_start(with_profile, pain=flare_pain() - 1)["session"]["plan"]["exercises"]) == 2


def test_the_pain_rule_is_read_before_any_session(client: TestClient) -> None:
    """The browser asks before it starts a session, to offer the stretches only at a flare."""
    from strongback.services import flare_pain
    from strongback.session_player import PAIN_STOP_LEVEL

    rule = client.get("/api/v1/sessions/pain-rule").json()
    assert rule == {
        "stop_at": PAIN_STOP_LEVEL,
        "end_session_at": flare_pain(),
        "stop_signs": [],
        "stop_advice": PAIN_STOP_CARE,
        "end_session_advice": END_SESSION_ADVICE,
    }


def test_the_stop_screen_s_advice_is_the_terminal_player_s(client: TestClient) -> None:
    """One wording for both players: the browser shows what the terminal prints in STOP_ADVICE,
    with its stronger "see a doctor today"."""
    from strongback.session_player import STOP_ADVICE

    rule = client.get("/api/v1/sessions/pain-rule").json()
    assert rule["stop_advice"] in STOP_ADVICE
    assert "see a doctor today." in rule["stop_advice"]
    page = client.get("/session").text
    assert PAIN_STOP_CARE not in page  # no copy of its own in the page: the player fills it in
    assert "see a doctor today" not in page
