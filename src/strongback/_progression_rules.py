"""The progression rules as validated data, and the dose ladder their steps define.

Private to `strongback.progression`, which re-exports every public name here. These models
validate `rules/progression.yaml` (thresholds, steps, the words of each rule and their sources);
the ladder says what one step up or down from a dose is. Deciding which step a history calls for
is `progression`'s job.
"""

from __future__ import annotations

import string

from pydantic import BaseModel, ConfigDict, Field, model_validator

from strongback.catalog import Dosage, Exercise, Kind
from strongback.plan import ChangeKind

RULE_IDS = (
    "flare",
    "stopped-for-pain",
    "pain-not-settled",
    "pain-rose-unknown",
    "pain-settled",
    "usual-pain",
    "too-hard",
    "incomplete",
    "too-easy",
    "steady",
    "steady-at-usual-pain",
    "building",
    "top-of-range",
    "long-break",
)
PLACEHOLDERS = frozenset(
    {
        "name",
        "pain",
        "before",
        "after",
        "next_day",
        "dose",
        "new_dose",
        "target",
        "sessions",
        "days",
        "usual",
        "why_flare",
    }
)


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Rule):
    flare_pain: int = Field(ge=1, le=10)
    acceptable_pain: int = Field(ge=0, le=10)
    comfortable_pain: int = Field(ge=0, le=10)
    pain_rise: int = Field(ge=1, le=10)
    sessions_before_progress: int = Field(ge=1, le=10)
    long_break_days: int = Field(ge=1, le=365)
    severe_pain: int = Field(ge=1, le=10)
    flare_rise: int = Field(ge=1, le=10)
    usual_pain_days: int = Field(ge=1, le=90)
    usual_pain_min_days: int = Field(ge=1, le=90)

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if not self.comfortable_pain <= self.acceptable_pain < self.flare_pain <= self.severe_pain:
            raise ValueError("thresholds must satisfy comfortable <= acceptable < flare <= severe")
        if self.usual_pain_min_days > self.usual_pain_days:
            raise ValueError(
                f"usual_pain_min_days ({self.usual_pain_min_days}) is more than the "
                f"usual_pain_days ({self.usual_pain_days}) they are counted in"
            )
        return self


class StepRange(_Rule):
    step: int = Field(ge=1)
    min: int = Field(ge=1)
    max: int = Field(ge=1)

    @model_validator(mode="after")
    def _ordered(self) -> StepRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is above max ({self.max})")
        return self


class Steps(_Rule):
    hold: StepRange
    reps: StepRange
    sets: StepRange


class StepsByKind(_Rule):
    strength: Steps  # strength, isometric and mobility exercises: short holds, more reps
    stretch: Steps  # stretches: longer holds, few reps

    def for_exercise(self, exercise: Exercise) -> Steps:
        # Mobility moves (a pelvic tilt, a rocking knee hug) are repeated, not held long, so they
        # grow like strength work rather than like a stretch.
        return self.stretch if exercise.kind is Kind.STRETCH else self.strength


class RuleText(_Rule):
    change: ChangeKind
    explain: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)

    @model_validator(mode="after")
    def _known_placeholders(self) -> RuleText:
        names = {field for _, field, _, _ in string.Formatter().parse(self.explain) if field}
        unknown = names - PLACEHOLDERS
        if unknown:
            raise ValueError(
                f"unknown placeholder(s) {sorted(unknown)} (allowed: {sorted(PLACEHOLDERS)})"
            )
        return self


class ProgressionRules(_Rule):
    sources: dict[str, str]
    thresholds: Thresholds
    steps: StepsByKind
    rules: dict[str, RuleText]

    @model_validator(mode="after")
    def _complete(self) -> ProgressionRules:
        missing = [rule_id for rule_id in RULE_IDS if rule_id not in self.rules]
        if missing:
            raise ValueError(f"rules missing: {', '.join(missing)}")
        extra = [rule_id for rule_id in self.rules if rule_id not in RULE_IDS]
        if extra:
            raise ValueError(f"unknown rules: {', '.join(extra)} (known: {', '.join(RULE_IDS)})")
        for rule_id, rule in self.rules.items():
            for source in rule.sources:
                if source not in self.sources:
                    raise ValueError(f"rule '{rule_id}' cites unknown source '{source}'")
        return self

    def cite(self, rule_id: str) -> list[str]:
        return [self.sources[s] for s in self.rules[rule_id].sources]


