from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from strongback.catalog import default_catalog


def test_lists_every_exercise_with_its_source_titles(client: TestClient) -> None:
    response = client.get("/api/v1/exercises")
    assert response.status_code == 200
    body = response.json()
    assert {e["id"] for e in body} == set(default_catalog().exercises)
    assert all(e["source_titles"] for e in body)


@pytest.mark.parametrize(
    ("query", "must_hold"),
    [
        ("kind=stretch", lambda e: e["kind"] == "stretch"),
        ("position=supine", lambda e: e["position"] == "supine"),
        ("region=lower-back", lambda e: "lower-back" in e["regions"]),
        ("region=lower", lambda e: "lower-back" in e["regions"]),  # the answers file's word
        ("equipment=mat", lambda e: "mat" in e["equipment"]),
        ("level=1", lambda e: e["level"] == 1),
    ],
)
def test_filters_narrow_the_list(client: TestClient, query: str, must_hold: object) -> None:
    body = client.get(f"/api/v1/exercises?{query}").json()
    assert body
    assert all(must_hold(e) for e in body)  # type: ignore[operator]


def test_search_matches_aliases(client: TestClient) -> None:
    body = client.get("/api/v1/exercises", params={"search": "pelvis elevation"}).json()
    assert [e["id"] for e in body] == ["bridge"]


def test_one_exercise_by_id(client: TestClient) -> None:
    body = client.get("/api/v1/exercises/bridge").json()
    assert body["name"] == "Bridge"
    assert body["dosage"]["sets"] >= 1


def test_unknown_exercise_is_404_with_suggestion(client: TestClient) -> None:
    response = client.get("/api/v1/exercises/brigde")
    assert response.status_code == 404
    assert "bridge" in response.json()["detail"]


@pytest.mark.parametrize(
    "query",
    [
        "level=7",
        "kind=cardio",
        "region=knee",
        "equipment=dumbbell",
        "bogus=1",
        "search=" + "x" * 101,
    ],
)
def test_bad_filters_are_422_with_field_details(client: TestClient, query: str) -> None:
    response = client.get(f"/api/v1/exercises?{query}")
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail
    assert detail[0]["loc"][0] == "query"


@pytest.mark.parametrize("path", ["/api/v1/articles", "/api/v1/sports", "/api/v1/advice"])
def test_knowledge_lists(client: TestClient, path: str) -> None:
    body = client.get(path).json()
    assert body
    assert all("sources" in item or "seed" in item for item in body)


def test_breathing_rule_says_exhale_twice_as_long(client: TestClient) -> None:
    body = client.get("/api/v1/breathing").json()
    assert body["exhale_seconds"] == 2 * body["inhale_seconds"]


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found"}


def test_blank_filters_are_refused_by_the_api_as_its_schema_says(client: TestClient) -> None:
    response = client.get("/api/v1/exercises?region=&kind=")
    assert response.status_code == 422
