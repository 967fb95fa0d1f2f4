"""A query means what it says: a filter given twice widens it (as `strongback exercises --region
neck --region lower` does), and anything else given twice, or not taken by the operation, is a 422
naming it, never silently read as its last value."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

API = "/api/v1"


def _ids(client: TestClient, query: str) -> set[str]:
    response = client.get(f"{API}/exercises?{query}")
    assert response.status_code == 200, response.text
    return {e["id"] for e in response.json()}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("region=neck", "region=lower"),
        ("level=1", "level=3"),
        ("kind=stretch", "kind=strength"),
        ("position=supine", "position=prone"),
        ("equipment=mat", "equipment=none"),
    ],
)
def test_a_repeated_filter_widens_the_api_list(client: TestClient, first: str, second: str) -> None:
    one, other = _ids(client, first), _ids(client, second)
    assert one
    assert other
    assert one != other
    assert _ids(client, f"{first}&{second}") == one | other


def test_different_filters_still_narrow(client: TestClient) -> None:
    both = _ids(client, "region=neck&region=lower&level=1")
    assert both == _ids(client, "region=neck&region=lower") & _ids(client, "level=1")


def _shown(page: Any) -> str:
    found = re.search(r"\d+ of \d+", page.text)
    assert found, page.text
    return found.group()


def test_a_repeated_filter_widens_the_library_page(client: TestClient) -> None:
    neck, lower = _ids(client, "region=neck"), _ids(client, "region=lower")
    total = len(_ids(client, ""))

    page = client.get("/library?region=neck&region=lower")

    assert page.status_code == 200
    assert _shown(page) == f"{len(neck | lower)} of {total}"
    # The form keeps both choices marked.
    assert re.search(r'value="neck"\s+selected', page.text)
    assert re.search(r'value="lower-back"\s+selected', page.text)
    # The form's "Any" beside a choice is no filter.
    assert _shown(client.get("/library?region=&region=neck")) == f"{len(neck)} of {total}"


@pytest.mark.parametrize(
    "query",
    ["day=garbage&day=2026-01-01", "day=2026-01-01&day=garbage", "day=2026-01-01&day=2026-01-02"],
)
@pytest.mark.parametrize("path", ["/plan", "/plan/week", "/progress"])
def test_a_day_given_twice_is_refused_whatever_the_order(
    client: TestClient, path: str, query: str
) -> None:
    response = client.get(f"{API}{path}?{query}")
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["query", "day"], "msg": "give day once, not 2 times", "type": "value_error"}
    ]


def test_a_search_given_twice_is_refused(client: TestClient) -> None:
    response = client.get(f"{API}/exercises?search=bridge&search=twist")
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "search"]
    page = client.get("/library?search=bridge&search=twist")
    assert page.status_code == 422
    assert "search: give search once, not 2 times" in page.text


@pytest.mark.parametrize(
    ("url", "takes"),
    [
        (f"{API}/plan?days=2026-01-01", "it takes: day"),
        (f"{API}/articles?sort=title", "it takes none"),
        (
            f"{API}/exercises?colour=blue",
            "it takes: equipment, kind, level, position, q, region, search",
        ),
    ],
)
def test_a_parameter_the_operation_does_not_take_is_refused(
    client: TestClient, url: str, takes: str
) -> None:
    response = client.get(url)
    assert response.status_code == 422
    (problem,) = response.json()["detail"]
    name = url.split("?")[1].split("=", maxsplit=1)[0]
    assert problem["loc"] == ["query", name]
    assert problem["type"] == "extra_forbidden"
    assert takes in problem["msg"]


def test_every_problem_of_a_query_is_named_at_once(client: TestClient) -> None:
    response = client.get(f"{API}/plan/week?day=2026-01-01&day=2026-01-02&when=now")
    assert response.status_code == 422
    assert [d["loc"] for d in response.json()["detail"]] == [["query", "day"], ["query", "when"]]


def test_every_operation_documents_its_422(client: TestClient) -> None:
    spec = client.get(f"{API}/openapi.json").json()
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            assert "422" in operation["responses"], f"{method.upper()} {path}"


# --- q: the name a search box sends -----------------------------------------------------------


def test_q_searches_names_and_aliases_on_the_page_and_the_api(client: TestClient) -> None:
    page = client.get("/library", params={"q": "bridge"})
    assert page.status_code == 200, page.text
    assert "/library/bridge" in page.text
    assert "/library/superman" not in page.text
    assert 'name="q"' in page.text
    assert 'value="bridge"' in page.text  # the box keeps the words
    by_q = client.get(f"{API}/exercises", params={"q": "pelvis elevation"})
    by_search = client.get(f"{API}/exercises", params={"search": "pelvis elevation"})
    assert by_q.status_code == 200
    assert by_q.json() == by_search.json()
    assert by_q.json()


def test_q_and_search_together_narrow_like_any_two_filters(client: TestClient) -> None:
    both = client.get(f"{API}/exercises", params={"q": "bridge", "search": "glute"})
    assert both.status_code == 200
    only_q = client.get(f"{API}/exercises", params={"q": "bridge"}).json()
    only_search = client.get(f"{API}/exercises", params={"search": "glute"}).json()
    assert both.json() == [e for e in only_q if e in only_search]
    nothing = client.get(f"{API}/exercises", params={"q": "bridge", "search": "superman"})
    assert nothing.json() == []
