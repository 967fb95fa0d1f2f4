"""The web side of "Stop for today" at a flare: POST /api/v1/sessions/stop-for-today keeps the day
with its pain (services.stop_for_today, as `strongback start` does); the Today page then says so
with the flare's care and offers the stretches alone, as do the session page and POST /sessions;
and the finish answer carries the flare's advice when the pain after a session is at the flare
level, which the end screen shows."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest

from strongback import services
from strongback.catalog import default_catalog
from strongback.plan import Phase
from strongback.records import SessionFeedback, SessionSource, SessionStatus
from tests.store.factories import make_plan

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

    from strongback.store import Repository

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
FLARE = services.flare_pain()  # no usual pain is known in these stores: the rules' level


def _answered(client: TestClient) -> TestClient:
    assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
    return client


def _repository(client: TestClient) -> Repository:
    repository: Repository = client.app.state.strongback.repository()  # type: ignore[attr-defined]
    return repository


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _stop(client: TestClient, pain: int = FLARE) -> Any:
    return client.post(f"{API}/sessions/stop-for-today", json={"pain_before": pain})


@pytest.fixture
def strengthening_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Today's plan has no stretches, for the pages and the API alike."""
    from strongback.services import _sessions

    def planned(repo: object, catalog: object, day: date) -> Any:
        plan = make_plan(day)
        return plan.model_copy(
            update={"exercises": [e for e in plan.exercises if e.phase is not Phase.STRETCH]}
        )

    monkeypatch.setattr(_sessions, "plan_for_day", planned)
    monkeypatch.setattr(services, "plan_for_day", planned)


# --- The API ------------------------------------------------------------------------------------


def test_a_stop_for_today_is_kept_once_with_its_pain(client: TestClient) -> None:
    _answered(client)

    stopped = _stop(client, FLARE + 1)

    assert stopped.status_code == 201, stopped.text
    body = stopped.json()
    session = body["session"]
    assert (session["status"], session["source"]) == ("rested", "web")
    assert session["feedback"]["pain_before"] == FLARE + 1
    assert (session["sets"], session["plan"]["exercises"]) == ([], [])
    assert body["message"].startswith(f"Saved: you stopped for today with your back at {FLARE + 1}")
    assert body["advice"] == services.FLARE_ADVICE

    again = _stop(client, FLARE + 1)  # a retry: nothing more is kept
    assert again.status_code == 200
    assert again.json()["session"] == session
    assert [s["status"] for s in client.get(f"{API}/sessions").json()] == ["rested"]
    assert client.get(f"{API}/sessions/current").status_code == 404  # nothing to resume


def test_a_pain_below_the_flare_level_is_refused_with_the_field(client: TestClient) -> None:
    _answered(client)

    refused = _stop(client, FLARE - 1)

    assert refused.status_code == 422
    (problem,) = refused.json()["detail"]
    assert problem["loc"] == ["body", "pain_before"]
    assert f"below your flare level today ({FLARE}/10)" in problem["msg"]
    assert client.get(f"{API}/sessions").json() == []


def test_a_session_started_after_a_stop_is_the_stretches_only(client: TestClient) -> None:
    _answered(client)
    assert _stop(client).status_code == 201

    started = client.post(f"{API}/sessions", json={"pain_before": 1})

    assert started.status_code == 201, started.text
    plan = started.json()["session"]["plan"]
    assert plan["kind"] == "stretch"
    assert plan["notes"][-1] == f"Stretches only: you stopped for the day at {FLARE}/10, a flare."


def test_with_no_stretches_after_a_stop_no_session_starts(
    client: TestClient, strengthening_only: None
) -> None:
    _answered(client)
    assert _stop(client).status_code == 201

    refused = client.post(f"{API}/sessions", json={"pain_before": 1})

    assert refused.status_code == 409
    assert f"you stopped for today at {FLARE}/10, a flare" in refused.json()["detail"]


@pytest.mark.parametrize(
    ("pain_after", "advised"), [(FLARE, True), (FLARE - 1, False), (None, False)]
)
def test_the_finish_answer_carries_the_flare_advice_for_pain_after_at_the_flare_level(
    client: TestClient, pain_after: int | None, advised: bool
) -> None:
    _answered(client)
    session_id = client.post(f"{API}/sessions", json={}).json()["session"]["id"]

    finished = client.post(f"{API}/sessions/{session_id}/finish", json={"pain_after": pain_after})

    assert finished.status_code == 200
    body = finished.json()
    assert body["flare_advice"] == (services.FLARE_ADVICE if advised else None)
    assert body["feedback"]["pain_after"] == pain_after


