"""The questions of `strongback function` run without options: a score for each activity already
followed, then a new activity offered while fewer than the scale's three are followed.

Re-rating used to end the questions, so a person who named one activity at the start could never
add a second from the terminal. Each answer is checked as it is typed (a name too long or already
rated, a score off the scale) and asked again: nothing typed before is lost to a late refusal.
"""

from __future__ import annotations

import sys

import typer

from strongback.cli._common import err, fail
from strongback.limits import whole_number

SCORE_QUESTION = "{name}: 0 (cannot do it) to 10 (as before)"


def ask_ratings(known: list[str]) -> list[tuple[str, int]]:
    """(activity, score) for each of `known` (the activities already rated, in their order), then
    for each new one the person names, up to `progress.PSFS_MAX_ACTIVITIES` in all."""
    if not sys.stdin.isatty():
        fail("give --activity NAME --score N (repeat for up to three), or run it in a terminal")
    from strongback.progress import PSFS_MAX_ACTIVITIES

    ratings = [(name, ask_score(SCORE_QUESTION.format(name=name))) for name in known]
    room = PSFS_MAX_ACTIVITIES - len(known)
    if room <= 0:
        return ratings
    if known:
        more = "another" if room == 1 else f"up to {room} more"
        err().print(f"You may add {more} activity your back makes hard (Enter to finish).")
    else:
        err().print(
            f"Name up to {PSFS_MAX_ACTIVITIES} activities your back makes hard (Enter to finish)."
        )
    while len(ratings) < PSFS_MAX_ACTIVITIES:
        name = _ask_name(len(ratings) + 1, [rated for rated, _ in ratings])
        if name is None:
            break
        ratings.append((name, ask_score(SCORE_QUESTION.format(name=name))))
    if not ratings:
        fail("no activity named; nothing recorded")
    return ratings


def _ask_name(number: int, rated: list[str]) -> str | None:
    """A new activity's name, or None when the person leaves it blank."""
    from strongback.services import MAX_ACTIVITY_CHARACTERS

    while True:
        typed: str = typer.prompt(f"Activity {number}", default="", show_default=False)
        name = typed.strip()
        if not name:
            return None
        if len(name) > MAX_ACTIVITY_CHARACTERS:
            err().print(
                f"Name it in at most {MAX_ACTIVITY_CHARACTERS} characters (this has {len(name)})."
            )
        elif any(name.casefold() == earlier.casefold() for earlier in rated):
            err().print(f"'{name}' is rated above already: name another, or Enter to finish.")
        else:
            return name


def ask_score(question: str) -> int:
    """A score from 0 to 10 in ASCII digits; anything else ("eleven", "7.5", "٣") is asked
    again."""
    while True:
        answer: str = typer.prompt(question)
        value = whole_number(answer.strip(), 10)
        if value is not None:
            return value
        err().print("Give a whole number from 0 to 10.")
