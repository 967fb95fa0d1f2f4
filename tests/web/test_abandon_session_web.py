"""Ending an unfinished session without resuming it, in the browser's two ways: POST
/api/v1/sessions/{id}/abandon and the Today page's "End it and start today's session". Both follow
`services.abandon_session`, as the terminal does; on SQLite and PostgreSQL."""

from __future__ import annotations

import html
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from strongback import services
from strongback.records import SessionFeedback, SessionSource, SessionStatus, SetRecord
from strongback.settings import Settings
from strongback.store import Repository
from strongback.web import create_app
from strongback.web.pages.plan import (
    NO_SESSION_TO_END,
    SESSION_FINISHED,
    SESSION_GONE,
    SESSION_REMOVED,
)
from tests.store.factories import make_set
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
FORM = 'action="/today/end-unfinished"'


@pytest.fixture
def client(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as test_client:
        assert test_client.put(f"{API}/profile", json=PROFILE).status_code == 200
        yield test_client


def _repository(client: TestClient) -> Repository:
    repository: Repository = client.app.state.strongback.repository()  # type: ignore[attr-defined]
    return repository


def _stale(client: TestClient, *, with_set: bool) -> tuple[int, datetime]:
    """Today's session started through the API and moved three days back, as one left then;
    with one set saved when `with_set`. Returns its id and when it is to be ended at."""
    started = client.post(f"{API}/sessions", json={})
    assert started.status_code == 201, started.text
    session_id: int = started.json()["session"]["id"]
    repository = _repository(client)
    stored = repository.get_session(session_id)
    assert stored is not None
    days_ago = datetime.now(UTC) - timedelta(days=3)
    # In its place, the same plan dated three days ago, as a session left then would be.
    assert repository.discard_empty_session(session_id)
    plan = stored.plan.model_copy(update={"day": days_ago.astimezone().date()})
    old = repository.start_session(plan, SessionSource.WEB, days_ago)
    assert old.id is not None
    if not with_set:
        return old.id, days_ago
    step = next(s for s in started.json()["timeline"]["steps"] if s["records_set"])
    ended = days_ago + timedelta(minutes=3)
    record = make_set(
        set_number=step["set_number"],
        exercise_id=step["exercise_id"],
        side=step["set_side"],
        reps_done=1,
        hold_seconds_done=None,
        ended_at=ended,
    )
    repository.record_set(old.id, record)
    return old.id, ended


# --- The API ------------------------------------------------------------------------------------


def test_a_session_with_a_set_ends_early_where_it_was_left_and_a_new_one_starts(
    client: TestClient,
) -> None:
    session_id, left_at = _stale(client, with_set=True)

    closed = client.post(f"{API}/sessions/{session_id}/abandon")

    assert closed.status_code == 200, closed.text
    body = closed.json()
    assert body["session_id"] == session_id
    assert body["outcome"] == "ended-early"
    assert datetime.fromisoformat(body["ended_at"]) == left_at
    assert len(body["sets"]) == 1
    assert client.get(f"{API}/sessions/{session_id}").json()["status"] == "ended-early"
    # No longer offered to resume: the next start is a new session of today.
    assert client.get(f"{API}/sessions/current").status_code == 404
    fresh = client.post(f"{API}/sessions", json={}).json()["session"]
    assert fresh["id"] != session_id
    assert fresh["status"] == "in-progress"
    assert fresh["sets"] == []


def test_a_session_that_recorded_nothing_is_removed(client: TestClient) -> None:
    session_id, _ = _stale(client, with_set=False)

    closed = client.post(f"{API}/sessions/{session_id}/abandon")

    assert closed.status_code == 200, closed.text
    assert closed.json() == {
        "session_id": session_id,
        "outcome": "removed",
        "ended_at": None,
        "sets": [],
    }
    assert client.get(f"{API}/sessions/{session_id}").status_code == 404


def test_an_unknown_or_finished_session_is_refused_with_details(client: TestClient) -> None:
    missing = client.post(f"{API}/sessions/999/abandon")
    assert missing.status_code == 404
    assert missing.json()["detail"] == "no session with id 999"

    session_id, left_at = _stale(client, with_set=True)
    _repository(client).finish_session(
        session_id, SessionStatus.COMPLETED, left_at, SessionFeedback(pain_after=1)
    )
    finished = client.post(f"{API}/sessions/{session_id}/abandon")

    assert finished.status_code == 409
    assert finished.json()["detail"] == (
        f"session {session_id} is already completed: only a session in progress can be ended "
        "without resuming it"
    )
    assert client.get(f"{API}/sessions/{session_id}").json()["status"] == "completed"


# --- The Today page -----------------------------------------------------------------------------


def test_today_offers_to_resume_an_unfinished_session_or_to_end_it(client: TestClient) -> None:
    assert FORM not in client.get("/today").text
    session_id, _ = _stale(client, with_set=True)

    page = client.get("/today").text

    assert "Unfinished session" in page
    assert "1 set saved." in page
    # From an earlier day, ending it comes first: resuming plays that day's plan and does not
    # ask how the back is now, which starting today's session does.
    assert "Resuming it plays that day's plan, not today's" in html.unescape(page)
    assert page.index("End it and start today&#39;s session</button>") < page.index(
        '<a class="button secondary" href="/session" id="start-session">Resume it</a>'
    )
    assert FORM in page
    assert f'<input type="hidden" name="session" value="{session_id}">' in page
    assert ">Start session<" not in page


def test_a_session_left_earlier_today_is_resumed_first_and_says_what_it_holds(
    client: TestClient,
) -> None:
    started = client.post(f"{API}/sessions", json={})
    assert started.status_code == 201, started.text

    page = client.get("/today").text

    assert "You started a session today at " in page
    assert "nothing saved yet." in page
    assert "plays that day" not in page
    assert page.index('<a class="button" href="/session" id="start-session">Resume it</a>') < (
        page.index("End it and start today&#39;s session</button>")
    )


def test_a_session_holding_only_its_pain_answer_says_so(client: TestClient) -> None:
    started = client.post(f"{API}/sessions", json={"pain_before": 3})
    assert started.status_code == 201, started.text

    assert "no set saved yet, only your pain before it (3/10)." in client.get("/today").text


def test_ending_it_from_today_says_it_was_saved_as_ended_early_with_its_sets(
    client: TestClient,
) -> None:
    session_id, left_at = _stale(client, with_set=True)

    sent = client.post(
        "/today/end-unfinished", data={"session": str(session_id)}, follow_redirects=False
    )

    assert sent.status_code == 303
    assert sent.headers["location"] == f"/today?ended={session_id}"
    page = html.unescape(client.get(sent.headers["location"]).text)
    local = left_at.astimezone()
    assert (
        f"The unfinished session is saved as ended early at {local:%H:%M} on {local:%A} "
        f"{local.day} {local:%B}, where you left it: "
        f"{services.sets_in_words(_ended_sets(client, session_id))}."
    ) in page
    assert FORM not in page
    assert ">Start session<" in page


def _ended_sets(client: TestClient, session_id: int) -> list[SetRecord]:
    stored = _repository(client).get_session(session_id)
    assert stored is not None
    assert stored.status is SessionStatus.ENDED_EARLY
    return list(stored.sets)


def test_ending_one_that_recorded_nothing_from_today_says_it_is_removed(
    client: TestClient,
) -> None:
    session_id, _ = _stale(client, with_set=False)

    page = client.post("/today/end-unfinished", data={"session": str(session_id)})

    assert page.status_code == 200
    assert page.url.path == "/today"
    assert SESSION_REMOVED in page.text
    assert _repository(client).sessions() == []


@pytest.mark.parametrize(
    ("form", "status", "problem"),
    [
        ({}, 422, NO_SESSION_TO_END),
        ({"session": "²"}, 422, NO_SESSION_TO_END),
        ({"session": "999"}, 404, SESSION_GONE),
        ({"session": "finished"}, 409, SESSION_FINISHED),
    ],
)
def test_a_form_that_cannot_end_a_session_changes_nothing_and_says_why(
    client: TestClient, form: dict[str, str], status: int, problem: str
) -> None:
    session_id, left_at = _stale(client, with_set=True)
    if form.get("session") == "finished":
        _repository(client).finish_session(
            session_id, SessionStatus.COMPLETED, left_at, SessionFeedback()
        )
        form = {"session": str(session_id)}

    page = client.post("/today/end-unfinished", data=form)

    assert page.status_code == status
    assert html.unescape(page.text).count(problem) == 1
    assert 'role="alert"' in page.text
    stored = _repository(client).get_session(session_id)
    assert stored is not None
    assert stored.status is not SessionStatus.ENDED_EARLY
