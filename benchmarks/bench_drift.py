"""Timing drift of the terminal player on the real monotonic clock.

Plays a short session on an accelerated clock through the real player loop (headless console, no
keys) while every redraw is made artificially slow, as on a sluggish terminal, and measures when
each step was announced against its planned start. Deadlines are absolute, so slow redraws must
not add up: the session has to end within `TARGET_END_MS` of its planned length (in session time).

Knobs: STRONGBACK_BENCH_SPEED (default 10), STRONGBACK_BENCH_RENDER_MS (default 30).
"""

from __future__ import annotations

import io
import os
import time
from datetime import UTC, date, datetime

TARGET_END_MS = 50.0


class _NoKeys:
    def read(self, timeout: float) -> str | None:
        time.sleep(timeout)
        return None


class _StopwatchSpeaker:
    """Notes the clock time at which each step is announced, i.e. when the screen changes."""

    def __init__(self, clock: object) -> None:
        self.clock = clock
        self.times: list[float] = []

    def say(self, text: str) -> None:
        self.times.append(self.clock.now())  # type: ignore[attr-defined]

    def close(self) -> None:
        pass


def _plan() -> object:
    from strongback.catalog import Dosage, Kind, Position, Sides
    from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan

    def planned(exercise_id: str, position: Position, sides: Sides, **dosage: float) -> object:
        return PlannedExercise(
            exercise_id=exercise_id,
            name=exercise_id,
            kind=Kind.STRENGTH,
            phase=Phase.STRENGTHEN,
            position=position,
            sides=sides,
            dosage=Dosage.model_validate(dosage),
            estimated_seconds=0,
            why="benchmark",
            sources=["benchmark"],
        )

    return SessionPlan(
        day=date(2026, 1, 5),
        kind=DayKind.FULL,
        exercises=[
            planned("bridge", Position.SUPINE, Sides.BOTH, sets=1, reps=3, hold_seconds=5),
            planned("bird-dog", Position.QUADRUPED, Sides.EACH, sets=1, reps=2, hold_seconds=4),
            planned("cat-cow", Position.QUADRUPED, Sides.BOTH, sets=1, reps=6, tempo_seconds=2),
        ],
        estimated_seconds=0,
        minutes_budget=5,
    )


def main() -> int:
    from rich.console import Console

    import strongback.cli.player as player_module
    from strongback.cli.player import PlayerHooks, TerminalPlayer, render_view
    from strongback.clock import AcceleratedClock
    from strongback.session_player import SessionPlayer
    from strongback.timeline import build_timeline

    speed = float(os.environ.get("STRONGBACK_BENCH_SPEED", "10"))
    render_ms = float(os.environ.get("STRONGBACK_BENCH_RENDER_MS", "30"))

    def slow_render(*args: object, **kwargs: object) -> object:
        time.sleep(render_ms / 1000)
        return render_view(*args, **kwargs)  # type: ignore[arg-type]

    player_module.render_view = slow_render  # type: ignore[assignment]
    timeline = build_timeline(_plan())  # type: ignore[arg-type]
    clock = AcceleratedClock(speed)
    speaker = _StopwatchSpeaker(clock)
    machine = SessionPlayer(timeline, now=clock.now(), started_at=datetime.now(UTC))
    start = clock.now()
    records: list[object] = []
    player = TerminalPlayer(machine, clock, _NoKeys(), PlayerHooks(records.append), speaker)
    real_start = time.perf_counter()
    player.run(Console(file=io.StringIO(), width=80), fullscreen=False)
    real_seconds = time.perf_counter() - real_start

    planned = [start + offset for offset in timeline.starts()]
    lateness_ms = [(said - due) * 1000 for said, due in zip(speaker.times, planned, strict=True)]
    end_error_ms = lateness_ms[-1]
    print(
        f"session of {timeline.total_seconds:.0f} s played at speed {speed:g} in "
        f"{real_seconds:.2f} s real time, each redraw slowed by {render_ms:g} ms"
    )
    print(f"steps: {len(timeline)}, sets recorded: {len(records)}")
    print(
        f"step start lateness (session ms): max {max(lateness_ms):.1f}, "
        f"mean {sum(lateness_ms) / len(lateness_ms):.1f}"
    )
    met = abs(end_error_ms) <= TARGET_END_MS
    print(
        f"end: {end_error_ms:+.1f} ms from the planned length "
        f"(target within {TARGET_END_MS:g} ms): {'met' if met else 'MISSED'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
