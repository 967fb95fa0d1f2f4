"""`strongback serve`: the local web app."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from strongback.cli._common import fail

if TYPE_CHECKING:
    from fastapi import FastAPI

    from strongback.settings import Settings

EVERY_INTERFACE = ("0.0.0.0", "::")


def serve_hosts(host: str) -> list[str]:
    """The host names `strongback serve --host HOST` answers to, besides localhost and addresses.

    On one address, that address. On every interface (0.0.0.0, ::), this machine's own names
    (`box` and `box.local`, as the LAN and mDNS know it) and, in the guard, any IP address: an
    address, unlike a name, cannot be pointed elsewhere by another site's DNS. Never "*", which
    would let a DNS-rebinding page read and change the data; only STRONGBACK_ALLOWED_HOSTS=* says
    that.
    """
    import socket

    if host not in EVERY_INTERFACE:
        return [host]
    name = socket.gethostname()
    return [name, f"{name}.local"] if name else []


def serve_app(settings: Settings, host: str, *, speed: float = 1.0) -> FastAPI:
    """The app `strongback serve` runs on `host`."""
    from strongback.web import create_app

    return create_app(
        settings,
        clock_speed=speed,
        allowed_hosts=serve_hosts(host),
        any_address=host in EVERY_INTERFACE,
    )


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: str = typer.Option(
            "127.0.0.1", metavar="ADDRESS", help="Address to listen on; keep it local."
        ),
        port: int = typer.Option(8000, min=1, max=65535, metavar="PORT", help="Port to listen on."),
        speed: float = typer.Option(
            1.0, "--speed", hidden=True, min=1.0, help="Play sessions faster (tests only)."
        ),
    ) -> None:
        """Start the web app at http://127.0.0.1:8000 (your data stays on this machine)."""
        import uvicorn

        from strongback.catalog import CatalogError
        from strongback.cli._common import open_repository
        from strongback.settings import Settings

        check_address(host, port)
        settings = Settings.from_env()
        # Open the store once now: a wrong STRONGBACK_DATABASE_URL is a clear error at the start,
        # not a 500 on the first page.
        with open_repository():
            pass
        try:
            web_app = serve_app(settings, host, speed=speed)
        except CatalogError as exc:
            fail(str(exc))
        typer.echo(f"strongback is running at {address_url(host, port)}  (Ctrl+C to stop)")
        if host in EVERY_INTERFACE:
            names = serve_hosts(host)
            elsewhere = f", e.g. {address_url(names[-1], port)}" if names else ""
            typer.echo(
                "It listens on every network interface, so anyone on your network can reach it: "
                f"from another device, use this machine's address{elsewhere}"
            )
        typer.echo(f"Your data: {settings.database_shown}")
        uvicorn.run(web_app, host=host, port=port, log_level="warning")


def address_url(host: str, port: int) -> str:
    """The address to open in a browser: an IPv6 address goes in brackets.

    Every interface (0.0.0.0, ::) is where the server listens, not an address a browser can open:
    this machine's loopback is, in the same family.
    """
    host = {"0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def check_address(host: str, port: int) -> None:
    """Refuse, with a clear message, an address the server could not listen on.

    The host is resolved as the server will resolve it (an IPv6 address such as :: or ::1 gets an
    IPv6 socket), and the port is bound, not connected to, with SO_REUSEADDR as uvicorn binds it:
    a port someone listens on, an address that is not this machine's or a name that does not
    resolve is an error here, before anything is printed as running.
    """
    import errno
    import socket

    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        fail(f"--host {host}: not an address to listen on ({reason})")
    family, kind, proto, _, address = found[0]
    try:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(address)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            fail(f"port {port} on {host} is already in use; try --port {port + 1}")
        if exc.errno == errno.EACCES:
            fail(f"--port {port}: not allowed to listen on it; try a port above 1023")
        if exc.errno == errno.EADDRNOTAVAIL:
            fail(f"--host {host}: not an address of this machine; try --host 127.0.0.1")
        fail(f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc})")
