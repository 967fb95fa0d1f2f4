"""The planner's and progression's inputs for the core tests.

``small_catalog``
    A small, hand-made catalog, built in Python so the tests do not depend on the catalog's YAML
    content, which grows and changes.
``catalog``
    The catalog as shipped (`default_catalog()`): properties are also checked over it.
``rules``
    The progression rules as shipped (`default_progression_rules()`).

The core reads no file, so these are handed to it like any other input.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from strongback.catalog import (
    Article,
    BreathingRule,
    Catalog,
    Dosage,
    Equipment,
    Exercise,
    Kind,
    Level,
    Position,
    Region,
    Role,
    Sides,
    Source,
    default_catalog,
)
from strongback.plan import DayKind, SessionPlan
from strongback.progression import ProgressionRules
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
)
from strongback.rules.progression import default_progression_rules

ARTICLE = Article(id="test-article", title="A Test Article", seed="none.txt")


def make_exercise(
    exercise_id: str,
    kind: Kind,
    position: Position,
    regions: list[Region],
    *,
    roles: list[Role] | None = None,
    level: Level = Level.BEGINNER,
    equipment: list[Equipment] | None = None,
    sides: Sides = Sides.BOTH,
    dosage: Dosage | None = None,
    easier: list[str] | None = None,
    harder: list[str] | None = None,
) -> Exercise:
    data: dict[str, Any] = {
        "id": exercise_id,
        "name": exercise_id.replace("-", " ").capitalize(),
        "summary": f"The {exercise_id} test exercise.",
        "kind": kind,
        "position": position,
        "regions": regions,
        "roles": roles or [],
        "muscles": ["erector spinae", "gluteus maximus"],
        "equipment": equipment if equipment is not None else [Equipment.MAT],
        "level": level,
        "sides": sides,
        "dosage": dosage or Dosage(sets=1, reps=10, hold_seconds=5, rest_seconds=30),
        "steps": ["Get into position.", "Do the movement."],
        "cues": ["Move slowly."],
        "easier": easier or [],
        "harder": harder or [],
        "sources": [Source(article=ARTICLE.id, where="Test")],
    }
    return Exercise.model_validate(data)


def small_exercises() -> list[Exercise]:
    K, P, R, Ro = Kind, Position, Region, Role
    hold = Dosage(sets=1, reps=2, hold_seconds=20, rest_seconds=10)
    return [
        # Stretches and mobility
        make_exercise(
            "knee-hug",
            K.STRETCH,
            P.SUPINE,
            [R.LOWER_BACK, R.HIPS_GLUTES],
            sides=Sides.EACH,
            dosage=hold,
            harder=["double-knee-hug"],
        ),
        make_exercise(
            "double-knee-hug",
            K.STRETCH,
            P.SUPINE,
            [R.LOWER_BACK],
            dosage=hold,
            easier=["knee-hug"],
        ),
        make_exercise(
            "neck-tuck", K.STRETCH, P.SEATED, [R.NECK, R.UPPER_BACK], equipment=[Equipment.CHAIR]
        ),
        make_exercise("cat-stretch", K.MOBILITY, P.QUADRUPED, [R.MIDDLE_BACK, R.UPPER_BACK]),
        make_exercise("prone-prop", K.STRETCH, P.PRONE, [R.LOWER_BACK], dosage=hold),
        make_exercise(
            "standing-reach",
            K.MOBILITY,
            P.STANDING,
            [R.UPPER_BACK, R.MIDDLE_BACK],
            equipment=[Equipment.NONE],
        ),
        # Strengthening
        make_exercise(
            "curl-up",
            K.STRENGTH,
            P.SUPINE,
            [R.CORE],
            roles=[Ro.CORE],
            dosage=Dosage(sets=1, reps=8, rest_seconds=30),
            harder=["hollow-hold"],
        ),
        make_exercise(
            "hollow-hold",
            K.ISOMETRIC,
            P.SUPINE,
            [R.CORE],
            roles=[Ro.CORE],
            level=Level.SOME_TRAINING,
            easier=["curl-up"],
        ),
        make_exercise(
            "hip-lift",
            K.STRENGTH,
            P.SUPINE,
            [R.LOWER_BACK, R.HIPS_GLUTES],
            roles=[Ro.HIP_GLUTE, Ro.BACK_EXTENSOR],
        ),
        make_exercise(
            "back-raise",
            K.STRENGTH,
            P.PRONE,
            [R.LOWER_BACK],
            roles=[Ro.BACK_EXTENSOR],
            dosage=Dosage(sets=3, reps=8, hold_seconds=5, rest_seconds=30),
        ),
        make_exercise(
            "four-point-reach",
            K.STRENGTH,
            P.QUADRUPED,
            [R.LOWER_BACK, R.CORE],
            roles=[Ro.BACK_EXTENSOR, Ro.CORE, Ro.HIP_GLUTE],
            sides=Sides.ALTERNATING,
            dosage=Dosage(sets=3, reps=10, hold_seconds=4, rest_seconds=30),
        ),
        make_exercise(
            "band-pull",
            K.STRENGTH,
            P.STANDING,
            [R.UPPER_BACK],
            roles=[Ro.UPPER_BACK],
            equipment=[Equipment.RESISTANCE_BAND],
            dosage=Dosage(sets=1, reps=20, rest_seconds=30, tempo_seconds=3),
        ),
        make_exercise(
            "standing-knee-drive",
            K.STRENGTH,
            P.STANDING,
            [R.HIPS_GLUTES, R.CORE],
            roles=[Ro.HIP_GLUTE, Ro.CORE],
            equipment=[Equipment.NONE],
            sides=Sides.ALTERNATING,
        ),
        make_exercise(
            "barbell-lift",
            K.STRENGTH,
            P.STANDING,
            [R.LOWER_BACK, R.HIPS_GLUTES],
            roles=[Ro.BACK_EXTENSOR, Ro.HIP_GLUTE],
            level=Level.PROFESSIONAL_GUIDANCE,
            equipment=[Equipment.BARBELL],
        ),
        make_exercise(
            "side-raise",
            K.STRENGTH,
            P.SIDE_LYING,
            [R.CORE],
            roles=[Ro.OBLIQUES],
            sides=Sides.EACH,
        ),
    ]


def build_catalog(exercises: list[Exercise]) -> Catalog:
    return Catalog(
        exercises={e.id: e for e in exercises},
        articles={ARTICLE.id: ARTICLE},
        sports=(),
        advice=(),
        contraindications=(),
        breathing=BreathingRule(
            inhale_seconds=2,
            exhale_seconds=4,
            text="Out twice as long as in.",
            sources=[Source(article=ARTICLE.id, where="Test")],
        ),
    )


@pytest.fixture(scope="session")
def small_catalog() -> Catalog:
    return build_catalog(small_exercises())


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return default_catalog()


@pytest.fixture(scope="session")
def rules() -> ProgressionRules:
    return default_progression_rules()


def pain_session(
    day: date,
    *,
    hour: int = 9,
    set_pains: tuple[int, ...] = (),
    plan: SessionPlan | None = None,
    exercise_id: str = "bridge",
    **feedback: int | None,
) -> SessionRecord:
    """A logged session on `day` with the pain answers in `feedback` (pain_before, pain_after,
    next_day_pain) and one set of `exercise_id` stopped for each of `set_pains`: the history the
    flare and usual-pain rules read."""
    at = datetime.combine(day, time(hour))
    planned = plan or SessionPlan(
        day=day, kind=DayKind.FULL, exercises=[], estimated_seconds=0, minutes_budget=15
    )
    return SessionRecord(
        plan=planned.model_copy(update={"day": day}),
        source=SessionSource.LOG,
        status=SessionStatus.COMPLETED,
        started_at=at,
        ended_at=at + timedelta(minutes=10),
        sets=[
            SetRecord(
                exercise_id=exercise_id,
                set_number=number,
                outcome=SetOutcome.STOPPED,
                pain=pain,
                ended_at=at + timedelta(minutes=number),
            )
            for number, pain in enumerate(set_pains, start=1)
        ],
        feedback=SessionFeedback.model_validate(feedback),
    )
