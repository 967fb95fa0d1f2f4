"""The browser player never loses a pain report: pain in the release after an exercise's last set,
or in a saved set replayed after Back, is saved on that set (so the next plan steps back); a
session resumed after strong or spreading pain opens on its stop, ending first; the stop screen
says what going on does (after the last exercise, finishing); and in pregnancy its stop signs show
at the start and on the stop screen."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect

from strongback.catalog import default_catalog
from strongback.plan import ChangeKind
from strongback.planner import plan_of_exercises
from strongback.profile import Condition, Profile
from strongback.progression import adjust
from strongback.records import SessionSource, SetOutcome, SetRecord
from strongback.rules.progression import default_progression_rules
from strongback.rules.screening import screen_with_default_rules
from strongback.session_player import END_SESSION_ADVICE, PAIN_STOP_CARE
from strongback.settings import Settings
from strongback.store import open_store
from strongback.timeline import build_timeline
from strongback.web import create_app
from tests.e2e.conftest import LiveServer, _free_port
from tests.e2e.player_steps import report_pain, start_session

# The stop screen is titled by the exercise the pain stopped, as the terminal's is.
STOP_HEADING = re.compile(r"^Stop: \S")

MIDWIFE = "Stop at once and call your midwife or doctor if you have bleeding"


@pytest.fixture
def real_time_server(tmp_path: Path) -> Iterator[LiveServer]:
    """The app on a real-time clock: the two seconds of a release are time enough to press p."""
    settings = Settings(home=tmp_path, database_url=f"sqlite:///{tmp_path / 'strongback.db'}")
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="off"
        )
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


def _session(
    server: LiveServer,
    doses: list[tuple[str, Mapping[str, object]]],
    profile: Profile | None = None,
) -> int:
    """A session in progress of these exercises at these doses; its id."""
    catalog = default_catalog()
    chosen = [
        (
            catalog.exercises[exercise_id],
            catalog.exercises[exercise_id].dosage.model_copy(update=dose),
        )
        for exercise_id, dose in doses
    ]
    now = datetime.now(UTC)
    plan = plan_of_exercises(chosen, now.astimezone().date(), catalog, "Chosen.")
    assert [e.exercise_id for e in plan.exercises] == [e for e, _ in doses]
    person = profile or Profile()
    with open_store(server.settings) as repository:
        repository.save_profile(person, screen_with_default_rules(person), now)
        record = repository.start_session(plan, SessionSource.WEB, now - timedelta(minutes=5))
    assert record.id is not None
    return record.id


OWN_PACE = {"sets": 1, "reps": 2, "hold_seconds": None, "tempo_seconds": None}
HELD_ONCE = {"sets": 1, "reps": 1, "hold_seconds": 5, "tempo_seconds": None, "rest_seconds": 0}


def _stored_sets(server: LiveServer) -> list[SetRecord]:
    with open_store(server.settings) as repository:
        (session,) = repository.sessions()
    return session.sets


def test_pain_in_the_release_after_the_last_set_is_saved_on_that_set(
    real_time_server: LiveServer, page: Page
) -> None:
    """The newcomer's path: "It hurts", 4/10, dull, during "Release." after the last set."""
    server = real_time_server
    session_id = _session(server, [("bridge", HELD_ONCE), ("crunch", OWN_PACE)])
    with open_store(server.settings) as repository:
        (record,) = repository.sessions()
        timeline = build_timeline(record.plan, default_catalog())
        hold = next(s for s in timeline.steps if s.records_set)
        release = timeline.steps[hold.index + 1]
        assert release.text == "Release."
        done = SetRecord(
            exercise_id="bridge", set_number=1, reps_done=1, hold_seconds_done=5.0,
            ended_at=datetime.now(UTC) - timedelta(seconds=1),
        )  # fmt: skip
        repository.record_set(session_id, done, resume_step=release.index)

    page.goto(f"{server.url}/session")
    expect(page.locator("#instruction")).to_have_text("Release.")
    report_pain(page, 4, "Dull or aching")

    stopped = page.locator("#stopped")
    expect(stopped.get_by_role("heading", name=STOP_HEADING)).to_be_visible()
    expect(page.locator("#step-back")).to_be_visible()  # shown once the stop is saved
    (saved,) = _stored_sets(server)
    assert (saved.outcome, saved.pain, saved.reason) == (
        SetOutcome.STOPPED,
        4,
        "Stopped for pain 4/10, dull.",
    )
    assert (saved.reps_done, saved.hold_seconds_done) == (1, 5.0)  # what was done stays
    main = stopped.get_by_role("button").first
    expect(main).to_have_text("Go on to Crunch")  # the bridge was the one that hurt
    main.click()
    expect(page.locator("#position")).to_contain_text("Crunch")


