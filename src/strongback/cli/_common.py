"""Output helpers shared by the commands: one console each for results and for messages."""

from __future__ import annotations

import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.console import Console

    from strongback.planner import PlanWithheld
    from strongback.safety import Reason, Screening, Urgency
    from strongback.store import Repository

EXIT_USER_ERROR = 1
EXIT_SCREENING_BLOCKED = 3

#: What every command that needs the answers says when there are none yet (exit 1).
SETUP_FIRST = "no profile yet: answer the questions first with `strongback setup`"

#: The colour of a referral's panel, by its most urgent reason (`referral.referral_title` words it).
URGENCY_STYLES = {"emergency": "bold red", "urgent": "red", "soon": "yellow", "consult": "yellow"}

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
    _remove_unwritten_files()
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
        fail(f"could not open your data in {settings.database_shown}: {exc}")


def database_shown(url: str) -> str:
    """The database URL with its password hidden: `Settings.database_shown`, for a bare URL."""
    from strongback import settings

    return settings.database_shown(url)


def database_error(exc: BaseException) -> str | None:
    """What a person is told when the database fails under a running command, or None when
    `exc` is no database error.

    SQLAlchemy and the store are looked at only if the command loaded them: a command that never
    opened the store cannot have failed in it, and `strongback --help` stays light.
    """
    reason: str | None = None
    if "sqlalchemy" in sys.modules:
        from sqlalchemy.exc import DBAPIError, SQLAlchemyError

        if isinstance(exc, DBAPIError) and exc.orig is not None:
            reason = str(exc.orig)  # the driver's words, without the SQL statement
        elif isinstance(exc, SQLAlchemyError):
            reason = str(exc)
    if reason is None and "strongback.store" in sys.modules:
        from strongback.store import StoreError

        if isinstance(exc, StoreError):
            reason = str(exc)
    if reason is None:
        return None
    reason = " ".join(line.strip() for line in reason.splitlines() if line.strip()).rstrip(".")
    message = f"the database could not be used: {reason or type(exc).__name__}"
    if "lock" in reason.lower():
        message += ". Is another strongback running? Close it and try again"
    return message


def writable_folder(folder: Path, option: str = "") -> None:
    """Refuse a folder to write into that cannot be one: a file, or one whose parent is missing.

    Only the last folder is ever created (by `make_folder`), as `handout` and `chart` only write
    into a folder that exists: a mistyped path never grows a tree of folders somewhere.
    `option` ("--dir") starts the message when the folder was given with one.
    """
    said = f"{option}: " if option else ""
    if folder.exists():
        if not folder.is_dir():
            fail(f"{said}{folder} is a file; give a folder to write into")
        return
    if not folder.parent.is_dir():
        fail(f"{said}{folder.parent} does not exist; create the folder first")


def make_folder(folder: Path, option: str = "") -> None:
    """Create `folder` (checked by `writable_folder`) if it is not there yet, never its parents."""
    writable_folder(folder, option)
    try:
        folder.mkdir(exist_ok=True)
    except OSError as error:  # no permission, or a read-only file system
        said = f"{option}: " if option else ""
        fail(f"{said}cannot use {folder} as a folder: {error.strerror or error}")


def refuse_to_replace(
    what: str, *, instead: str = "give another file name to keep it", it: str = "it", then: str = ""
) -> NoReturn:
    """Stop, having written nothing, before a file the person already has is replaced: a backup,
    a handout with their notes on it, a calendar they imported. `--force` says to replace it.

    `what` says what is there ("notes.pdf already exists"), `instead` how to keep it (`it`:
    "them" for several files), and `then` anything more worth knowing.
    """
    more = f" {then}" if then else ""
    fail(
        f"{what}; nothing was written. {instead[:1].upper()}{instead[1:]}, or add --force to "
        f"replace {it}.{more}"
    )


def new_file(path: Path, *, force: bool, option: str = "") -> None:
    """Refuse a folder, and an existing file unless the person said --force (`refuse_to_replace`).

    Without --force the file is created here, empty, in one step that fails if it exists
    (O_EXCL): a file that appears while the command works (plans, renders a PDF) is never
    replaced, since the command then writes only into the file it made. Should the command stop
    before writing it (`fail`, `refer`, or the program ending), the empty file is removed.
    `option` ("--chart") starts the message when the file was given with one.
    """
    said = f"{option}: " if option else ""
    if path.is_dir():
        fail(f"{said}{path} is a folder; give a file name")
    if force:
        return
    if not path.parent.is_dir():
        fail(f"{said}{path.parent} does not exist; create the folder first")
    try:
        with path.open("x"):
            pass
    except FileExistsError:
        refuse_to_replace(f"{said}{path} already exists")
    except IsADirectoryError:  # a folder made there since the check above
        fail(f"{said}{path} is a folder; give a file name")
    except OSError as error:  # no permission, or a read-only file system
        fail(f"{said}cannot write {path}: {error.strerror or error}")
    made = path.stat()
    if not _made_files:
        import atexit

        atexit.register(_remove_unwritten_files)
    _made_files[path] = (made.st_dev, made.st_ino)


