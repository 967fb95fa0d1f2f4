"""When no strengthening exercise fits the person's limits, the plan says so plainly, names what
rules them out and what would let some in, and never calls a day a strengthening day."""

from __future__ import annotations

from datetime import date, timedelta

from strongback.catalog import Catalog, Equipment
from strongback.plan import DayKind, Phase
from strongback.planner import build_session, build_week, strength_days
from strongback.profile import AvoidPosition, PainArea, Profile
from strongback.progression import ProgressionRules
from strongback.safety import Screening, Status

CLEAR = Screening(status=Status.CLEAR)
MONDAY = date(2026, 11, 23)
SEATED_ONLY = Profile(
    pain_areas=[PainArea.LOWER],
    equipment=[Equipment.NONE],
    avoid_positions=[AvoidPosition.FLOOR, AvoidPosition.STANDING],
)


def test_every_day_is_labelled_stretches_only_and_says_why(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    week = build_week(SEATED_ONLY, CLEAR, MONDAY, catalog=catalog, rules=rules)
    assert strength_days(SEATED_ONLY)  # the person asked for strengthening days
    for day in week.days:
        assert day.kind is DayKind.STRETCH, day.day
        assert all(p.phase is Phase.STRETCH for p in day.exercises)
        (note,) = [n for n in day.notes if n.startswith("No strengthening exercise fits")]
        # Which limits rule them out...
        assert "on the floor or standing, which you avoid" in note
        assert "equipment" in note
        # ...and what would let some in, with how many: a mat is never among them, since a
        # carpet or a folded blanket does as well, nor a cushion or a wall.
        assert "allow the floor (14 exercises)" in note
        assert "allow standing (1 exercise)" in note
        assert "mat" not in note
        assert "wall" not in note
        assert "cushion" not in note
        # Never the usual words of a stretching day or of a less balanced strengthening day.
        assert not any("recover between strengthening days" in n for n in day.notes)
        assert not any("less balanced" in n for n in day.notes)


def test_a_pain_area_no_stretch_reaches_is_named(catalog: Catalog, rules: ProgressionRules) -> None:
    plan = build_session(SEATED_ONLY, CLEAR, MONDAY, catalog=catalog, rules=rules)
    assert "No stretch that fits your equipment and positions works your lower back" in " ".join(
        plan.notes
    )


def test_the_options_are_only_the_person_s_own_choices(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    # Level 3 exercises (the barbell deadlift, the pull-up) are never offered to a beginner by
    # adding equipment: only positions and equipment are the person's to change.
    plan = build_session(SEATED_ONLY, CLEAR, MONDAY, catalog=catalog, rules=rules)
    note = next(n for n in plan.notes if n.startswith("No strengthening exercise fits"))
    assert "barbell" not in note
    assert "pull-up bar" not in note


def test_a_mat_or_not_the_way_in_is_the_floor(catalog: Catalog, rules: ProgressionRules) -> None:
    for kit in ([Equipment.MAT], [Equipment.NONE]):
        profile = SEATED_ONLY.model_copy(update={"equipment": kit})
        plan = build_session(profile, CLEAR, MONDAY, catalog=catalog, rules=rules)
        note = next(n for n in plan.notes if n.startswith("No strengthening exercise fits"))
        assert "allow the floor (" in note
        assert "add a mat" not in note


def test_the_equipment_a_note_suggests_is_named_for_the_web_s_link(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    plan = build_session(SEATED_ONLY, CLEAR, MONDAY, catalog=catalog, rules=rules)
    note = next(n for n in plan.notes if n.startswith("No strengthening exercise fits"))
    assert "add a resistance band" in note
    assert plan.equipment_to_add == [Equipment.RESISTANCE_BAND]


def test_when_strengthening_fits_nothing_changes(catalog: Catalog, rules: ProgressionRules) -> None:
    profile = Profile()
    for offset in range(7):
        day = MONDAY + timedelta(days=offset)
        plan = build_session(profile, CLEAR, day, catalog=catalog, rules=rules)
        assert not any(n.startswith("No strengthening exercise fits") for n in plan.notes)
        if day.weekday() in strength_days(profile):
            assert plan.kind is DayKind.FULL
