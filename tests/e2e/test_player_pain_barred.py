"""The browser player keeps the terminal player's pain rules: an exercise stopped for pain is never
played again in that session (Back passes over it or stays put and says why, every forward move
passes over it, a reload remembers it), and pain at a flare's level before the session offers the
stretches only or a stop for today."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Page, expect

from strongback.catalog import default_catalog
from strongback.flare_start import FLARE_START_CARE, NO_STRETCHES_TODAY, flare_start_reason
from strongback.plan import SessionPlan
from strongback.planner import plan_of_exercises
from strongback.profile import Profile
from strongback.records import SessionSource, SessionStatus
from strongback.rules.screening import screen_with_default_rules
from strongback.services import flare_pain
from strongback.store import open_store
from tests.e2e.conftest import LiveServer
from tests.e2e.player_steps import report_pain, start_session
from tests.e2e.test_newcomer_journey import _answer_onboarding
from tests.e2e.test_session_console import _with_profile

# The stop screen is titled by the exercise the pain stopped, as the terminal's is.
STOP_HEADING = re.compile(r"^Stop: \S")

STAYS = "won't be played again"
# Every text #position shows from now on, so a test can tell an exercise never came back.
WATCH_POSITION = """() => {
  window.positions = [];
  const position = document.querySelector('#position');
  new MutationObserver(() => window.positions.push(position.textContent))
    .observe(position, {childList: true, characterData: true, subtree: true});
}"""


def _report_pain(page: Page, level: int) -> None:
    report_pain(page, level)
    expect(page.get_by_role("heading", name=STOP_HEADING)).to_be_visible()


def _back_until(page: Page, reached: Callable[[], bool]) -> None:
    """Press Back until `reached` (the accelerated clock moves on between presses)."""
    for _ in range(40):
        page.keyboard.press("b")
        if reached():
            return
        page.wait_for_timeout(20)
    raise AssertionError("Back never got there")


def test_back_after_a_pain_stop_never_shows_that_exercise_again(
    live_server: LiveServer, page: Page
) -> None:
    """The newcomer's steps: pain in the first exercise, on to the next, then Back."""
    _answer_onboarding(page, live_server)
    page.get_by_role("button", name="See my plan").click()
    start_session(page, live_server, 2)
    expect(page.locator("#stage")).to_be_visible()
    report_pain(page, 3)
    with open_store(live_server.settings) as repo:
        (session,) = repo.sessions()
    first = session.plan.exercises[0].name

    second = session.plan.exercises[1].name
    page.evaluate(WATCH_POSITION)
    page.get_by_role("button", name=f"Go on to {second}").click()
    status = page.locator("#status")
    _back_until(page, lambda: STAYS in (status.text_content() or ""))

    expect(status).to_have_text(f"Back stays here: {first} (stopped for pain) {STAYS}.")
    expect(page.locator("#position")).not_to_contain_text(first)
    seen = page.evaluate("() => window.positions")
    assert seen
    assert not [text for text in seen if first in text]


def _own_pace_session(server: LiveServer, exercise_ids: list[str]) -> None:
    """A session in progress of these exercises, one set of 2 reps each at the person's own
    pace: each set waits for 'n', so the test, not the accelerated clock, ends it."""
    catalog = default_catalog()
    chosen = []
    for exercise_id in exercise_ids:
        exercise = catalog.exercises[exercise_id]
        dose = exercise.dosage.model_copy(
            update={"sets": 1, "reps": 2, "hold_seconds": None, "tempo_seconds": None}
        )
        chosen.append((exercise, dose))
    now = datetime.now(UTC)
    plan = plan_of_exercises(chosen, now.astimezone().date(), catalog, "Chosen.")
    assert [e.exercise_id for e in plan.exercises] == exercise_ids
    profile = Profile()
    with open_store(server.settings) as repository:
        repository.save_profile(profile, screen_with_default_rules(profile), now)
        repository.start_session(plan, SessionSource.WEB, now)


def _waiting_in(page: Page, name: str) -> None:
    """The player is in `name`'s set, waiting for 'n'."""
    expect(page.locator("#position")).to_contain_text(name)
    expect(page.locator("#instruction")).to_contain_text("then move on")


