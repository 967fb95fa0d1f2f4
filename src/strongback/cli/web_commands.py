"""`strongback serve`: the local web app."""

from __future__ import annotations

import typer

from strongback.cli._common import fail


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
        from strongback.web import create_app

        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if probe.connect_ex((host, port)) == 0:
                fail(f"port {port} on {host} is already in use; try --port {port + 1}")
        settings = Settings.from_env()
        try:
            # Listening on every interface is a choice to be reached by any name; on one address
            # only that address (and localhost) may be named, which stops DNS rebinding.
            everywhere = host in ("0.0.0.0", "::")
            hosts = ["*"] if everywhere else [host]
            web_app = create_app(settings, clock_speed=speed, allowed_hosts=hosts)
        except CatalogError as exc:
            fail(str(exc))
        typer.echo(f"strongback is running at http://{host}:{port}  (Ctrl+C to stop)")
        typer.echo(f"Your data: {settings.database_url}")
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
