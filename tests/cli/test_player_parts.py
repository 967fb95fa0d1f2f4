"""The player's small parts: clocks, the voice adapter, and `strongback history`."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from strongback.catalog import Dosage, Kind, Position, Sides
from strongback.cli import voice
from strongback.cli.app import app
from strongback.cli.history_commands import history_sets, saved_sets
from strongback.cli.player import TerminalKeys, split_keys
from strongback.clock import AcceleratedClock, MonotonicClock, clock_for
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.store import Repository


class SteppedClock:
    speed = 1.0

    def __init__(self) -> None:
        self.t = 50.0

    def now(self) -> float:
        return self.t


def test_the_accelerated_clock_runs_speed_times_faster() -> None:
    base = SteppedClock()
    clock = AcceleratedClock(50, base)
    start = clock.now()
    base.t += 2
    assert clock.now() - start == pytest.approx(100)
    assert clock.speed == 50
    with pytest.raises(ValueError, match="above 0"):
        AcceleratedClock(0)


def test_clock_for_speed_one_is_the_plain_monotonic_clock() -> None:
    assert isinstance(clock_for(1), MonotonicClock)
    assert isinstance(clock_for(20), AcceleratedClock)
    monotonic = MonotonicClock()
    assert monotonic.now() <= monotonic.now()


def test_voice_without_espeak_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(voice.shutil, "which", lambda _name: None)
    speaker, message = voice.make_speaker(True)
    assert isinstance(speaker, voice.SilentSpeaker)
    assert message is not None
    assert "apt install espeak-ng" in message


def test_no_voice_asked_no_message() -> None:
    speaker, message = voice.make_speaker(False)
    assert isinstance(speaker, voice.SilentSpeaker)
    assert message is None


def test_speaking_never_blocks_and_a_new_cue_cuts_the_old_one() -> None:
    speaker = voice.EspeakSpeaker("sleep")  # stands in for espeak-ng: 'sleep -s 150 -- text'
    started = time.perf_counter()
    speaker.say("first")
    speaker.say("second")
    assert time.perf_counter() - started < 1
    speaker.close()
    voice.EspeakSpeaker("/no/such/program").say("a missing program is not an error")


@pytest.mark.parametrize(
    ("burst", "keys"),
    [
        ("p7\r", ["p", "7", "\r"]),
        ("p7\n", ["p", "7", "\n"]),
        ("7\r\n", ["7", "\r"]),  # Return and line feed together are one Enter
        ("7\r\r", ["7", "\r", "\r"]),
        ("10\rs", ["1", "0", "\r", "s"]),
        ("\x1b[A7", ["\x1b", "7"]),  # an arrow key is one Escape, and the key after it counts
        ("\x1b[1;5Cq", ["\x1b", "q"]),
        ("\x1bOPn", ["\x1b", "n"]),
        ("\x1bq", ["\x1b"]),  # Alt-q is not a quit
        ("\x1b", ["\x1b"]),
        ("", []),
    ],
)
def test_a_burst_of_input_splits_into_every_key_in_order(burst: str, keys: list[str]) -> None:
    assert split_keys(burst) == keys


@pytest.fixture
def pipe() -> Iterator[tuple[int, int]]:
    read_end, write_end = os.pipe()
    yield read_end, write_end
    os.close(read_end)
    os.close(write_end)


def test_terminal_keys_hand_out_every_key_of_one_read(pipe: tuple[int, int]) -> None:
    read_end, write_end = pipe
    keys = TerminalKeys(read_end)
    assert keys.read(0) is None
    os.write(write_end, b"p7\r")
    assert [keys.read(0), keys.read(0), keys.read(0), keys.read(0)] == ["p", "7", "\r", None]
    # A character split across two reads still arrives whole.
    os.write(write_end, "é".encode()[:1])
    assert keys.read(0) is None
    os.write(write_end, "é".encode()[1:] + b"d")
    assert [keys.read(0), keys.read(0)] == ["é", "d"]


def _set(number: int, outcome: SetOutcome, pain: int | None = None) -> SetRecord:
    return SetRecord(
        exercise_id="bridge",
        set_number=number,
        outcome=outcome,
        pain=pain,
        ended_at=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
    )


def test_the_goodbye_and_history_count_sets_the_same_way() -> None:
    pain_stop = [_set(1, SetOutcome.STOPPED, pain=7)]
    assert saved_sets(pain_stop) == "0 sets done, 1 stopped for pain"
    assert history_sets(pain_stop) == "0 + 1 stopped"
    mixed = [
        _set(1, SetOutcome.DONE),
        _set(2, SetOutcome.SKIPPED),
        _set(3, SetOutcome.STOPPED),
        _set(4, SetOutcome.STOPPED, pain=6),
    ]
    assert saved_sets(mixed) == (
        "1 set done, 1 stopped for pain, 1 stopped when the session ended, 1 partly skipped"
    )
    assert history_sets(mixed) == "1 + 2 stopped"
    assert saved_sets([]) == "0 sets done"
    assert history_sets([_set(1, SetOutcome.DONE), _set(2, SetOutcome.DONE)]) == "2"


def _plan() -> SessionPlan:
    exercise = PlannedExercise(
        exercise_id="bridge",
        name="Bridge",
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=Position.SUPINE,
        sides=Sides.BOTH,
        dosage=Dosage(sets=2, reps=10, hold_seconds=5),
        estimated_seconds=180,
        why="test",
        sources=["test"],
    )
    return SessionPlan(
        day=date(2026, 1, 5),
        kind=DayKind.FULL,
        exercises=[exercise],
        estimated_seconds=180,
        minutes_budget=10,
    )


def test_history_lists_sessions_as_a_table_and_as_json(
    repository: Repository, store_env: dict[str, str]
) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    record = repository.start_session(_plan(), SessionSource.PLAYER, start, pain_before=4)
    assert record.id is not None
    repository.record_set(
        record.id,
        SetRecord(
            exercise_id="bridge",
            set_number=1,
            side=Side.BOTH,
            reps_done=10,
            hold_seconds_done=5,
            ended_at=start + timedelta(minutes=1),
        ),
    )
    repository.record_set(
        record.id,
        SetRecord(
            exercise_id="bridge",
            set_number=2,
            outcome=SetOutcome.STOPPED,
            reason="Stopped for pain 7/10, dull.",
            pain=7,
            reps_done=3,
            ended_at=start + timedelta(minutes=2),
        ),
    )
    repository.finish_session(
        record.id,
        SessionStatus.ENDED_EARLY,
        start + timedelta(minutes=2, seconds=30),
        SessionFeedback(pain_after=5, difficulty=Difficulty.TOO_HARD),
    )
    runner = CliRunner()

    table = runner.invoke(app, ["history"], env=store_env)
    assert table.exit_code == 0, table.output
    assert "2:30" in table.output
    assert "4 → 5 → -" in table.output
    assert "1 + 1 stopped" in table.output
    assert "Sets: done + stopped" in table.output
    assert "too hard" in table.output
    assert "ended early" in table.output

    result = runner.invoke(app, ["history", "--json"], env=store_env)
    assert result.exit_code == 0, result.output
    (session,) = json.loads(result.output)
    assert session["duration_seconds"] == 150
    assert (session["sets_done"], session["sets_recorded"], session["exercises_done"]) == (1, 2, 1)
    assert session["sets_stopped"] == 1
    assert session["sets"][1]["outcome"] == "stopped"
    assert session["sets"][1]["pain"] == 7


def test_history_lists_the_newest_first_and_the_json_the_oldest_first(
    repository: Repository, store_env: dict[str, str]
) -> None:
    """The table reads as the browser's progress page does; the JSON keeps the API's order."""
    for day, pain in ((5, 2), (6, 3), (7, 4)):
        begun = datetime(2026, 1, day, 9, 0, tzinfo=UTC)
        record = repository.start_session(_plan(), SessionSource.PLAYER, begun, pain_before=pain)
        assert record.id is not None
        repository.finish_session(
            record.id, SessionStatus.COMPLETED, begun + timedelta(minutes=5), SessionFeedback()
        )
    runner = CliRunner()

    table = runner.invoke(app, ["history"], env={**store_env, "COLUMNS": "120"})
    assert table.exit_code == 0, table.output
    assert "Your sessions, newest first" in table.output
    rows = [line for line in table.output.splitlines() if line.startswith("2026-")]
    assert [row.split()[0] for row in rows] == ["2026-01-07", "2026-01-06", "2026-01-05"]

    listed = json.loads(runner.invoke(app, ["history", "--json"], env=store_env).output)
    assert [s["pain_before"] for s in listed] == [2, 3, 4]
    assert "oldest first" in runner.invoke(app, ["history", "--help"], env=store_env).output


def test_history_without_sessions_says_how_to_start(store_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["history"], env=store_env)
    assert result.exit_code == 0
    assert "strongback start" in result.output
    assert json.loads(CliRunner().invoke(app, ["history", "--json"], env=store_env).output) == []


def test_history_shows_the_next_day_check_within_eighty_columns(
    repository: Repository, store_env: dict[str, str]
) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    record = repository.start_session(_plan(), SessionSource.PLAYER, start, pain_before=10)
    assert record.id is not None
    for number in (1, 2):
        repository.record_set(
            record.id, _set(number, SetOutcome.STOPPED if number == 2 else SetOutcome.DONE, 7)
        )
    repository.finish_session(
        record.id,
        SessionStatus.ENDED_EARLY,
        start + timedelta(minutes=12, seconds=30),
        SessionFeedback(pain_after=10, difficulty=Difficulty.TOO_HARD),
    )
    repository.set_next_day_pain(record.id, 10, at=start + timedelta(days=1))
    result = CliRunner().invoke(app, ["history"], env={**store_env, "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "10 → 10 → 10" in result.output
    assert "1 + 1 stopped" in result.output
    assert "…" not in result.output  # nothing cut short
    assert max(len(line) for line in result.output.splitlines()) <= 80
    (session,) = json.loads(CliRunner().invoke(app, ["history", "--json"], env=store_env).output)
    assert session["next_day_pain"] == 10


@pytest.mark.parametrize(
    "env",
    [
        {"STRONGBACK_DATABASE_URL": "garbage"},
        {"STRONGBACK_HOME": "/proc/nope", "STRONGBACK_DATABASE_URL": ""},
    ],
)
@pytest.mark.parametrize("as_json", [[], ["--json"]])
def test_history_with_a_store_that_cannot_be_opened_says_so_without_a_traceback(
    env: dict[str, str], as_json: list[str]
) -> None:
    result = CliRunner().invoke(app, ["history", *as_json], env=env)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "error: could not open your data" in result.output
    assert "Traceback" not in result.output


def _one_exercise_plan(exercise_id: str, name: str) -> SessionPlan:
    plan = _plan()
    only = plan.exercises[0].model_copy(update={"exercise_id": exercise_id, "name": name})
    return plan.model_copy(update={"exercises": [only]})


def _two_exercise_plan() -> SessionPlan:
    plan = _plan()
    second = plan.exercises[0].model_copy(update={"exercise_id": "superman", "name": "Superman"})
    return plan.model_copy(update={"exercises": [plan.exercises[0], second]})


def test_history_names_one_exercise_sessions_and_where_they_came_from(
    repository: Repository, store_env: dict[str, str]
) -> None:
    start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    one_each = [
        (_one_exercise_plan("bridge", "Bridge"), SessionSource.CAMERA, timedelta(0)),
        (_one_exercise_plan("superman", "Superman"), SessionSource.CAMERA, timedelta(0)),
        (_one_exercise_plan("bridge", "Bridge"), SessionSource.LOG, timedelta(minutes=3)),
        (_plan(), SessionSource.PLAYER, timedelta(minutes=12, seconds=5)),
        # The day's plan, started by a camera set (with the source of the player to go on).
        (_two_exercise_plan(), SessionSource.PLAYER, timedelta(minutes=9)),
        (_two_exercise_plan(), SessionSource.LOG, timedelta(minutes=8)),
    ]
    for number, (plan, source, length) in enumerate(one_each):
        begun = start + timedelta(hours=number)
        record = repository.start_session(plan, source, begun)
        assert record.id is not None
        repository.record_set(record.id, _set(1, SetOutcome.DONE))
        repository.finish_session(
            record.id, SessionStatus.COMPLETED, begun + length, SessionFeedback()
        )

    result = CliRunner().invoke(app, ["history"], env={**store_env, "COLUMNS": "120"})

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if "Date" in line)
    assert "Time" in header
    assert "Mins" not in header
    assert "Time: min:sec." in result.output
    # Newest first, as the browser's progress page lists them.
    rows = [line for line in lines if line.startswith("2026-")][::-1]
    assert len(rows) == 6
    assert "Bridge (camera)" in rows[0]
    assert "Superman (camera)" in rows[1]
    assert "Bridge (logged)" in rows[2]
    assert "3:00" in rows[2]
    assert "12:05" in rows[3]
    assert "1 of 1" in rows[3]  # a played session counts what was done, not where it came from
    assert "0:00" not in result.output  # a camera set's own session has no known length
    # The day's plan, started by a camera set and played on: as planned.
    assert "1 of 2" in rows[4]
    assert "camera" not in rows[4]
    assert "1 of 2 (logged)" in rows[5]