# --- The pages ----------------------------------------------------------------------------------


def test_today_after_a_stop_says_so_and_offers_the_stretches_alone(client: TestClient) -> None:
    _answered(client)
    assert "You stopped for today" not in client.get("/today").text
    _stop(client, FLARE + 1)
    rest = services.rest_day(_repository(client), date.today())
    assert rest is not None

    page = client.get("/today")

    assert page.status_code == 200
    shown = _text(page.text)
    assert rest.words in shown
    assert services.FLARE_ADVICE in shown
    todays = services.plan_for_day(_repository(client), default_catalog(), date.today())
    assert rest.offer(rest.plan_after(todays)) in shown
    assert "Today: stretches only" in shown
    assert re.search(r'id="start-session">Do today&#39;s stretches</a>', page.text)
    assert "Bridge" not in shown  # no strengthening is listed


def test_today_with_no_stretches_after_a_stop_offers_nothing_to_start(
    client: TestClient, strengthening_only: None
) -> None:
    _answered(client)
    _stop(client)

    page = client.get("/today")

    shown = _text(page.text)
    assert services.NOTHING_MORE_TODAY in shown
    assert services.FLARE_ADVICE in shown
    assert 'id="start-session"' not in page.text
    assert "Bridge" not in shown
    session = client.get("/session", follow_redirects=False)
    assert session.status_code == 303
    assert session.headers["location"] == "/today"


def test_the_session_page_after_a_stop_says_only_the_stretches_are_offered(
    client: TestClient,
) -> None:
    _answered(client)
    assert 'id="rested"' not in client.get("/session").text
    _stop(client)
    rest = services.rest_day(_repository(client), date.today())
    assert rest is not None

    page = client.get("/session")

    assert page.status_code == 200
    found = re.search(r'<p id="rested" class="caution">(.*?)</p>', page.text)
    assert found is not None
    assert html.unescape(found[1]) == f"{rest.words} Only today's stretches are offered now."


def test_the_day_after_a_stop_the_check_in_asks_about_it(client: TestClient) -> None:
    _answered(client)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    services.stop_for_today(_repository(client), FLARE, yesterday, SessionSource.WEB)

    page = _text(client.get("/today").text)

    assert "How is your back today, after yesterday's stop for a flare?" in page
    answered = client.post("/today/check-in", data={"pain": "2"})
    assert "Noted: pain 2/10 the day after yesterday's stop for a flare" in _text(answered.text)


def test_progress_lists_the_day_as_rested(client: TestClient) -> None:
    _answered(client)
    _stop(client)

    rows = re.findall(r'<tr class="session-row">(.*?)</tr>', client.get("/progress").text, re.S)

    (row,) = rows
    assert _text(row).endswith(f"{FLARE} → – → – – rested")


def test_the_plan_api_shows_the_day_stopped_with_its_stretches_alone(client: TestClient) -> None:
    _answered(client)
    full = client.get(f"{API}/plan").json()
    assert full["stopped_for_flare"] is None
    assert _stop(client, FLARE + 1).status_code == 201

    plan = client.get(f"{API}/plan").json()
    week = client.get(f"{API}/plan/week").json()

    assert plan["kind"] == "stretch"
    assert {e["phase"] for e in plan["exercises"]} == {"stretch"}
    assert plan["stopped_for_flare"]["pain"] == FLARE + 1
    assert plan["stopped_for_flare"]["words"].startswith("You stopped for today at ")
    (today,) = [d for d in week["days"] if d["day"] == date.today().isoformat()]
    assert today["exercises"] == plan["exercises"]
    assert today["stopped_for_flare"] == plan["stopped_for_flare"]
    others = [d["stopped_for_flare"] for d in week["days"] if d["day"] != today["day"]]
    assert others == [None] * 6


def test_an_earlier_stop_is_named_by_its_day(repository: Repository) -> None:
    from strongback.services._rest_day import RestDay

    day = date(2026, 11, 21)
    stored = repository.add_finished_session(
        make_plan(day).model_copy(update={"exercises": []}),
        SessionSource.PLAYER,
        datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
        [],
        datetime(2026, 11, 21, 9, 30, tzinfo=UTC),
        SessionFeedback(pain_before=8),
        status=SessionStatus.RESTED,
    )
    rest = RestDay(stored)

    assert rest.words_on(day) == rest.words
    assert rest.words_on(day + timedelta(days=1)).startswith("You stopped on Saturday 21 November")
