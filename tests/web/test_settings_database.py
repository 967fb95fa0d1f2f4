"""The settings page names where the data lives, with the database's password hidden."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from strongback.settings import Settings
from strongback.web import create_app


def test_the_settings_page_hides_the_database_password(
    database_url: str, backend: str, tmp_path: Path
) -> None:
    url = database_url
    if backend == "postgres":  # the test server trusts local connections: any password will do
        url = make_url(url).set(password="s3cret").render_as_string(hide_password=False)
    settings = Settings(home=tmp_path, database_url=url)

    with TestClient(create_app(settings, allowed_hosts=("testserver",))) as client:
        pages = [client.get("/settings"), client.post("/settings/forget", data={"confirm": "no"})]

    for page in pages:
        assert "s3cret" not in page.text
        assert f"<code>{settings.database_shown}</code>" in page.text
    assert settings.database_shown == make_url(url).render_as_string(hide_password=True)


def test_a_url_that_cannot_be_read_is_named_by_its_variable() -> None:
    settings = Settings(home=Path("/tmp"), database_url="postgresql://u:s3cret@host:port/db")
    assert settings.database_shown == "the database named by STRONGBACK_DATABASE_URL"
