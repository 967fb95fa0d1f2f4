"""A set the camera coached, as plain data: what the coach counted, and the set record it becomes.

The camera coach (`strongback.coach`, which re-exports both names) produces a `CoachSummary` at
the end of a set; the web API rebuilds one from the browser's message. Where the set is saved is a
use case (`services.record_coached_set`), which must not import the camera adapter: so the shape
and its mapping to a `SetRecord` live here, in the core, free of MediaPipe and OpenCV.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from strongback.records import SetOutcome, SetRecord, Side


@dataclass(frozen=True)
class CoachSummary:
    """What the camera counted in one set."""

    reps: int
    holds: tuple[float, ...]
    form: dict[str, int]  # each piece of feedback and how often it was given
    seconds: float = 0.0  # from the first frame to the last: how long the set took

    @property
    def longest_hold(self) -> float | None:
        return max(self.holds, default=None)


def set_record(
    exercise_id: str,
    summary: CoachSummary,
    *,
    set_number: int,
    ended_at: datetime,
    side: Side = Side.BOTH,
) -> SetRecord:
    """A coached set, recorded like any other: reps done, and the longest hold for holds."""
    said = "; ".join(summary.form)
    return SetRecord(
        exercise_id=exercise_id,
        set_number=set_number,
        side=side,
        reps_done=summary.reps,
        hold_seconds_done=summary.longest_hold,
        outcome=SetOutcome.DONE,
        reason=f"camera coach: {said}" if said else None,
        ended_at=ended_at,
    )


__all__ = ["CoachSummary", "set_record"]
