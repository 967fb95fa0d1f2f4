"""Core objects to store: a small plan, screenings and set records using every field."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from strongback.catalog import Dosage, Kind, Position, Sides
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.records import SetOutcome, SetRecord, Side
from strongback.safety import Reason, Screening, Status, Urgency

T0 = datetime(2026, 3, 2, 7, 30, 15, 123456, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """A moment `minutes` after T0; fixed times keep the tests independent of the clock."""
    return T0 + timedelta(minutes=minutes)


def make_plan(day: date = date(2026, 3, 2), note: str = "Go gently today.") -> SessionPlan:
    bridge = PlannedExercise(
        exercise_id="bridge",
        name="Bridge",
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=Position.SUPINE,
        sides=Sides.BOTH,
        dosage=Dosage(sets=3, reps=10, hold_seconds=5, rest_seconds=30),
        estimated_seconds=420,
        why="Glutes and lower back.",
        sources=["An article title"],
    )
    stretch = PlannedExercise(
        exercise_id="knee-to-chest",
        name="Knee to chest",
        kind=Kind.STRETCH,
        phase=Phase.STRETCH,
        position=Position.SUPINE,
        sides=Sides.EACH,
        dosage=Dosage(sets=1, reps=3, hold_seconds=20, rest_seconds=0, tempo_seconds=2.5),
        estimated_seconds=150,
        why="Eases the lower back.",
        sources=["Another article"],
    )
    return SessionPlan(
        day=day,
        kind=DayKind.FULL,
        exercises=[stretch, bridge],
        estimated_seconds=570,
        minutes_budget=15,
        notes=[note],
    )


def make_set(set_number: int = 1, minutes: float = 1.0, **changes: object) -> SetRecord:
    fields: dict[str, object] = {
        "exercise_id": "bridge",
        "set_number": set_number,
        "reps_done": 10,
        "hold_seconds_done": 5.25,
        "ended_at": at(minutes),
    }
    fields.update(changes)
    return SetRecord.model_validate(fields)


SCREENING_ADVISE = Screening(
    status=Status.ADVISE,
    urgency=Urgency.CONSULT,
    reasons=[
        Reason(id="pregnancy", text="Ask your midwife first.", urgency=Urgency.CONSULT, source="x")
    ],
    what_to_do="Talk to a clinician before you start.",
)
SCREENING_CLEAR = Screening(status=Status.CLEAR)
STOPPED_SET = {
    "side": Side.LEFT,
    "outcome": SetOutcome.STOPPED,
    "reason": "sharp pain",
    "pain": 6,
    "reps_done": 4,
    "hold_seconds_done": None,
}
