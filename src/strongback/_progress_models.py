"""The progress summary's data: what goes in (targets, function ratings) and what comes out.

Private to `strongback.progress`, which re-exports every public name here and computes the values.
These models are the one shape the terminal, `--json`, the charts and the web all show.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from strongback._plan_schedule import EVERY_DAY, STRENGTH_DAYS, Weekday, WeekSchedule
from strongback.plan import DayKind
from strongback.records import Difficulty, SessionSource, SessionStatus

#: Adherence windows shown in the summary.
RECENT_WEEKS = 4


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Target(_Frozen):
    """From `since` on, the week the planner lays out (`planner.week_schedule`): strengthening on
    `strength_days` and stretches on `stretch_days`, as weekdays (0 = Monday).

    Build it with `Target.following(since, schedule)`, never from the days the person chose: the
    planner caps those by experience. `days_per_week=N` is short for N strengthening days spread as
    the planner spreads them (`STRENGTH_DAYS[N]`), stretches every day: a count already planned.
    """

    since: date
    strength_days: tuple[Weekday, ...]
    stretch_days: tuple[Weekday, ...] = EVERY_DAY

    @classmethod
    def following(cls, since: date, schedule: WeekSchedule) -> Target:
        return cls(
            since=since, strength_days=schedule.strength_days, stretch_days=schedule.stretch_days
        )

    @model_validator(mode="before")
    @classmethod
    def _spread(cls, data: Any) -> Any:
        if not isinstance(data, dict) or "days_per_week" not in data:
            return data
        fields = dict(data)
        count = fields.pop("days_per_week")
        if count not in STRENGTH_DAYS:
            raise ValueError(f"days_per_week: {count} is not a number of days the plan spreads")
        return {**fields, "strength_days": STRENGTH_DAYS[count]}


class FunctionRating(_Frozen):
    """One PSFS rating: how well the person can do an activity they chose, 0 to 10."""

    day: date
    activity: str
    score: int = Field(ge=0, le=10)


# --- The summary ---------------------------------------------------------------------------------


class SessionPoint(_Frozen):
    id: int | None
    day: date
    kind: DayKind
    source: SessionSource
    status: SessionStatus
    pain_before: int | None
    pain_after: int | None
    next_day_pain: int | None
    difficulty: Difficulty | None
    sets_done: int


class PainTrend(_Frozen):
    readings: int = Field(
        description="Everyday pain readings: before sessions and next-day checks."
    )
    first: int | None
    latest: int | None
    baseline: float | None = Field(description="Mean of the first readings.")
    current: float | None = Field(
        description="Mean of the latest readings, once past the baseline."
    )
    change: float | None = Field(description="current - baseline; negative is better.")


class FunctionPoint(_Frozen):
    day: date
    score: float = Field(description="Mean of each activity's latest rating on that day.")
    activities: dict[str, int]


class FunctionTrend(_Frozen):
    points: list[FunctionPoint]
    baseline: float | None
    latest: float | None
    change: float | None = Field(description="latest - baseline; positive is better.")
    next_due: date = Field(description="When the activities should be rated (again).")


class WeekAdherence(_Frozen):
    start: date
    planned_sessions: int = Field(
        description="Strengthening sessions the week's plan holds, as the week's plan shows them: "
        "after the cap by experience, and none on the days before the first set-up."
    )
    done_sessions: int
    planned_stretch_days: int = Field(
        description="Days of the week whose plan has stretches, from the first set-up on."
    )
    stretch_days: int
    met: bool = Field(description="At least as many strengthening sessions as planned.")
    complete: bool = Field(description="The week is over (it ended before today).")


class Adherence(_Frozen):
    weeks: list[WeekAdherence] = Field(description="Oldest first, up to and including this week.")
    this_week: WeekAdherence | None
    recent_weeks: int = Field(
        default=0,
        description=f"Weeks with a plan among the last {RECENT_WEEKS}: the weeks measured below.",
    )
    recent_planned: int = Field(description=f"Planned sessions over the last {RECENT_WEEKS} weeks.")
    recent_done: int
    recent_percent: int | None


class Streaks(_Frozen):
    weeks: int = Field(description="Weeks in a row that met the plan, up to this week.")
    best_weeks: int
    days: int = Field(description="Days in a row with the stretches done, up to today.")
    best_days: int


class Measure(StrEnum):
    PAIN = "pain"
    FUNCTION = "function"


class Change(_Frozen):
    """A meaningful change in plain words."""

    measure: Measure
    improved: bool
    baseline: float
    current: float
    text: str


class ProgressSummary(_Frozen):
    today: date
    sessions: list[SessionPoint]
    pain: PainTrend
    function: FunctionTrend
    adherence: Adherence
    streaks: Streaks
    changes: list[Change]
    see_clinician: str | None = Field(description="Advice to see a clinician, when pain rises.")
    notes: list[str] = Field(description="Encouragement and reminders, in plain words.")
    plan_withheld: bool = Field(
        default=False,
        description="The screening sends the person to a clinician first: no targets are set "
        "and no session is suggested until then; past sessions are still shown.",
    )


__all__ = [
    "RECENT_WEEKS",
    "Adherence",
    "Change",
    "FunctionPoint",
    "FunctionRating",
    "FunctionTrend",
    "Measure",
    "PainTrend",
    "ProgressSummary",
    "SessionPoint",
    "Streaks",
    "Target",
    "WeekAdherence",
]
