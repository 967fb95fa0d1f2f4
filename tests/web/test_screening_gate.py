"""Once the saved answers call for a clinician, the web does nothing a plan would lead to: no
session started or resumed, no set recorded, no camera set saved, no camera page; each API answer
is GET /plan's 409 with the referral, and the pages lead to /referral. On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
# A warning sign, and a contraindication without a clinician's clearance: both withhold a plan.
BLOCKING = [
    {**PROFILE, "red_flags": ["bladder-bowel-change"]},
    {**PROFILE, "conditions": ["spinal-injury"], "cleared_by_clinician": False},
]


@pytest.fixture
def api(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        yield client


def _started_then_blocked(api: TestClient, answers: dict[str, Any]) -> dict[str, Any]:
    """A session started while the answers were clear, then answers that block a plan."""
    assert api.put(f"{API}/profile", json=PROFILE).status_code == 200
    started = api.post(f"{API}/sessions", json={})
    assert started.status_code == 201, started.text
    assert api.put(f"{API}/profile", json=answers).status_code == 200
    body: dict[str, Any] = started.json()
    return body


def _is_referral(answer: Any, plan: Any) -> None:
    """GET /plan's 409, word for word: the referral with its reasons and screening."""
    assert answer.status_code == 409, answer.text
    assert plan.status_code == 409
    assert answer.json() == plan.json()
    detail = answer.json()["detail"]
    assert detail["reasons"]
    assert detail["screening"]["status"] == "blocked"


@pytest.mark.parametrize("answers", BLOCKING, ids=["red-flag", "not-cleared"])
def test_an_unfinished_session_goes_no_further_once_the_answers_block_a_plan(
    api: TestClient, answers: dict[str, Any]
) -> None:
    started = _started_then_blocked(api, answers)
    session_id = started["session"]["id"]
    plan = api.get(f"{API}/plan")
    _is_referral(api.post(f"{API}/sessions", json={}), plan)
    _is_referral(api.get(f"{API}/sessions/current"), plan)
    step = next(s for s in started["timeline"]["steps"] if s["records_set"])
    record = {
        "exercise_id": step["exercise_id"],
        "set_number": step["set_number"],
        "side": step["set_side"],
        "reps_done": 5,
        "ended_at": datetime.now(UTC).isoformat(),
    }
    _is_referral(api.post(f"{API}/sessions/{session_id}/sets", json=record), plan)
    coached = {"exercise_id": "bridge", "reps": 2, "holds": [9.5, 10.0], "seconds": 30}
    _is_referral(api.post(f"{API}/sessions/coached", json=coached), plan)
    _is_referral(
        api.post(f"{API}/sessions/coached", json={**coached, "session_id": session_id}), plan
    )
    # Nothing was recorded, and no camera session was added.
    sessions = api.get(f"{API}/sessions").json()
    assert [(s["id"], s["sets"]) for s in sessions] == [(session_id, [])]
    # The session can still be ended.
    finished = api.post(f"{API}/sessions/{session_id}/finish", json={"status": "ended-early"})
    assert finished.status_code == 200


