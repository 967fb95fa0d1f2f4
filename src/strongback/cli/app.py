"""The `strongback` application: registers each area's commands.

Start-up must stay fast, so this module and the command modules import only Typer and the standard
library at top level; each command imports what it needs (catalog, store, web) when it runs.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
import typer.core

from strongback import __version__
from strongback.cli import (
    catalog_commands,
    coach_commands,
    history_commands,
    plan_commands,
    profile_commands,
    progress_commands,
    render_commands,
    session_commands,
    web_commands,
)


class _Commands(typer.core.TyperGroup):
    """The root group: a database that fails under a running command is one clear line, exit 1.

    A lock held by another process, a server gone away or a disk that is full can strike after the
    store opened, in any command; each would otherwise print SQLAlchemy's traceback. Catching it
    here, once, covers every command (and CliRunner, which invokes the group, not `main`).
    """

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            from strongback.cli._common import database_error, fail

            message = database_error(exc)
            if message is None:
                raise
            fail(message)


app = typer.Typer(
    name="strongback",
    cls=_Commands,
    help=(
        "Your back-care exercise coach: safe screening, a personal plan, guided sessions and "
        "progress, all on your own machine. Not a substitute for a clinician."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # Markdown joins a docstring's wrapped lines into one paragraph and shows `code` as code.
    rich_markup_mode="markdown",
)


def _flags_without_type(option: Any, ctx: Any) -> str | None:
    # This Typer release prints a `<bool>` type after every flag in Rich help (`--help <bool>`),
    # which reads as if the flag took a value. A flag takes none, so its type column stays empty;
    # options that take values keep theirs.
    if option.is_flag:
        return None
    return _display_type_rich(option, ctx)


_display_type_rich = typer.core.TyperOption.display_type_rich
setattr(typer.core.TyperOption, "display_type_rich", _flags_without_type)  # noqa: B010


def _version(value: bool) -> None:
    if value:
        typer.echo(f"strongback {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """strongback: an open, local-first back-care exercise coach."""


for module in (
    catalog_commands,
    profile_commands,
    plan_commands,
    session_commands,
    history_commands,
    coach_commands,
    progress_commands,
    render_commands,
    web_commands,
):
    module.register(app)


def main() -> None:
    app()
