"""Asking the setup questions in the terminal, one screen at a time, and showing the answers.

Private to `strongback setup` (`cli/profile_commands.py`). The questions themselves are data in
`strongback.questionnaire`; this module only renders them and reads the replies, offering each
saved answer as the default. Rich and the questionnaire are imported when asked, never at import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strongback.limits import whole_number

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.questionnaire import Question
    from strongback.safety import ScreeningRules


def ask_all(console: Console, rules: ScreeningRules, previous: dict[str, Any]) -> dict[str, Any]:
    from rich.text import Text

    from strongback.profile import parse_profile
    from strongback.questionnaire import Section, clearance_still_holds, questions
    from strongback.safety import screen

    answers: dict[str, Any] = {}
    all_questions = questions(rules)
    asked = 0
    for index, question in enumerate(all_questions):
        if question.section is Section.PLAN and screen(parse_profile(answers), rules).blocks_plan:
            # Someone who must see a doctor first should hear that now, not after five more
            # questions about equipment.
            break
        if not question.applies(answers):
            continue
        if console.is_terminal:
            console.clear()
        asked += 1
        console.print(f"[dim]{_numbered(all_questions, index, asked, answers, previous)}[/]")
        console.print(Text(question.prompt, style="bold"))
        if question.help:
            console.print(Text(question.help, style="dim"))
        default = previous.get(question.key, question.default)
        if (
            question.key == "cleared_by_clinician"
            and previous.get(question.key)
            and not clearance_still_holds(rules, previous, answers)
        ):
            # A yes given for other answers would otherwise be one Enter away from covering
            # things the clinician never heard about.
            default = False
            console.print(
                Text(
                    "Your answers have changed since you last said you were cleared, so "
                    "this starts at no: a clearance covers only what your clinician knew of.",
                    style="yellow",
                )
            )
        answers[question.key] = _ask(console, question, answers, default)
        console.print()
    return answers


def _numbered(
    all_questions: tuple[Question, ...],
    index: int,
    number: int,
    answers: dict[str, Any],
    previous: dict[str, Any],
) -> str:
    """The heading: "Question 3 of 10", or "Question 1 of about 10" while answers may change it.

    Only questions asked are counted: one an answer made moot is not skipped over. The age, the
    pain areas and the safety answers decide whether the clearance question comes and whether
    the plan's questions follow at all, so until they are in, the total is a guess (from the
    saved answers, or the usual ones) and says so; from then on it is exact and does not change.
    """
    from strongback.questionnaire import likely_questions_left, questions_left

    left = questions_left(all_questions, index, answers)
    if left is not None:
        return f"Question {number} of {number + left}"
    about = likely_questions_left(all_questions, index, answers, previous)
    return f"Question {number} of about {number + about}"


def _input(console: Console, prompt: str) -> str:
    """Read one answer; the prompt is shown as plain text, so '[y/N]' is never taken as markup."""
    from rich.text import Text

    return console.input(Text(prompt)).strip()


def _ask(console: Console, question: Question, answers: dict[str, Any], default: Any) -> Any:
    from strongback.questionnaire import Kind

    if question.kind is Kind.NUMBER:
        return _ask_number(console, question, default)
    if question.kind is Kind.BOOL:
        return ask_yes_no(console, "Yes or no?", default=bool(default))
    if question.kind is Kind.CHECKLIST:
        picked = []
        for choice in question.choices_for(answers):
            if ask_yes_no(console, choice.label, default=choice.value in (default or [])):
                picked.append(choice.value)
        return picked
    return _ask_choices(console, question, answers, default)


def _ask_number(console: Console, question: Question, default: Any) -> int | None:
    from rich.text import Text

    hint = f"{question.minimum} to {question.maximum}"
    hint += ", or leave blank" if question.optional else ""
    shown = "" if default is None else f" [{default}]"
    while True:
        text = _input(console, f"Your answer ({hint}){shown}: ")
        if not text and (default is not None or question.optional):
            return int(default) if default is not None else None
        problem = question.problem_with(text) if text else question.number_wording()
        if problem is None:
            return int(text)
        # The question's own words, so the web form says the same.
        console.print(Text(problem, style="yellow"))


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
        values = [c.value for c in picked]
        # Too many picked, or "none" with something: the question's own words, as on the web.
        problem = problem or question.problem_with(values)
        if problem is None:
            return values[0] if single else values
        console.print(Text(problem, style="yellow"))


def _pick(words: list[str], choices: Any) -> tuple[list[Any], str | None]:
    picked: list[Any] = []
    for word in words:
        by_value = [c for c in choices if c.value == word.lower()]
        number = whole_number(word, len(choices))
        if number is not None and number >= 1:
            choice = choices[number - 1]
        elif by_value:
            choice = by_value[0]
        else:
            return [], f"'{word}' is not one of the numbers 1 to {len(choices)}."
        if choice not in picked:
            picked.append(choice)
    return picked, None


def ask_yes_no(console: Console, prompt: str, default: bool) -> bool:
    from strongback.questionnaire import YES_OR_NO

    hint = "Y/n" if default else "y/N"
    while True:
        text = _input(console, f"{prompt} [{hint}]: ").lower()
        if not text:
            return default
        if text in {"y", "yes"}:
            return True
        if text in {"n", "no"}:
            return False
        console.print(f"[yellow]{YES_OR_NO}[/]")


def show_summary(console: Console, rules: ScreeningRules, answers: dict[str, Any]) -> None:
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
