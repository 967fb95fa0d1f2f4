"""`strongback setup`: the person's answers, the safety screening, and where to go next.

Answers come from the questions in `strongback.questionnaire` (asked one screen at a time) or from
an answers file (`--from FILE`, YAML or JSON). The answers and their screening are stored as a new
profile version either way; a screening that blocks the plan prints the referral and exits 3, and
the plan command refuses to plan for that profile.

Only Typer is imported at module level so `strongback --help` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from strongback.cli._common import EXIT_SCREENING_BLOCKED, EXIT_USER_ERROR, err, fail, out

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.profile import Profile
    from strongback.questionnaire import Question
    from strongback.safety import Screening, ScreeningRules

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
    ) -> None:
        """Answer a few questions about your back, get a safety check, and save your answers.

        Exits with code 3, and makes no plan, when the answers mean a clinician should see you
        first. The answers file format (keys and allowed values) is in docs/answers-file.md.
        """
        from strongback.rules.screening import default_screening_rules
        from strongback.safety import screen

        rules = default_screening_rules()
        if answers_file is not None:
            profile = _profile_from_file(answers_file)
        else:
            console = err() if as_json else out()
            profile = _profile_from_questions(console, rules, _current_answers())
        screening = screen(profile, rules)
        version = _save(profile, screening)
        _report(screening, version, as_json)
        if screening.blocks_plan:
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
            f"{name} is empty: write your answers as 'key: value' lines (see docs/answers-file.md)"
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
    from strongback.profile import ProfileError, parse_profile

    answers = previous
    try:
        while True:
            answers = _ask_all(console, rules, previous=answers)
            _show_summary(console, rules, answers)
            if _ask_yes_no(console, "Are these answers right?", default=True):
                break
    except (EOFError, KeyboardInterrupt):
        console.print()
        fail("setup stopped before the end; nothing was saved")
    try:
        return parse_profile(answers)
    except ProfileError as exc:  # the questions only offer valid answers; this is a bug guard
        fail(str(exc))


def _ask_all(console: Console, rules: ScreeningRules, previous: dict[str, Any]) -> dict[str, Any]:
    from rich.text import Text

    from strongback.profile import parse_profile
    from strongback.questionnaire import Section, questions
    from strongback.safety import screen

    answers: dict[str, Any] = {}
    all_questions = questions(rules)
    for number, question in enumerate(all_questions, start=1):
        if question.section is Section.PLAN and screen(parse_profile(answers), rules).blocks_plan:
            # Someone who must see a doctor first should hear that now, not after five more
            # questions about equipment.
            break
        if not question.applies(answers):
            continue
        if console.is_terminal:
            console.clear()
        console.print(f"[dim]Question {number} of {len(all_questions)}[/]")
        console.print(Text(question.prompt, style="bold"))
        if question.help:
            console.print(Text(question.help, style="dim"))
        default = previous.get(question.key, question.default)
        answers[question.key] = _ask(console, question, answers, default)
        console.print()
    return answers


def _input(console: Console, prompt: str) -> str:
    """Read one answer; the prompt is shown as plain text, so '[y/N]' is never taken as markup."""
    from rich.text import Text

    return console.input(Text(prompt)).strip()


def _ask(console: Console, question: Question, answers: dict[str, Any], default: Any) -> Any:
    from strongback.questionnaire import Kind

    if question.kind is Kind.NUMBER:
        return _ask_number(console, question, default)
    if question.kind is Kind.BOOL:
        return _ask_yes_no(console, "Yes or no?", default=bool(default))
    if question.kind is Kind.CHECKLIST:
        picked = []
        for choice in question.choices_for(answers):
            if _ask_yes_no(console, choice.label, default=choice.value in (default or [])):
                picked.append(choice.value)
        return picked
    return _ask_choices(console, question, answers, default)


def _ask_number(console: Console, question: Question, default: Any) -> int | None:
    low, high = question.minimum, question.maximum
    hint = f"{low} to {high}" + (", or leave blank" if question.optional else "")
    shown = "" if default is None else f" [{default}]"
    while True:
        text = _input(console, f"Your answer ({hint}){shown}: ")
        if not text:
            if default is not None or question.optional:
                return int(default) if default is not None else None
        elif (
            text.isdigit()
            and (low is None or int(text) >= low)
            and (high is None or int(text) <= high)
        ):
            return int(text)
        console.print(f"[yellow]Please type a whole number from {low} to {high}.[/]")


def _ask_choices(
    console: Console, question: Question, answers: dict[str, Any], default: Any
) -> Any:
    from rich.text import Text

    from strongback.questionnaire import Kind

    choices = question.choices_for(answers)
    for index, choice in enumerate(choices, start=1):
        console.print(Text(f"  {index}. {choice.label}"))
    single = question.kind is Kind.SINGLE
    defaults = [default] if single else list(default or [])
    default_numbers = [str(i) for i, c in enumerate(choices, start=1) if c.value in defaults]
    shown = f" [{' '.join(default_numbers)}]" if default_numbers else ""
    ask = "Type a number" if single else "Type the numbers, separated by spaces, or leave blank"
    if not single and not default_numbers:
        ask += " for none"
    while True:
        text = _input(console, f"{ask}{shown}: ")
        if not text:
            return defaults[0] if single else defaults
        picked, problem = _pick(text.replace(",", " ").split(), choices)
        if problem is None and single and len(picked) != 1:
            problem = "Please pick just one."
        if problem is None and len(picked) > 1 and any(c.exclusive for c in picked):
            label = next(c.label for c in picked if c.exclusive)
            problem = f"'{label}' can't be picked together with anything else."
        if problem is None:
            values = [c.value for c in picked]
            return values[0] if single else values
        console.print(Text(problem, style="yellow"))


def _pick(words: list[str], choices: Any) -> tuple[list[Any], str | None]:
    picked: list[Any] = []
    for word in words:
        by_value = [c for c in choices if c.value == word.lower()]
        if word.isdigit() and 1 <= int(word) <= len(choices):
            choice = choices[int(word) - 1]
        elif by_value:
            choice = by_value[0]
        else:
            return [], f"'{word}' is not one of the numbers 1 to {len(choices)}."
        if choice not in picked:
            picked.append(choice)
    return picked, None


def _ask_yes_no(console: Console, prompt: str, default: bool) -> bool:
    hint = "Y/n" if default else "y/N"
    while True:
        text = _input(console, f"{prompt} [{hint}]: ").lower()
        if not text:
            return default
        if text in {"y", "yes"}:
            return True
        if text in {"n", "no"}:
            return False
        console.print("[yellow]Please answer yes or no.[/]")


def _show_summary(console: Console, rules: ScreeningRules, answers: dict[str, Any]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from strongback.questionnaire import Kind, questions

    if console.is_terminal:
        console.clear()
    table = Table(title="Your answers", show_header=False, title_justify="left")
    table.add_column("Question", style="bold")
    table.add_column("Answer")
    for question in questions(rules):
        if question.key not in answers:
            continue
        value = answers[question.key]
        if question.kind is Kind.BOOL:
            shown = "yes" if value else "no"
        elif question.kind is Kind.NUMBER:
            shown = "not given" if value is None else str(value)
        elif isinstance(value, list):
            shown = "\n".join(question.label_of(v) for v in value) or "none"
        else:
            shown = question.label_of(value)
        table.add_row(escape(question.prompt), escape(shown))
    console.print(table)


# --- Saving and reporting ---------------------------------------------------------------------


def _save(profile: Profile, screening: Screening) -> int:
    """Store the answers and their screening as a new profile version; return its number."""
    from datetime import UTC, datetime

    from sqlalchemy.exc import SQLAlchemyError

    from strongback.settings import Settings
    from strongback.store import StoreError, open_store

    settings = Settings.from_env()
    try:
        with open_store(settings) as repo:
            return repo.save_profile(profile, screening, at=datetime.now(UTC))
    except (OSError, SQLAlchemyError, StoreError) as exc:
        fail(f"could not save your answers in {settings.home}: {exc}")


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


_URGENCY_STYLE = {"emergency": "bold red", "urgent": "red", "soon": "yellow", "consult": "yellow"}
_URGENCY_TITLE = {
    "emergency": "Go to an emergency department now",
    "urgent": "See a doctor before you exercise",
    "soon": "See a doctor soon",
    "consult": "Check with your clinician first",
}


def _print_reasons(console: Console, screening: Screening) -> None:
    from rich.table import Table
    from rich.text import Text

    # A grid keeps wrapped lines under their bullet instead of back at the margin.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=3, justify="right")
    grid.add_column()
    for reason in screening.reasons:
        body = Text(reason.text, style="bold")
        if reason.advice:
            body.append(f"\n{reason.advice}", style="")
        body.append(f"\nSource: {reason.source}", style="dim")
        grid.add_row("•", body)
    console.print(grid)


def _print_referral(screening: Screening, version: int) -> None:
    from rich.markup import escape
    from rich.panel import Panel

    console = out()
    urgency = screening.urgency.value if screening.urgency else "consult"
    style = _URGENCY_STYLE[urgency]
    console.print(
        Panel(escape(screening.what_to_do), title=_URGENCY_TITLE[urgency], border_style=style)
    )
    console.print("Because you told us:")
    _print_reasons(console, screening)
    console.print(
        f"\nYour answers are saved (profile version {version}), but strongback will not make an "
        "exercise plan for now."
    )


def _print_go_ahead(screening: Screening, version: int) -> None:
    from rich.markup import escape

    from strongback.safety import Status

    console = out()
    console.print(f"[green]Your answers are saved[/] (profile version {version}).")
    if screening.status is Status.ADVISE:
        console.print("\nBefore you start:")
        _print_reasons(console, screening)
    console.print(f"\n{escape(screening.what_to_do)}")
    console.print(f"\nNext: run [bold]{NEXT_COMMAND}[/] to see your exercise plan.")
