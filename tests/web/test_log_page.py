"""The /log page: a session done away from the computer, recorded from the browser with the use
case `strongback log` uses. A refused form keeps every value and marks each problem beside its
field, and nothing is stored; a blocked screening shows the referral. On SQLite and PostgreSQL."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from strongback import EMERGENCY_ADVICE
from strongback.services import FLARE_ADVICE
from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
TODAY = date.today()


@pytest.fixture
def web(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        yield client


@pytest.fixture
def answered(web: TestClient) -> TestClient:
    assert web.put(f"{API}/profile", json=PROFILE).status_code == 200
    return web


def _post(client: TestClient, form: dict[str, str], **kwargs: Any) -> Any:
    return client.post("/log", data={"date": TODAY.isoformat(), **form}, **kwargs)


def _error(page: str, field: str) -> str:
    """The error shown beside `field`, checking that the field points to it."""
    found = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page)
    assert found, f"no error beside {field}"
    control = re.search(rf'<(?:input|select)[^>]* (?:id|name)="{field}"[^>]*>', page)
    assert control, f"no field {field}"
    assert 'aria-invalid="true"' in control[0]
    assert f"{field}-error" in control[0]  # aria-describedby
    return html.unescape(found[1])


def _errors(page: str) -> list[str]:
    return re.findall(r'id="([a-z_0-9]+)-error"', page)


def _stored(client: TestClient) -> list[dict[str, Any]]:
    sessions: list[dict[str, Any]] = client.get(f"{API}/sessions").json()
    return sessions


# --- The form ------------------------------------------------------------------------------------


def test_without_answers_the_page_leads_to_the_setup_questions(web: TestClient) -> None:
    for answer in (
        web.get("/log", follow_redirects=False),
        _post(web, {"planned": "yes"}, follow_redirects=False),
    ):
        assert answer.status_code == 303
        assert answer.headers["location"] == "/onboarding"
    assert _stored(web) == []


def test_the_form_offers_today_and_the_catalog_by_name(answered: TestClient) -> None:
    page = answered.get("/log")

    assert page.status_code == 200
    text = page.text
    assert f'name="date" type="date" value="{TODAY}"' in text
    assert f'max="{TODAY}"' in text
    assert f'min="{TODAY - timedelta(weeks=4)}"' in text
    assert "I did the day's planned session" in text
    assert len(re.findall(r'<select id="exercise_\d"', text)) == 6
    assert '<option value="bridge">Bridge</option>' in text
    for field in ("pain_before", "pain_after", "difficulty", "hold_1", "hold_6"):
        assert f'id="{field}"' in text
    assert 'name="hold_1" type="number" min="1" max="120"' in text
    assert re.search(r'<input type="checkbox" id="again" name="again" value="yes" [^>]*>', text)
    assert "I did this session again (a second time the same day)" in text
    assert _errors(text) == []


# --- Recorded ------------------------------------------------------------------------------------


def test_named_exercises_are_logged_and_progress_says_so(answered: TestClient) -> None:
    answer = _post(
        answered,
        {
            "exercise_1": "bridge",
            "sets_1": "2",
            "reps_1": "8",
            "exercise_3": "superman",  # a row left blank in between is skipped
            "pain_before": "3",
            "pain_after": "2",
            "difficulty": "right",
        },
        follow_redirects=False,
    )

    assert answer.status_code == 303, answer.text
    [session] = _stored(answered)
    assert answer.headers["location"] == f"/progress?logged={session['id']}#logged"
    assert session["source"] == "log"
    assert session["feedback"]["pain_before"] == 3
    assert session["feedback"]["difficulty"] == "right"
    bridge = next(e for e in session["plan"]["exercises"] if e["exercise_id"] == "bridge")
    assert (bridge["dosage"]["sets"], bridge["dosage"]["reps"]) == (2, 8)
    progress = answered.get(answer.headers["location"]).text
    assert "Logged: Bridge, Prone arm and leg lift, today." in progress
    assert (
        'Tomorrow, come back to <a href="/today">Today</a> to say how your back feels' in progress
    )
    assert FLARE_ADVICE not in progress
    assert "session-row" in progress


def test_seconds_held_are_logged_per_exercise_as_strongback_log_hold_does(
    answered: TestClient,
) -> None:
    answer = _post(
        answered,
        {"exercise_1": "bridge", "hold_1": "20", "exercise_2": "superman"},
        follow_redirects=False,
    )

    assert answer.status_code == 303, answer.text
    [session] = _stored(answered)
    doses = {e["exercise_id"]: e["dosage"] for e in session["plan"]["exercises"]}
    assert doses["bridge"]["hold_seconds"] == 20
    assert (doses["bridge"]["sets"], doses["bridge"]["reps"]) == (1, 10)  # the usual dose
    assert {s["hold_seconds_done"] for s in session["sets"] if s["exercise_id"] == "bridge"} == {20}
    assert doses["superman"]["hold_seconds"] != 20  # an empty hold is the usual one


def test_the_day_s_plan_is_logged_for_an_earlier_day(answered: TestClient) -> None:
    yesterday = TODAY - timedelta(days=1)
    plan = answered.get(f"{API}/plan", params={"day": yesterday.isoformat()}).json()

    answer = _post(answered, {"planned": "yes", "date": yesterday.isoformat()})

    assert answer.status_code == 200  # the progress page, after the redirect
    [session] = _stored(answered)
    assert session["plan"]["day"] == yesterday.isoformat()
    assert [e["exercise_id"] for e in session["plan"]["exercises"]] == [
        e["exercise_id"] for e in plan["exercises"]
    ]
    assert f"Logged: {plan['exercises'][0]['name']}" in answer.text
    assert f"on {yesterday.strftime('%A %-d %B %Y')}." in answer.text
    assert "Tomorrow, come back" not in answer.text  # that day's next day has come


def test_pain_after_at_a_flare_says_the_plan_steps_back(answered: TestClient) -> None:
    flare = answered.get(f"{API}/sessions/pain-rule").json()["end_session_at"]

    page = _post(answered, {"exercise_1": "bridge", "pain_after": str(flare)}).text

    assert FLARE_ADVICE in page
    # The alert is the pain text a screen reader announces: it carries the emergency signs.
    alert = re.search(r'<p class="change bad" role="alert">(.*?)</p>', page)
    assert alert is not None
    assert alert.group(1) == FLARE_ADVICE
    assert alert.group(1).endswith(EMERGENCY_ADVICE)
    quieter = _post(answered, {"exercise_1": "bridge", "pain_after": str(flare - 1)}).text
    assert FLARE_ADVICE not in quieter


def test_an_exercise_left_out_for_a_condition_is_logged_with_a_caution(web: TestClient) -> None:
    pregnant = {**PROFILE, "conditions": ["pregnancy"], "cleared_by_clinician": True}
    assert web.put(f"{API}/profile", json=pregnant).status_code == 200

    page = _post(web, {"exercise_1": "deadlift"}).text

    assert "Caution: Deadlift is left out of your plan because of pregnancy" in page
    assert 'href="/library/deadlift#cautions"' in page
    assert len(_stored(web)) == 1


def test_a_logged_status_is_only_for_a_logged_session(answered: TestClient) -> None:
    assert answered.post(f"{API}/sessions", json={}).status_code == 201  # a player's session
    for logged in ("1", "999", "x", "9" * 10, "9" * 30):
        page = answered.get("/progress", params={"logged": logged})
        assert page.status_code == 200
        assert "Logged:" not in page.text


# --- Refused, with every value kept and nothing stored -------------------------------------------


def test_a_bad_dose_is_marked_beside_it_and_the_form_keeps_its_values(
    answered: TestClient,
) -> None:
    form = {
        "exercise_1": "bridge",
        "sets_1": "11",
        "reps_1": "8",
        "exercise_2": "superman",
        "pain_before": "4",
        "pain_after": "3",
        "difficulty": "too-hard",
    }

    answer = _post(answered, form)

    assert answer.status_code == 422
    page = answer.text
    assert "Nothing was recorded: please check 1 answer" in page
    assert _error(page, "sets_1") == "Sets must be from 1 to 10 (got 11)."
    assert _errors(page) == ["sets_1"]
    assert '<option value="bridge" selected>' in page
    assert '<option value="superman" selected>' in page
    assert 'name="sets_1" type="number" min="1" max="10" inputmode="numeric" value="11"' in page
    assert 'value="8"' in page
    assert re.search(r'<input id="pain_before" [^>]*value="4"', page)
    assert '<option value="too-hard" selected>' in page
    assert _stored(answered) == []


def test_numbers_that_are_not_whole_are_refused_before_anything_else(
    answered: TestClient,
) -> None:
    page = _post(
        answered,
        {"exercise_1": "bridge", "sets_1": "three", "reps_2": "5", "pain_after": "11"},
    ).text

    assert _error(page, "sets_1").startswith("Give sets as a whole number from 1 to 10")
    assert _error(page, "exercise_2") == "Choose the exercise this dose is for."
    assert _error(page, "pain_after").startswith("Give pain as a whole number from 0")
    assert 'value="three"' in page
    assert _stored(answered) == []


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("0", "A hold must be from 1 to 120 seconds (got 0)."),  # the service's, as the API's
        ("121", "A hold must be from 1 to 120 seconds (got 121)."),
        (
            "ten",
            "Give the hold as a whole number of seconds from 1 to 120, or leave it empty for the "
            "usual dose.",
        ),
    ],
    ids=["zero", "too-long", "words"],
)
def test_a_hold_out_of_range_is_marked_beside_it(
    answered: TestClient, typed: str, words: str
) -> None:
    answer = _post(answered, {"exercise_1": "superman", "exercise_2": "bridge", "hold_2": typed})

    assert answer.status_code == 422
    assert _error(answer.text, "hold_2") == words
    assert _errors(answer.text) == ["hold_2"]
    assert f'name="hold_2" type="number" min="1" max="120" inputmode="numeric" value="{typed}"' in (
        answer.text
    )
    assert "Exercise 2, seconds held" in answer.text  # the summary links to it
    assert _stored(answered) == []


def test_a_hold_for_an_exercise_done_in_reps_is_marked_beside_it_and_the_rest_stays(
    answered: TestClient,
) -> None:
    answer = _post(
        answered,
        {
            "exercise_1": "bridge",
            "hold_1": "20",
            "exercise_2": "crunch",
            "sets_2": "2",
            "reps_2": "8",
            "hold_2": "15",
            "pain_before": "3",
            "difficulty": "right",
        },
    )

    assert answer.status_code == 422
    page = answer.text
    assert _error(page, "hold_2") == (
        "Crunch is done in reps, not held, so it takes no seconds held: give its sets and reps "
        "only."
    )
    assert _errors(page) == ["hold_2"]
    for field, typed in [("hold_1", "20"), ("sets_2", "2"), ("reps_2", "8"), ("hold_2", "15")]:
        assert re.search(rf'name="{field}" [^>]*value="{typed}"', page), field
    assert '<option value="crunch" selected>' in page
    assert re.search(r'id="pain_before" [^>]*value="3"', page)
    assert '<option value="right" selected>' in page
    assert _stored(answered) == []


def test_an_unknown_exercise_is_marked_on_its_row(answered: TestClient) -> None:
    answer = _post(answered, {"exercise_1": "bridge", "exercise_2": "brige"})

    assert answer.status_code == 422
    assert _error(answer.text, "exercise_2") == (
        "No exercise 'brige' in the catalog; did you mean bridge?"
    )
    assert _stored(answered) == []


def test_an_exercise_chosen_twice_is_marked_on_the_second_row(answered: TestClient) -> None:
    page = _post(answered, {"exercise_1": "bridge", "exercise_4": "bridge"}).text
    assert _error(page, "exercise_4").startswith("Bridge is named twice")
    assert _stored(answered) == []


@pytest.mark.parametrize(
    ("day", "words"),
    [
        (TODAY - timedelta(weeks=5), "is long before you set strongback up on"),
        (TODAY + timedelta(days=1), "is in the future; record things once they have happened"),
    ],
    ids=["too-early", "future"],
)
def test_a_day_outside_what_may_be_recorded_is_marked(
    answered: TestClient, day: date, words: str
) -> None:
    answer = _post(answered, {"planned": "yes", "date": day.isoformat()})

    assert answer.status_code == 422
    assert words in _error(answer.text, "date")
    assert f'value="{day}"' in answer.text
    assert 'name="planned" value="yes" checked' in answer.text
    assert _stored(answered) == []


@pytest.mark.parametrize("typed", ["23/11/2026", "1999-12-31"])
def test_a_date_that_is_not_one_is_marked(answered: TestClient, typed: str) -> None:
    answer = _post(answered, {"planned": "yes", "date": typed})
    assert answer.status_code == 422
    assert _error(answer.text, "date")
    assert _stored(answered) == []


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({}, "Tick the planned session, or choose at least one exercise you did."),
        ({"planned": "yes", "exercise_1": "bridge"}, "not both"),
    ],
    ids=["neither", "both"],
)
def test_the_planned_session_or_the_exercises_one_of_the_two(
    answered: TestClient, form: dict[str, str], words: str
) -> None:
    answer = _post(answered, form)
    assert answer.status_code == 422
    assert words in _error(answer.text, "planned")
    assert _stored(answered) == []


@pytest.mark.parametrize(
    "answers",
    [
        {**PROFILE, "red_flags": ["bladder-bowel-change"]},
        {**PROFILE, "conditions": ["spinal-injury"], "cleared_by_clinician": False},
    ],
    ids=["red-flag", "not-cleared"],
)
def test_a_blocked_screening_shows_the_referral_and_records_nothing(
    web: TestClient, answers: dict[str, Any]
) -> None:
    assert web.put(f"{API}/profile", json=answers).status_code == 200
    referral = web.get(f"{API}/plan").json()["detail"]

    page = web.get("/log")
    posted = _post(web, {"exercise_1": "bridge"})

    assert page.status_code == 200
    assert posted.status_code == 409
    for text in (page.text, posted.text):
        assert "so no session is logged for now" in text
        assert 'href="/referral"' in text
        assert f"urgency-{referral['screening']['urgency']}" in text
        assert all(html.escape(reason) in text for reason in referral["reasons"])
        assert '<form method="post" action="/log"' not in text
    assert _stored(web) == []
    progress = web.get("/progress").text
    assert 'href="/log"' not in progress  # nothing to log while a clinician comes first


def test_another_site_cannot_post_the_form(answered: TestClient) -> None:
    answer = _post(answered, {"planned": "yes"}, headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403
    assert _stored(answered) == []


# --- Where the page is offered -------------------------------------------------------------------


def test_the_progress_page_offers_the_log_instead_of_the_command_line(
    answered: TestClient,
) -> None:
    page = answered.get("/progress").text
    assert '<a href="/log">log one you did away from the computer</a>' in page
    assert 'class="button secondary" href="/log"' in page
    assert "command line" not in page
