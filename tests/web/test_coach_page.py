"""The camera coach's page and its WebSocket, from the app factory `strongback serve` uses."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import textwrap

import pytest
from fastapi.testclient import TestClient


def test_a_camera_exercise_gets_the_coach_page_with_its_filming_instruction(
    client: TestClient,
) -> None:
    response = client.get("/coach/bridge")
    assert response.status_code == 200
    html = response.text
    assert "Camera check: Bridge" in html
    assert "Your video stays on this computer" in html
    assert "Turn your left side to the camera." in html
    assert "Lie with your left side to the camera, at mat height" in html  # the YAML's note
    assert 'data-socket="/ws/coach/bridge"' in html
    assert 'data-measure="hold"' in html
    assert 'id="coach-start"' in html
    assert 'aria-live="polite"' in html
    assert "/static/js/coach.js" in html


def test_a_rep_exercise_says_it_counts_reps(client: TestClient) -> None:
    html = client.get("/coach/crunch").text
    assert 'data-measure="reps"' in html
    assert "The camera counts your reps" in html


def test_an_exercise_the_camera_cannot_check_says_so_without_a_camera_button(
    client: TestClient,
) -> None:
    response = client.get("/coach/pelvic-tilt")
    assert response.status_code == 200
    assert "The camera cannot check Pelvic" in response.text
    assert 'id="coach-start"' not in response.text
    assert "coach.js" not in response.text


def test_an_unknown_exercise_is_a_friendly_404(client: TestClient) -> None:
    response = client.get("/coach/bridg")
    assert response.status_code == 404
    assert "Not found" in response.text
    assert "There is no exercise called &#39;bridg&#39;. Did you mean: bridge" in response.text


def test_the_exercise_page_links_to_the_camera_only_when_it_can_check(client: TestClient) -> None:
    assert 'href="/coach/bridge"' in client.get("/library/bridge").text
    other = client.get("/library/pelvic-tilt").text
    assert "/coach/" not in other
    assert "The camera cannot check this exercise." in other


def test_creating_the_app_loads_neither_mediapipe_nor_opencv() -> None:
    code = textwrap.dedent(
        """
        import json, sys
        from strongback.web import create_app
        app = create_app()
        assert app.url_path_for("coach_socket", exercise_id="bridge") == "/ws/coach/bridge"
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {"mediapipe", "cv2"})))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == []


