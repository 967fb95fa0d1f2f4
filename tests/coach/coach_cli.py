"""The `coach` command alone, as a Typer app the tests can invoke with CliRunner."""

from __future__ import annotations

import typer

from strongback.cli import coach_commands


def coach_app() -> typer.Typer:
    app = typer.Typer()
    coach_commands.register(app)

    @app.command(hidden=True)
    def _unused() -> None:  # a second command, so Typer keeps `coach` as a named subcommand
        pass

    return app
