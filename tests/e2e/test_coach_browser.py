"""The camera coach in real Chromium, filmed by a fake camera that plays a drawn figure's bridges.

Chromium's fake capture device plays a .y4m file (YUV4MPEG2: a text header, then raw I420 frames)
in a loop, and its fake permission prompt says yes; so the page's getUserMedia, canvas, JPEG and
WebSocket all run as they would for a person, and real MediaPipe on the server does the timing.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from strongback import services
from strongback.records import SessionSource, SessionStatus
from strongback.store import open_store
from tests.e2e.conftest import CHROMIUM_ARGS, LiveServer, _chromium

AXE = Path(__file__).parent / "assets" / "axe.min.js"

FPS = 15


def need_websocket_server() -> None:
    """uvicorn serves WebSockets only with one of these installed (`uvicorn[standard]` has both)."""
    if not any(importlib.util.find_spec(name) for name in ("websockets", "wsproto")):
        pytest.skip(
            "uvicorn has no WebSocket library (websockets or wsproto), so `strongback serve` "
            "cannot serve the camera's WebSocket: the dependency is missing from pyproject.toml"
        )


def write_y4m(path: Path) -> int:
    """Two bridges held two seconds each, as YUV4MPEG2; returns the number of frames."""
    import cv2

    from tests.coach import poses
    from tests.coach.figure_video import HEIGHT, WIDTH, Segment, angle_frames, centred, draw

    start = poses.BRIDGE_START
    up = Segment(poses.BRIDGE_UP, 0.8, 2.0)
    down = Segment(start, 0.8, 1.0)
    segments = [Segment(start, 0, 1.0), up, down, up, down]
    origin = centred(start, [poses.BRIDGE_UP], 3.6)
    count = 0
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for angles in [dict(start), *angle_frames(start, segments, FPS)]:
            bgr = draw(angles, scale=3.6, origin=origin)
            out.write(b"FRAME\n")
            out.write(cv2.cvtColor(bgr, cv2.COLOR_BGR2YUV_I420).tobytes())
            count += 1
    return count


@pytest.fixture(scope="module")
def filmed_browser(browser: Browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    """A second Chromium whose camera is the drawn video (the flags are per browser process)."""
    need_websocket_server()
    pytest.importorskip("mediapipe", reason="the camera extra is not installed")
    pytest.importorskip("cv2", reason="the camera extra is not installed")
    video = tmp_path_factory.mktemp("camera") / "bridges.y4m"
    write_y4m(video)
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={video}",
    ]
    launched = browser.browser_type.launch(executable_path=_chromium(), args=args)
    yield launched
    launched.close()


@pytest.fixture
def camera_page(filmed_browser: Browser) -> Iterator[Page]:
    context = filmed_browser.new_context(viewport={"width": 1100, "height": 800})
    context.add_init_script(path=str(AXE))
    yield context.new_page()
    context.close()


def test_the_page_times_the_filmed_bridges_and_shows_the_summary(
    camera_page: Page, live_server: LiveServer
) -> None:
    page = camera_page
    page.goto(f"{live_server.url}/library/bridge")
    page.get_by_role("link", name="Check my form with the camera").click()
    expect(page.get_by_role("heading", name="Camera check: Bridge")).to_be_visible()
    expect(page.get_by_text("Your video stays on this computer")).to_be_visible()

    start = page.get_by_role("button", name="Start the camera")
    stop = page.get_by_role("button", name="Stop and see the summary")
    expect(stop).to_be_hidden()
    start.click()
    expect(page.locator("#coach-video")).to_be_visible()
    expect(stop).to_be_visible()
    expect(start).to_be_hidden()
    # The first bridge ends about five seconds into the video; the model takes a moment to load.
    expect(page.locator("#coach-count")).not_to_have_text("0", timeout=20_000)
    feedback = page.locator("#coach-feedback")
    expect(feedback).to_contain_text("Holding: keep still.")
    expect(feedback).to_contain_text("Hold 1:")
    assert page.locator("#coach-status").text_content() == "The coach is watching."
    assert _serious_axe_violations(page) == []  # the live view too, not only the page at rest

    stop.click()
    summary = page.locator("#coach-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("hold")
    text = page.locator("#coach-summary-text").text_content() or ""
    assert int(text.split()[0]) >= 1, text
    expect(page.locator("#coach-status")).to_have_text("Set finished.")
    expect(start).to_be_visible()
    expect(stop).to_be_hidden()
    # The camera is off once the set is over.
    live = page.evaluate("() => document.getElementById('coach-video').srcObject")
    assert live is None

    # With no session under way, the set is saved as a camera session of its own.
    expect(page.locator("#coach-saved")).to_have_text(services.SAVED_AS_PRACTICE)
    with open_store(live_server.settings) as repository:
        (session,) = repository.sessions()
    assert (session.source, session.status) == (SessionSource.CAMERA, SessionStatus.COMPLETED)
    (record,) = session.sets
    assert record.exercise_id == "bridge"
    assert record.reps_done == int(text.split()[0])
    assert record.hold_seconds_done is not None
    assert record.hold_seconds_done > 1
    page.get_by_role("link", name="See your history").click()
    expect(page.locator(".session-row")).to_contain_text("completed, a camera set")


def test_the_player_sends_a_set_to_the_camera_and_takes_the_person_back(
    camera_page: Page, live_server: LiveServer
) -> None:
    page = camera_page
    session_id = _bridge_session(page, live_server)
    page.goto(f"{live_server.url}/session")
    page.get_by_role("link", name="Use the camera").click()
    expect(page).to_have_url(f"{live_server.url}/coach/bridge?session={session_id}")
    expect(page.get_by_role("link", name="Today's session")).to_be_visible()

    page.get_by_role("button", name="Start the camera").click()
    expect(page.locator("#coach-count")).not_to_have_text("0", timeout=20_000)
    page.get_by_role("button", name="Stop and see the summary").click()
    saved = page.locator("#coach-saved")
    expect(saved).to_have_text(re.compile(r"Saved as set \d of today's session\."))

    with open_store(live_server.settings) as repository:
        session = repository.get_session(session_id)
    assert session is not None
    assert session.status is SessionStatus.IN_PROGRESS
    # The player may have recorded a set before the link was followed (its clock runs fast).
    last = session.sets[-1]
    assert (last.exercise_id, last.set_number) == ("bridge", len(session.sets))
    assert f"set {last.set_number} of" in (saved.text_content() or "")
    assert session.resume_step > 0

    page.get_by_role("link", name="Back to the session").click()
    expect(page).to_have_url(f"{live_server.url}/session")
    expect(page.locator("#stage")).to_be_visible()
    expect(page.locator("#status")).to_have_text("Welcome back: resuming where you stopped.")


def test_a_refusal_from_the_coach_stays_on_screen_with_its_referral(
    camera_page: Page, live_server: LiveServer
) -> None:
    page = camera_page
    clear = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 3, "experience": "some"}
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=clear).ok
    page.goto(f"{live_server.url}/coach/bridge")
    # The answers change after the page was shown (in another tab, say): the socket refuses.
    flagged = {**clear, "red_flags": ["saddle-numbness"]}
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=flagged).ok

    page.get_by_role("button", name="Start the camera").click()

    status = page.locator("#coach-status")
    expect(status).to_contain_text("waits until a clinician has seen you", timeout=20_000)
    expect(page.get_by_role("button", name="Start the camera")).to_be_visible()
    expect(status.get_by_role("link", name="Read what to do")).to_have_attribute(
        "href", "/referral"
    )
    page.wait_for_timeout(500)  # the close that follows must not replace the message
    expect(status).not_to_contain_text("connection")


def _bridge_session(page: Page, live_server: LiveServer) -> int:
    """A profile and an in-progress session of bridges, for the player to resume: today's own
    plan changes with the date, and this test needs the exercise the fake camera films."""
    from strongback.catalog import default_catalog
    from strongback.planner import plan_of_exercises

    profile = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
    assert page.request.put(f"{live_server.url}/api/v1/profile", data=profile).ok
    catalog = default_catalog()
    bridge = catalog.get("bridge")
    assert bridge is not None
    now = datetime.now(UTC)
    # Three sets, so that after the camera's set the player has more to play.
    dosage = bridge.dosage.model_copy(update={"sets": 3})
    plan = plan_of_exercises([(bridge, dosage)], now.date(), catalog, "Bridges.")
    with open_store(live_server.settings) as repository:
        started = repository.start_session(plan, SessionSource.WEB, now)
    assert started.id is not None
    return started.id


def _serious_axe_violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id + ': ' + v.help)"""
    )
    return found
