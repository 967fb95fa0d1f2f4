"""The questions `strongback start` asks around a session: whether to resume an unfinished one
(and how one not resumed is closed), the pain before and after, and how hard it felt.

Every question takes only what it asks for and asks again otherwise: a stray key must neither
end a session nor skip an answer by mistake. EOF (a closed input) answers with the default.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from strongback.cli._common import plural
from strongback.limits import whole_number

if TYPE_CHECKING:
    from rich.console import Console

    from strongback.records import SessionRecord
    from strongback.store import Repository


def resume_or_new(console: Console, repository: Repository) -> SessionRecord | None:
    """An unfinished session the person chooses to resume, or None for a new one.

    One from an earlier day says so and makes ending it the default, as the Today page does:
    resuming it plays that day's plan, not today's, and the pain before is not asked again.
    """
    from datetime import date

    unfinished = repository.unfinished_session()
    if unfinished is None or unfinished.id is None:
        return None
    started = unfinished.started_at.astimezone()
    when = started.strftime("%a %d %b, %H:%M")
    saved = plural(len(unfinished.sets), "set")
    earlier = started.date() < date.today()
    if earlier:
        question = (
            f"Unfinished session from an earlier day, {when}, {saved} saved. Resuming it follows "
            "that day's plan, not today's, and does not ask how your back is now. Resume it "
            "anyway? [y/N] (Enter ends it and starts today's session)"
        )
        again = "Please type y to resume it, or n (or Enter) to end it and start today's session."
    else:
        question = f"Unfinished session from {when}, {saved} saved. Resume it? [Y/n]"
        again = "Please type y to resume it, or n to end it and start a new one."
    while True:
        answer = (ask(console, question) or "").lower()
        if answer in ("y", "yes") or (answer == "" and not earlier):
            return unfinished
        if answer in ("n", "no", ""):
            break
        # Anything else is asked again: a stray key must not end a session or resume one.
        console.print(again)
    _abandon(console, repository, unfinished)
    return None


def _abandon(console: Console, repository: Repository, unfinished: SessionRecord) -> None:
    """Close a session the person chose not to resume, as it was left (`services.abandon_session`:
    removed when nothing was recorded, otherwise ended early at its last recorded activity)."""
    from strongback.records import NotFound
    from strongback.services import SessionClosed, abandon_session, sets_in_words

    assert unfinished.id is not None
    try:
        closed = abandon_session(repository, unfinished.id)
    except (NotFound, SessionClosed):
        # Finished or ended from the browser while the question waited: nothing left to close.
        console.print("It was closed meanwhile, elsewhere; nothing was changed.", markup=False)
        return
    if closed.ended_at is None:
        console.print("Nothing was recorded in it, so it is removed.", markup=False)
        return
    at = closed.ended_at.astimezone().strftime("%H:%M")
    console.print(
        f"Saved as ended early at {at}, where you left it: {sets_in_words(closed.sets)}.",
        markup=False,
    )


def ask(console: Console, question: str) -> str | None:
    from rich.text import Text

    try:
        return console.input(Text(question + " ")).strip()
    except EOFError:
        return None


def ask_pain(console: Console, question: str) -> int | None:
    while True:
        answer = ask(console, f"{question} (Enter to skip)")
        if not answer:
            return None
        pain = whole_number(answer, 10)
        if pain is not None:
            return pain
        console.print("Please type a whole number from 0 (no pain) to 10 (worst), or Enter.")


def ask_difficulty(console: Console) -> Any:
    from strongback.records import Difficulty

    choices = {"1": Difficulty.TOO_EASY, "2": Difficulty.RIGHT, "3": Difficulty.TOO_HARD}
    while True:
        answer = ask(
            console, "How hard did it feel? 1 too easy, 2 about right, 3 too hard (Enter to skip)"
        )
        if not answer:
            return None
        if answer in choices:
            return choices[answer]
        console.print("Please type 1, 2 or 3, or Enter to skip.")
