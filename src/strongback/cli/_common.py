"""Output helpers shared by the commands: one console each for results and for messages."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.store import Repository

EXIT_USER_ERROR = 1
EXIT_SCREENING_BLOCKED = 3

#: A command to type, quoted in a plain message as `strongback ...`. Only strongback's own commands
#: are styled: a backtick in a value the person typed or in a contributor's file stays as it is.
_COMMAND = re.compile(r"`(strongback(?: [^`\n]*)?)`")


def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def err() -> Console:
    from rich.console import Console

    # Messages are not wrapped: a long "file: field: reason" line stays one line to grep or copy.
    return Console(stderr=True, highlight=False, soft_wrap=True)


def command_markup(message: str) -> str:
    """A plain message as Rich markup: each `strongback ...` command in bold, the rest escaped.

    Rich prints backticks as they are, so a command quoted the Markdown way in a message would
    show its quotes; in bold it stands out without them, as the commands' own hints print it.
    """
    from rich.markup import escape

    parts = _COMMAND.split(message)
    # split() alternates the text around the commands (even places) and the commands (odd places).
    return "".join(
        f"[bold]{escape(part)}[/]" if i % 2 else escape(part) for i, part in enumerate(parts)
    )


def fail(message: str, code: int = EXIT_USER_ERROR) -> NoReturn:
    """Stop with a plain message on stderr: user mistakes never show a traceback.

    A command the message quotes as `strongback ...` is printed in bold, without the backticks.
    """
    err().print(f"[bold red]error:[/] {command_markup(message)}")
    raise typer.Exit(code)


def parse_day(text: str | None, *, allow_future: bool = True, option: str = "--date") -> date:
    """A YYYY-MM-DD option as a date (today when not given), or a clear error and exit 1."""
    from strongback.days import DayOutOfRange, check_day

    if text is None:
        return date.today()
    try:
        day = check_day(date.fromisoformat(text))
    except DayOutOfRange as error:
        fail(f"{option}: {error}")
    except ValueError:
        fail(f"{option}: {text!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23")
    if day > date.today() and not allow_future:
        fail(f"{option}: {day} is in the future; record things once they have happened")
    return day


def open_repository() -> Repository:
    from sqlalchemy.exc import SQLAlchemyError

    from strongback.settings import Settings
    from strongback.store import StoreError, open_store

    settings = Settings.from_env()
    try:
        return open_store(settings)
    except StoreError as exc:
        # The store's message names the database actually used, with any password hidden.
        fail(f"could not open your data: {exc}")
    except (OSError, SQLAlchemyError) as exc:
        fail(f"could not open your data in {database_shown(settings.database_url)}: {exc}")


def database_shown(url: str) -> str:
    """The database URL as it may be printed: with its password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # a bad port is a ValueError
        return "the database named by STRONGBACK_DATABASE_URL"


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
