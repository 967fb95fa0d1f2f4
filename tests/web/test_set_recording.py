"""POST /api/v1/sessions/{id}/sets: a set is recorded once, however often a browser retries it,
and only once it has happened; on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback.limits import MAX_SETS
from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}


@pytest.fixture
def started(store_settings: Settings) -> Iterator[tuple[TestClient, int, dict[str, Any]]]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
        started = client.post(f"{API}/sessions", json={}).json()
        first = next(s for s in started["timeline"]["steps"] if s["records_set"])
        record = {
            "exercise_id": first["exercise_id"],
            "set_number": first["set_number"],
            "side": first["set_side"],
            "reps_done": first["reps"],
            "ended_at": datetime.now(UTC).isoformat(),
        }
        yield client, started["session"]["id"], record


def _session_of(
    store_settings: Settings, exercises: list[tuple[str, int]], started: datetime
) -> int:
    """A web session started at `started` of these exercises, each in so many sets; its id."""
    from strongback.catalog import default_catalog
    from strongback.planner import plan_of_exercises
    from strongback.records import SessionSource
    from strongback.store import open_store

    catalog = default_catalog()
    chosen = []
    for exercise_id, sets in exercises:
        exercise = catalog.exercises[exercise_id]
        chosen.append((exercise, exercise.dosage.model_copy(update={"sets": sets})))
    plan = plan_of_exercises(chosen, started.astimezone().date(), catalog, "Chosen.")
    with open_store(store_settings) as repository:
        session = repository.start_session(plan, SessionSource.WEB, started)
    assert session.id is not None
    return session.id


@pytest.fixture
def chosen(store_settings: Settings) -> Iterator[tuple[TestClient, int, dict[str, Any]]]:
    """A session of known exercises: bridge in two sets, knee-to-chest on each side in one, and
    bird-dog alternating sides in one; and a set of its first exercise, started a minute ago."""
    now = datetime.now(UTC)
    exercises = [("bridge", 2), ("knee-to-chest", 1), ("bird-dog", 1)]
    session_id = _session_of(store_settings, exercises, now - timedelta(minutes=1))
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        first = _set_keys(client)[0]
        # 3 reps: no more than any of these exercises asks for in a set.
        yield client, session_id, {**first, "reps_done": 3, "ended_at": now.isoformat()}


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


def _set_keys(client: TestClient) -> list[dict[str, Any]]:
    """Each set of the session's timeline, as exercise, set number and side."""
    steps = client.get(f"{API}/sessions/current").json()["timeline"]["steps"]
    return [
        {"exercise_id": s["exercise_id"], "set_number": s["set_number"], "side": s["set_side"]}
        for s in steps
        if s["records_set"]
    ]


