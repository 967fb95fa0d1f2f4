"""Real browser tests: the app served by uvicorn on loopback, driven by Debian's Chromium.

Playwright cannot download browsers here, so it launches /usr/bin/chromium (override with
STRONGBACK_CHROMIUM). Without a Chromium these tests skip, unless STRONGBACK_REQUIRE_BROWSER=1 (CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn

from strongback.settings import Settings
from strongback.web import create_app

CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # Without this Chromium keeps trying to resolve outside hosts on a machine with no network.
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _chromium() -> str | None:
    return os.environ.get("STRONGBACK_CHROMIUM") or shutil.which("chromium")


@dataclass
class LiveServer:
    url: str
    settings: Settings


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'strongback.db'}")
    # The accelerated clock is the test-only setting that lets a session finish in seconds.
    app = create_app(settings, clock_speed=40.0)
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the test server did not start within 10 s")
        time.sleep(0.02)
    yield LiveServer(url=f"http://127.0.0.1:{port}", settings=settings)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("STRONGBACK_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (STRONGBACK_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    from playwright.sync_api import Browser

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1100, "height": 800})
    new_page = context.new_page()
    yield new_page
    context.close()


def screenshot(page: object, name: str) -> Path:
    """Take a screenshot; with STRONGBACK_SCREENSHOTS=1 (`make screenshots`) it replaces the
    README's copy under docs/screenshots/, else it goes to a temporary folder, so that a test run
    never changes a tracked file."""
    from playwright.sync_api import Page

    assert isinstance(page, Page)
    if os.environ.get("STRONGBACK_SCREENSHOTS") == "1":
        folder = SCREENSHOTS
    else:
        folder = Path(tempfile.gettempdir()) / "strongback-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path
