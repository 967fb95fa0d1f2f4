"""What happened in a session: each set as it ended, and the person's answers around it.

Pure data written by both players and by `strongback log`, kept by the store, read by progression
and progress.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from strongback.plan import SessionPlan


class Side(StrEnum):
    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"


class SetOutcome(StrEnum):
    DONE = "done"
    SKIPPED = "skipped"
    STOPPED = "stopped"  # stopped for pain or by the person


class Difficulty(StrEnum):
    TOO_EASY = "too-easy"
    RIGHT = "right"
    TOO_HARD = "too-hard"


class SetRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    exercise_id: str
    set_number: int = Field(ge=1)
    side: Side = Side.BOTH
    reps_done: int | None = Field(default=None, ge=0)
    hold_seconds_done: float | None = Field(default=None, ge=0)
    outcome: SetOutcome = SetOutcome.DONE
    reason: str | None = None  # why it was skipped or stopped, in the person's or the rule's words
    pain: int | None = Field(default=None, ge=0, le=10)  # pain reported during this set
    ended_at: datetime

    @property
    def key(self) -> tuple[str, int, Side]:
        """Which set of the session this is: (exercise, set number, side), as `Step.set_key`."""
        return (self.exercise_id, self.set_number, self.side)


class SessionFeedback(BaseModel):
    """The answers around a session; any may be missing (skipped question, session cut short)."""

    model_config = ConfigDict(frozen=True)

    pain_before: int | None = Field(default=None, ge=0, le=10)
    pain_after: int | None = Field(default=None, ge=0, le=10)
    difficulty: Difficulty | None = None
    next_day_pain: int | None = Field(default=None, ge=0, le=10)
    next_day_pain_at: AwareDatetime | None = Field(
        default=None,
        description=(
            "When the next-day pain was given, which may be days after the session: pain is read "
            "in the order it was given. None for an answer given before strongback kept it."
        ),
    )


class SessionSource(StrEnum):
    PLAYER = "player"  # the terminal player
    WEB = "web"  # the browser player
    LOG = "log"  # entered afterwards with `strongback log`
    CAMERA = "camera"  # one set coached by the camera, outside any planned session


class SessionStatus(StrEnum):
    IN_PROGRESS = "in-progress"  # may be resumed
    COMPLETED = "completed"
    ENDED_EARLY = "ended-early"  # quit, or ended after pain
    # Stopped for today before anything played, for pain at a flare's level: no set, no exercise
    # planned, and `pain_before` the reading, so the flare and the usual pain read it as any other.
    RESTED = "rested"


class SessionRecord(BaseModel):
    """One session as stored: the plan it followed, every set recorded so far, and the answers."""

    model_config = ConfigDict(frozen=True)

    id: int | None = None
    plan: SessionPlan
    source: SessionSource
    status: SessionStatus = SessionStatus.IN_PROGRESS
    started_at: datetime
    ended_at: datetime | None = None
    resume_step: int = Field(default=0, ge=0, description="Timeline step to resume from.")
    sets: list[SetRecord] = Field(default_factory=list)
    feedback: SessionFeedback = Field(default_factory=SessionFeedback)

    @property
    def camera_practice(self) -> bool:
        """A set the camera coached outside the day's session, saved as a session of its own: it
        shows in history, but it is neither the day's session nor a step of the dose."""
        return self.source is SessionSource.CAMERA


class NotFound(LookupError):
    """No session with that id (it never existed, or it was forgotten).

    Defined with the records, not in the store, so the use cases that look a session up raise the
    same error as the store does: one `except NotFound` (`strongback.store` re-exports it) words
    it, whoever noticed first.
    """
