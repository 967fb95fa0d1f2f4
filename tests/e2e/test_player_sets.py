"""The browser player saves each set once: Back into a finished set replays it without saving it
again (no "Could not save", no second record), and a reload starts after the last saved set even
when the stored resume step is older, as the terminal player does."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import Page, Response, expect

from strongback.catalog import default_catalog
from strongback.planner import plan_of_exercises
from strongback.profile import Profile
from strongback.records import SessionSource
from strongback.rules.screening import screen_with_default_rules
from strongback.store import open_store
from tests.e2e.conftest import LiveServer

AT_OWN_PACE = "at your own pace"
REST = "Rest. Set 2 of 2 next."


def _session_at_own_pace(server: LiveServer) -> None:
    """A session in progress of two bridge sets done at the person's own pace: each set waits
    for 'n', so the test, not the accelerated clock, decides when a set ends. The rest between
    them lasts 3 s at the test server's speed."""
    catalog = default_catalog()
    bridge = catalog.exercises["bridge"]
    dose = bridge.dosage.model_copy(
        update={
            "sets": 2,
            "reps": 3,
            "hold_seconds": None,
            "tempo_seconds": None,
            "rest_seconds": 120,
        }
    )
    now = datetime.now(UTC)
    plan = plan_of_exercises([(bridge, dose)], now.astimezone().date(), catalog, "Chosen.")
    profile = Profile()
    with open_store(server.settings) as repository:
        repository.save_profile(profile, screen_with_default_rules(profile), now)
        repository.start_session(plan, SessionSource.WEB, now)


def test_back_into_a_saved_set_saves_nothing_more_and_a_reload_starts_after_it(
    live_server: LiveServer, page: Page
) -> None:
    _session_at_own_pace(live_server)
    posted: list[Response] = []
    failed: list[str] = []
    page.on("response", lambda r: posted.append(r) if r.request.method == "POST" else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    instruction = page.locator("#instruction")
    status = page.locator("#status")

    page.goto(f"{live_server.url}/session")
    expect(instruction).to_contain_text(AT_OWN_PACE)  # intro and get-ready run out
    page.keyboard.press("n")  # set 1 done
    expect(instruction).to_have_text(REST)
    page.keyboard.press("b")  # back into the set just saved...
    expect(instruction).to_contain_text(AT_OWN_PACE)
    page.keyboard.press("n")  # ...and through it again
    expect(instruction).to_have_text(REST)
    with page.expect_response(
        lambda r: r.url.endswith("/position") and r.request.post_data == '{"step":0}'
    ):
        page.keyboard.press("b")
    expect(instruction).to_contain_text(AT_OWN_PACE)
    page.wait_for_timeout(300)  # any other request the replay would send
    assert [r.url.rsplit("/", 1)[-1] for r in posted] == ["sets"]
    assert failed == []
    expect(status).not_to_contain_text("Could not save")

    with open_store(live_server.settings) as repository:
        (session,) = repository.sessions()
    assert [(s.set_number, s.outcome.value) for s in session.sets] == [(1, "done")]
    # The resume step stored is the replayed set's lead-in (as the core stores it mid-set)...
    assert session.resume_step == 0
    # ...but a reload starts after the saved set, not inside it.
    page.reload()
    expect(status).to_contain_text("Welcome back")
    expect(instruction).to_have_text(REST)
    expect(instruction).to_contain_text(AT_OWN_PACE)  # the rest runs out: set 2
    with page.expect_response(lambda r: r.url.endswith("/sets")):
        page.keyboard.press("n")
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    with open_store(live_server.settings) as repository:
        (session,) = repository.sessions()
    assert [(s.set_number, s.outcome.value) for s in session.sets] == [(1, "done"), (2, "done")]
    assert failed == []
