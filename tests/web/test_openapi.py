"""The API's contract: its OpenAPI document is valid, every operation is exercised with good and
bad input, and no generated request (valid or not) ever gets a 5xx or an undocumented answer.

The rule from issue 6: validation errors are 422 with field details, unknown resources 404, and
nothing ever returns a 500 on bad input.
"""

from __future__ import annotations

import importlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import validate
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
RED_FLAG = {**PROFILE, "red_flags": ["bladder-bowel-change"]}
# The same answers, and no session started: a store where the day can still be stopped for a flare.
NOT_STARTED = {**PROFILE}
PLANNED = "(the first set of the session's timeline)"
LAST_SET = "(the last set of the session's timeline)"
# A set ends while its session runs: the moment the seeded session started will do.
STARTED = "(when the session started)"
SET = {
    "exercise_id": PLANNED,
    "set_number": 1,
    "reps_done": 1,  # no set asks for fewer
    "ended_at": STARTED,
}
EVIL = "http://evil.example"
COACHED = {"exercise_id": "bridge", "reps": 2, "holds": [9.5, 10.0], "form": {"Hips up.": 1}}
# The document is the same for every app: build it once, without opening a database.
SPEC: dict[str, Any] = create_app().openapi()
OPERATIONS = sorted(
    f"{method.upper()} {path}" for path, ops in SPEC["paths"].items() for method in ops
)


def _app(home: Path) -> FastAPI:
    settings = Settings(home=home, database_url=f"sqlite:///{home / 'strongback.db'}")
    return create_app(settings, allowed_hosts=TEST_HOSTS)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A seeded database file per starting state, built once and copied into each test:
    creating and migrating a store for each of the many requests below would take most of the
    time of this module."""
    built: dict[str, Path] = {}
    for name, profile in (
        ("empty", None),
        ("profile", PROFILE),
        ("red-flag", RED_FLAG),
        ("not-started", NOT_STARTED),
    ):
        home = tmp_path_factory.mktemp(name)
        app = _app(home)
        with TestClient(app) as client:
            _seed(client, profile)
        # Closing checkpoints SQLite's write-ahead log into the file that is copied.
        app.state.strongback.repository().close()
        built[name] = home / "strongback.db"
    return built


def _copy_of(stores: dict[str, Path], profile: dict[str, Any] | None, home: Path) -> FastAPI:
    names = {id(PROFILE): "profile", id(RED_FLAG): "red-flag", id(NOT_STARTED): "not-started"}
    name = "empty" if profile is None else names[id(profile)]
    shutil.copyfile(stores[name], home / "strongback.db")
    return _app(home)


def _seed(client: TestClient, profile: dict[str, Any] | None) -> int | None:
    """Save a profile and start today's session, so plan and session routes have data."""
    if profile is None:
        return None
    assert client.put(f"{API}/profile", json=profile).status_code == 200
    if profile is NOT_STARTED:
        return None
    started = client.post(f"{API}/sessions", json={"pain_before": 2})
    if profile is not PROFILE:
        return None
    assert started.status_code == 201, started.text
    session_id: int = started.json()["session"]["id"]
    # Its first set, so that sending it again is a repeat.
    recorded = client.post(f"{API}/sessions/{session_id}/sets", json=_filled(client, SET))
    assert recorded.status_code == 201, recorded.text
    _finished_yesterday(client)
    return session_id


