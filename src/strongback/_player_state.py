"""What a player shows: its status, the state of one moment (`SessionPlayer.state`) and how far
the exercise and the session have come.

Private to `strongback.session_player`, which re-exports the status and the state.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from strongback._session_stops import PainReport
from strongback.records import SetOutcome, SetRecord
from strongback.timeline import Step, Timeline


class PlayerStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    PAIN_STOP = "pain-stop"  # the exercise stopped for pain: go on past it, or end
    FINISHED = "finished"  # the whole timeline played
    ENDED = "ended"  # ended early by the person

    @property
    def over(self) -> bool:
        return self in (PlayerStatus.FINISHED, PlayerStatus.ENDED)


class PlayerState(BaseModel):
    """What a player shows at one moment."""

    model_config = ConfigDict(frozen=True)

    status: PlayerStatus
    step: Step
    next_step: Step | None
    elapsed_seconds: float  # in the current step, pauses excluded
    remaining_seconds: float | None  # None for an until-done step
    exercise_progress: float  # 0..1 of the current exercise's planned time
    session_progress: float  # 0..1 of the session's planned time
    pain_stop: PainReport | None = None
    # At a pain stop, the step that going on plays (the next exercise not stopped for pain);
    # None when nothing is left, so that going on finishes the session.
    going_on_to: Step | None = None
    # Every set the session holds, from earlier sittings too, as the store holds them: what the
    # players count, so a resumed session's counts agree with its history.
    sets: tuple[SetRecord, ...] = ()

    @property
    def sets_recorded(self) -> int:
        return len(self.sets)

    @property
    def sets_done(self) -> int:
        """Of the sets recorded, the ones done in full (not stopped or skipped)."""
        return sum(1 for s in self.sets if s.outcome is SetOutcome.DONE)


def progress(
    timeline: Timeline, offsets: Sequence[float], index: int, done_in_step: float
) -> tuple[float, float]:
    """How far the exercise and the session have come (0 to 1 of their planned time) with
    `done_in_step` seconds of step `index` done; `offsets` are the timeline's `starts()`."""
    at = offsets[index] + done_in_step
    total = timeline.total_seconds
    session = min(1.0, at / total) if total else 1.0
    number = timeline.steps[index].exercise_index
    if number is None:
        return 1.0, session
    span = timeline.exercise_span(number)
    first = offsets[span.start]
    last = offsets[span.stop - 1] + timeline.steps[span.stop - 1].estimated_seconds
    if last <= first:
        return 1.0, session
    return min(1.0, (at - first) / (last - first)), session
