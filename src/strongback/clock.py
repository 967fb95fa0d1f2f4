"""Clocks for the players: the monotonic clock, and an accelerated one for fast test sessions.

A player never asks the time itself; it is handed a `Clock`, so tests can pass a fake one that
jumps, and `strongback start --speed N` (hidden, for tests and benchmarks) an accelerated one.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    @property
    def speed(self) -> float:
        """Clock seconds per real second: turns a wait in clock time into a real timeout."""
        ...

    def now(self) -> float:
        """Seconds on a monotonic scale (never goes back; unrelated to the wall clock)."""
        ...


class MonotonicClock:
    speed = 1.0

    def now(self) -> float:
        return time.monotonic()


class AcceleratedClock:
    """Runs `speed` times faster than `base`: a 30-minute session plays in 36 s at speed 50."""

    def __init__(self, speed: float, base: Clock | None = None) -> None:
        if speed <= 0:
            raise ValueError(f"speed must be above 0, not {speed}")
        self._base = base if base is not None else MonotonicClock()
        self._speed = speed
        self._origin = self._base.now()

    @property
    def speed(self) -> float:
        return self._speed * self._base.speed

    def now(self) -> float:
        return self._origin + (self._base.now() - self._origin) * self._speed


def clock_for(speed: float = 1.0) -> Clock:
    return MonotonicClock() if speed == 1 else AcceleratedClock(speed)
