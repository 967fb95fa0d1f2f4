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
        host: str = typer.Option("127.0.0.1", help="Address to listen on; keep it local."),
        port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
        speed: float = typer.Option(
            1.0, "--speed", hidden=True, min=1.0, help="Play sessions faster (tests only)."
        ),
    ) -> None:
        """Start the web app at http://127.0.0.1:8000 (your data stays on this machine)."""
        import socket

        import uvicorn

        from strongback.catalog import CatalogError
        from strongback.settings import Settings

        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if probe.connect_ex((host, port)) == 0:
                fail(f"port {port} on {host} is already in use; try --port {port + 1}")
        settings = Settings.from_env()
        try:
            web_app = serve_app(settings, host, speed=speed)
        except CatalogError as exc:
            fail(str(exc))
        typer.echo(f"strongback is running at http://{host}:{port}  (Ctrl+C to stop)")
        typer.echo(f"Your data: {settings.database_url}")
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