def _filled(client: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    """`body` with the placeholders above replaced by the session's own first or last set, and
    its start."""
    current = client.get(f"{API}/sessions/current")
    if current.status_code != 200:
        return body
    sets = [s for s in current.json()["timeline"]["steps"] if s["records_set"]]
    filled = dict(body)
    if body.get("exercise_id") == PLANNED:  # set 1, or the set number the call tries
        filled.update(exercise_id=sets[0]["exercise_id"], side=sets[0]["set_side"])
    if body.get("exercise_id") == LAST_SET:
        last = sets[-1]
        filled.update(
            exercise_id=last["exercise_id"], set_number=last["set_number"], side=last["set_side"]
        )
    if body.get("ended_at") == STARTED:
        filled["ended_at"] = current.json()["session"]["started_at"]
    return filled


def _finished_yesterday(client: TestClient) -> None:
    """Session 2: yesterday's, finished, which takes today's next-day pain check."""
    from datetime import UTC, datetime, timedelta

    from strongback.catalog import default_catalog
    from strongback.planner import plan_of_exercises
    from strongback.records import SessionFeedback, SessionSource, SessionStatus

    catalog = default_catalog()
    yesterday = datetime.now(UTC) - timedelta(days=1)
    bridge = catalog.exercises["bridge"]
    plan = plan_of_exercises(
        [(bridge, bridge.dosage)], yesterday.astimezone().date(), catalog, "Logged."
    )
    repository = client.app.state.strongback.repository()  # type: ignore[attr-defined]
    logged = repository.start_session(plan, SessionSource.LOG, yesterday)
    assert logged.id == 2
    repository.finish_session(2, SessionStatus.COMPLETED, yesterday, SessionFeedback())


def test_the_openapi_document_validates(client: TestClient) -> None:
    response = client.get(f"{API}/openapi.json")
    assert response.status_code == 200
    validate(response.json())  # raises with the failing pointer if the document is invalid


def test_the_usual_openapi_address_leads_to_the_document(client: TestClient) -> None:
    response = client.get("/openapi.json", follow_redirects=False)
    assert response.status_code == 307
    assert response.headers["location"] == f"{API}/openapi.json"
    assert client.get("/openapi.json").json()["info"]["title"] == "strongback"
    assert "/openapi.json" not in SPEC["paths"]


# --- One good and one bad request per operation -------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One request against a store in a known state, and the status it must get."""

    operation: str
    status: int
    url: str = ""  # defaults to the operation's path, with {session_id} as the seeded session
    json: Any = None
    content: bytes | None = None  # a raw body, for bytes that are not JSON at all
    params: dict[str, str] | list[tuple[str, str]] = field(default_factory=dict)  # a list repeats
    headers: dict[str, str] = field(default_factory=dict)
    profile: dict[str, Any] | None = field(default_factory=lambda: PROFILE)

    @property
    def method(self) -> str:
        return self.operation.split()[0]

    def __str__(self) -> str:
        return f"{self.operation}->{self.status}"


SESSION = f"{API}/sessions/{{session_id}}"
LOGGED = f"{API}/sessions/logged"
CALLS = [
    Call(f"GET {API}/exercises", 200, params={"kind": "stretch", "level": "1"}),
    Call(f"GET {API}/exercises", 422, params={"level": "7"}),
    Call(f"GET {API}/exercises", 422, params={"colour": "blue"}),
    Call(f"GET {API}/exercises", 200, params=[("region", "neck"), ("region", "lower")]),  # widens
    Call(f"GET {API}/exercises", 422, params=[("search", "a"), ("search", "b")]),
    Call(f"GET {API}/exercises", 200, params={"q": "bridge"}),
    Call(f"GET {API}/exercises", 422, params={"q": "x" * 101}),
    Call(f"GET {API}/exercises/{{exercise_id}}", 200, url=f"{API}/exercises/bridge"),
    Call(f"GET {API}/exercises/{{exercise_id}}", 404, url=f"{API}/exercises/brigde"),
    Call(f"GET {API}/articles", 200),
    Call(f"GET {API}/articles", 405, url=f"{API}/articles"),
    Call(f"GET {API}/articles", 422, params={"sort": "title"}),  # no parameter is taken
    Call(f"GET {API}/sports", 200),
    Call(f"GET {API}/sports", 405, url=f"{API}/sports"),
    Call(f"GET {API}/advice", 200),
    Call(f"GET {API}/advice", 405, url=f"{API}/advice"),
    Call(f"GET {API}/breathing", 200),
    Call(f"GET {API}/breathing", 405, url=f"{API}/breathing"),
    Call(f"GET {API}/questions", 200),
    Call(f"GET {API}/questions", 405, url=f"{API}/questions"),
    Call(f"GET {API}/profile", 200),
    Call(f"GET {API}/profile", 404, profile=None),
    Call(f"PUT {API}/profile", 200, json={"pain_areas": ["neck"], "minutes": 20}),
    Call(f"PUT {API}/profile", 422, json={"pain_areas": ["elbow"], "minutes": 500}),
    Call(f"PUT {API}/profile", 422, json=["not", "a", "mapping"]),
    Call(f"PUT {API}/profile", 422, json=None),
    Call(f"POST {API}/screening", 200, json=RED_FLAG, profile=None),
    Call(f"POST {API}/screening", 422, json={"age": "old"}, profile=None),
    Call(f"POST {API}/screening", 422, content=b"\xff\xfe{", profile=None),  # was a 400
    Call(f"GET {API}/plan", 200, params={"day": "2026-11-23"}),
    Call(f"GET {API}/plan", 422, params={"day": "23/11/2026"}),
    Call(f"GET {API}/plan", 422, params=[("day", "garbage"), ("day", "2026-01-01")]),  # was 200
    Call(f"GET {API}/plan", 404, profile=None),
    Call(f"GET {API}/plan", 409, profile=RED_FLAG),
    Call(f"GET {API}/plan/week", 200, params={"day": "2026-11-25"}),
    Call(f"GET {API}/plan/week", 422, params={"day": "2026-13-01"}),
    Call(f"GET {API}/plan/week", 422, params={"day": "9999-12-31"}),  # was a 500
    Call(f"GET {API}/plan/week", 404, profile=None),
    Call(f"GET {API}/plan/week", 409, profile=RED_FLAG),
    Call(f"GET {API}/sessions", 200),
    Call(f"GET {API}/sessions", 405, url=f"{API}/sessions"),
    Call(f"POST {API}/sessions", 201, json={"pain_before": 3}),
    Call(f"POST {API}/sessions", 422, json={"pain_before": 11}),
    Call(f"POST {API}/sessions", 422, json={"pain": 3}),
    Call(f"POST {API}/sessions", 404, json={}, profile=None),
    Call(f"POST {API}/sessions", 409, json={}, profile=RED_FLAG),
    Call(f"POST {API}/sessions/stop-for-today", 201, json={"pain_before": 9}, profile=NOT_STARTED),
    Call(f"POST {API}/sessions/stop-for-today", 422, json={"pain_before": 1}, profile=NOT_STARTED),
    Call(f"POST {API}/sessions/stop-for-today", 422, json={"pain_before": 11}),
    Call(f"POST {API}/sessions/stop-for-today", 422, json={}),
    Call(f"POST {API}/sessions/stop-for-today", 409, json={"pain_before": 9}),  # one in progress
    Call(f"POST {API}/sessions/stop-for-today", 409, json={"pain_before": 9}, profile=RED_FLAG),
    Call(f"POST {API}/sessions/stop-for-today", 404, json={"pain_before": 9}, profile=None),
    Call(f"GET {API}/sessions/pain-rule", 200),
    Call(f"GET {API}/sessions/pain-rule", 422, params={"level": "6"}),  # no parameter is taken
    Call(f"GET {API}/sessions/current", 200),
    Call(f"GET {API}/sessions/current", 404, profile=None),
    Call(f"GET {API}/sessions/current", 409, profile=RED_FLAG),
    Call(f"GET {SESSION}", 200),
    Call(f"GET {SESSION}", 404, url=f"{API}/sessions/999"),
    Call(f"GET {SESSION}", 422, url=f"{API}/sessions/first"),
    Call(f"GET {SESSION}", 422, url=f"{API}/sessions/{2**70}"),  # was a 500: SQLite overflow
    Call(f"POST {SESSION}/sets", 201, json={**SET, "exercise_id": LAST_SET}),
    Call(f"POST {SESSION}/sets", 200, json=SET),  # a retry: the stored set, nothing added
    Call(f"POST {SESSION}/sets", 409, json={**SET, "reps_done": 0}),  # was stored twice
    Call(f"POST {SESSION}/sets", 422, json={**SET, "ended_at": "1970-01-01T00:00:00Z"}),
    Call(f"POST {SESSION}/sets", 422, json={**SET, "reps_done": 50}),  # more than the set asks
    Call(f"POST {SESSION}/sets", 422, json={**SET, "outcome": "skipped", "pain": 5}),
    Call(f"POST {SESSION}/sets", 422, json={**SET, "ended_at": "2099-01-01T00:00:00Z"}),
    Call(f"POST {SESSION}/sets", 422, json={**SET, "set_number": 0}),
    Call(f"POST {SESSION}/sets", 422, json={**SET, "set_number": 999}),
    Call(f"POST {SESSION}/sets", 422, json={**SET, "pain": 2}),  # pain stops a set: not done
    Call(f"POST {SESSION}/sets", 422, json={**SET, "ended_at": "yesterday"}),
    Call(f"POST {SESSION}/sets", 422, json={**SET, "ended_at": "2026-11-21T10:00:00"}),  # was 500
    Call(f"POST {SESSION}/sets", 422, json={**SET, "reps_done": 2**64}),  # was 500
    Call(f"POST {SESSION}/sets", 422, json={**SET, "exercise_id": "not-in-the-plan"}),
    Call(f"POST {SESSION}/sets", 404, url=f"{API}/sessions/999/sets", json=SET),
    Call(f"POST {API}/sessions/coached", 201, json=COACHED, profile=None),
    Call(f"POST {API}/sessions/coached", 200, json={**COACHED, "reps": 0, "holds": []}),
    Call(f"POST {API}/sessions/coached", 422, json={**COACHED, "exercise_id": "brige"}),
    Call(f"POST {API}/sessions/coached", 422, json={**COACHED, "exercise_id": "pelvic-tilt"}),
    Call(f"POST {API}/sessions/coached", 422, json={**COACHED, "reps": -1}),
    Call(f"POST {API}/sessions/coached", 422, json={**COACHED, "reps": 10_000}),
    Call(f"POST {API}/sessions/coached", 422, json={**COACHED, "holds": [86_400]}),
    Call(f"POST {SESSION}/sets", 422, json={**SET, "reps_done": 51}),
    Call(f"POST {API}/sessions/coached", 404, json={**COACHED, "session_id": 999}),
    Call(f"POST {API}/sessions/coached", 422, json={**COACHED, "reps": 5}),  # 2 holds, not 5
    Call(f"POST {API}/sessions/coached", 409, json=COACHED, profile=RED_FLAG),
    Call(f"POST {LOGGED}", 201, json={"exercises": [{"id": "bridge", "sets": 2}], "pain_after": 2}),
    Call(f"POST {LOGGED}", 201, json={"planned": True, "difficulty": "right"}),
    Call(f"POST {LOGGED}", 422, json={"exercises": [{"id": "brige"}]}),
    Call(f"POST {LOGGED}", 422, json={"exercises": [{"id": "bridge", "sets": 11}]}),
    Call(f"POST {LOGGED}", 422, json={"planned": True, "exercises": [{"id": "bridge"}]}),
    Call(f"POST {LOGGED}", 422, json={}),
    Call(f"POST {LOGGED}", 422, json={"planned": True, "date": "2020-01-01"}),  # before set-up
    Call(f"POST {LOGGED}", 404, json={"planned": True}, profile=None),
    Call(f"POST {LOGGED}", 409, json={"planned": True}, profile=RED_FLAG),
    Call(f"PUT {SESSION}/position", 204, json={"step": 3}),
    Call(f"PUT {SESSION}/position", 422, json={"step": -1}),
    Call(f"PUT {SESSION}/position", 422, json={"step": 999_999}),  # not a step of the timeline
    Call(f"PUT {SESSION}/position", 404, url=f"{API}/sessions/999/position", json={"step": 3}),
    Call(f"POST {SESSION}/finish", 200, json={"pain_after": 2, "difficulty": "right"}),
    Call(f"POST {SESSION}/finish", 422, json={"status": "in-progress"}),
    Call(f"POST {SESSION}/finish", 422, json={"difficulty": "brutal"}),
    Call(f"POST {SESSION}/finish", 404, url=f"{API}/sessions/999/finish", json={}),
    Call(f"POST {SESSION}/abandon", 200),  # its one set is kept, the session ended early
    Call(f"POST {SESSION}/abandon", 404, url=f"{API}/sessions/999/abandon"),
    Call(f"POST {SESSION}/abandon", 409, url=f"{API}/sessions/2/abandon"),  # finished yesterday
    Call(f"POST {SESSION}/abandon", 422, url=f"{API}/sessions/first/abandon"),
    Call(
        f"PUT {SESSION}/next-day-pain", 204, url=f"{API}/sessions/2/next-day-pain", json={"pain": 1}
    ),
    Call(f"PUT {SESSION}/next-day-pain", 422, json={"pain": 1}),  # in progress, and today's
    Call(f"PUT {SESSION}/next-day-pain", 422, json={"pain": -1}),
    Call(f"PUT {SESSION}/next-day-pain", 422, json={"pain": True}),  # was stored as 1
    Call(
        f"PUT {SESSION}/next-day-pain", 404, url=f"{API}/sessions/9/next-day-pain", json={"pain": 1}
    ),
    Call(f"GET {API}/progress", 200, params={"day": "2026-11-30"}),
    Call(f"GET {API}/progress", 422, params={"day": "tomorrow"}),
    Call(f"GET {API}/progress", 422, params={"day": "0001-01-01"}),  # was a 500
    Call(f"GET {API}/progress", 422, params={"day": "9999-12-31"}),  # was a 500 after 10 s
    Call(f"POST {API}/function", 201, json={"ratings": [{"activity": "sitting", "score": 4}]}),
    Call(f"POST {API}/function", 422, json={"ratings": [{"activity": "sitting", "score": 11}]}),
    Call(f"GET {API}/handout", 422, params={"paper": "a3"}),
    Call(f"GET {API}/handout", 404, profile=None),
    Call(f"GET {API}/reminders", 200, params={"at": "07:30", "work": "", "weeks": "2"}),
    Call(f"GET {API}/reminders", 422, params={"at": "25:00"}),
    Call(f"GET {API}/reminders", 422, params={"work": "17:00-09:00"}),
    Call(f"GET {API}/reminders", 409, profile=RED_FLAG),
    Call(f"GET {API}/reminders", 422, params={"day": "2020-01-01"}),  # long before set-up
    Call(f"GET {API}/export", 200, params={"download": "true"}),
    Call(f"GET {API}/export", 422, params={"download": "perhaps"}),
    Call(f"DELETE {API}/data", 204, params={"confirm": "yes"}),
    Call(f"DELETE {API}/data", 422, params={"confirm": "y"}),
    # Another site's request (CSRF), or a host name that is not this machine (DNS rebinding).
    Call(f"DELETE {API}/data", 403, params={"confirm": "yes"}, headers={"Origin": EVIL}),
    Call(f"POST {SESSION}/sets", 403, json=SET, headers={"Referer": f"{EVIL}/page"}),
    Call(f"GET {API}/export", 403, headers={"Host": "evil.example"}),
]


@pytest.mark.parametrize("call", CALLS, ids=str)
def test_each_operation_answers_good_and_bad_input(
    stores: dict[str, Path], tmp_path: Path, call: Call
) -> None:
    session_id = 1 if call.profile is PROFILE else None  # the first session of a new store
    with TestClient(_copy_of(stores, call.profile, tmp_path)) as client:
        path = call.operation.split()[1]
        url = (call.url or path).replace("{session_id}", str(session_id))
        # A 405 example sends a method that no read-only path of this API accepts.
        method = "DELETE" if call.status == 405 else call.method
        kwargs: dict[str, Any] = {"params": call.params, "headers": call.headers}
        if call.content is not None:
            kwargs["content"] = call.content
            kwargs["headers"] = {**call.headers, "Content-Type": "application/json"}
        elif call.json is not None or method in {"PUT", "POST"}:
            kwargs["json"] = call.json
        if isinstance(call.json, dict):
            kwargs["json"] = _filled(client, call.json)
        response = client.request(method, url, **kwargs)
    assert response.status_code == call.status, response.text[:500]
    if call.status == 405:
        return
    assert str(call.status) in SPEC["paths"][path][call.method.lower()]["responses"], (
        f"{call.operation} answers {call.status} but its OpenAPI entry does not say so"
    )
    if call.status == 422:
        details = response.json()["detail"]
        assert details
        assert all({"loc", "msg", "type"} <= set(d) for d in details), details
    elif call.status >= 400:
        assert response.json()["detail"]


# Successes proven by another module's test, because each costs seconds (a PDF is rendered).
SUCCEEDS_ELSEWHERE = {f"GET {API}/handout": "tests.web.test_downloads:test_handout_is_a_pdf"}


def test_every_operation_has_a_good_and_a_bad_request() -> None:
    for where in SUCCEEDS_ELSEWHERE.values():
        module, name = where.split(":")
        assert callable(getattr(importlib.import_module(module), name, None)), f"no test {where}"
    succeeding = {c.operation for c in CALLS if c.status < 400} | set(SUCCEEDS_ELSEWHERE)
    refused = {c.operation for c in CALLS if c.status >= 400}
    assert sorted(succeeding) == OPERATIONS, "an operation has no successful request above"
    assert sorted(refused) == OPERATIONS, "an operation has no bad-input request above"


# --- Generated requests: schemathesis over every operation ---------------------------------------

# Checks that do not apply to some operations, and why:
# - the answers body is a free-form mapping in the schema (parse_profile names every bad key with
#   the allowed values, and accepts "lower, neck" for a list), so random mappings are rightly
#   refused and some schema-invalid ones are rightly accepted;
# - a set must name an exercise of that session's plan, which no schema can say.
ANSWERS = [positive_data_acceptance, negative_data_rejection]
NOT_APPLICABLE = {
    f"PUT {API}/profile": ANSWERS,
    f"POST {API}/screening": ANSWERS,
    f"POST {API}/sessions/{{session_id}}/sets": [positive_data_acceptance],
    # A coached set must name an exercise the camera can check (and an open session that plans
    # it), which no schema can say.
    f"POST {API}/sessions/coached": [positive_data_acceptance],
    # A resume step must be a step of the session's timeline, and a next-day pain check is for a
    # finished session of an earlier day, which no schema can say either.
    f"PUT {API}/sessions/{{session_id}}/position": [positive_data_acceptance],
    f"PUT {API}/sessions/{{session_id}}/next-day-pain": [positive_data_acceptance],
    # A logged session names exercises of the catalog, or the day's plan (one of the two), on a
    # day neither in the future nor long before the set-up, which no schema can say.
    f"POST {API}/sessions/logged": [positive_data_acceptance],
    # A stop for today is for a pain at the person's flare level, with no session in progress,
    # which no schema can say.
    f"POST {API}/sessions/stop-for-today": [positive_data_acceptance],
    # Working hours must end after they start, and the day may not be long before the set-up.
    f"GET {API}/reminders": [positive_data_acceptance],
    # A day must be in 2000-2099, which JSON Schema cannot say of a date string.
    f"GET {API}/plan": [positive_data_acceptance],
    f"GET {API}/plan/week": [positive_data_acceptance],
    f"GET {API}/progress": [positive_data_acceptance],
    # An activity must have words (not only spaces) and be named once, and the day must be in
    # 2000-2099 and not after today, which no schema can say.
    f"POST {API}/function": [positive_data_acceptance],
}
# Each handout request renders a PDF, in seconds: its one parameter (an enum) is covered by the
# requests above and by tests/web/test_downloads.py instead.
NOT_GENERATED = {f"GET {API}/handout"}


@pytest.fixture
def seeded_app(stores: dict[str, Path], tmp_path: Path) -> tuple[FastAPI, int]:
    return _copy_of(stores, PROFILE, tmp_path), 1


@pytest.mark.parametrize("operation", [o for o in OPERATIONS if o not in NOT_GENERATED])
def test_generated_requests_never_get_a_server_error(
    seeded_app: tuple[FastAPI, int], operation: str
) -> None:
    app, session_id = seeded_app
    schema = schemathesis.openapi.from_asgi(f"{API}/openapi.json", app)
    found = schema.find_operation_by_label(operation)
    assert found is not None
    excluded = NOT_APPLICABLE.get(operation, [])

    # Valid requests and invalid ones alike: neither may ever get a 5xx.
    cases = st.one_of([found.as_strategy(generation_mode=mode) for mode in GenerationMode])

    @given(case=cases, known_session=st.booleans())
    @settings(
        max_examples=25,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(case: Any, known_session: bool) -> None:
        # Random ids almost never name a real session; half the time, aim at the seeded one.
        if known_session and isinstance((case.path_parameters or {}).get("session_id"), int):
            case.path_parameters["session_id"] = session_id
        case.call_and_validate(excluded_checks=excluded)

    check()
