from __future__ import annotations

from fastapi.testclient import TestClient


def test_library_lists_and_filters(client: TestClient) -> None:
    page = client.get("/library")
    assert page.status_code == 200
    assert "Exercise library" in page.text
    filtered = client.get("/library", params={"search": "bridge"})
    assert "/library/bridge" in filtered.text


def test_htmx_request_gets_only_the_results(client: TestClient) -> None:
    fragment = client.get("/library", params={"kind": "stretch"}, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert "<html" not in fragment.text


def test_exercise_page_cites_its_articles(client: TestClient) -> None:
    page = client.get("/library/bridge")
    assert page.status_code == 200
    assert "6 Back Strengthening Exercises" in page.text
    assert "not a substitute for a clinician" in page.text


def test_unknown_exercise_page_is_a_friendly_404(client: TestClient) -> None:
    page = client.get("/library/brigde")
    assert page.status_code == 404
    assert "Did you mean" in page.text


def test_bad_filter_on_a_page_is_a_422_page(client: TestClient) -> None:
    page = client.get("/library", params={"level": "9"})
    assert page.status_code == 422
    assert "Please check" in page.text


def test_docs_are_served_offline(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    assert "/static/vendor/swagger-ui-bundle.js" in page.text
    assert "cdn" not in page.text.lower()
    assert client.get("/static/vendor/swagger-ui-bundle.js").status_code == 200


def test_openapi_document_lists_the_catalog(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/exercises" in spec["paths"]


def test_blank_filters_on_the_library_form_mean_any(client: TestClient) -> None:
    # The form's "Any" option submits region= and so on; the page must list everything.
    page = client.get("/library?region=&position=&kind=&equipment=&level=&search=")
    assert page.status_code == 200
    assert "/library/bridge" in page.text
    assert "/library/bird-dog" in page.text
