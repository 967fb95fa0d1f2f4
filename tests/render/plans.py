"""Sample plans written by hand, so the handout and calendar tests do not need the planner."""

from __future__ import annotations

from datetime import date, timedelta

from strongback.catalog import Catalog, Dosage
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan, WeekPlan

MONDAY = date(2026, 11, 23)


def planned(catalog: Catalog, exercise_id: str, phase: Phase, dosage: Dosage) -> PlannedExercise:
    exercise = catalog.exercises[exercise_id]
    return PlannedExercise(
        exercise_id=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        phase=phase,
        position=exercise.position,
        sides=exercise.sides,
        dosage=dosage,
        estimated_seconds=120,
        why="Aims to ease your lower back.",
        sources=catalog.source_titles(exercise),
    )


def sample_week(catalog: Catalog) -> WeekPlan:
    """Strengthening Monday, Wednesday and Friday; stretches the other days but Sunday."""
    stretch = planned(
        catalog, "pelvic-tilt", Phase.STRETCH, Dosage(sets=1, reps=10, hold_seconds=5)
    )
    strength = [
        planned(catalog, "bridge", Phase.STRENGTHEN, Dosage(sets=2, reps=10, hold_seconds=10)),
        planned(catalog, "bird-dog", Phase.STRENGTHEN, Dosage(sets=3, reps=10, hold_seconds=4)),
    ]
    days: list[SessionPlan] = []
    for offset in range(7):
        day = MONDAY + timedelta(days=offset)
        if offset in (0, 2, 4):
            kind, exercises, seconds = DayKind.FULL, [stretch, *strength], 14 * 60
        elif offset == 6:
            kind, exercises, seconds = DayKind.REST, [], 0
        else:
            kind, exercises, seconds = DayKind.STRETCH, [stretch], 4 * 60
        days.append(
            SessionPlan(
                day=day,
                kind=kind,
                exercises=exercises,
                estimated_seconds=seconds,
                minutes_budget=15,
                notes=["Your goal is relief: gentle doses to start with."] if offset == 0 else [],
            )
        )
    return WeekPlan(start=MONDAY, days=days)


def sample_weeks(catalog: Catalog, count: int, first: date = MONDAY) -> list[WeekPlan]:
    """`count` weeks from the Monday `first`, rotated as the planner does: every other week the
    bird dog makes way for the prone arm and leg lift, so each week's text is its own."""
    weeks: list[WeekPlan] = []
    superman = planned(
        catalog, "superman", Phase.STRENGTHEN, Dosage(sets=2, reps=8, hold_seconds=3)
    )
    for index in range(count):
        week = sample_week(catalog)
        monday = first + timedelta(weeks=index)
        days = []
        for day in week.days:
            exercises = [
                superman if index % 2 and p.exercise_id == "bird-dog" else p for p in day.exercises
            ]
            days.append(
                day.model_copy(update={"day": monday + (day.day - MONDAY), "exercises": exercises})
            )
        weeks.append(WeekPlan(start=monday, days=days))
    return weeks
