"""Which pain "latest" is: right after saving 4/10 as the pain after a session, the progress page
and `strongback progress` showed "3 latest pain (first 3)", the pain before it, without saying
so. Both now name it pain at rest, in the same words. On SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from strongback.cli.app import app
from strongback.progress import PAIN_AT_REST, PAIN_AT_REST_WHEN
from strongback.settings import Settings
from strongback.web import create_app
from tests.web.conftest import TEST_HOSTS

PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 3, "experience": "some"}


@pytest.fixture
def web(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        yield client


def _words(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).replace("│", " ").split())


def test_after_a_session_both_views_say_the_latest_is_pain_at_rest(
    web: TestClient, store_env: dict[str, str]
) -> None:
    assert web.put("/api/v1/profile", json=PROFILE).status_code == 200
    logged = web.post("/log", data={"planned": "yes", "pain_before": "3", "pain_after": "4"})
    assert logged.status_code == 200, logged.text

    page = _words(web.get("/progress").text)
    terminal = CliRunner().invoke(app, ["progress"], env={**store_env, "COLUMNS": "100"})
    assert terminal.exit_code == 0, terminal.output
    said = _words(terminal.output)

    rest = f"{PAIN_AT_REST.lower()}, {PAIN_AT_REST_WHEN}"
    assert f"3 latest {rest} (first 3)" in page
    assert f"{PAIN_AT_REST} (0-10, {PAIN_AT_REST_WHEN}): first 3, latest 3" in said
    assert "latest pain (first" not in page  # the old label, which read as the pain just said
    assert "after sessions ▄ 4 → 4" in said  # the pain after is shown apart, as after
