"""The `strongback` application: registers each area's commands.

Start-up must stay fast, so this module and the command modules import only Typer and the standard
library at top level; each command imports what it needs (catalog, store, web) when it runs.
"""

from __future__ import annotations

import typer

from strongback import __version__
from strongback.cli import catalog_commands, plan_commands, profile_commands, session_commands

app = typer.Typer(
    name="strongback",
    help=(
        "Your back-care exercise coach: safe screening, a personal plan, guided sessions and "
        "progress, all on your own machine. Not a substitute for a clinician."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"strongback {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """strongback: an open, local-first back-care exercise coach."""


for module in (catalog_commands, profile_commands, plan_commands, session_commands):
    module.register(app)


def main() -> None:
    app()