def test_the_exercise_page_s_camera_globals_need_no_page_module_imported_first() -> None:
    """exercise.html asks whether the camera coach is installed: the shared template setup
    answers, not the coach page's module, so the library renders whatever was imported first."""
    code = textwrap.dedent(
        """
        import json, sys
        from strongback.web._templates import templates
        assert "strongback.web.pages.coach" not in sys.modules
        print(json.dumps(sorted(set(templates.env.globals) & {
            "camera_coach_installed", "camera_install_hint"
        })))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [
        "camera_coach_installed",
        "camera_install_hint",
    ]


def _lying_still_jpegs(count: int) -> list[bytes]:
    import cv2

    from tests.coach import poses
    from tests.coach.figure_video import centred, draw

    origin = centred(poses.BRIDGE_START, [poses.BRIDGE_UP], 3.6)
    ok, jpeg = cv2.imencode(".jpg", draw(poses.BRIDGE_START, scale=3.6, origin=origin))
    assert ok
    return [jpeg.tobytes()] * count


def test_the_websocket_answers_each_frame_with_a_state_and_ends_with_a_summary(
    client: TestClient,
) -> None:
    pytest.importorskip("mediapipe", reason="the camera extra is not installed")
    pytest.importorskip("cv2", reason="the camera extra is not installed")
    states = []
    with client.websocket_connect("/ws/coach/bridge") as socket:
        for i, jpeg in enumerate(_lying_still_jpegs(6)):
            # As the page sends them: the capture time in ms, then the JPEG.
            socket.send_bytes(struct.pack("<d", i * 100.0) + jpeg)
            while (message := socket.receive_json())["kind"] != "state":
                assert message["kind"] != "error", message
            states.append(message)
        socket.send_text(json.dumps({"kind": "end"}))
        while (message := socket.receive_json())["kind"] != "summary":
            assert message["kind"] != "error", message
    assert [s["t"] for s in states] == [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    assert all(s["found"] for s in states)
    assert message["exercise"] == "bridge"
    assert message["reps"] == 0  # lying still is no bridge


def test_the_websocket_refuses_an_exercise_the_camera_cannot_check(client: TestClient) -> None:
    with client.websocket_connect("/ws/coach/pelvic-tilt") as socket:
        message = socket.receive_json()
    assert message == {"kind": "error", "message": "the camera cannot check pelvic-tilt yet"}


def _session_with_a_camera_exercise(client: TestClient) -> tuple[int, str]:
    profile = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
    assert client.put("/api/v1/profile", json=profile).status_code == 200
    session = client.post("/api/v1/sessions", json={}).json()["session"]
    planned = [p["exercise_id"] for p in session["plan"]["exercises"]]
    checkable = next(
        e for e in planned if client.get(f"/api/v1/exercises/{e}").json().get("camera")
    )
    return session["id"], checkable


def test_the_player_knows_which_exercises_the_camera_can_check(client: TestClient) -> None:
    _session_with_a_camera_exercise(client)
    html = client.get("/session").text
    camera = html.split('data-camera="')[1].split('"')[0].split()
    assert "bridge" in camera
    assert "pelvic-tilt" not in camera
    assert 'id="camera-link"' in html


def test_from_the_player_the_page_saves_into_the_session_and_leads_back(
    client: TestClient,
) -> None:
    session_id, exercise = _session_with_a_camera_exercise(client)
    html = client.get(f"/coach/{exercise}", params={"session": session_id}).text
    assert f'data-session="{session_id}"' in html
    assert 'data-save="/api/v1/sessions/coached"' in html
    assert '<a href="/session">Back to the session</a>' in html


@pytest.mark.parametrize("session", ["999", "first", "1" * 40, ""])
def test_a_stale_or_odd_session_link_gives_the_page_on_its_own(
    client: TestClient, session: str
) -> None:
    _session_with_a_camera_exercise(client)
    response = client.get("/coach/bridge", params={"session": session})
    assert response.status_code == 200
    assert "data-session" not in response.text
    assert "See your history" in response.text


def test_the_page_offers_a_way_on_to_today_s_session(client: TestClient) -> None:
    # A camera set may start or join today's session: the page says how to go on with it.
    html = client.get("/coach/bridge").text
    assert '<a href="/session">Go on with today&#39;s session</a>' in html or (
        '<a href="/session">Go on with today\'s session</a>' in html
    )


@pytest.fixture
def without_the_camera_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in ("mediapipe", "strongback.coach.live", "strongback.coach.pose"):
        monkeypatch.setitem(sys.modules, module, None)  # None makes `import` fail


@pytest.mark.usefixtures("without_the_camera_extra")
def test_without_the_camera_extra_the_exercise_page_says_how_to_install_it(
    client: TestClient,
) -> None:
    from strongback.coach import INSTALL_HINT
    from strongback.web._templates import camera_coach_installed

    assert not camera_coach_installed()
    html = client.get("/library/bridge").text

    assert 'href="/coach/bridge"' not in html
    words = " ".join(html.split())
    assert "The camera can check this exercise once the camera coach is installed" in words
    assert INSTALL_HINT.replace("'", "&#39;") in words


@pytest.mark.usefixtures("without_the_camera_extra")
def test_without_the_camera_extra_the_coach_page_says_so_before_any_button(
    client: TestClient,
) -> None:
    from strongback.coach import INSTALL_HINT

    response = client.get("/coach/bridge")

    assert response.status_code == 200
    words = " ".join(response.text.split())
    assert "The camera can check Bridge, but the camera coach is not installed" in words
    assert INSTALL_HINT.replace("'", "&#39;") in words
    assert 'id="coach-start"' not in response.text
    assert "coach.js" not in response.text
