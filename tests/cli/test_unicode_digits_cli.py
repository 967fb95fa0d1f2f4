"""The terminal's questions and keys read only ASCII digits as numbers: "²" (which `int` refuses),
"٣" and "３" (which `int` reads as 3) are asked again, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from strongback.cli._common import out
from strongback.cli._profile_questions import _pick
from strongback.cli._session_questions import ask_pain
from strongback.profile import Goal
from strongback.timeline import StepKind
from tests.cli.test_player_screen import advance_to, at, make_player

NOT_ASCII = ["²", "٣", "３"]


def test_the_pain_question_asks_again_until_a_number_from_0_to_10() -> None:
    typed = "".join(f"{t}\n" for t in NOT_ASCII) + "4\n"
    with CliRunner().isolation(input=typed) as streams:
        pain = ask_pain(out(), "How is your back now, 0 to 10?")
        shown = streams[0].getvalue().decode()

    assert pain == 4
    assert shown.count("Please type a whole number from 0 (no pain) to 10") == len(NOT_ASCII)


@pytest.mark.parametrize("word", NOT_ASCII)
def test_a_choice_by_number_takes_ascii_digits_only(word: str) -> None:
    choices = list(Goal)
    picked, problem = _pick([word], choices)
    assert picked == []
    assert problem == f"'{word}' is not one of the numbers 1 to {len(choices)}."
    assert _pick(["1"], choices) == ([choices[0]], None)


@pytest.mark.parametrize("key", NOT_ASCII)
def test_the_player_s_pain_level_ignores_other_digits(key: str) -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for typed in ["p", key, "7", "\r", "\x1b"]:
        player.handle_key(typed, now)

    assert [(r.pain, r.reason) for r in records[:1]] == [(7, "Stopped for pain 7/10.")]
