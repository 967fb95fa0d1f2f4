"""Smoothing of a signal over time: the One Euro filter (Casiez, Roussel and Vogel, CHI 2012).

Pose landmarks jitter by a few pixels from frame to frame. A fixed low-pass filter would either
leave that jitter or lag behind a real movement; the One Euro filter smooths hard while the signal
is still and follows quickly while it moves, which is what a rep counter needs. It works on the
frames' own timestamps, so a dropped frame or a slower camera does not change its behaviour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field


def _alpha(cutoff_hz: float, dt: float) -> float:
    tau = 1.0 / (2 * math.pi * cutoff_hz)
    return 1.0 / (1.0 + tau / dt)


@dataclass
class OneEuroFilter:
    """Call `update(t, value)` per frame; `reset()` after a gap so old values do not leak in.

    `min_cutoff_hz` sets the smoothing of a still signal, `beta` how fast the cutoff rises with
    speed. The defaults suit joint angles in degrees at 15 to 60 frames per second.
    """

    min_cutoff_hz: float = 1.5
    beta: float = 0.02
    derivative_cutoff_hz: float = 1.0
    _t: float | None = field(default=None, init=False)
    _value: float = field(default=0.0, init=False)
    _speed: float = field(default=0.0, init=False)

    def reset(self) -> None:
        self._t = None
        self._speed = 0.0

    def update(self, t: float, value: float) -> float:
        if self._t is None or t <= self._t:
            self._t, self._value, self._speed = t, value, 0.0
            return value
        dt = t - self._t
        speed = (value - self._value) / dt
        self._speed += _alpha(self.derivative_cutoff_hz, dt) * (speed - self._speed)
        cutoff = self.min_cutoff_hz + self.beta * abs(self._speed)
        self._value += _alpha(cutoff, dt) * (value - self._value)
        self._t = t
        return self._value


@dataclass
class SmoothedSignal:
    """A filter that forgets after `gap_seconds` without a value, so a return is not smeared."""

    filter: OneEuroFilter = field(default_factory=OneEuroFilter)
    gap_seconds: float = 0.5
    _last_t: float | None = field(default=None, init=False)

    def update(self, t: float, value: float | None) -> float | None:
        if value is None:
            return None
        if self._last_t is not None and t - self._last_t > self.gap_seconds:
            self.filter.reset()
        self._last_t = t
        return self.filter.update(t, value)
