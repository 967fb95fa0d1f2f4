"""`strongback history` and a day stopped for a flare (a RESTED session: no exercise, no set): the
row says so in words rather than "0 of 0" exercises and a bare "rested"."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from typer.testing import CliRunner

from strongback import services
from strongback.cli.app import app
from strongback.cli.history_commands import status_words
from strongback.profile import Profile
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.rules.screening import screen_with_default_rules
from tests.cli.test_player_parts import _plan

if TYPE_CHECKING:
    from strongback.store import Repository


def _rested_day_and_a_session(repository: Repository) -> None:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    # A session the day before, with the widest cells a row has, beside the rested day.
    begun = datetime.now(UTC) - timedelta(days=1)
    record = repository.start_session(_plan(), SessionSource.PLAYER, begun, pain_before=10)
    assert record.id is not None
    for number, outcome in ((1, SetOutcome.DONE), (2, SetOutcome.STOPPED)):
        repository.record_set(
            record.id,
            SetRecord(
                exercise_id="bridge",
                set_number=number,
                side=Side.BOTH,
                outcome=outcome,
                pain=7 if outcome is SetOutcome.STOPPED else None,
                reps_done=3,
                ended_at=begun + timedelta(minutes=number),
            ),
        )
    repository.finish_session(
        record.id,
        SessionStatus.ENDED_EARLY,
        begun + timedelta(minutes=3),
        SessionFeedback(pain_after=10, difficulty=Difficulty.RIGHT),
    )
    services.stop_for_today(repository, 8, datetime.now(UTC), SessionSource.PLAYER)


def _row_of(output: str, day: str) -> list[str]:
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(day))
    # A wrapped cell goes on in the lines under its row, up to the next row or the caption.
    rest = []
    for line in lines[start + 1 :]:
        if line[:4].isdigit() or line.startswith("Time:"):
            break
        rest.append(line)
    return [lines[start], *rest]


def test_a_rested_day_shows_dashes_and_stopped_for_a_flare(
    repository: Repository, store_env: dict[str, str]
) -> None:
    _rested_day_and_a_session(repository)

    result = CliRunner().invoke(app, ["history"], env={**store_env, "COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    today = datetime.now(UTC).astimezone().strftime("%Y-%m-%d")
    (row,) = _row_of(result.output, today)
    assert row.split() == [
        today,
        "-",
        "-",
        "-",
        "8",
        "→",
        "-",
        "→",
        "-",
        "-",
        *["stopped", "for", "a", "flare"],
    ]
    assert "0 of 0" not in result.output


def test_the_table_still_fits_80_columns_with_a_rested_day(
    repository: Repository, store_env: dict[str, str]
) -> None:
    _rested_day_and_a_session(repository)

    result = CliRunner().invoke(app, ["history"], env={**store_env, "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert max(len(line) for line in result.output.splitlines()) <= 80
    today = datetime.now(UTC).astimezone().strftime("%Y-%m-%d")
    words = " ".join(" ".join(_row_of(result.output, today)).split())
    assert words.endswith("stopped for a flare")
    assert "1 + 1 stopped" in result.output  # the other row's cells stay whole
    assert "10 → 10 → -" in result.output


def test_the_json_keeps_the_stored_status(
    repository: Repository, store_env: dict[str, str]
) -> None:
    _rested_day_and_a_session(repository)

    listed = json.loads(CliRunner().invoke(app, ["history", "--json"], env=store_env).output)
    assert [s["status"] for s in listed] == ["ended-early", "rested"]


def test_every_status_has_words() -> None:
    assert [status_words(s) for s in SessionStatus] == [
        "in progress",
        "completed",
        "ended early",
        "stopped for a flare",
    ]
