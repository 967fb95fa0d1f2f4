"""The player's small parts: clocks, the voice adapter, and `strongback history`."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta

import pytest
from typer.testing import CliRunner

from strongback.catalog import Dosage, Kind, Position, Sides
from strongback.cli import voice
from strongback.cli.app import app
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
    assert "4 → 5" in table.output
    assert "too hard" in table.output
    assert "ended early" in table.output

    result = runner.invoke(app, ["history", "--json"], env=store_env)
    assert result.exit_code == 0, result.output
    (session,) = json.loads(result.output)
    assert session["duration_seconds"] == 150
    assert (session["sets_done"], session["sets_recorded"], session["exercises_done"]) == (1, 2, 1)
    assert session["sets"][1]["outcome"] == "stopped"
    assert session["sets"][1]["pain"] == 7


def test_history_without_sessions_says_how_to_start(store_env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["history"], env=store_env)
    assert result.exit_code == 0
    assert "strongback start" in result.output
    assert json.loads(CliRunner().invoke(app, ["history", "--json"], env=store_env).output) == []
