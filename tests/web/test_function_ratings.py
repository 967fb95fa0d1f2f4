"""Function ratings (PSFS) from the web: the service's rules, POST /api/v1/function, and the
progress page's form. The CLI's `strongback function` is to use the same service."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from strongback.services import FunctionRefused, rate_function
from strongback.settings import Settings
from strongback.store import Repository, open_store

API = "/api/v1"


@pytest.fixture
def repo(tmp_path: Path) -> Repository:
    return open_store(Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'f.db'}"))


def test_the_service_merges_names_whatever_their_case(repo: Repository) -> None:
    rate_function(repo, [("Sitting through a film", 3)], date.today())
    stored = rate_function(repo, [("  sitting THROUGH a film ", 5)], date.today())
    assert [s.activity for s in stored] == ["Sitting through a film"]
    assert [s.score for s in repo.psfs_scores()] == [3, 5]


@pytest.mark.parametrize(
    ("pairs", "field", "index", "words"),
    [
        ([], "activity", None, "at least one"),
        ([("  ", 3)], "activity", 0, "name the activity"),
        ([("x" * 201, 3)], "activity", 0, "at most 200 characters"),
        ([("sitting", 3), ("walking", 11)], "score", 1, "not on the scale"),
        ([("sitting", -1)], "score", 0, "not on the scale"),
        ([("sitting", 3), ("Sitting", 4)], "activity", 1, "rated twice"),
        ([("a", 1), ("b", 1), ("c", 1), ("d", 1)], "activity", None, "up to 3 activities"),
    ],
)
def test_the_service_refuses_with_the_field_and_records_nothing(
    repo: Repository, pairs: list[tuple[str, int]], field: str, index: int | None, words: str
) -> None:
    with pytest.raises(FunctionRefused) as refused:
        rate_function(repo, pairs, date.today())
    assert refused.value.field == field
    assert refused.value.index == index
    assert words in refused.value.reason
    assert not refused.value.conflict
    assert repo.psfs_scores() == []


def test_a_new_activity_beyond_the_scale_is_a_conflict_with_the_history(repo: Repository) -> None:
    rate_function(repo, [("sitting", 3), ("walking", 4)], date.today())
    with pytest.raises(FunctionRefused) as refused:
        rate_function(repo, [("lifting", 2), ("gardening", 5)], date.today())
    assert refused.value.conflict
    assert "you already rate sitting and walking, so add at most 1 new one" in refused.value.reason


def test_a_future_day_is_refused(repo: Repository) -> None:
    with pytest.raises(FunctionRefused) as refused:
        rate_function(repo, [("sitting", 3)], date.today() + timedelta(days=1))
    assert refused.value.field == "day"


def test_an_earlier_day_keeps_its_date(repo: Repository) -> None:
    day = date.today() - timedelta(days=3)
    [stored] = rate_function(repo, [("sitting", 3)], day)
    assert stored.recorded_at.astimezone().date() == day


# --- The API ------------------------------------------------------------------------------------


def test_the_api_records_and_the_summary_shows_it(client: TestClient) -> None:
    answer = client.post(
        f"{API}/function",
        json={
            "ratings": [{"activity": "sitting", "score": 4}, {"activity": "walking", "score": 6}]
        },
    )
    assert answer.status_code == 201, answer.text
    assert [r["activity"] for r in answer.json()] == ["sitting", "walking"]
    function = client.get(f"{API}/progress").json()["function"]
    assert function["latest"] == 5


def test_the_api_names_the_rating_at_fault(client: TestClient) -> None:
    body = {"ratings": [{"activity": "sitting", "score": 4}, {"activity": " ", "score": 6}]}
    answer = client.post(f"{API}/function", json=body)
    assert answer.status_code == 422
    [problem] = answer.json()["detail"]
    assert problem["loc"] == ["body", "ratings", 1, "activity"]
    assert "name the activity" in problem["msg"]
    future = (date.today() + timedelta(days=1)).isoformat()
    later = client.post(
        f"{API}/function", json={"ratings": [{"activity": "a", "score": 1}], "day": future}
    )
    assert later.status_code == 422
    assert later.json()["detail"][0]["loc"] == ["body", "day"]


def test_the_api_answers_409_for_an_activity_beyond_the_scale(client: TestClient) -> None:
    three = [{"activity": name, "score": 5} for name in ("sitting", "walking", "lifting")]
    assert client.post(f"{API}/function", json={"ratings": three}).status_code == 201
    answer = client.post(f"{API}/function", json={"ratings": [{"activity": "golf", "score": 2}]})
    assert answer.status_code == 409
    assert "Rate those again" in answer.json()["detail"]


# --- The page -----------------------------------------------------------------------------------


def test_the_page_has_a_form_and_no_promise_it_cannot_keep(client: TestClient) -> None:
    client.put(f"{API}/profile", json={"pain_areas": ["lower"]})
    page = client.get("/progress").text
    assert 'action="/progress/function"' in page
    # Recording a session done away from the computer is promised only with the page that does
    # it (/log), never as a command the browser cannot run.
    assert "away from the computer" in page
    assert 'href="/log"' in page
    assert "strongback log" not in page


def test_the_page_form_records_and_comes_back(client: TestClient) -> None:
    form = {"activity_1": "Sitting", "score_1": "4", "activity_2": "", "score_2": ""}
    answer = client.post("/progress/function", data=form, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/progress?rated=yes#function"
    page = client.get(answer.headers["location"]).text
    assert "Noted." in page
    assert 'value="Sitting"' in page  # the activity is offered again for the next rating


def test_the_page_form_explains_a_mistake_beside_its_row(client: TestClient) -> None:
    form = {"activity_1": "Sitting", "score_1": "4", "activity_2": "Walking", "score_2": ""}
    answer = client.post("/progress/function", data=form)
    assert answer.status_code == 422
    assert 'id="score_2-error"' in answer.text
    assert "Nothing was recorded" in answer.text
    assert 'value="Walking"' in answer.text
    assert client.get(f"{API}/progress").json()["function"]["latest"] is None
    nothing = client.post("/progress/function", data={})
    assert nothing.status_code == 422
    assert 'id="activity_1-error"' in nothing.text
