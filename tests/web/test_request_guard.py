"""Another web site cannot change or read the person's data through their browser: cross-site
posts (CSRF) and foreign host names (DNS rebinding) are refused, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocketDisconnect

from strongback.cli.web_commands import serve_app
from strongback.settings import Settings
from strongback.web import create_app
from strongback.web._guard import RequestGuard, split_host
from tests.web.conftest import TEST_HOSTS

API = "/api/v1"
PROFILE = {"pain_areas": ["lower"], "minutes": 15, "days_per_week": 7, "experience": "some"}
OWN = "http://testserver"
EVIL = "http://evil.example"


@pytest.fixture
def app_client(store_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(store_settings, allowed_hosts=TEST_HOSTS)) as client:
        assert client.put(f"{API}/profile", json=PROFILE).status_code == 200
        yield client


def _profile(client: TestClient) -> dict[str, object]:
    stored: dict[str, object] = client.get(f"{API}/profile").json()
    return stored


@pytest.mark.parametrize(
    "headers",
    [{"Origin": EVIL}, {"Origin": "null"}, {"Referer": f"{EVIL}/page.html"}],
    ids=["origin", "null-origin", "referer"],
)
def test_a_cross_site_post_cannot_erase_everything(
    app_client: TestClient, headers: dict[str, str]
) -> None:
    response = app_client.post(
        "/settings/forget", data={"confirm": "ERASE"}, headers=headers, follow_redirects=False
    )
    assert response.status_code == 403
    assert "text/html" in response.headers["content-type"]
    assert "another site" in response.text
    assert "Nothing was changed" in response.text
    assert _profile(app_client)["version"] == 1  # still there


def test_a_cross_site_post_cannot_replace_the_profile(app_client: TestClient) -> None:
    before = _profile(app_client)
    response = app_client.post("/onboarding", content=b"", headers={"Origin": EVIL})
    assert response.status_code == 403
    assert _profile(app_client) == before


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", f"{API}/sessions"), ("PUT", f"{API}/profile"), ("DELETE", f"{API}/data")],
)
def test_a_cross_site_api_call_is_refused_with_json(
    app_client: TestClient, method: str, path: str
) -> None:
    response = app_client.request(
        method,
        path,
        json={"pain_areas": ["neck"]} if method == "PUT" else None,
        params={"confirm": "yes"},
        headers={"Origin": EVIL},
    )
    assert response.status_code == 403
    assert "another site" in response.json()["detail"]
    assert app_client.get(f"{API}/sessions").json() == []
    assert _profile(app_client)["version"] == 1


@pytest.mark.parametrize(
    "headers",
    [{"Origin": OWN}, {"Origin": f"{OWN}:80"}, {"Referer": f"{OWN}/settings"}, {}],
    ids=["same-origin", "explicit-port", "same-referer", "neither"],
)
def test_own_pages_and_scripts_may_change_data(
    app_client: TestClient, headers: dict[str, str]
) -> None:
    response = app_client.post(
        "/settings/forget", data={"confirm": "ERASE"}, headers=headers, follow_redirects=False
    )
    assert response.status_code == 303
    assert app_client.get(f"{API}/profile").status_code == 404


def test_a_same_origin_api_call_works(app_client: TestClient) -> None:
    response = app_client.post(f"{API}/sessions", json={}, headers={"Origin": OWN})
    assert response.status_code == 201, response.text


def test_reads_from_another_site_are_left_to_the_browser(app_client: TestClient) -> None:
    # A cross-site GET changes nothing, and the browser does not let that site read the answer.
    assert app_client.get(f"{API}/profile", headers={"Origin": EVIL}).status_code == 200


def test_the_same_port_on_another_host_or_scheme_is_another_site(app_client: TestClient) -> None:
    for origin in ("https://testserver", "http://testserver:8000", "http://localhost"):
        response = app_client.post(f"{API}/sessions", json={}, headers={"Origin": origin})
        assert response.status_code == 403, origin


def test_a_foreign_host_name_is_refused_even_for_reads(app_client: TestClient) -> None:
    # DNS rebinding: evil.example resolves to 127.0.0.1, so Origin and Host agree with each other.
    api = app_client.get(f"{API}/export", headers={"Host": "evil.example"})
    assert api.status_code == 403
    assert "does not answer to the host name 'evil.example'" in api.json()["detail"]
    page = app_client.get("/settings", headers={"Host": "evil.example:8000"})
    assert page.status_code == 403
    assert "Not allowed" in page.text
    rebound = app_client.post(
        f"{API}/sessions", json={}, headers={"Host": "evil.example", "Origin": EVIL}
    )
    assert rebound.status_code == 403
    assert app_client.get(f"{API}/sessions").json() == []


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8000", "[::1]:8000", "LOCALHOST."]
)
def test_loopback_names_are_always_answered(store_settings: Settings, host: str) -> None:
    with TestClient(create_app(store_settings), base_url=f"http://{host}") as client:
        assert client.get("/library").status_code == 200
        origin = f"http://{host.lower().rstrip('.')}"
        response = client.post(f"{API}/screening", json=PROFILE, headers={"Origin": origin})
        assert response.status_code == 200, response.text


def test_the_test_client_host_is_refused_unless_the_factory_allows_it(
    store_settings: Settings,
) -> None:
    with TestClient(create_app(store_settings)) as client:
        assert client.get("/library").status_code == 403


def test_the_address_a_connection_arrived_on_is_answered(store_settings: Settings) -> None:
    # `strongback serve --host 192.168.1.5`: the browser names the address the server listens
    # on (the test client puts its URL's host and port in the scope's "server" as uvicorn does).
    with TestClient(create_app(store_settings), base_url="http://192.168.1.5:8000") as client:
        assert client.get("/library").status_code == 200
    guard = RequestGuard(create_app(store_settings), allowed_hosts=(), refuse=_never)
    scope = {"type": "http", "method": "GET", "server": ("192.168.1.5", 8000)}
    assert guard.problem({**scope, "headers": [(b"host", b"192.168.1.5:8000")]}) is None
    assert guard.problem({**scope, "headers": [(b"host", b"192.168.1.6:8000")]}) is not None
    assert guard.problem({**scope, "headers": []}) is None  # HTTP/1.0: no Host, no rebinding


@pytest.mark.parametrize("everywhere", ["0.0.0.0", "::"])
def test_serving_on_every_interface_still_refuses_a_rebound_name(
    store_settings: Settings, monkeypatch: pytest.MonkeyPatch, everywhere: str
) -> None:
    # `strongback serve --host 0.0.0.0` once allowed any host name: a rebinding page could read
    # the export and change data. Now: this machine's names and IP addresses, nothing else.
    monkeypatch.setattr("socket.gethostname", lambda: "box")
    app = serve_app(store_settings, everywhere)
    with TestClient(app, base_url="http://192.168.1.5:8000") as client:
        rebound = client.get(f"{API}/export", headers={"Host": "evil.example"})
        assert rebound.status_code == 403
        changed = client.put(
            f"{API}/profile", json=PROFILE, headers={"Host": "evil.example", "Origin": EVIL}
        )
        assert changed.status_code == 403
        assert client.get(f"{API}/profile").status_code == 404  # nothing was saved
        for host in ("box:8000", "box.local:8000", "192.168.1.5:8000", "10.0.0.7", "[fe80::1]"):
            assert client.get("/library", headers={"Host": host}).status_code == 200, host


def test_serving_on_one_address_answers_only_to_it(store_settings: Settings) -> None:
    app = serve_app(store_settings, "192.168.1.5")
    with TestClient(app, base_url="http://192.168.1.5:8000") as client:
        assert client.get("/library").status_code == 200
        assert client.get("/library", headers={"Host": "10.0.0.7"}).status_code == 403
        assert client.get("/library", headers={"Host": "evil.example"}).status_code == 403


def _never(request: Request, message: str) -> Response:
    raise AssertionError(message)


def test_settings_may_allow_a_host_name_or_any(store_settings: Settings) -> None:
    named = Settings.from_env({"STRONGBACK_HOME": "/x", "STRONGBACK_ALLOWED_HOSTS": " box.lan, "})
    assert named.allowed_hosts == ("box.lan",)
    for hosts, base in ((("box.lan",), "http://box.lan:8000"), (("*",), "http://anything")):
        settings = Settings(store_settings.home, store_settings.database_url, hosts)
        with TestClient(create_app(settings), base_url=base) as client:
            assert client.get("/library").status_code == 200
            # Any host, but still only from its own pages.
            refused = client.post(f"{API}/screening", json=PROFILE, headers={"Origin": EVIL})
            assert refused.status_code == 403
            allowed = client.post(f"{API}/screening", json=PROFILE, headers={"Origin": base})
            assert allowed.status_code == 200


@pytest.mark.parametrize(
    "headers", [{"Origin": EVIL}, {"Host": "evil.example", "Origin": EVIL}], ids=["csrf", "rebind"]
)
def test_the_camera_socket_refuses_another_site(
    app_client: TestClient, headers: dict[str, str]
) -> None:
    socket = app_client.websocket_connect("/ws/coach/bridge", headers=headers)
    with pytest.raises(WebSocketDisconnect) as refused, socket:
        pass
    assert refused.value.code == 4403


def test_the_camera_socket_accepts_its_own_page(app_client: TestClient) -> None:
    with app_client.websocket_connect("/ws/coach/nothing", headers={"Origin": OWN}) as socket:
        assert socket.receive_json()["kind"] == "error"  # accepted, then told the id is unknown


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Example.org:8000", ("example.org", 8000)),
        ("[::1]:80", ("::1", 80)),
        ("[::1]", ("::1", None)),
        ("::1", ("::1", None)),
        ("localhost.", ("localhost", None)),
        ("host:port", ("host", None)),
    ],
)
def test_host_headers_are_split_into_name_and_port(
    value: str, expected: tuple[str, int | None]
) -> None:
    assert split_host(value) == expected
