"""The sessions API keeps every pain report: a set sent again as stopped for pain reported after it
is recorded so (and nothing else about a recorded set changes); a session resumed after strong or
spreading pain says so in its payload; the pain rule carries the person's stop signs. On SQLite
and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback.catalog import default_catalog
from strongback.planner import plan_of_exercises
from strongback.progression import adjust
from strongback.records import SessionSource
from strongback.rules.progression import default_progression_rules
from strongback.settings import Settings
from strongback.store import open_store
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
MIDWIFE = "Stop at once and call your midwife or doctor"


@pytest.fixture
def bridge_done(store_settings: Settings) -> Iterator[tuple[TestClient, int, dict[str, Any]]]:
    """A web session of one bridge set, done and saved; the client, its id and the stored set."""
    catalog = default_catalog()
    bridge = catalog.exercises["bridge"]
    now = datetime.now(UTC)
    plan = plan_of_exercises(
        [(bridge, bridge.dosage.model_copy(update={"sets": 1}))], now.date(), catalog, "Chosen."
    )
    with open_store(store_settings) as repository:
        session = repository.start_session(plan, SessionSource.WEB, now - timedelta(minutes=2))
    assert session.id is not None
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
        done = {
            "exercise_id": "bridge",
            "set_number": 1,
            "side": "both",
            "reps_done": bridge.dosage.reps,
            "hold_seconds_done": bridge.dosage.hold_seconds,
            "outcome": "done",
            "ended_at": (now - timedelta(seconds=30)).isoformat(),
        }
        answer = client.post(f"{API}/sessions/{session.id}/sets", json=done)
        assert answer.status_code == 201, answer.text
        yield client, session.id, answer.json()


def test_pain_after_a_saved_set_is_recorded_on_it_and_the_plan_steps_back(
    bridge_done: tuple[TestClient, int, dict[str, Any]], store_settings: Settings
) -> None:
    client, session_id, done = bridge_done
    hurt = {**done, "outcome": "stopped", "pain": 4, "reason": "Stopped for pain 4/10, dull."}

    answer = client.post(f"{API}/sessions/{session_id}/sets", json=hurt)

    assert answer.status_code == 200, answer.text
    assert answer.json() == hurt
    again = client.post(f"{API}/sessions/{session_id}/sets", json=hurt)  # a retry
    assert (again.status_code, again.json()) == (200, hurt)
    with open_store(store_settings) as repository:
        (session,) = repository.sessions()
    (stored,) = session.sets
    assert (stored.outcome.value, stored.pain, stored.reps_done) == (
        "stopped",
        4,
        done["reps_done"],
    )
    change = adjust([session], default_catalog(), default_progression_rules())["bridge"]
    assert (change.change.value, change.rule_id) == ("step-back", "stopped-for-pain")


@pytest.mark.parametrize(
    "changed",
    [
        {"reps_done": 1},  # a pain report never rewrites what was done
        {"reason": "it hurt"},  # not a pain stop's words
        {"reason": "Stopped for pain 5/10, dull."},  # words that disagree with the pain
        {"outcome": "skipped", "pain": None, "reason": "skipped by the person"},
    ],
)
def test_nothing_else_about_a_saved_set_changes(
    bridge_done: tuple[TestClient, int, dict[str, Any]], changed: dict[str, Any]
) -> None:
    client, session_id, done = bridge_done
    sent = {**done, "outcome": "stopped", "pain": 4, "reason": "Stopped for pain 4/10, dull."}
    sent.update(changed)

    answer = client.post(f"{API}/sessions/{session_id}/sets", json=sent)

    assert answer.status_code == 409, answer.text
    assert "nothing was changed" in answer.json()["detail"]
    assert client.get(f"{API}/sessions/{session_id}").json()["sets"] == [done]


@pytest.mark.parametrize(
    ("reason", "advised"),
    [
        ("Stopped for pain 7/10, spreading.", {"level": 7, "kind": "spreading"}),
        ("Stopped for pain 2/10, spreading.", {"level": 2, "kind": "spreading"}),
        ("Stopped for pain 6/10.", {"level": 6, "kind": None}),
        ("Stopped for pain 3/10, sharp.", None),
    ],
)
def test_a_resumed_session_carries_its_stop_when_the_pain_advised_ending(
    bridge_done: tuple[TestClient, int, dict[str, Any]],
    reason: str,
    advised: dict[str, Any] | None,
) -> None:
    client, session_id, done = bridge_done
    level = int(reason.split()[3].split("/", maxsplit=1)[0])
    hurt = {**done, "outcome": "stopped", "pain": level, "reason": reason}
    assert client.post(f"{API}/sessions/{session_id}/sets", json=hurt).status_code == 200

    payload = client.get(f"{API}/sessions/current").json()

    expected = None if advised is None else {**advised, "exercise_name": "Bridge"}
    assert payload["advised_stop"] == expected
    assert payload["pain_stopped"] == [0]


def test_the_pain_rule_gives_the_stop_signs_of_pregnancy(store_settings: Settings) -> None:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        assert client.get(f"{API}/sessions/pain-rule").json()["stop_signs"] == []
        pregnant = {**PROFILE, "conditions": ["pregnancy"], "cleared_by_clinician": True}
        assert client.put(f"{API}/profile", json=pregnant).status_code == 200
        (sign,) = client.get(f"{API}/sessions/pain-rule").json()["stop_signs"]
        assert sign.startswith(MIDWIFE)
        started = client.post(f"{API}/sessions", json={}).json()
        assert started["pain_rule"]["stop_signs"] == [sign]
