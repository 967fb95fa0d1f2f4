"""What the planner hands out: a session of exercises with their doses and reasons, and a week.

Pure data shared by the planner (which builds it), the timeline (which times it), the store (which
keeps it) and the players, the handout and the API (which show it).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from strongback.catalog import Dosage, Equipment, Kind, Position, Sides
from strongback.catalog_words import DAY_KIND_LABELS


class Phase(StrEnum):
    STRETCH = "stretch"  # warm up and ease the painful areas first
    STRENGTHEN = "strengthen"


class DayKind(StrEnum):
    FULL = "full"  # stretches, then strengthening
    STRETCH = "stretch"  # the daily stretches only
    REST = "rest"

    @property
    def label(self) -> str:
        """In plain words, as every screen and printout says it: "Stretches only"."""
        return DAY_KIND_LABELS[self.value]


class ChangeKind(StrEnum):
    PROGRESS = "progress"  # a bigger dose or the harder variant
    HOLD = "hold"  # the same dose again
    STEP_BACK = "step-back"  # a smaller dose or the easier variant


class PlanChange(BaseModel):
    """What progression changed for one exercise since the last session, and why, in words."""

    model_config = ConfigDict(frozen=True)

    exercise_id: str = Field(description="The exercise as it was last done.")
    name: str
    change: ChangeKind
    reason: str
    rule_id: str
    sources: list[str] = Field(description="Where the rule comes from, by title or name.")


def dose_in_words(dosage: Dosage, sides: Sides) -> str:
    """A dose as a person says it, e.g. '2 sets of 10, hold 5 s, each side'."""
    sets = f"{dosage.sets} set{'s' if dosage.sets != 1 else ''}"
    if dosage.reps == 1 and dosage.hold_seconds is not None:
        words = f"{sets}: hold {dosage.hold_seconds} s"
    else:
        words = f"{sets} of {dosage.reps}"
        if dosage.hold_seconds is not None:
            words += f", hold {dosage.hold_seconds} s"
    if sides is Sides.EACH:
        words += ", each side"
    elif sides is Sides.ALTERNATING:
        words += ", each side in turn"
    if dosage.sets > 1 and dosage.rest_seconds:
        words += f"; rest {dosage.rest_seconds} s between sets"
    return words


class PlannedExercise(BaseModel):
    model_config = ConfigDict(frozen=True)

    exercise_id: str
    name: str
    kind: Kind
    phase: Phase
    position: Position
    sides: Sides
    dosage: Dosage
    estimated_seconds: int = Field(ge=0)
    why: str = Field(description="Plain words: which areas and muscles it serves.")
    sources: list[str] = Field(description="Titles of the articles it comes from.")


class SessionPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    day: date
    kind: DayKind
    exercises: list[PlannedExercise]
    estimated_seconds: int = Field(ge=0)
    minutes_budget: int
    notes: list[str] = Field(default_factory=list)
    # Added after the contract was pinned, with a default so stored plans still load.
    changes: list[PlanChange] = Field(
        default_factory=list, description="What changed since the last session, and why."
    )
    equipment_to_add: list[Equipment] = Field(
        default_factory=list,
        description=(
            "Equipment the notes suggest adding to the answers because more exercises would fit "
            "with it (the web links that note to the settings); empty when equipment is not what "
            "keeps exercises out."
        ),
    )
    before_start: bool = Field(
        default=False,
        description=(
            "The day comes before the person first set up strongback: nothing was planned for "
            "it, and adherence does not count it."
        ),
    )

    @property
    def estimated_minutes(self) -> float:
        return self.estimated_seconds / 60


class WeekPlan(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: date
    days: list[SessionPlan] = Field(min_length=7, max_length=7)


def stretches_only(plan: SessionPlan, pain_before: int) -> SessionPlan | None:
    """`plan` cut to its stretches, as a stretching day that says why; None if it has none.

    What both players start when the back is at a flare's level before the session: strengthening
    on a flaring back is what progression steps back from afterwards, so it is not started at all.
    The smaller plan is the one stored with the session, so the player, the set checks, history
    and adherence all see a stretching day.
    """
    kept = [e for e in plan.exercises if e.phase is Phase.STRETCH]
    if not kept:
        return None
    ids = {e.exercise_id for e in kept}
    note = f"Stretches only: your pain was {pain_before}/10 before the session, a flare."
    return plan.model_copy(
        update={
            "kind": DayKind.STRETCH,
            "exercises": kept,
            "estimated_seconds": sum(e.estimated_seconds for e in kept),
            "notes": [*plan.notes, note],
            "changes": [c for c in plan.changes if c.exercise_id in ids],
        }
    )
