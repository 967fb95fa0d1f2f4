"""What a person does in the browser player, step by step, shared by the player's browser tests."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.e2e.conftest import LiveServer


def start_session(page: Page, server: LiveServer, pain: int) -> None:
    """Open the session page, give the pain before and press Start."""
    page.goto(f"{server.url}/session")
    page.get_by_label("How is your back right now?").fill(str(pain))
    page.get_by_role("button", name="Start session").click()


def report_pain(page: Page, level: int, kind: str | None = None) -> None:
    """Press p and report pain at `level`, of `kind` (a label of the dialog) when given."""
    page.keyboard.press("p")
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Pain now, 0 to 10").fill(str(level))
    if kind is not None:
        dialog.get_by_label(kind).check()
    dialog.get_by_role("button", name="Report").click()
