"""How long the parts of a session take: the one set of numbers the planner and the timeline share.

The planner estimates a session's length from these constants (`planner.estimate_seconds`) and the
session timeline plays the same steps for the same durations, so the time a plan promises is the
time the player takes. Pure constants; no I/O.
"""

from __future__ import annotations

from typing import Final

from strongback.catalog import Sides

INTRO_SECONDS: Final = 8
"""Showing (and saying) the exercise's name and its first cue before it starts."""

GET_READY_SECONDS: Final = 5
"""The countdown before the first set of an exercise."""

TRANSITION_SECONDS: Final = 15
"""Changing position between exercises (e.g. from lying on the back to all fours, or getting up)."""

DEFAULT_REP_SECONDS: Final = 3.0
"""One moving repetition when the exercise gives neither a hold nor a tempo."""

HOLD_MOVE_SECONDS: Final = 2.0
"""Moving into and out of a held position, added to each held repetition."""

SIDE_SWITCH_SECONDS: Final = 5
"""Switching to the other side within a set, for exercises done on each side in turn."""

SIDE_FACTOR: Final[dict[Sides, int]] = {
    Sides.BOTH: 1,
    # The catalog counts reps per side for one-sided work, whether the sides come in two blocks
    # (each) or take turns (alternating), so both mean twice the repetitions.
    Sides.EACH: 2,
    Sides.ALTERNATING: 2,
}


def rep_seconds(hold_seconds: int | None, tempo_seconds: float | None) -> float:
    """Seconds one repetition takes: a hold plus moving in and out, a paced move, or the default."""
    if hold_seconds is not None:
        return hold_seconds + HOLD_MOVE_SECONDS
    if tempo_seconds is not None:
        return tempo_seconds
    return DEFAULT_REP_SECONDS
