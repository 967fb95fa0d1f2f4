"""What a set's record says was done: the reps and the hold the player saw, from the steps played.

Private to `strongback.session_player`, whose `SessionPlayer` records each set through
`set_record` as it ends, is cut short or stops. Pure: the steps played are passed in.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime

from strongback.records import SetOutcome, SetRecord, Side
from strongback.timeline import SetKey, Step, StepKind, Timeline


def set_steps(timeline: Timeline, key: SetKey) -> list[Step]:
    """Every step of one set (all its reps and sides), in order."""
    return [s for s in timeline.steps if s.set_key == key]


def set_record(
    timeline: Timeline,
    key: SetKey,
    *,
    full: Collection[int],
    achieved: Mapping[int, float],
    outcome: SetOutcome,
    reason: str | None,
    pain: int | None,
    ended_at: datetime,
) -> SetRecord:
    """The record of set `key`: `full`, the work steps played to the end (or marked done);
    `achieved`, the seconds each hold step held. Only what was seen done is credited."""
    steps = set_steps(timeline, key)
    if steps[0].until_done:
        reps = (steps[0].reps or 0) if steps[0].index in full else 0
    elif key[2] is Side.BOTH and any(s.side is not Side.BOTH for s in steps):
        # Alternating reps are counted per side: a rep is done when both sides did it.
        reps = min(
            sum(1 for s in steps if s.side is side and s.index in full)
            for side in (Side.LEFT, Side.RIGHT)
        )
    else:
        reps = sum(1 for s in steps if s.index in full)
    hold: float | None = None
    if steps[0].kind is StepKind.HOLD:
        hold = round(max((achieved.get(s.index, 0.0) for s in steps), default=0.0), 1)
    return SetRecord(
        exercise_id=key[0],
        set_number=key[1],
        side=key[2],
        reps_done=reps,
        hold_seconds_done=hold,
        outcome=outcome,
        reason=reason,
        pain=pain,
        ended_at=ended_at,
    )
