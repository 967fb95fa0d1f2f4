"""Output helpers shared by the commands: one console each for results and for messages."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

EXIT_USER_ERROR = 1
EXIT_SCREENING_BLOCKED = 3


def out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def err() -> Console:
    from rich.console import Console

    # Messages are not wrapped: a long "file: field: reason" line stays one line to grep or copy.
    return Console(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str, code: int = EXIT_USER_ERROR) -> NoReturn:
    """Stop with a plain message on stderr: user mistakes never show a traceback."""
    from rich.markup import escape

    err().print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