# --- The dose ladder ----------------------------------------------------------------------------


def _cap(rule_max: int, catalog_value: int | None) -> int:
    # A catalog dose above the rule's maximum stays: progression never grows past it, nor cuts it.
    return max(rule_max, catalog_value or 0)


def _floor(rule_min: int, current: int) -> int:
    return min(rule_min, current)


def step_up(exercise: Exercise, dosage: Dosage, steps: Steps) -> Dosage | None:
    """One step up the ladder: hold longer, then more reps, then more sets; None at the top."""
    base = exercise.dosage
    hold = dosage.hold_seconds
    if hold is not None and hold < _cap(steps.hold.max, base.hold_seconds):
        new_hold = min(hold + steps.hold.step, _cap(steps.hold.max, base.hold_seconds))
        return dosage.model_copy(update={"hold_seconds": new_hold})
    if dosage.reps < _cap(steps.reps.max, base.reps) and not (
        # A single long hold grows by time, not by turning into many holds.
        dosage.reps == 1 and hold is not None
    ):
        return dosage.model_copy(
            update={"reps": min(dosage.reps + steps.reps.step, _cap(steps.reps.max, base.reps))}
        )
    if dosage.sets < _cap(steps.sets.max, base.sets):
        return dosage.model_copy(
            update={"sets": min(dosage.sets + steps.sets.step, _cap(steps.sets.max, base.sets))}
        )
    return None


def within_range(exercise: Exercise, dosage: Dosage, steps: Steps) -> Dosage:
    """The dose brought down to the top of the exercise's range: no more sets, reps or seconds of
    hold than progression would ever grow it to (the rule's maximum, or the catalog's dose when
    that is higher).

    A dose typed into the log is what the person did, but not what the plan may go on from: a
    slip of the keyboard (`10x50, hold 60`) must not become next session's dose.
    """
    base = exercise.dosage
    hold = dosage.hold_seconds
    return dosage.model_copy(
        update={
            "sets": min(dosage.sets, _cap(steps.sets.max, base.sets)),
            "reps": min(dosage.reps, _cap(steps.reps.max, base.reps)),
            "hold_seconds": (
                None if hold is None else min(hold, _cap(steps.hold.max, base.hold_seconds))
            ),
        }
    )


def step_down(dosage: Dosage, steps: Steps) -> Dosage | None:
    """One step down: fewer sets, then fewer reps, then shorter holds; None at the bottom."""
    if dosage.sets > _floor(steps.sets.min, dosage.sets):
        return dosage.model_copy(update={"sets": max(dosage.sets - steps.sets.step, 1)})
    reps_floor = _floor(steps.reps.min, dosage.reps)
    if dosage.reps > reps_floor:
        return dosage.model_copy(update={"reps": max(dosage.reps - steps.reps.step, reps_floor)})
    hold = dosage.hold_seconds
    if hold is not None and hold > _floor(steps.hold.min, hold):
        new_hold = max(hold - steps.hold.step, _floor(steps.hold.min, hold))
        return dosage.model_copy(update={"hold_seconds": new_hold})
    return None


def variant_start(exercise: Exercise) -> Dosage:
    """A variant starts at its catalog dose with a single set: new movement, small volume."""
    return exercise.dosage.model_copy(update={"sets": 1})


__all__ = [
    "PLACEHOLDERS",
    "RULE_IDS",
    "ProgressionRules",
    "RuleText",
    "StepRange",
    "Steps",
    "StepsByKind",
    "Thresholds",
    "step_down",
    "step_up",
    "variant_start",
    "within_range",
]
