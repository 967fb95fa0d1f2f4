from __future__ import annotations

import math
import random
import statistics

import pytest

from strongback.coach._smoothing import OneEuroFilter, SmoothedSignal


def test_a_still_signal_loses_its_jitter() -> None:
    rng = random.Random(8)
    smooth = OneEuroFilter()
    raw = [90 + rng.uniform(-3, 3) for _ in range(300)]
    out = [smooth.update(i / 30, v) for i, v in enumerate(raw)]
    assert statistics.pstdev(out[100:]) < statistics.pstdev(raw[100:]) / 2


def test_a_movement_is_followed_with_little_lag() -> None:
    smooth = OneEuroFilter()
    values = [smooth.update(i / 30, 90 + 60 * math.sin(i / 30 * math.pi)) for i in range(60)]
    # Half a second into a one-second sweep the filter is within a few degrees of the signal.
    assert values[15] == pytest.approx(150, abs=8)


def test_a_gap_resets_the_filter_so_the_old_value_does_not_leak() -> None:
    signal = SmoothedSignal(gap_seconds=0.5)
    for i in range(30):
        signal.update(i / 30, 90.0)
    assert signal.update(1.0, None) is None
    assert signal.update(2.0, 170.0) == 170.0  # after a gap: the new value as it is


def test_time_going_backwards_restarts_cleanly() -> None:
    smooth = OneEuroFilter()
    smooth.update(1.0, 10.0)
    assert smooth.update(0.5, 50.0) == 50.0
