"""A session of exercises the person picked themselves, laid out as the planner lays out its own.

Private to the planner, which re-exports `plan_of_exercises`: the log and the camera coach record
what was done outside the plan in the same shape as a planned session.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from strongback.catalog import Catalog, Dosage, Exercise
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.timing import estimate_seconds


def plan_of_exercises(
    chosen: Sequence[tuple[Exercise, Dosage]], day: date, catalog: Catalog, note: str
) -> SessionPlan:
    """A session of exercises the person chose (logged afterwards, or coached by camera).

    Laid out as the planner lays out its own: stretches first, each with its time and sources,
    so history, progression and progress read it like any planned session.
    """
    planned = [
        PlannedExercise(
            exercise_id=exercise.id,
            name=exercise.name,
            kind=exercise.kind,
            phase=Phase.STRETCH if exercise.kind.stretches else Phase.STRENGTHEN,
            position=exercise.position,
            sides=exercise.sides,
            dosage=dosage,
            estimated_seconds=estimate_seconds(dosage, exercise.sides, exercise=exercise),
            why=exercise.summary,
            sources=catalog.source_titles(exercise),
        )
        for exercise, dosage in chosen
    ]
    planned.sort(key=lambda p: p.phase is not Phase.STRETCH)  # sorted() is stable: order kept
    seconds = sum(p.estimated_seconds for p in planned)
    strengthening = any(p.phase is Phase.STRENGTHEN for p in planned)
    return SessionPlan(
        day=day,
        kind=DayKind.FULL if strengthening else DayKind.STRETCH,
        exercises=planned,
        estimated_seconds=seconds,
        minutes_budget=max(1, round(seconds / 60)),
        notes=[note],
    )
