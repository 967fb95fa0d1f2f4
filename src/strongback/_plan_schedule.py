"""When: the weekdays a person's plan strengthens on, and those it has stretches on.

Private to the planner, which re-exports its public names. The one source of the week's layout:
the planner takes each day's kind from it (`planner.build_session`), and progress measures
adherence against it (`progress.Target`), so what a person is asked to do is what was planned for
them, never the days they chose: a beginner who asks for five strengthening days is planned three
(`STRENGTH_DAY_CAPS`), and three are what a week of theirs asks for.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from strongback._plan_refusal import PlanWithheld, check_plan_allowed
from strongback._plan_select import BACK_REGIONS, STRENGTH_DAY_CAPS, limits_for
from strongback.catalog import Catalog, Exercise
from strongback.plan import DayKind
from strongback.profile import Profile
from strongback.safety import Screening

#: Strengthening days (0 = Monday) by how many there are, spread over the week so that muscles
#: rest in between: no two in a row up to three, then as few back-to-back days as the week allows
#: (four leave only Sunday to Monday; five need three pairs however they are laid out).
STRENGTH_DAYS: dict[int, tuple[int, ...]] = {
    1: (0,),
    2: (0, 3),
    3: (0, 2, 4),
    4: (0, 2, 4, 6),
    5: (0, 1, 3, 4, 6),
}
#: Every day has stretches: the daily routine on stretching days, the warm-up on the others.
EVERY_DAY: tuple[int, ...] = tuple(range(7))

Weekday = Annotated[int, Field(ge=0, le=6)]


class WeekSchedule(BaseModel):
    """The weekdays (0 = Monday) of a person's week as the planner lays it out."""

    model_config = ConfigDict(frozen=True)

    strength_days: tuple[Weekday, ...] = Field(description="Days with strengthening.")
    stretch_days: tuple[Weekday, ...] = Field(description="Days with stretches.")

    def kind(self, day: date) -> DayKind:
        return DayKind.FULL if day.weekday() in self.strength_days else DayKind.STRETCH


#: The week of a person whose plan is withheld until a clinician has seen them.
NOTHING_PLANNED = WeekSchedule(strength_days=(), stretch_days=())


def strength_days(profile: Profile) -> tuple[int, ...]:
    """The weekdays (0 = Monday) of strengthening: as many as the person chose, up to what their
    experience recovers from (`STRENGTH_DAY_CAPS`); the other days are stretching days."""
    return STRENGTH_DAYS[min(profile.days_per_week, STRENGTH_DAY_CAPS[profile.experience])]


def day_kind(profile: Profile, day: date) -> DayKind:
    """Strengthening on the `strength_days`, stretching every other day (before the catalog has
    its say: see `schedule_of`)."""
    if day.weekday() in strength_days(profile):
        return DayKind.FULL
    return DayKind.STRETCH


def schedule_of(profile: Profile, usable: Sequence[Exercise]) -> WeekSchedule:
    """The week from the exercises the person's limits allow (`usable`): strengthening on the
    `strength_days` when some strengthening exercise fits, else every day is a stretching day;
    stretches every day when some back stretch fits (the planner picks its stretches among
    those), else none."""
    strengthens = any(e.strengthens for e in usable)
    stretches = any(e.kind.stretches and BACK_REGIONS & set(e.regions) for e in usable)
    return WeekSchedule(
        strength_days=strength_days(profile) if strengthens else (),
        stretch_days=EVERY_DAY if stretches else (),
    )


def week_schedule(profile: Profile, screening: Screening, catalog: Catalog) -> WeekSchedule:
    """The week the planner lays out for the person, from their answers and the catalog; nothing
    while the screening or the answers withhold the plan (`check_plan_allowed`)."""
    try:
        check_plan_allowed(profile, screening)
    except PlanWithheld:
        return NOTHING_PLANNED
    limits = limits_for(profile)
    return schedule_of(profile, [e for e in catalog if limits.allows(e)])


__all__ = [
    "EVERY_DAY",
    "NOTHING_PLANNED",
    "STRENGTH_DAYS",
    "WeekSchedule",
    "Weekday",
    "day_kind",
    "schedule_of",
    "strength_days",
    "week_schedule",
]