@pytest.mark.parametrize("answers", BLOCKING, ids=["red-flag", "not-cleared"])
def test_the_camera_pages_lead_to_the_referral(api: TestClient, answers: dict[str, Any]) -> None:
    assert api.put(f"{API}/profile", json=answers).status_code == 200
    page = api.get("/coach/bridge", follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (303, "/referral")
    with_session = api.get("/coach/bridge?session=1", follow_redirects=False)
    assert with_session.headers["location"] == "/referral"
    assert api.get("/today", follow_redirects=False).headers["location"] == "/referral"
    exercise = api.get("/library/bridge")
    assert exercise.status_code == 200  # reading about an exercise stays open
    assert 'href="/coach/bridge"' not in exercise.text
    assert "Check my form with the camera" not in exercise.text
    assert "The camera check waits until a clinician has seen you" in exercise.text
    assert 'href="/referral"' in exercise.text


def _refused_by_the_socket(api: TestClient, exercise_id: str) -> tuple[dict[str, Any], int]:
    """The camera socket's message and close code; no frame is ever asked for."""
    with api.websocket_connect(f"/ws/coach/{exercise_id}") as socket:
        message: dict[str, Any] = socket.receive_json()
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    return message, closed.value.code


@pytest.mark.parametrize("answers", BLOCKING, ids=["red-flag", "not-cleared"])
def test_the_camera_socket_coaches_no_one_sent_to_a_clinician(
    api: TestClient, answers: dict[str, Any]
) -> None:
    # The socket can be opened without the page, so it keeps the page's gate itself.
    assert api.put(f"{API}/profile", json=answers).status_code == 200
    plan = api.get(f"{API}/plan").json()["detail"]

    message, code = _refused_by_the_socket(api, "bridge")

    assert code == 4409
    assert message["kind"] == "error"
    assert "clinician" in message["message"]
    assert message["referral"] == "/referral"
    assert message["reasons"] == plan["reasons"]
    assert message["screening"] == plan["screening"]


def test_the_camera_socket_does_not_coach_an_exercise_left_out(api: TestClient) -> None:
    cleared = {**PROFILE, "conditions": ["pregnancy"], "cleared_by_clinician": True}
    assert api.put(f"{API}/profile", json=cleared).status_code == 200

    message, code = _refused_by_the_socket(api, "deadlift")

    assert code == 4409
    assert message["kind"] == "error"
    assert "Deadlift is left out of your plan because of pregnancy" in message["message"]
    assert message["conditions"] == ["pregnancy"]


def test_the_camera_socket_coaches_nobody_when_the_answers_cannot_be_read(
    api: TestClient,
) -> None:
    from strongback.store import StoreError

    def broken() -> Any:
        raise StoreError("the database is gone")

    api.app.state.strongback.repository = broken  # type: ignore[attr-defined]

    message, code = _refused_by_the_socket(api, "bridge")

    assert code == 4503
    assert "cannot be reached" in message["message"]


def test_the_player_page_keeps_the_gate_the_api_keeps(api: TestClient) -> None:
    """Answers saved with a screening that does not block (saved before a rule changed, or by
    another version) are still no way to the player: the page asks the same gate as the API."""
    from strongback.profile import parse_profile
    from strongback.rules.screening import default_screening_rules
    from strongback.safety import screen

    clear = screen(parse_profile(PROFILE), default_screening_rules())
    flagged = parse_profile({**PROFILE, "red_flags": ["bladder-bowel-change"]})
    repository = api.app.state.strongback.repository()  # type: ignore[attr-defined]
    repository.save_profile(flagged, clear, datetime.now(UTC))

    assert api.get(f"{API}/plan").status_code == 409
    player = api.get("/session", follow_redirects=False)
    assert (player.status_code, player.headers["location"]) == (303, "/referral")


def test_once_cleared_the_camera_is_offered_again(api: TestClient) -> None:
    assert api.put(f"{API}/profile", json=BLOCKING[1]).status_code == 200
    assert 'href="/coach/bridge"' not in api.get("/library/bridge").text
    cleared = {**BLOCKING[1], "cleared_by_clinician": True}
    assert api.put(f"{API}/profile", json=cleared).status_code == 200
    assert 'href="/coach/bridge"' in api.get("/library/bridge").text
    assert api.get("/coach/bridge").status_code == 200


def test_an_exercise_left_out_for_a_condition_is_not_coached(api: TestClient) -> None:
    cleared = {**PROFILE, "conditions": ["pregnancy"], "cleared_by_clinician": True}
    assert api.put(f"{API}/profile", json=cleared).status_code == 200

    page = api.get("/coach/deadlift")
    saved = api.post(f"{API}/sessions/coached", json={"exercise_id": "deadlift", "reps": 5})

    assert page.status_code == 409
    assert "Deadlift is left out of your plan because of pregnancy" in page.text
    assert "strongback show" not in page.text  # a command a browser cannot run
    assert 'href="/library/deadlift#cautions"' in page.text
    assert saved.status_code == 409
    assert "left out of your plan because of pregnancy" in saved.json()["detail"]


def test_the_exercise_page_offers_no_camera_for_an_exercise_left_out(api: TestClient) -> None:
    cleared = {**PROFILE, "conditions": ["pregnancy"], "cleared_by_clinician": True}
    assert api.put(f"{API}/profile", json=cleared).status_code == 200

    page = api.get("/library/deadlift")

    assert page.status_code == 200
    assert "Check my form with the camera" not in page.text
    assert "left out of your plan because of pregnancy" in page.text
