"""Characters `str.isdigit` calls digits but that are not ASCII ("²", which `int` refuses; "٣"
and "３", which `int` reads as 3) are refused in words wherever a page reads a number, never a
500 and never taken for a number the form did not offer."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from strongback.web._guard import split_host
from tests.web.test_onboarding import VALID_FORM

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
DIGITS = ["²", "٣", "３", "9" * 5000]


@pytest.fixture
def answered(client: TestClient) -> TestClient:
    assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
    return client


@pytest.mark.parametrize("typed", DIGITS)
@pytest.mark.parametrize("field", ["sets_1", "reps_1", "pain_before", "pain_after"])
def test_the_log_form_marks_the_field_and_records_nothing(
    answered: TestClient, field: str, typed: str
) -> None:
    form = {"date": date.today().isoformat(), "exercise_1": "bridge", field: typed}

    answer = answered.post("/log", data=form)

    assert answer.status_code == 422
    assert f'id="{field}-error"' in answer.text
    assert "Give " in answer.text
    assert answered.get(f"{API}/sessions").json() == []


@pytest.mark.parametrize("typed", DIGITS)
def test_a_logged_status_that_is_no_number_is_left_out(answered: TestClient, typed: str) -> None:
    page = answered.get("/progress", params={"logged": typed})
    assert page.status_code == 200
    assert "Logged:" not in page.text


@pytest.mark.parametrize("typed", DIGITS)
def test_a_function_score_that_is_no_number_is_explained(answered: TestClient, typed: str) -> None:
    answer = answered.post("/progress/function", data={"activity_1": "Sitting", "score_1": typed})
    assert answer.status_code == 422
    assert 'id="score_1-error"' in answer.text
    assert answered.get(f"{API}/progress").json()["function"]["latest"] is None


@pytest.mark.parametrize("typed", DIGITS)
def test_reminder_weeks_that_are_no_number_are_explained(answered: TestClient, typed: str) -> None:
    query = {"at": "18:00", "work": "", "weeks": typed}
    answer = answered.get("/settings/reminders", params=query, follow_redirects=False)
    assert answer.status_code == 422
    assert 'id="weeks-error"' in answer.text


@pytest.mark.parametrize("typed", [*DIGITS, "--5"])
def test_an_age_that_is_no_number_gets_the_question_s_words(client: TestClient, typed: str) -> None:
    answer = client.post("/onboarding", data={**VALID_FORM, "age": typed})
    assert answer.status_code == 422
    assert "Please type a whole number" in answer.text
    assert client.get(f"{API}/profile").status_code == 404


@pytest.mark.parametrize("port", ["²", "٣", "３", "9" * 5000, "65536"])
def test_a_host_header_with_a_port_that_is_no_number_has_no_port(port: str) -> None:
    assert split_host(f"localhost:{port}") == ("localhost", None)


@pytest.mark.parametrize("session", ["²", "٣", "３", "9" * 40])
def test_a_camera_page_link_with_an_odd_session_number_is_a_plain_page(
    client: TestClient, session: str
) -> None:
    response = client.get("/coach/bridge", params={"session": session})
    assert response.status_code == 200
