"""The same session sent twice to /log or POST /api/v1/sessions/logged (a double click) is stored
once: the page says so in plain words (409), the API answers 409 with the stored session's id,
and `again: true` records a session done twice. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback.settings import Settings
from strongback.web import create_app
from strongback.web.pages.log import TICK_AGAIN
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
LOGGED = f"{API}/sessions/logged"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
FORM = {"exercise_1": "bridge", "sets_1": "2", "reps_1": "8", "pain_after": "2"}
BODY: dict[str, Any] = {"exercises": [{"id": "bridge", "sets": 2, "reps": 8}], "pain_after": 2}


@pytest.fixture
def answered(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
        yield client


def _stored(client: TestClient) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = client.get(f"{API}/sessions").json()
    return sessions


def test_the_log_form_sent_twice_stores_one_session_and_says_so(answered: TestClient) -> None:
    form = {"date": date.today().isoformat(), **FORM}
    first = answered.post("/log", data=form, follow_redirects=False)
    assert first.status_code == 303
    (stored,) = _stored(answered)

    second = answered.post("/log", data=form, follow_redirects=False)

    assert second.status_code == 409
    page = html.unescape(second.text)
    # Named by when it was logged: the pages never show session numbers.
    assert "That session is already logged (at " in page
    assert f"session {stored['id']}" not in page
    assert "so it was not recorded twice." in page
    assert "Traceback" not in page
    assert len(_stored(answered)) == 1
    # Beside the box that records it again, as `strongback log` points to --again.
    beside = re.search(r'<p class="error" id="again-error">(.*?)</p>', page)
    assert beside is not None
    assert beside[1].endswith(TICK_AGAIN)
    assert re.search(r'<input type="checkbox" id="again" [^>]*aria-invalid="true"', page)
    assert "Nothing was recorded twice" in page
    # Nothing typed is lost.
    assert '<option value="bridge" selected>' in page
    assert 'name="sets_1" type="number" min="1" max="10" inputmode="numeric" value="2"' in page
    assert re.search(r'<input id="pain_after" [^>]*value="2"', page)


def test_the_again_box_records_a_session_done_twice(answered: TestClient) -> None:
    form = {"date": date.today().isoformat(), **FORM}
    assert answered.post("/log", data=form, follow_redirects=False).status_code == 303

    again = answered.post("/log", data={**form, "again": "yes"}, follow_redirects=False)

    assert again.status_code == 303, again.text
    first, second = _stored(answered)
    assert again.headers["location"] == f"/progress?logged={second['id']}#logged"
    assert first["plan"]["exercises"] == second["plan"]["exercises"]


def test_the_api_answers_409_with_the_stored_session(answered: TestClient) -> None:
    first = answered.post(LOGGED, json=BODY)
    assert first.status_code == 201, first.text

    second = answered.post(LOGGED, json=BODY)

    assert second.status_code == 409
    detail = second.json()["detail"]
    assert detail["session_id"] == first.json()["id"]
    assert detail["message"].startswith(
        f"that session is already logged (session {first.json()['id']})"
    )
    assert detail["message"].endswith("send again: true if it was done twice")
    assert len(_stored(answered)) == 1

    again = answered.post(LOGGED, json={**BODY, "again": True})

    assert again.status_code == 201, again.text
    assert len(_stored(answered)) == 2


def test_again_must_be_a_boolean(answered: TestClient) -> None:
    answer = answered.post(LOGGED, json={**BODY, "again": "yes"})
    assert answer.status_code == 422
    assert _stored(answered) == []


def test_the_409_is_documented_for_both_refusals(answered: TestClient) -> None:
    operation = answered.get(f"{API}/openapi.json").json()["paths"][LOGGED]["post"]
    conflict = operation["responses"]["409"]["content"]["application/json"]["schema"]
    refs = {option["$ref"].rsplit("/", 1)[-1] for option in conflict["anyOf"]}
    assert refs == {"Withheld", "AlreadyLoggedProblem"}
