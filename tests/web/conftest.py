"""An app per test on a fresh data directory; catalog-only tests never open the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from strongback.settings import Settings
from strongback.web import create_app

# The test client's host name; the app answers to it only when a test says so.
TEST_HOSTS = ("testserver",)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'strongback.db'}")
    with TestClient(create_app(settings, allowed_hosts=TEST_HOSTS)) as test_client:
        yield test_client