def test_pain_just_after_a_rep_exercise_is_saved_on_it_not_on_the_next_one(
    real_time_server: LiveServer, page: Page
) -> None:
    """The reviewer's path: n after the crunch's last rep (a rep-counted exercise: no release
    step), then "It hurts" a second later, in the move to the bird dog. The crunch is stopped and
    steps back; the bird dog, not begun, plays on. The browser decides as the core does."""
    server = real_time_server
    _session(server, [("crunch", OWN_PACE), ("bird-dog", HELD_ONCE)])
    page.goto(f"{server.url}/session")
    position, instruction = page.locator("#position"), page.locator("#instruction")
    expect(position).to_contain_text("Crunch")
    # The crunch's card lists the mat: its introduction says what to lie on, as the plans do.
    expect(instruction).to_contain_text(
        "Lie on something soft: a mat, a carpet or a folded blanket."
    )
    while "then move on" not in (instruction.text_content() or ""):
        page.keyboard.press("n")  # through the crunch's intro and get-ready
    page.keyboard.press("n")  # the crunch's only set, done
    expect(position).to_contain_text("Bird dog")
    expect(instruction).to_have_text("Get into position for Bird dog: on all fours.")
    report_pain(page, 3, "Sharp")

    stopped = page.locator("#stopped")
    expect(stopped.get_by_role("heading")).to_have_text("Stop: Crunch")  # not the bird dog
    expect(page.locator("#stop-reason")).to_have_text(
        "You reported pain of 3/10 (sharp). "
        "Crunch is stopped: it won't be played again in this session."
    )
    expect(page.locator("#step-back")).to_be_visible()  # shown once the stop is saved
    (saved,) = _stored_sets(server)
    assert (saved.exercise_id, saved.outcome, saved.pain, saved.reason, saved.reps_done) == (
        "crunch", SetOutcome.STOPPED, 3, "Stopped for pain 3/10, sharp.", 2,
    )  # fmt: skip
    # What the core's rule says for every step of that lead-in, with the crunch's set done.
    with open_store(server.settings) as repository:
        (record,) = repository.sessions()
    timeline = build_timeline(record.plan, default_catalog())
    first_hold = next(s.index for s in timeline.steps if s.exercise_id == "bird-dog" and s.set_key)
    lead_in = range(timeline.exercise_span(1).start, first_hold)
    assert {timeline.pain_set(i, {saved.key: SetOutcome.DONE}) for i in lead_in} == {saved.key}

    main = stopped.get_by_role("button").first
    expect(main).to_have_text("Go on to Bird dog")  # the bird dog was not stopped
    main.click()
    expect(position).to_contain_text("Bird dog")
    page.keyboard.press("q")
    page.get_by_role("button", name="Save and see my progress").click()
    page.wait_for_url("**/progress")
    with open_store(server.settings) as repository:
        sessions = repository.sessions()
    assert [(s.exercise_id, s.outcome) for s in sessions[0].sets] == [
        ("crunch", SetOutcome.STOPPED)
    ]
    changes = adjust(sessions, default_catalog(), default_progression_rules())
    assert (changes["crunch"].change, changes["crunch"].rule_id) == (
        ChangeKind.STEP_BACK,
        "stopped-for-pain",
    )
    assert changes["bird-dog"].rule_id != "stopped-for-pain"


def test_pain_in_a_saved_set_replayed_after_back_is_saved_on_it(
    live_server: LiveServer, page: Page
) -> None:
    _session(live_server, [("bridge", OWN_PACE), ("crunch", OWN_PACE)])
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{live_server.url}/session")
    instruction = page.locator("#instruction")
    expect(instruction).to_contain_text("then move on")
    page.keyboard.press("n")  # the bridge's only set, saved as done
    expect(page.locator("#position")).to_contain_text("Crunch")
    while "then move on" not in (instruction.text_content() or "") or "Crunch" in (
        page.locator("#position").text_content() or ""
    ):
        page.keyboard.press("b")  # back into the bridge's saved set
    report_pain(page, 3)

    expect(page.locator("#step-back")).to_be_visible()
    (saved,) = _stored_sets(live_server)
    assert (saved.exercise_id, saved.outcome, saved.pain) == ("bridge", SetOutcome.STOPPED, 3)
    assert saved.reps_done == 2
    assert failed == []


def test_a_stop_in_the_last_exercise_offers_finishing_alone(
    live_server: LiveServer, page: Page
) -> None:
    _session(live_server, [("bridge", OWN_PACE), ("crunch", OWN_PACE)])
    page.goto(f"{live_server.url}/session")
    expect(page.locator("#instruction")).to_contain_text("then move on")
    page.keyboard.press("n")
    expect(page.locator("#position")).to_contain_text("Crunch")
    expect(page.locator("#instruction")).to_contain_text("then move on")
    report_pain(page, 2)

    stopped = page.locator("#stopped")
    expect(page.locator("#last-exercise")).to_be_visible()
    expect(stopped.get_by_role("button", name="End the session")).to_be_hidden()
    finish = stopped.get_by_role("button", name="Finish the session")
    expect(finish).to_be_focused()
    expect(stopped).not_to_contain_text("next exercise")
    finish.click()
    expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    page.get_by_label("Your back now, 0 to 10").fill("2")
    page.get_by_role("button", name="Save and see my progress").click()
    page.wait_for_url("**/progress")
    with open_store(live_server.settings) as repository:
        (session,) = repository.sessions()
    assert session.status.value == "completed"  # played to its end, with a set done
    assert [(s.exercise_id, s.outcome) for s in session.sets] == [
        ("bridge", SetOutcome.DONE),
        ("crunch", SetOutcome.STOPPED),
    ]


