"""An exercise is found by its id, name or alias everywhere (as `strongback show` and the camera
find one); the app's own catalog is used whatever it holds; the store opens once per app."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from strongback.catalog import default_catalog
from strongback.settings import Settings
from strongback.web import create_app
from strongback.web._state import AppState
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"


@pytest.mark.parametrize("name", ["Bridge", "pelvis elevation", "BRIDGES"])
def test_the_api_finds_an_exercise_by_name_or_alias(client: TestClient, name: str) -> None:
    response = client.get(f"{API}/exercises/{name}")
    assert response.status_code == 200, response.text
    assert response.json() == client.get(f"{API}/exercises/bridge").json()
    assert response.headers["content-location"] == f"{API}/exercises/bridge"


def test_the_api_documents_that_a_name_finds_the_exercise(client: TestClient) -> None:
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    operation = paths[f"{API}/exercises/{{exercise_id}}"]
    answer = operation["get"]["responses"]["200"]
    assert "Content-Location" in answer["headers"]
    assert "alias" in operation["get"]["description"]


@pytest.mark.parametrize(
    ("asked", "own"),
    [
        ("/library/Bridge", "/library/bridge"),
        ("/library/pelvis elevation", "/library/bridge"),
        ("/coach/Bridge", "/coach/bridge"),
        ("/coach/Bridge?session=3", "/coach/bridge?session=3"),
    ],
)
def test_a_page_asked_by_name_leads_to_its_own_address(
    client: TestClient, asked: str, own: str
) -> None:
    page = client.get(asked, follow_redirects=False)
    assert (page.status_code, page.headers["location"]) == (308, own)
    assert client.get(asked).status_code == 200


@pytest.mark.parametrize("path", [f"{API}/exercises/brigde", "/library/brigde", "/coach/brigde"])
def test_an_unknown_name_is_still_a_404_with_suggestions(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code == 404
    assert "bridge" in response.text


def test_an_empty_catalog_given_is_the_one_used(tmp_path: Path) -> None:
    empty = dataclasses.replace(default_catalog(), exercises={})
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'strongback.db'}")
    with TestClient(create_app(settings, catalog=empty, allowed_hosts=TEST_HOSTS)) as client:
        assert client.get(f"{API}/exercises").json() == []
        with client.websocket_connect("/ws/coach/bridge") as socket:
            message: dict[str, Any] = socket.receive_json()
            with pytest.raises(WebSocketDisconnect) as closed:
                socket.receive_json()
    assert message["message"] == "no exercise 'bridge' in the catalog"
    assert closed.value.code == 4404


def test_requests_arriving_together_open_the_store_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import strongback.store

    opened: list[object] = []

    def slow_open(settings: Settings) -> object:
        time.sleep(0.05)  # long enough for every thread to find no store yet
        store = object()
        opened.append(store)
        return store

    monkeypatch.setattr(strongback.store, "open_store", slow_open)
    settings = Settings(home=tmp_path, database_url="sqlite://")
    state = AppState(settings=settings, catalog=default_catalog())
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(state.repository())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(opened) == 1
    assert got == opened * 8
