"""The output helpers every command shares."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from strongback.cli._common import command_markup


def _rendered(markup: str) -> str:
    file = io.StringIO()
    console = Console(file=file, force_terminal=True, color_system="standard", width=200)
    console.print(markup, highlight=False, end="")
    return file.getvalue()


def test_a_quoted_command_is_printed_bold_without_its_backticks() -> None:
    markup = command_markup("no profile yet: run `strongback setup --example` first")

    assert markup == "no profile yet: run [bold]strongback setup --example[/] first"
    assert _rendered(markup) == "no profile yet: run \x1b[1mstrongback setup --example\x1b[0m first"


@pytest.mark.parametrize(
    "message",
    [
        # What the person typed or a contributor wrote keeps its backticks and its brackets.
        "no exercise '`bridge`'",
        "kinds: [strength] is not `a kind`",
        "an unmatched ` backtick, and `strongback setup",
    ],
)
def test_anything_else_is_printed_as_it_is(message: str) -> None:
    assert _rendered(command_markup(message)) == message
