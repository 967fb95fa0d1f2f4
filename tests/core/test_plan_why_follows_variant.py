"""An exercise planned in place of another (an easier or harder variant) says its own why: the
pain areas its own card works, never the replaced exercise's, so nobody is told a region is
covered when it is not."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from strongback.catalog import Catalog, Kind, Position, Region, Role
from strongback.plan import ChangeKind, SessionPlan
from strongback.planner import build_session
from strongback.profile import Experience, Goal, PainArea, Profile
from strongback.progression import ProgressionRules
from strongback.records import SessionRecord
from strongback.safety import Screening, Status
from tests.core.conftest import build_catalog, make_exercise, pain_session

CLEAR = Screening(status=Status.CLEAR)
SUNDAY = date(2026, 11, 22)
LOWER_AND_NECK = Profile(
    pain_areas=[PainArea.LOWER, PainArea.NECK],
    goal=Goal.RELIEVE,
    experience=Experience.SOME,
    minutes=30,
    days_per_week=7,
)


def _flare_after(plan: SessionPlan, exercise_id: str) -> list[SessionRecord]:
    """A session of `exercise_id` alone from `plan`, with pain at the flare level after it."""
    only = plan.model_copy(
        update={"exercises": [p for p in plan.exercises if p.exercise_id == exercise_id]}
    )
    return [pain_session(plan.day, plan=only, pain_before=2, pain_after=7)]


def _day_with(exercise_id: str, catalog: Catalog, rules: ProgressionRules) -> SessionPlan:
    for offset in range(28):
        plan = build_session(
            LOWER_AND_NECK, CLEAR, SUNDAY + timedelta(days=offset), catalog=catalog, rules=rules
        )
        if any(p.exercise_id == exercise_id for p in plan.exercises):
            return plan
    pytest.fail(f"{exercise_id} is never planned for lower back and neck pain")


def test_a_stretch_stepped_back_to_tells_its_own_pain_areas(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    # The shipped cards: Double knee to chest works the neck as well, Knee to chest does not.
    assert Region.NECK in catalog.exercises["double-knee-to-chest"].regions
    assert Region.NECK not in catalog.exercises["knee-to-chest"].regions
    before = _day_with("double-knee-to-chest", catalog, rules)
    (wide,) = [p for p in before.exercises if p.exercise_id == "double-knee-to-chest"]
    assert "neck" in wide.why
    history = _flare_after(before, "double-knee-to-chest")

    after = build_session(
        LOWER_AND_NECK,
        CLEAR,
        before.day + timedelta(days=1),
        catalog=catalog,
        rules=rules,
        history=history,
    )

    (change,) = [c for c in after.changes if c.name == "Double knee to chest"]
    assert change.change is ChangeKind.STEP_BACK
    (narrow,) = [p for p in after.exercises if p.exercise_id == "knee-to-chest"]
    assert narrow.why.startswith("Aims to ease your lower back, where it hurts;")
    assert "neck" not in narrow.why


def test_a_variant_without_the_pain_areas_says_no_more_than_its_own_regions(
    rules: ProgressionRules,
) -> None:
    catalog = build_catalog(
        [
            make_exercise(
                "wide-stretch",
                Kind.STRETCH,
                Position.SUPINE,
                [Region.LOWER_BACK, Region.NECK],
                easier=["hip-stretch"],
            ),
            make_exercise(
                "hip-stretch",
                Kind.STRETCH,
                Position.SUPINE,
                [Region.HIPS_GLUTES],
                harder=["wide-stretch"],
            ),
            make_exercise("lift", Kind.STRENGTH, Position.SUPINE, [Region.CORE], roles=[Role.CORE]),
        ]
    )
    before = build_session(LOWER_AND_NECK, CLEAR, SUNDAY, catalog=catalog, rules=rules)
    assert any(p.exercise_id == "wide-stretch" for p in before.exercises)

    after = build_session(
        LOWER_AND_NECK,
        CLEAR,
        SUNDAY + timedelta(days=1),
        catalog=catalog,
        rules=rules,
        history=_flare_after(before, "wide-stretch"),
    )

    (variant,) = [p for p in after.exercises if p.exercise_id == "hip-stretch"]
    assert "where it hurts" not in variant.why
    assert variant.why.startswith(f"Loosens the {Region.HIPS_GLUTES.label};")


def test_every_planned_stretch_eases_only_regions_on_its_own_card(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    """After a flare in each day of a week, whatever steps back in its place, each "Aims to ease
    your ..." names regions of the card of the exercise actually planned."""
    words = {r: r.label for r in Region}
    stepped_back = 0
    for offset in range(7):
        day = SUNDAY + timedelta(days=offset)
        plan = build_session(LOWER_AND_NECK, CLEAR, day, catalog=catalog, rules=rules)
        history = [pain_session(day, plan=plan, pain_before=2, pain_after=7)]
        after = build_session(
            LOWER_AND_NECK,
            CLEAR,
            day + timedelta(days=1),
            catalog=catalog,
            rules=rules,
            history=history,
        )
        stepped_back += sum(1 for c in after.changes if c.change is ChangeKind.STEP_BACK)
        for planned in after.exercises:
            if not planned.why.startswith("Aims to ease your "):
                continue
            eased = planned.why.removeprefix("Aims to ease your ").split(", where")[0]
            own = {words[r] for r in catalog.exercises[planned.exercise_id].regions}
            assert {w for w in words.values() if w in eased} <= own, planned.why
    assert stepped_back, "the flares step back to variants"
