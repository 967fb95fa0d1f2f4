"""A pain stop in the browser, then a reload (a closed tab, a crash): the session resumes at the
next exercise, never back inside the one that hurt."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from strongback.catalog import default_catalog
from strongback.store import open_store
from strongback.timeline import build_timeline
from tests.e2e.conftest import LiveServer
from tests.e2e.player_steps import report_pain, start_session
from tests.e2e.test_newcomer_journey import _answer_onboarding
from tests.e2e.test_session_console import _with_profile

# The stop screen is titled by the exercise the pain stopped, as the terminal's is.
STOP_HEADING = re.compile(r"^Stop: \S")


def test_a_reload_after_a_pain_stop_resumes_at_the_next_exercise(
    live_server: LiveServer, page: Page
) -> None:
    _answer_onboarding(page, live_server)
    page.get_by_role("button", name="See my plan").click()
    start_session(page, live_server, 2)
    expect(page.locator("#stage")).to_be_visible()
    report_pain(page, 3)
    expect(page.get_by_role("heading", name=STOP_HEADING)).to_be_visible()

    with open_store(live_server.settings) as repo:
        page.wait_for_timeout(500)  # the position request lands after the stop screen shows
        (session,) = repo.sessions()
        timeline = build_timeline(session.plan, default_catalog())
        stopped = next(s for s in session.sets if s.outcome.value == "stopped")
        resumed = timeline.steps[session.resume_step]
    assert stopped.pain == 3
    assert resumed.exercise_id != stopped.exercise_id
    first_of_its_exercise = next(
        s for s in timeline.steps if s.exercise_index == resumed.exercise_index
    )
    assert resumed.index == first_of_its_exercise.index

    # The player goes on by itself after a reload, on a clock sped up for tests, so a loaded
    # machine may pass the first instruction before a poll sees it: every instruction shown is
    # recorded instead, from the first.
    page.add_init_script(SHOWN_INSTRUCTIONS)
    page.reload()
    expect(page.locator("#stage")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Welcome back")
    page.wait_for_function(f"window.shown.includes({json.dumps(resumed.text)})")
    shown: list[str] = page.evaluate("window.shown")
    stopped_intro = next(s.text for s in timeline.steps if s.exercise_id == stopped.exercise_id)
    assert stopped_intro not in shown
    assert shown[0] == resumed.text, shown


# Records each text of the instruction heading as the page shows it.
SHOWN_INSTRUCTIONS = """
window.shown = [];
document.addEventListener("DOMContentLoaded", () => {
  const heading = document.getElementById("instruction");
  if (!heading) return;
  const note = () => {
    const text = heading.textContent.trim();
    if (text && window.shown[window.shown.length - 1] !== text) window.shown.push(text);
  };
  const watch = { childList: true, characterData: true, subtree: true };
  new MutationObserver(note).observe(heading, watch);
});
"""


EMERGENCY = (
    "Go to an emergency department now if you get numbness around your genitals or buttocks, "
    "new trouble controlling your bladder or bowels, or weakness in both legs."
)


@pytest.mark.parametrize(
    ("level", "kind", "first"),
    [
        (3, None, re.compile(r"^Go on to \S")),  # names the exercise that comes next
        (6, None, "End the session"),  # a flare's pain (rules/progression.yaml)
        (2, "Spreading (e.g. down a leg)", "End the session"),
    ],
    ids=["mild", "flare", "spreading"],
)
def test_strong_or_spreading_pain_puts_ending_the_session_first(
    live_server: LiveServer, page: Page, level: int, kind: str | None, first: str | re.Pattern[str]
) -> None:
    _with_profile(live_server)
    start_session(page, live_server, 2)
    expect(page.locator("#stage")).to_be_visible()
    report_pain(page, level, kind)

    stopped = page.locator("#stopped")
    expect(stopped.get_by_role("heading", name=STOP_HEADING)).to_be_visible()
    # The emergency signs, whatever the pain: they can begin with any pain.
    expect(page.locator("#emergency")).to_have_text(EMERGENCY)
    expect(page.locator("#emergency")).to_be_visible()
    main = stopped.get_by_role("button").first
    expect(main).to_have_text(first)
    expect(main).to_be_focused()
    expect(main).not_to_have_class("secondary")
    end_first = first == "End the session"
    expect(page.locator("#end-advised")).to_be_visible(visible=end_first)
    expect(stopped.get_by_role("button").nth(1)).to_have_class("secondary")
