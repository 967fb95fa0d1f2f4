"""The settings page's reminders form: a mistake is explained on the page (422), never the API's
raw JSON; good values go on to the API's download."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 3}


@pytest.fixture
def settled(client: TestClient) -> TestClient:
    assert client.put("/api/v1/profile", json=PROFILE).status_code == 200
    return client


def test_the_form_goes_to_the_settings_page_not_the_api(settled: TestClient) -> None:
    page = settled.get("/settings").text
    assert 'action="/settings/reminders"' in page
    assert 'action="/api/v1/reminders"' not in page


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ({"at": "18:00", "work": "17:00-09:00", "weeks": "4"}, "work", "must end after they start"),
        ({"at": "18:00", "work": "9-5", "weeks": "4"}, "work", "HH:MM-HH:MM"),
        ({"at": "18:00", "work": "09:00-17:00", "weeks": ""}, "weeks", "from 1 to 52"),
        ({"at": "18:00", "work": "09:00-17:00", "weeks": "99"}, "weeks", "from 1 to 52"),
        ({"at": "25:00", "work": "", "weeks": "4"}, "at", "HH:MM"),
    ],
)
def test_a_bad_value_is_explained_on_the_settings_page(
    settled: TestClient, query: dict[str, str], field: str, words: str
) -> None:
    answer = settled.get("/settings/reminders", params=query, follow_redirects=False)
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html")
    assert '{"detail"' not in answer.text
    assert f'id="{field}-error"' in answer.text
    assert words in answer.text
    assert "Nothing was downloaded" in answer.text
    # What was typed is shown again, to be corrected.
    assert f'value="{query[field]}"' in answer.text


def test_good_values_go_on_to_the_download(settled: TestClient) -> None:
    query = {"at": " 07:30", "work": "", "weeks": "2"}
    redirect = settled.get("/settings/reminders", params=query, follow_redirects=False)
    assert redirect.status_code == 303
    # The values the API's schema accepts (spaces trimmed); the download is tested with the API.
    assert redirect.headers["location"] == "/api/v1/reminders?at=07%3A30&work=&weeks=2"
