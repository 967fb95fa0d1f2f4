"""In the browser's API and pages, pain is a flare against the person's own flare level: someone
whose back is usually at 7/10 starts their whole session at 7, hears no flare advice for a 7 the
day after, and is offered the stretches only from 8 (severe pain), as the next plan judges it.
Someone without a usual pain yet is read against the rules' flare level, as before. On SQLite and
PostgreSQL."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from strongback.flare_start import flare_start_reason
from strongback.services import FLARE_ADVICE, flare_pain
from strongback.settings import Settings
from strongback.store import Repository
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS
from tests.web.test_check_in_page import _check_in, _session_on
from tests.web.test_plan_and_sessions_api import _today_plans

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
TODAY = date.today()
USUAL = 7
#: The flare level of someone whose back is usually at 7: severe pain (rules/progression.yaml).
THEIR_LEVEL = 8


@pytest.fixture
def client(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as test_client:
        assert test_client.put(f"{API}/profile", json=PROFILE).status_code == 200
        yield test_client


def _usually_at_seven(repository: Repository) -> None:
    """Four days in a row, up to yesterday, with the back at 7 before each session: their usual
    pain is 7 from the fourth (the first three were flares, the fourth ended the last)."""
    for back in range(4, 0, -1):
        _session_on(repository, TODAY - timedelta(days=back), pain_before=USUAL)


def _started_plan(client: TestClient, pain: int) -> dict[str, object]:
    response = client.post(f"{API}/sessions", json={"pain_before": pain})
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_the_pain_rule_carries_the_person_s_flare_level(
    client: TestClient, repository: Repository
) -> None:
    assert client.get(f"{API}/sessions/pain-rule").json()["end_session_at"] == flare_pain()
    _usually_at_seven(repository)
    assert client.get(f"{API}/sessions/pain-rule").json()["end_session_at"] == THEIR_LEVEL


def test_a_usual_seven_starts_the_whole_session_and_a_nine_the_stretches_only(
    client: TestClient, repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    _usually_at_seven(repository)
    _today_plans(monkeypatch, ["bridge", "knee-to-chest", "bird-dog"])

    body = _started_plan(client, USUAL)
    session = body["session"]
    assert isinstance(session, dict)
    assert len(session["plan"]["exercises"]) == 3
    # The player reads the same level for the stop during the session.
    pain_rule = body["pain_rule"]
    assert isinstance(pain_rule, dict)
    assert pain_rule["end_session_at"] == THEIR_LEVEL
    assert client.post(f"{API}/sessions/{session['id']}/abandon").status_code == 200

    flaring = _started_plan(client, 9)["session"]
    assert isinstance(flaring, dict)
    assert flaring["plan"]["kind"] == "stretch"
    assert [e["exercise_id"] for e in flaring["plan"]["exercises"]] == ["knee-to-chest"]


def test_without_a_usual_pain_seven_still_starts_the_stretches_only(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    _today_plans(monkeypatch, ["bridge", "knee-to-chest", "bird-dog"])
    session = _started_plan(client, USUAL)["session"]
    assert isinstance(session, dict)
    assert session["plan"]["kind"] == "stretch"


def test_the_session_page_words_a_flare_from_the_person_s_level(
    client: TestClient, repository: Repository
) -> None:
    _usually_at_seven(repository)
    page = client.get("/session").text
    found = re.search(r"data-reasons='([^']*)'", page)
    assert found is not None
    reasons = json.loads(html.unescape(found[1]))
    assert sorted(int(pain) for pain in reasons) == list(range(THEIR_LEVEL, 11))
    assert reasons["9"] == flare_start_reason(9, THEIR_LEVEL, USUAL)
    assert "2 points above your usual 7/10: at 8 or more" in reasons["9"]


@pytest.mark.parametrize(("usually_seven", "advised"), [(True, False), (False, True)])
def test_a_seven_the_day_after_is_a_flare_only_without_a_usual_seven(
    client: TestClient, repository: Repository, usually_seven: bool, advised: bool
) -> None:
    if usually_seven:
        _usually_at_seven(repository)
    else:
        _session_on(repository, TODAY - timedelta(days=1), pain_before=2)

    answer = _check_in(client, str(USUAL))

    assert answer.status_code == 303, answer.text
    page = html.unescape(client.get(answer.headers["location"]).text)
    assert f"Noted: pain {USUAL}/10" in page
    assert (FLARE_ADVICE in page) is advised


@pytest.mark.parametrize(("usually_seven", "advised"), [(True, False), (False, True)])
def test_a_logged_seven_after_is_a_flare_only_without_a_usual_seven(
    client: TestClient, repository: Repository, usually_seven: bool, advised: bool
) -> None:
    if usually_seven:
        _usually_at_seven(repository)

    answer = client.post("/log", data={"exercise_1": "bridge", "pain_after": str(USUAL)})

    assert answer.status_code == 200, answer.text
    assert "Logged: Bridge" in answer.text
    assert (FLARE_ADVICE in answer.text) is advised
