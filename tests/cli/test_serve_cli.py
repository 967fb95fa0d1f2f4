"""`strongback serve`: addresses it cannot listen on and a store it cannot open are clear errors
before anything says it is running, and the database's password is never printed."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from typer.testing import CliRunner

from strongback.cli._common import EXIT_USER_ERROR
from strongback.cli.app import app


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return False
    return True


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """uvicorn.run replaced: what `serve` would run, and where."""
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: calls.append(options))
    return calls


def _serve(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, ["serve", *args], env=env)


@pytest.mark.parametrize("host", ["999.1.1.1", "no-such-host.invalid", "10.255.255.254"])
def test_an_address_to_listen_on_that_is_not_there_is_a_clear_error(
    host: str, served: list[dict[str, Any]]
) -> None:
    result = _serve("--host", host, "--port", str(_free_port()))

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert result.stderr.startswith(f"error: --host {host}: not an address")
    assert "strongback is running" not in result.output
    assert "Traceback" not in result.output
    assert served == []


def test_a_port_in_use_is_a_clear_error(served: list[dict[str, Any]]) -> None:
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        port = other.getsockname()[1]
        result = _serve("--port", str(port))

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert f"port {port} on 127.0.0.1 is already in use; try --port {port + 1}" in result.stderr
    assert served == []


@pytest.mark.skipif(not _ipv6(), reason="this machine has no IPv6 loopback")
@pytest.mark.parametrize(("host", "shown"), [("::1", "::1"), ("::", "::1")])
def test_an_ipv6_address_is_served_and_shown_in_brackets(
    host: str, shown: str, served: list[dict[str, Any]]
) -> None:
    port = _free_port()
    result = _serve("--host", host, "--port", str(port))

    assert result.exit_code == 0, result.output
    assert f"strongback is running at http://[{shown}]:{port}" in result.stdout
    assert served == [{"host": host, "port": port, "log_level": "warning"}]


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_every_interface_is_shown_as_an_address_to_open_and_said_in_words(
    host: str, served: list[dict[str, Any]]
) -> None:
    # "http://0.0.0.0:8767" is where the server listens, not a page a browser can open.
    if host == "::" and not _ipv6():
        pytest.skip("this machine has no IPv6 loopback")
    port = _free_port()
    result = _serve("--host", host, "--port", str(port))

    assert result.exit_code == 0, result.output
    said = " ".join(result.stdout.split())
    loopback = "127.0.0.1" if host == "0.0.0.0" else "[::1]"
    assert f"strongback is running at http://{loopback}:{port}" in said
    assert f"http://{host}:" not in said
    assert "It listens on every network interface, so anyone on your network can reach it" in said
    name = socket.gethostname()
    if name:
        assert f"e.g. http://{name}.local:{port}" in said
    assert served == [{"host": host, "port": port, "log_level": "warning"}]


def test_a_local_address_says_nothing_about_other_devices(served: list[dict[str, Any]]) -> None:
    port = _free_port()
    result = _serve("--port", str(port))

    assert f"strongback is running at http://127.0.0.1:{port}" in result.stdout
    assert "every network interface" not in result.stdout


def test_a_store_that_cannot_be_opened_stops_serve_before_it_runs(
    served: list[dict[str, Any]],
) -> None:
    env = {"STRONGBACK_DATABASE_URL": "postgresql://walker:s3cret@127.0.0.1:1/strongback"}
    result = _serve("--port", str(_free_port()), env=env)

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert "could not open your data" in result.stderr
    assert "s3cret" not in result.output
    assert "strongback is running" not in result.output
    assert served == []


def test_the_data_line_hides_the_password(
    database_url: str, backend: str, served: list[dict[str, Any]]
) -> None:
    from sqlalchemy.engine import make_url

    url = database_url
    if backend == "postgres":  # the test server trusts local connections: any password will do
        url = make_url(url).set(password="s3cret").render_as_string(hide_password=False)
    result = _serve("--port", str(_free_port()), env={"STRONGBACK_DATABASE_URL": url})

    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output
    shown = make_url(url).render_as_string(hide_password=True)
    assert f"Your data: {shown}" in " ".join(result.stdout.split())
    assert len(served) == 1