@pytest.mark.parametrize("reload", [False, True], ids=["same-page", "after-reload"])
def test_back_and_next_pass_over_an_exercise_stopped_for_pain(
    live_server: LiveServer, page: Page, reload: bool
) -> None:
    """Bridge done, bird dog stopped for pain, crunch next: Back from crunch goes to bridge and
    says it skipped bird dog; Next from bridge goes on to crunch. After a reload the page knows
    from the server which exercise hurt."""
    _own_pace_session(live_server, ["bridge", "bird-dog", "crunch"])
    page.goto(f"{live_server.url}/session")
    _waiting_in(page, "Bridge")
    page.keyboard.press("n")  # bridge's set done
    _waiting_in(page, "Bird dog")
    report_pain(page, 3)
    page.get_by_role("button", name="Go on to Crunch").click()  # past bird dog, by name
    if reload:
        page.reload()
        expect(page.locator("#status")).to_contain_text("Welcome back")
    page.evaluate(WATCH_POSITION)
    _waiting_in(page, "Crunch")

    position = page.locator("#position")
    _back_until(page, lambda: "Bridge" in (position.text_content() or ""))
    expect(page.locator("#status")).to_have_text(
        "Back skips Bird dog (stopped for pain, not played again)."
    )
    expect(page.locator("#next-step")).not_to_contain_text("Bird dog")
    page.keyboard.press("n")  # bridge's set is saved already: on to crunch, past bird dog
    _waiting_in(page, "Crunch")
    seen = page.evaluate("() => window.positions")
    assert not [text for text in seen if "Bird dog" in text]
    with open_store(live_server.settings) as repo:
        (session,) = repo.sessions()
    assert [(s.exercise_id, s.outcome.value) for s in session.sets] == [
        ("bridge", "done"),
        ("bird-dog", "stopped"),
    ]


@pytest.fixture
def todays_plan(monkeypatch: pytest.MonkeyPatch) -> Callable[[list[str]], None]:
    """Make today's plan these catalog exercises (the server runs in this process)."""
    from strongback.services import _sessions

    def plan_of(exercise_ids: list[str]) -> None:
        catalog = default_catalog()
        chosen = [(catalog.exercises[e], catalog.exercises[e].dosage) for e in exercise_ids]

        def planned(repo: object, catalog_: object, day: date) -> SessionPlan:
            return plan_of_exercises(chosen, day, catalog, "Chosen.")

        monkeypatch.setattr(_sessions, "plan_for_day", planned)

    return plan_of


EMERGENCY = "Go to an emergency department now"


def test_pain_at_a_flare_before_the_session_offers_the_stretches_only(
    live_server: LiveServer, page: Page, todays_plan: Callable[[list[str]], None]
) -> None:
    _with_profile(live_server)
    todays_plan(["knee-to-chest", "bridge"])
    pain = flare_pain() + 1
    start_session(page, live_server, pain)

    flare = page.locator("#flare")
    expect(flare).to_be_visible()
    # The terminal player's reason, word for word.
    expect(flare).to_contain_text(flare_start_reason(pain, flare_pain()))
    expect(flare).to_contain_text(FLARE_START_CARE)  # the terminal's words
    expect(flare).to_contain_text(EMERGENCY)
    main = flare.get_by_role("button").first
    expect(main).to_have_text("Stretches only")
    expect(main).to_be_focused()
    expect(flare.get_by_role("button").nth(1)).to_have_text("Stop for today")
    with open_store(live_server.settings) as repo:
        assert repo.sessions() == []  # nothing starts before the person chooses

    main.click()
    expect(page.locator("#stage")).to_be_visible()
    expect(page.locator("#position")).to_contain_text("Knee to chest")
    with open_store(live_server.settings) as repo:
        (session,) = repo.sessions()
    assert [e.exercise_id for e in session.plan.exercises] == ["knee-to-chest"]
    assert session.plan.kind.value == "stretch"
    assert session.feedback.pain_before == pain


def test_stop_for_today_starts_nothing_and_keeps_the_day_with_its_pain(
    live_server: LiveServer, page: Page, todays_plan: Callable[[list[str]], None]
) -> None:
    _with_profile(live_server)
    todays_plan(["knee-to-chest", "bridge"])
    start_session(page, live_server, flare_pain())
    page.get_by_role("button", name="Stop for today").click()
    expect(page.locator("#flare-stopped")).to_contain_text("Saved: you stopped for today")
    expect(page.get_by_role("button", name="Stretches only")).to_be_hidden()
    with open_store(live_server.settings) as repo:
        (rested,) = repo.sessions()  # tests/e2e/test_stop_for_today_browser.py: what follows
    assert rested.status is SessionStatus.RESTED
    assert rested.sets == []


