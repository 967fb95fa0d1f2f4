"""`strongback setup`: the person's answers, the safety screening, and where to go next.

Answers come from the questions in `strongback.questionnaire` (asked one screen at a time by
`_profile_questions`) or from an answers file (`--from FILE`, YAML or JSON). The answers and their
screening are stored as a new profile version either way; a screening that blocks the plan prints
the referral and exits 3, and the plan command refuses to plan for that profile.

Only Typer is imported at module level so `strongback --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from strongback.cli._common import (
    EXIT_SCREENING_BLOCKED,
    EXIT_USER_ERROR,
    database_shown,
    err,
    fail,
    open_repository,
    out,
)

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.profile import Profile
    from strongback.safety import Screening, ScreeningRules
    from strongback.services import SavedAnswers

NEXT_COMMAND = "strongback plan"


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""

    @app.command()
    def setup(
        answers_file: str | None = typer.Option(
            None,
            "--from",
            metavar="FILE",
            help="Read the answers from a YAML or JSON file ('-' for stdin) instead of asking.",
        ),
        as_json: bool = typer.Option(
            False, "--json", help="Print the screening result as JSON (questions go to stderr)."
        ),
        example: bool = typer.Option(
            False,
            "--example",
            help="Print an answers file with every key and its allowed values, and exit.",
        ),
    ) -> None:
        """Answer a few questions about your back, get a safety check, and save your answers.

        Exits with code 3, and makes no plan, when the answers mean a clinician should see you
        first. `strongback setup --example > answers.yaml` writes an answers file to edit.
        """
        if example:
            from strongback.profile import example_answers

            typer.echo(example_answers(), nl=False)
            return
        from strongback.rules.screening import default_screening_rules

        rules = default_screening_rules()
        if answers_file is not None:
            profile = _profile_from_file(answers_file)
        else:
            console = err() if as_json else out()
            profile = _profile_from_questions(console, rules, _current_answers())
        saved = _save(profile, rules)
        _report(saved.screening, saved.version, as_json)
        if saved.screening.blocks_plan:
            raise typer.Exit(EXIT_SCREENING_BLOCKED)


# --- The answers file -------------------------------------------------------------------------


def read_answers_file(name: str) -> Any:
    """The raw answers in a YAML or JSON file (or stdin for '-'); `ValueError` says what is wrong.

    JSON is read as JSON when the name says so, for its exact error positions; anything else is
    read as YAML, which also accepts JSON.
    """
    import json
    import sys

    import yaml

    if name == "-":
        text = sys.stdin.read()
    else:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ValueError(f"cannot read {name}: no such file") from None
        except IsADirectoryError:
            raise ValueError(f"cannot read {name}: it is a directory") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ValueError(f"cannot read {name}: {exc}") from None
    if name.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValueError(
                f"{name} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            ) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ValueError(f"{name} is not valid YAML: {problem}{where}") from None


def _profile_from_file(name: str) -> Profile:
    from rich.markup import escape

    from strongback.profile import ProfileError, parse_profile

    try:
        data = read_answers_file(name)
    except ValueError as exc:
        fail(str(exc))
    if data is None:
        fail(
            f"{name} is empty: write your answers as 'key: value' lines "
            "(`strongback setup --example` prints a file to start from)"
        )
    try:
        return parse_profile(data)
    except ProfileError as exc:
        console = err()
        console.print(f"[bold red]error:[/] the answers in {escape(name)} have problems:")
        for key, reason in exc.problems:
            console.print(f"  [bold]{escape(key)}[/]: {escape(reason)}")
        raise typer.Exit(EXIT_USER_ERROR) from None


# --- Asking the questions ---------------------------------------------------------------------


def _current_answers() -> dict[str, Any]:
    """The saved answers, offered as defaults so updating one answer doesn't mean retyping all."""
    from sqlalchemy.exc import SQLAlchemyError

    from strongback.settings import Settings
    from strongback.store import StoreError, open_store

    try:
        with open_store(Settings.from_env()) as repo:
            stored = repo.current_profile()
    except (OSError, SQLAlchemyError, StoreError):
        return {}  # saving will report the problem; asking the questions can still go ahead
    return stored.profile.model_dump(mode="json") if stored else {}


def _profile_from_questions(
    console: Console, rules: ScreeningRules, previous: dict[str, Any]
) -> Profile:
    """Ask until the person confirms their answers; stop early when the plan would be blocked."""
    from strongback.cli._profile_questions import ask_all, ask_yes_no, show_summary
    from strongback.profile import ProfileError, parse_profile

    answers = previous
    try:
        while True:
            answers = ask_all(console, rules, previous=answers)
            show_summary(console, rules, answers)
            if ask_yes_no(console, "Are these answers right?", default=True):
                break
    except (EOFError, KeyboardInterrupt):
        console.print()
        fail("setup stopped before the end; nothing was saved")
    try:
        return parse_profile(answers)
    except ProfileError as exc:  # the questions only offer valid answers; this is a bug guard
        fail(str(exc))


# --- Saving and reporting ---------------------------------------------------------------------


def _save(profile: Profile, rules: ScreeningRules) -> SavedAnswers:
    """Screen the answers and store both as a new profile version (`services.save_answers`).

    The questions already start a clearance given for other answers at no, and a file's answers
    are the person's own, so no clearance is taken as carried over.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from strongback.services import save_answers
    from strongback.settings import Settings
    from strongback.store import StoreError

    settings = Settings.from_env()
    with open_repository() as repo:
        try:
            return save_answers(repo, profile, rules=rules)
        except (OSError, SQLAlchemyError, StoreError) as exc:
            shown = database_shown(settings.database_url)
            fail(f"could not save your answers in {shown}: {exc}")


def _report(screening: Screening, version: int, as_json: bool) -> None:
    from strongback.safety import screening_summary

    if as_json:
        from strongback.cli._common import print_json

        data = screening_summary(screening)
        data["profile_version"] = version
        data["next"] = None if screening.blocks_plan else NEXT_COMMAND
        print_json(data)
        return
    if screening.blocks_plan:
        _print_referral(screening, version)
    else:
        _print_go_ahead(screening, version)


def _print_referral(screening: Screening, version: int) -> None:
    # The one referral printer, so setup and every command that withholds exercise say the same.
    from strongback.cli._common import show_referral

    show_referral(
        screening,
        headline=f"Your answers are saved (profile version {version}), but strongback will not "
        "make an exercise plan for now",
    )


def _print_go_ahead(screening: Screening, version: int) -> None:
    from rich.markup import escape

    from strongback.safety import Status

    console = out()
    console.print(f"[green]Your answers are saved[/] (profile version {version}).")
    if screening.status is Status.ADVISE:
        from strongback.cli._common import print_reasons

        console.print("\nBefore you start:")
        print_reasons(console, screening.reasons)
    console.print(f"\n{escape(screening.what_to_do)}")
    console.print(f"\nNext: run [bold]{NEXT_COMMAND}[/] to see your exercise plan.")
