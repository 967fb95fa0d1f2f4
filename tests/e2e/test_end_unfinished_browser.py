"""A session left unfinished three days ago, in real Chromium: Today offers to resume it or to end
it; ending it saves it as ended early where it was left, says so, and a new session then starts
from the player. axe-core finds nothing serious on the card or the confirmation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from strongback import services
from strongback.catalog import default_catalog
from strongback.records import SessionSource, SessionStatus, SetRecord
from strongback.store import open_store
from strongback.timeline import build_timeline
from tests.e2e.conftest import LiveServer

AXE = Path(__file__).parent / "assets" / "axe.min.js"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}


def _left_three_days_ago(server: LiveServer, page: Page) -> tuple[int, datetime]:
    """Answers through the API, then a session of three days ago with its first set saved.
    Returns its id and the end of that set, where it was left."""
    assert page.request.put(f"{server.url}/api/v1/profile", data=PROFILE).ok
    catalog = default_catalog()
    started = datetime.now(UTC) - timedelta(days=3)
    with open_store(server.settings) as repo:
        plan = services.plan_for_day(repo, catalog, started.astimezone().date())
        stored = repo.start_session(plan, SessionSource.WEB, started)
        assert stored.id is not None
        first = next(s for s in build_timeline(plan, catalog).steps if s.records_set)
        assert first.set_key is not None
        exercise_id, number, side = first.set_key
        left = started + timedelta(minutes=2)
        repo.record_set(
            stored.id,
            SetRecord(exercise_id=exercise_id, set_number=number, side=side, ended_at=left),
        )
    return stored.id, left


def _serious_axe_findings(page: Page) -> list[str]:
    violations: list[dict[str, Any]] = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [f"{v['id']}: {v['help']}" for v in violations if v["impact"] in {"serious", "critical"}]


def test_a_stale_session_is_ended_from_today_and_a_new_one_starts(
    live_server: LiveServer, page: Page
) -> None:
    old_id, left = _left_three_days_ago(live_server, page)
    page.context.add_init_script(path=str(AXE))
    page.goto(f"{live_server.url}/today")

    card = page.get_by_role("region", name="Unfinished session")
    expect(card).to_contain_text("1 set saved.")
    expect(card.get_by_role("link", name="Resume it")).to_have_attribute("href", "/session")
    expect(page.get_by_role("link", name="Start session")).to_have_count(0)
    assert _serious_axe_findings(page) == []

    card.get_by_role("button", name="End it and start today's session").click()

    expect(page).to_have_url(f"{live_server.url}/today?ended={old_id}")
    local = left.astimezone()
    expect(page.get_by_role("status")).to_have_text(
        f"The unfinished session is saved as ended early at {local:%H:%M} on {local:%A} "
        f"{local.day} {local:%B}, where you left it: 1 set done."
    )
    expect(page.get_by_role("region", name="Unfinished session")).to_have_count(0)
    assert _serious_axe_findings(page) == []

    page.get_by_role("link", name="Start session").click()
    page.get_by_label("How is your back right now?").fill("2")
    page.get_by_role("button", name="Start session").click()
    expect(page.locator("#stage")).to_be_visible()

    with open_store(live_server.settings) as repo:
        old, new = repo.sessions()
    assert (old.id, old.status, old.ended_at) == (old_id, SessionStatus.ENDED_EARLY, left)
    assert new.status is SessionStatus.IN_PROGRESS
    assert new.started_at.astimezone().date() == datetime.now().astimezone().date()
    assert new.feedback.pain_before == 2