def test_a_flare_with_no_stretches_in_the_plan_says_stop_for_today(
    live_server: LiveServer, page: Page, todays_plan: Callable[[list[str]], None]
) -> None:
    _with_profile(live_server)
    todays_plan(["bridge", "bird-dog"])
    start_session(page, live_server, flare_pain())
    page.get_by_role("button", name="Stretches only").click()
    expect(page.locator("#flare-refused")).to_have_text(NO_STRETCHES_TODAY)
    # Nothing is left to choose: the day stops, saved, as the terminal stops it without asking.
    expect(page.locator("#flare-stopped")).to_contain_text("Saved: you stopped for today")
    expect(page.get_by_role("button", name="Stretches only")).to_be_hidden()
    expect(page.get_by_role("button", name="Stop for today")).to_be_hidden()
    expect(page.get_by_role("link", name="Back to Today")).to_be_focused()
    with open_store(live_server.settings) as repo:
        assert [s.status for s in repo.sessions()] == [SessionStatus.RESTED]


def test_pain_under_a_flare_starts_the_whole_plan(
    live_server: LiveServer, page: Page, todays_plan: Callable[[list[str]], None]
) -> None:
    _with_profile(live_server)
    todays_plan(["knee-to-chest", "bridge"])
    start_session(page, live_server, flare_pain() - 1)
    expect(page.locator("#stage")).to_be_visible()
    with open_store(live_server.settings) as repo:
        (session,) = repo.sessions()
    assert [e.exercise_id for e in session.plan.exercises] == ["knee-to-chest", "bridge"]


def test_pain_before_and_after_may_be_left_blank_as_in_the_terminal(
    live_server: LiveServer, page: Page, todays_plan: Callable[[list[str]], None]
) -> None:
    """The terminal asks it with "Enter to skip"; the browser starts blank and starts on Start."""
    _with_profile(live_server)
    todays_plan(["knee-to-chest", "bridge"])
    page.goto(f"{live_server.url}/session")
    asked = page.get_by_label("How is your back right now?")
    expect(asked).to_have_value("")
    expect(asked).not_to_have_attribute("required", "")
    expect(asked).to_have_accessible_description("You may leave it blank.")
    page.get_by_role("button", name="Start session").click()
    expect(page.locator("#stage")).to_be_visible()
    with open_store(live_server.settings) as repo:
        (session,) = repo.sessions()
    assert [e.exercise_id for e in session.plan.exercises] == ["knee-to-chest", "bridge"]
    assert session.feedback.pain_before is None  # as the terminal stores a skipped answer
    page.keyboard.press("q")
    after = page.get_by_label("Your back now, 0 to 10")
    expect(after).to_have_value("")
    expect(after).to_have_accessible_description("You may leave it blank.")
    page.get_by_role("button", name="Save and see my progress").click()
    page.wait_for_url("**/progress")
    with open_store(live_server.settings) as repo:
        (session,) = repo.sessions()
    assert session.ended_at is not None
    assert session.feedback.pain_after is None


def test_the_pain_dialog_starts_blank_each_time(
    live_server: LiveServer, page: Page, todays_plan: Callable[[list[str]], None]
) -> None:
    """No level is suggested (it was 5), and none is left over from the report before."""
    _with_profile(live_server)
    todays_plan(["knee-to-chest", "bridge"])
    start_session(page, live_server, 2)
    expect(page.locator("#stage")).to_be_visible()
    dialog = page.get_by_role("dialog")
    level = dialog.get_by_label("Pain now, 0 to 10")
    page.keyboard.press("p")
    expect(level).to_have_value("")
    dialog.get_by_role("button", name="Report").click()
    expect(dialog).to_be_visible()  # a report needs a level, as the terminal's needs digits
    level.fill("0")
    dialog.get_by_label("Sharp").check()
    dialog.get_by_role("button", name="Report").click()
    expect(page.locator("#status")).to_have_text("No pain reported: carry on.")
    page.keyboard.press("p")
    expect(level).to_have_value("")
    expect(dialog.get_by_label("Sharp")).not_to_be_checked()