def _stopped_before(server: LiveServer, level: int, reason: str) -> int:
    """A session left at a pain stop in its first exercise, to resume at the second; the step."""
    session_id = _session(
        server, [("bridge", OWN_PACE), ("bird-dog", OWN_PACE), ("crunch", OWN_PACE)]
    )
    with open_store(server.settings) as repository:
        (record,) = repository.sessions()
        timeline = build_timeline(record.plan, default_catalog())
        hurt = SetRecord(
            exercise_id="bridge", set_number=1, reps_done=0, outcome=SetOutcome.STOPPED,
            pain=level, reason=reason, ended_at=datetime.now(UTC) - timedelta(minutes=1),
        )  # fmt: skip
        resume = timeline.exercise_span(1).start
        repository.record_set(session_id, hurt, resume_step=resume)
    return resume


@pytest.mark.parametrize("choice", ["End the session", "Go on to Bird dog"])
def test_a_session_resumed_after_spreading_pain_opens_on_its_stop_ending_first(
    live_server: LiveServer, page: Page, choice: str
) -> None:
    """The newcomer's path: 7/10 spreading, then a reload."""
    _stopped_before(live_server, 7, "Stopped for pain 7/10, spreading.")
    page.goto(f"{live_server.url}/session")

    stopped = page.locator("#stopped")
    expect(stopped).to_be_visible()
    expect(page.locator("#stage")).to_be_hidden()  # nothing plays on its own
    expect(page.locator("#stop-reason")).to_have_text(
        "Welcome back. You stopped for pain of 7/10 (spreading) in Bridge."
    )
    expect(page.locator("#end-advised")).to_be_visible()
    # The terminal player's words, from the core: the same stop reads the same in both.
    expect(page.locator("#end-advised")).to_have_text(END_SESSION_ADVICE)
    expect(page.locator("#stop-advice")).to_have_text(PAIN_STOP_CARE)
    main = stopped.get_by_role("button").first
    expect(main).to_have_text("End the session")
    expect(main).to_be_focused()
    expect(stopped.get_by_role("button").nth(1)).to_have_text("Go on to Bird dog")

    stopped.get_by_role("button", name=choice).click()
    if choice == "End the session":
        expect(page.get_by_role("heading", name="How did it go?")).to_be_visible()
    else:
        expect(page.locator("#position")).to_contain_text("Bird dog")  # not one further
    assert len(_stored_sets(live_server)) == 1  # nothing new recorded by the choice


def test_a_session_resumed_after_mild_pain_plays_on(live_server: LiveServer, page: Page) -> None:
    _stopped_before(live_server, 3, "Stopped for pain 3/10, dull.")
    page.goto(f"{live_server.url}/session")
    expect(page.locator("#stage")).to_be_visible()
    expect(page.locator("#status")).to_contain_text("Welcome back")
    expect(page.locator("#position")).to_contain_text("Bird dog")


def test_in_pregnancy_the_start_and_the_stop_screen_give_its_stop_signs(
    live_server: LiveServer, page: Page
) -> None:
    pregnant = Profile(conditions=[Condition.PREGNANCY], cleared_by_clinician=True)
    with open_store(live_server.settings) as repository:
        repository.save_profile(pregnant, screen_with_default_rules(pregnant), datetime.now(UTC))
    page.goto(f"{live_server.url}/session")
    expect(page.locator("#start-stop-signs")).to_contain_text(MIDWIFE)
    start_session(page, live_server, 2)
    expect(page.locator("#stage")).to_be_visible()
    report_pain(page, 2)
    expect(page.locator("#stopped")).to_be_visible()
    expect(page.locator("#stop-advice")).to_have_text(PAIN_STOP_CARE)
    expect(page.locator("#end-advised")).to_be_hidden()  # 2/10, not spreading: going on is fine
    expect(page.locator("#stop-signs")).to_contain_text(MIDWIFE)
    expect(page.locator("#stop-signs")).to_be_visible()


def test_without_pregnancy_no_stop_signs_are_added(live_server: LiveServer, page: Page) -> None:
    with open_store(live_server.settings) as repository:
        repository.save_profile(Profile(), screen_with_default_rules(Profile()), datetime.now(UTC))
    page.goto(f"{live_server.url}/session")
    expect(page.locator("#start")).to_be_visible()
    expect(page.locator("#start-stop-signs")).to_be_hidden()
