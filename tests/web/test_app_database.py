"""A database that cannot be reached or used: a 503 with a clear message, never a bare 500."""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS


def _closed_port() -> int:
    """A local port nothing listens on (it was free a moment ago)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def unreachable(tmp_path: Path) -> Iterator[TestClient]:
    url = f"postgresql+psycopg://someone:s3cret@127.0.0.1:{_closed_port()}/strongback"
    settings = Settings(home=tmp_path, database_url=url)
    app = create_app(settings, allowed_hosts=TEST_HOSTS)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def test_the_api_answers_503_with_a_clear_message(
    unreachable: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    pytest.importorskip("psycopg")
    with caplog.at_level(logging.WARNING):
        response = unreachable.get("/api/v1/sessions/current")
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("application/json")
    detail = response.json()["detail"]
    assert detail.startswith("Your data cannot be reached right now, so nothing was read or saved")
    assert "Check that the database is running" in detail
    assert "s3cret" not in detail  # the password is never shown
    # One line in the log, not a traceback.
    assert any("the database cannot be used" in r.getMessage() for r in caplog.records)
    assert not any(r.exc_info for r in caplog.records)


def test_pages_answer_503_in_the_sites_layout(unreachable: TestClient) -> None:
    pytest.importorskip("psycopg")
    for page in ("/today", "/progress", "/session"):
        response = unreachable.get(page)
        assert response.status_code == 503, page
        assert response.headers["content-type"].startswith("text/html")
        assert "<title>503 · strongback</title>" in response.text
        assert "Your data cannot be reached right now" in response.text
        assert "s3cret" not in response.text
    # Pages that need no data still work.
    assert unreachable.get("/library").status_code == 200


def test_a_failure_while_in_use_shows_the_drivers_words_not_the_sql(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    class Locked:
        def current_profile(self) -> None:
            raise OperationalError(
                "SELECT secret_column FROM profile",
                {"p": "hidden"},
                Exception("database is locked"),
            )

        def close(self) -> None:
            pass

    state = client.app.state.strongback  # type: ignore[attr-defined]
    monkeypatch.setattr(state, "repository", Locked)
    response = client.get("/api/v1/profile")
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert ": database is locked. Check that the database is running" in detail
    assert "SELECT" not in detail
    assert "hidden" not in detail
    page = client.get("/today")
    assert page.status_code == 503
    assert "database is locked" in page.text


def test_a_store_error_with_a_meaning_keeps_its_status(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from strongback.store import NotFound

    class Gone:
        def current_profile(self) -> None:
            raise NotFound("no session with id 7")

        def close(self) -> None:
            pass

    state = client.app.state.strongback  # type: ignore[attr-defined]
    monkeypatch.setattr(state, "repository", Gone)
    response = client.get("/api/v1/profile")
    assert (response.status_code, response.json()) == (404, {"detail": "no session with id 7"})