def test_other_sets_and_sides_are_new_sets(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = chosen
    keys = _set_keys(client)
    assert [(k["exercise_id"], k["set_number"], k["side"]) for k in keys] == [
        ("knee-to-chest", 1, "left"),
        ("knee-to-chest", 1, "right"),
        ("bridge", 1, "both"),
        ("bridge", 2, "both"),
        ("bird-dog", 1, "both"),
    ]
    for key in keys:
        answer = client.post(f"{API}/sessions/{session_id}/sets", json={**record, **key})
        assert answer.status_code == 201, answer.text
    assert len(_sets(client, session_id)) == len(keys)


def _refused(answer: Any, field: str) -> str:
    assert answer.status_code == 422, answer.text
    (detail,) = answer.json()["detail"]
    assert detail["loc"] == ["body", field]
    message: str = detail["msg"]
    return message


def test_a_set_outside_the_session_s_timeline_is_refused_with_the_field(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = chosen
    url = f"{API}/sessions/{session_id}/sets"
    # Beyond the most sets a dose can hold: refused by the schema.
    said = _refused(client.post(url, json={**record, "set_number": 999}), "set_number")
    assert f"less than or equal to {MAX_SETS}" in said
    # A set number the exercise does not have in this session.
    knee = {"exercise_id": "knee-to-chest", "side": "left"}
    said = _refused(client.post(url, json={**record, **knee, "set_number": 2}), "set_number")
    assert "knee-to-chest has 1 set in this session, so set 2 is not one of them" in said
    bridge = {"exercise_id": "bridge", "side": "both"}
    said = _refused(client.post(url, json={**record, **bridge, "set_number": 3}), "set_number")
    assert "bridge has 2 sets in this session" in said
    # A side for an exercise done with both sides at once, or alternating in one set.
    for exercise_id in ("bridge", "bird-dog"):
        wrong = {"exercise_id": exercise_id, "set_number": 1, "side": "left"}
        said = _refused(client.post(url, json={**record, **wrong}), "side")
        assert f"set 1 of {exercise_id} is recorded as side both, not left" in said
    # And "both" for an exercise done on each side in turn.
    wrong = {**knee, "set_number": 1, "side": "both"}
    said = _refused(client.post(url, json={**record, **wrong}), "side")
    assert "is recorded as side left and right, not both" in said
    assert _sets(client, session_id) == []


def test_a_set_with_pain_is_stopped_not_done(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = chosen
    url = f"{API}/sessions/{session_id}/sets"
    said = _refused(client.post(url, json={**record, "pain": 1, "outcome": "done"}), "outcome")
    assert "any pain during a session stops the exercise" in said
    assert _sets(client, session_id) == []
    # 0 is the pain key pressed by mistake; a stopped set with pain is what the players send.
    assert client.post(url, json={**record, "pain": 0}).status_code == 201
    stopped = {**record, "pain": 4, "outcome": "stopped", "reason": "pain 4/10"}
    assert client.post(url, json={**stopped, **_set_keys(client)[-1]}).status_code == 201
    assert [s["outcome"] for s in _sets(client, session_id)] == ["done", "stopped"]


def test_the_resume_position_is_a_step_of_the_timeline(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, _ = chosen
    url = f"{API}/sessions/{session_id}/position"
    steps = len(client.get(f"{API}/sessions/current").json()["timeline"]["steps"])
    for step in (steps, 999_999):
        answer = client.put(url, json={"step": step})
        said = _refused(answer, "step")
        assert f"steps 0 to {steps - 1}, so there is no step {step}" in said
    assert client.put(url, json={"step": steps - 1}).status_code == 204
    assert client.put(url, json={"step": 0}).status_code == 204
    assert client.get(f"{API}/sessions/{session_id}").json()["resume_step"] == 0


def test_a_different_set_under_the_same_number_is_a_conflict(
    started: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = started
    assert client.post(f"{API}/sessions/{session_id}/sets", json=record).status_code == 201
    reps = record["reps_done"]
    fewer = {**record, "reps_done": reps - 1}
    other = client.post(f"{API}/sessions/{session_id}/sets", json=fewer)
    assert other.status_code == 409
    detail = other.json()["detail"]
    assert "already recorded" in detail
    assert f"reps_done {reps} (not {reps - 1})" in detail
    assert "nothing was changed" in detail
    (stored,) = _sets(client, session_id)
    assert stored["reps_done"] == reps


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


def test_a_set_ends_while_its_session_runs(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    """A set that ended before its session began (a clock reset to 1970, a client's zero date)
    would be stored as exercise nobody did."""
    client, session_id, record = chosen
    url = f"{API}/sessions/{session_id}/sets"
    started = client.get(f"{API}/sessions/{session_id}").json()["started_at"]
    an_hour_before = (datetime.fromisoformat(started) - timedelta(hours=1)).isoformat()
    for ended_at in (
        "0001-01-01T00:00:00Z",
        "1970-01-01T00:00:00Z",
        an_hour_before,
    ):
        said = _refused(client.post(url, json={**record, "ended_at": ended_at}), "ended_at")
        assert "is before the session started" in said
    assert _sets(client, session_id) == []
    # A second device's clock a minute or two slow is still during the session.
    slow = (datetime.fromisoformat(started) - timedelta(minutes=2)).isoformat()
    assert client.post(url, json={**record, "ended_at": slow}).status_code == 201


def test_a_set_records_no_more_reps_than_it_asks_for(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = chosen
    url = f"{API}/sessions/{session_id}/sets"
    knee = {**record, "exercise_id": "knee-to-chest", "set_number": 1, "side": "left"}
    said = _refused(client.post(url, json={**knee, "reps_done": 50}), "reps_done")
    assert "set 1 of knee-to-chest asks for 3 reps, so 50 cannot have been done" in said
    said = _refused(client.post(url, json={**knee, "reps_done": 4}), "reps_done")
    assert "so 4 cannot have been done" in said
    # Alternating reps are counted per side, as the timeline counts them.
    bird = {**record, "exercise_id": "bird-dog", "set_number": 1, "side": "both"}
    said = _refused(client.post(url, json={**bird, "reps_done": 6}), "reps_done")
    assert "asks for 5 reps a side, so 6" in said
    assert _sets(client, session_id) == []
    assert client.post(url, json={**knee, "reps_done": 3}).status_code == 201
    assert client.post(url, json={**bird, "reps_done": 5}).status_code == 201


def test_a_hold_is_recorded_only_for_a_held_exercise_and_not_far_past_its_time(
    store_settings: Settings,
) -> None:
    now = datetime.now(UTC)
    session_id = _session_of(store_settings, [("bridge", 1), ("rocking-knee-hug", 1)], now)
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        url = f"{API}/sessions/{session_id}/sets"
        base = {"set_number": 1, "reps_done": 5, "ended_at": now.isoformat()}
        rocking = {**base, "exercise_id": "rocking-knee-hug"}
        said = _refused(
            client.post(url, json={**rocking, "hold_seconds_done": 119}), "hold_seconds_done"
        )
        assert "rocking-knee-hug is not held in this session" in said
        bridge = {**base, "exercise_id": "bridge"}  # held for 10 seconds
        said = _refused(
            client.post(url, json={**bridge, "hold_seconds_done": 119}), "hold_seconds_done"
        )
        assert "holds for 10 seconds, so a hold of 119 seconds is more than it can record" in said
        assert _sets(client, session_id) == []
        # Held a little past the count is still the person's own hold.
        assert client.post(url, json={**bridge, "hold_seconds_done": 12}).status_code == 201
        assert client.post(url, json=rocking).status_code == 201
        assert [s["hold_seconds_done"] for s in _sets(client, session_id)] == [12, None]


def test_a_set_with_pain_is_never_skipped(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = chosen
    url = f"{API}/sessions/{session_id}/sets"
    skipped = {**record, "outcome": "skipped", "pain": 5}
    said = _refused(client.post(url, json=skipped), "outcome")
    assert "a set with pain 5 was stopped, not skipped" in said
    assert _sets(client, session_id) == []


def test_the_session_says_where_a_player_starts_and_which_set_each_step_belongs_to(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    """A set saved but its resume step not (the process died between the two writes): every
    player starts after that set, not at the stored step, so none plays it again."""
    client, session_id, record = chosen
    assert client.get(f"{API}/sessions/current").json()["start_step"] == 0
    assert client.post(f"{API}/sessions/{session_id}/sets", json=record).status_code == 201
    current = client.get(f"{API}/sessions/current").json()
    assert current["session"]["resume_step"] == 0
    steps = current["timeline"]["steps"]
    key = [record["exercise_id"], record["set_number"], record["side"]]
    ends = [s["index"] for s in steps if s["records_set"] and s["set_key"] == key]
    assert current["start_step"] == ends[0] + 1
    # A resume step stored further on is kept.
    client.put(f"{API}/sessions/{session_id}/position", json={"step": ends[0] + 3})
    assert client.get(f"{API}/sessions/current").json()["start_step"] == ends[0] + 3
    # Steps outside a set belong to none.
    assert steps[0]["set_key"] is None
    assert {s["kind"] for s in steps if s["set_key"] is not None} <= {"hold", "move"}


def test_a_resumed_session_never_starts_inside_an_exercise_stopped_for_pain(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    """The first exercise's first set stopped for pain, the resume step left before it: the
    player starts at the next exercise, and the payload names the first as barred, as the
    terminal player bars it."""
    client, session_id, record = chosen
    assert client.get(f"{API}/sessions/current").json()["pain_stopped"] == []
    stopped = {**record, "reps_done": 1, "outcome": "stopped", "pain": 3, "reason": "Stopped."}
    assert client.post(f"{API}/sessions/{session_id}/sets", json=stopped).status_code == 201
    current = client.get(f"{API}/sessions/current").json()
    steps = current["timeline"]["steps"]
    hurt = [s for s in steps if s["exercise_id"] == record["exercise_id"]]
    assert current["pain_stopped"] == [hurt[0]["exercise_index"]]
    next_exercise = hurt[-1]["index"] + 1
    assert steps[next_exercise]["exercise_id"] != record["exercise_id"]
    assert current["start_step"] == next_exercise
    # Even a resume step stored inside that exercise (its last step) is passed over.
    client.put(f"{API}/sessions/{session_id}/position", json={"step": hurt[-1]["index"]})
    assert client.get(f"{API}/sessions/current").json()["start_step"] == next_exercise


def test_a_set_with_pain_below_the_stop_level_bars_nothing(
    chosen: tuple[TestClient, int, dict[str, Any]],
) -> None:
    client, session_id, record = chosen
    calm = {**record, "pain": 0}
    assert client.post(f"{API}/sessions/{session_id}/sets", json=calm).status_code == 201
    assert client.get(f"{API}/sessions/current").json()["pain_stopped"] == []
