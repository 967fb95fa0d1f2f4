"""The terminal player's pain level: a number past 10 is kept on screen and refused, never
shortened into a lower pain (typing 12 once saved "pain 1/10")."""

from __future__ import annotations

import pytest

from strongback.session_player import PlayerStatus
from strongback.timeline import StepKind
from tests.cli.test_player_screen import advance_to, at, make_player, screen

REFUSED = "That is not 0 to 10"


def _one_line(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_twelve_is_shown_whole_and_refused_and_enter_saves_nothing() -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for key in "p12\r":
        player.handle_key(key, now)
    shown = _one_line(screen(player, now + 1))

    assert "Pain now, 0-10: 12_" in shown
    assert REFUSED in shown
    assert records == []
    assert player.machine.status is PlayerStatus.PAUSED  # still asking, nothing stopped
    player.handle_key("d", now + 2)  # a kind key here is not taken as an answer
    assert records == []


def test_the_refusal_shows_as_the_number_is_typed_and_goes_once_corrected() -> None:
    player, clock, _records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for key in "p12":
        player.handle_key(key, now)
    assert REFUSED in _one_line(screen(player, now))
    player.handle_key("\x7f", now)

    shown = _one_line(screen(player, now))
    assert "Pain now, 0-10: 1_" in shown
    assert REFUSED not in shown


@pytest.mark.parametrize(("typed", "saved"), [("12\x7f\r", 1), ("12\b\b8\r", 8), ("010\r", 10)])
def test_the_level_saved_is_the_one_corrected_on_screen(typed: str, saved: int) -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for key in "p" + typed:
        player.handle_key(key, now)
    assert f"Pain {saved}/10: Bridge stops." in _one_line(screen(player, now))
    player.handle_key("d", now)

    assert [(r.pain, r.reason) for r in records[:1]] == [
        (saved, f"Stopped for pain {saved}/10, dull.")
    ]


def test_a_key_held_down_stops_adding_digits_and_stays_refused() -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for key in "p" + "9" * 20 + "\r":
        player.handle_key(key, now)
    shown = _one_line(screen(player, now))

    assert "Pain now, 0-10: 999_" in shown
    assert REFUSED in shown
    assert records == []


def test_escape_after_a_refused_number_cancels_and_the_exercise_goes_on() -> None:
    player, clock, records, *_ = make_player()
    now = advance_to(player, clock, at(StepKind.HOLD) + 1)
    for key in "p12\r\x1b":
        player.handle_key(key, now)

    assert records == []
    assert player.machine.status is PlayerStatus.RUNNING