#: The files `new_file` made, by their device and inode, until the command writes them or stops.
_made_files: dict[Path, tuple[int, int]] = {}


def _remove_unwritten_files() -> None:
    """Remove each file `new_file` made that is still empty: the command stopped before writing
    it (no profile, a referral), and an empty file would only look like a broken one. Only that
    very file goes, and only while empty; a written one is forgotten, and kept."""
    for path, made in list(_made_files.items()):
        del _made_files[path]
        try:
            now = path.stat()
            if (now.st_dev, now.st_ino) == made and now.st_size == 0:
                path.unlink()
        except OSError:
            pass  # gone already, or not ours to remove


def plural(count: int, word: str, words: str | None = None) -> str:
    """'1 set', '3 sets', '0 breaks': the count and the word that goes with it."""
    return f"{count} {word if count == 1 else (words or word + 's')}"


def safety_footer(console: Console, *, boxed: bool = False) -> None:
    """The safety notice under anything that tells a person how to exercise."""
    from rich.markup import escape
    from rich.panel import Panel

    from strongback import SAFETY_NOTICE

    if boxed:
        console.print(Panel(escape(SAFETY_NOTICE), title="Safety", border_style="dim"))
    else:
        console.print(f"[dim]{escape(SAFETY_NOTICE)}[/]")


def refer(
    withheld: PlanWithheld, *, headline: str, as_json: bool = False, json_key: str = "plan"
) -> NoReturn:
    """The referral every command gives a person the screening sends to a clinician, then exit 3.

    `headline` says what the command did not do ("No exercise plan for now"); the referral itself
    is `show_referral`'s, as `strongback setup` shows it.
    As JSON: `{json_key: null, "withheld": true, "screening", "reasons", "safety_notice"}`.
    """
    from strongback import SAFETY_NOTICE

    if as_json:
        print_json(
            {
                json_key: None,
                "withheld": True,
                "screening": withheld.screening.model_dump(mode="json"),
                "reasons": list(withheld.reasons),
                "safety_notice": SAFETY_NOTICE,
            }
        )
        _remove_unwritten_files()
        raise typer.Exit(EXIT_SCREENING_BLOCKED)
    show_referral(withheld.screening, headline=headline, also=withheld.reasons)
    _remove_unwritten_files()
    raise typer.Exit(EXIT_SCREENING_BLOCKED)


def show_referral(screening: Screening, *, headline: str, also: Sequence[str] = ()) -> None:
    """The one referral in the terminal, for `setup` and every command that withholds exercise.

    A panel titled by the most urgent warning sign (`referral_title`) says what to do and carries
    the safety notice as fits the urgency; then each reason with what to do about it
    (`reason_advice`: in an emergency a milder sign is only to be mentioned, so nothing says to go
    later) and its source, any of `also` (reasons the screening did not word, from
    `PlanWithheld.reasons`), and `headline`, what the command did not do, with how to go on once a
    clinician has seen the person.
    """
    from rich.markup import escape
    from rich.panel import Panel
    from rich.text import Text

    from strongback import SAFETY_NOTICE
    from strongback.referral import referral_notice, referral_title

    console = out()
    urgency = screening.urgency.value if screening.urgency else "consult"
    style = URGENCY_STYLES[urgency]
    # The screening's words end with the safety notice, which the panel shows as fits the urgency.
    what_to_do = (screening.what_to_do or "").replace(SAFETY_NOTICE, "").strip()
    body = "\n\n".join(part for part in (what_to_do, referral_notice(screening.urgency)) if part)
    console.print(
        Panel(
            escape(body),
            title=Text(referral_title(screening.urgency), style=style),
            border_style=style,
        )
    )
    worded = screening.reasons if screening.blocks_plan else []
    bare = [reason for reason in also if reason not in {r.text for r in worded}]
    if worded or bare:
        console.print("Because you told us:")
        print_reasons(console, worded, bare, urgency=screening.urgency)
    console.print(
        f"\n[bold]{escape(headline)}.[/] When a clinician has seen you, run [bold]strongback "
        "setup[/] again with your updated answers."
    )


def print_reasons(
    console: Console,
    reasons: Sequence[Reason],
    bare: Sequence[str] = (),
    *,
    urgency: Urgency | None = None,
) -> None:
    """The screening's reasons, each with what to do about it in a referral of this `urgency`
    (`referral.reason_advice`; its own advice when not given) and its source, then any `bare`
    ones (said in words the screening did not give) as they are."""
    from rich.table import Table
    from rich.text import Text

    from strongback.referral import reason_advice

    # A grid keeps wrapped lines under their bullet instead of back at the margin.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for reason in reasons:
        body = Text(reason.text, style="bold")
        advice = reason_advice(reason, urgency)
        if advice:
            body.append(f"\n{advice}", style="")
        body.append(f"\nSource: {reason.source}", style="dim")
        grid.add_row("•", body)
    for text in bare:
        grid.add_row("•", Text(text, style="bold"))
    console.print(grid)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
