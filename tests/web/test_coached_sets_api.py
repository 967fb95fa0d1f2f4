"""POST /api/v1/sessions/coached: the camera page saves its set as `strongback coach` does,
on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback import services
from strongback.limits import MAX_HOLD_SECONDS, MAX_REPS
from strongback.settings import Settings
from strongback.web import create_app
from strongback.web.api.coached import (
    MAX_MEASURED_HOLD_SECONDS,
    MAX_MEASURED_HOLDS,
    MAX_MEASURED_REPS,
)
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
BRIDGE = {"exercise_id": "bridge", "reps": 2, "holds": [9.4, 10.1], "form": {"Hips up.": 2}}


@pytest.fixture
def api(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        yield client


def _coached(api: TestClient, status: int, **body: Any) -> Any:
    response = api.post(f"{API}/sessions/coached", json={**BRIDGE, **body})
    assert response.status_code == status, response.text
    return response.json()


def test_a_set_on_its_own_is_saved_to_the_history_as_a_camera_session(api: TestClient) -> None:
    answer = _coached(api, 201, seconds=42.5)
    assert answer["saved"] is True
    assert answer["own_session"] is True
    assert answer["message"] == services.SAVED_AS_PRACTICE
    assert answer["set"]["hold_seconds_done"] == 10.1
    (session,) = api.get(f"{API}/sessions").json()
    assert (session["id"], session["source"], session["status"]) == (
        answer["session_id"],
        "camera",
        "completed",
    )
    assert [(s["exercise_id"], s["reps_done"]) for s in session["sets"]] == [("bridge", 2)]
    began, ended = (datetime.fromisoformat(session[k]) for k in ("started_at", "ended_at"))
    assert (ended - began).total_seconds() == 42.5  # as long as the camera filmed
    # The progress summary counts it like any other session.
    assert api.get(f"{API}/progress").json()["sessions"]


def _counted(api: TestClient, exercise: str) -> dict[str, Any]:
    """A summary the camera could give of this exercise: holds if it times them, else reps."""
    if api.get(f"{API}/exercises/{exercise}").json()["camera"]["measure"] == "hold":
        return {"reps": 2, "holds": [9.4, 10.1]}
    return {"reps": 8, "holds": []}


def test_nothing_counted_is_said_and_nothing_is_saved(api: TestClient) -> None:
    answer = _coached(api, 200, reps=0, holds=[])
    assert answer == {
        "saved": False,
        "message": "Nothing was counted, so nothing was saved.",
        "session_id": None,
        "own_session": None,
        "set": None,
    }
    assert api.get(f"{API}/sessions").json() == []


def test_a_set_from_the_player_joins_its_session_with_the_next_set_number(
    api: TestClient,
) -> None:
    assert api.put(f"{API}/profile", json=PROFILE).status_code == 200
    started = api.post(f"{API}/sessions", json={"pain_before": 2}).json()
    session = started["session"]
    # The camera exercise with the most sets: on a stretches-only day (a Sunday, say) every one
    # may have a single set, and a second coached set is then practice (checked below).
    sets, exercise = max(
        (p["dosage"]["sets"], p["exercise_id"])
        for p in session["plan"]["exercises"]
        if api.get(f"{API}/exercises/{p['exercise_id']}").json().get("camera")
    )
    # The player went through the sets before it, as a person does, up to this exercise.
    for step in started["timeline"]["steps"]:
        if step["exercise_id"] == exercise:
            break
        if step["records_set"]:
            done = {"exercise_id": step["exercise_id"], "set_number": step["set_number"]}
            side = {"side": step["set_side"]} if step.get("set_side") else {}
            ended = {"outcome": "skipped", "ended_at": datetime.now(UTC).isoformat()}
            url = f"{API}/sessions/{session['id']}"
            api.post(f"{url}/sets", json={**done, **side, **ended}).raise_for_status()
            api.put(f"{url}/position", json={"step": step["index"] + 1}).raise_for_status()
    counted = _counted(api, exercise)
    first = _coached(api, 201, exercise_id=exercise, session_id=session["id"], **counted)
    second = _coached(api, 201, exercise_id=exercise, session_id=session["id"], **counted)
    assert (first["session_id"], first["own_session"]) == (session["id"], False)
    resume = services.RESUME_IN_BROWSER
    assert first["message"] == f"Saved as set 1 of today's session. {resume}"
    stored = api.get(f"{API}/sessions/{session['id']}").json()
    assert stored["status"] == "in-progress"
    camera_sets = [(s["exercise_id"], s["set_number"]) for s in stored["sets"]]
    if sets >= 2:
        assert second["message"] == f"Saved as set 2 of today's session. {resume}"
        assert camera_sets[-2:] == [(exercise, 1), (exercise, 2)]
    else:
        assert second["message"].startswith("Saved to your history as practice: every set of")
        assert camera_sets[-1:] == [(exercise, 1)]
    assert stored["resume_step"] > 0  # the player goes on after the camera's sets


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"exercise_id": "brige"}, 422, "no exercise 'brige'; did you mean bridge"),
        ({"exercise_id": "pelvic-tilt"}, 422, "the camera cannot check pelvic-tilt"),
        ({"reps": -1}, 422, "greater than or equal to 0"),
        ({"holds": [-2.0]}, 422, "greater than or equal to 0"),
        ({"reps": "3"}, 422, "must be a JSON number"),
        # Measured values are bounded for sanity only, far above any planned dose.
        ({"reps": 10_000}, 422, "less than or equal to 1000"),
        ({"reps": 1001}, 422, "less than or equal to 1000"),
        ({"holds": [10.0] * 1001}, 422, "at most 1000 items"),
        ({"holds": [3600.5]}, 422, "less than or equal to 3600"),
        ({"session_id": 999}, 404, "no session with id 999"),
    ],
)
def test_bad_input_is_refused_with_details(
    api: TestClient, body: dict[str, Any], status: int, says: str
) -> None:
    answer = _coached(api, status, **body)
    assert says in str(answer["detail"])
    assert api.get(f"{API}/sessions").json() == []


def test_a_full_set_is_saved(api: TestClient) -> None:
    holds = [float(MAX_MEASURED_HOLD_SECONDS)] * MAX_MEASURED_HOLDS
    answer = _coached(api, 201, reps=MAX_MEASURED_REPS, holds=holds)
    assert answer["set"]["reps_done"] == MAX_MEASURED_REPS
    assert answer["set"]["hold_seconds_done"] == MAX_MEASURED_HOLD_SECONDS


def test_more_than_a_planned_dose_is_saved_as_the_camera_measured_it(api: TestClient) -> None:
    # The CLI saves these; the browser must not lose them to the limits of planned doses.
    crunches = _coached(api, 201, exercise_id="crunch", reps=MAX_REPS + 5, holds=[])
    assert crunches["set"]["reps_done"] == MAX_REPS + 5
    sphinx = _coached(api, 201, reps=1, holds=[MAX_HOLD_SECONDS + 30.0])
    assert sphinx["set"]["hold_seconds_done"] == MAX_HOLD_SECONDS + 30.0


def test_a_finished_session_or_one_without_the_exercise_is_refused(api: TestClient) -> None:
    saved = _coached(api, 201)
    finished = _coached(api, 409, session_id=saved["session_id"])
    assert finished["detail"] == f"session {saved['session_id']} is already completed"
    assert api.put(f"{API}/profile", json=PROFILE).status_code == 200
    session = api.post(f"{API}/sessions", json={}).json()["session"]
    planned = {p["exercise_id"] for p in session["plan"]["exercises"]}
    checkable = [e["id"] for e in api.get(f"{API}/exercises").json() if e.get("camera")]
    other = next(e for e in checkable if e not in planned)
    refused = _coached(api, 422, exercise_id=other, session_id=session["id"])
    assert refused["detail"][0]["loc"] == ["body", "exercise_id"]
    assert "is not in this session's plan" in refused["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("body", "field", "says"),
    [
        # Holds only for an exercise the camera times.
        ({"exercise_id": "crunch", "reps": 8, "holds": [3.0]}, "holds", "has no holds"),
        # For one it times, reps counts the holds (or is 0).
        ({"reps": 5, "holds": [9.4, 10.1]}, "reps", "reps counts the holds: 2 (or 0), not 5"),
        ({"reps": 3, "holds": []}, "reps", "send each hold's seconds in holds (reps 3 came"),
        # Holds fit in the time the camera filmed.
        ({"holds": [12.0, 3.0], "seconds": 10}, "holds", "a hold of 12 s is longer than the set"),
        ({"holds": [8.0, 8.0], "seconds": 10}, "holds", "the holds add up to 16 s"),
        # Nobody does more than two reps a second.
        (
            {"exercise_id": "crunch", "reps": 1000, "holds": [], "seconds": 1},
            "reps",
            "1000 reps in 1 s is more than 2 a second",
        ),
    ],
)
def test_a_summary_that_does_not_hold_together_is_refused(
    api: TestClient, body: dict[str, Any], field: str, says: str
) -> None:
    answer = _coached(api, 422, **body)
    (detail,) = answer["detail"]
    assert detail["loc"] == ["body", field]
    assert says in detail["msg"]
    assert api.get(f"{API}/sessions").json() == []


def test_a_consistent_summary_is_saved_and_holds_count_as_reps(api: TestClient) -> None:
    # A hold exercise may send reps 0: the holds are the count.
    knee = _coached(api, 201, exercise_id="knee-to-chest", reps=0, holds=[12, 3], seconds=40)
    assert (knee["set"]["reps_done"], knee["set"]["hold_seconds_done"]) == (2, 12)
    # Holds just filling the set (each rounded to 0.1 s) and brisk reps are fine.
    assert _coached(api, 201, holds=[5.05, 5.05], seconds=10)["saved"]
    crunches = _coached(api, 201, exercise_id="crunch", reps=20, holds=[], seconds=10)
    assert crunches["set"]["reps_done"] == 20
