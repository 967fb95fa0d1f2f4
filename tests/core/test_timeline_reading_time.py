"""An exercise's introduction stays on screen as long as its words take to read: the soft-floor
note and the card's contraindications can run to seventy words, too many for a fixed 8 s. Both
players follow the timeline, and the planner's estimate times the same words."""

from __future__ import annotations

import math
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strongback.catalog import Catalog, Dosage, Exercise, Sides
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.timeline import StepKind, Timeline, build_timeline
from strongback.timing import (
    INTRO_MAX_SECONDS,
    INTRO_SECONDS,
    READING_WORDS_PER_SECOND,
    estimate_seconds,
    intro_seconds,
)


def _words(count: int) -> str:
    return " ".join(["word"] * count)


def _timeline(exercise: Exercise, catalog: Catalog, dosage: Dosage | None = None) -> Timeline:
    item = PlannedExercise(
        exercise_id=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        phase=Phase.STRENGTHEN,
        position=exercise.position,
        sides=exercise.sides,
        dosage=dosage or exercise.dosage,
        estimated_seconds=60,
        why="test",
        sources=["test"],
    )
    plan = SessionPlan(
        day=date(2026, 1, 5),
        kind=DayKind.FULL,
        exercises=[item],
        estimated_seconds=0,
        minutes_budget=15,
    )
    return build_timeline(plan, catalog)


def test_a_short_introduction_keeps_the_shortest_time() -> None:
    assert intro_seconds("Bridge, lying on your back: 1 set of 10.") == INTRO_SECONDS
    assert intro_seconds("") == INTRO_SECONDS


def test_a_long_introduction_lasts_its_words_at_the_reading_pace_up_to_the_most() -> None:
    assert intro_seconds(_words(50)) == 20
    assert intro_seconds(_words(51)) == 21  # whole seconds, rounded up
    assert intro_seconds(_words(500)) == INTRO_MAX_SECONDS


@given(st.text(max_size=600))
def test_any_introduction_lasts_from_the_shortest_to_the_longest_time(text: str) -> None:
    seconds = intro_seconds(text)
    assert INTRO_SECONDS <= seconds <= INTRO_MAX_SECONDS
    assert seconds <= intro_seconds(f"{text} more words here")


def test_the_soft_floor_note_and_the_contraindications_lengthen_the_intro(
    catalog: Catalog,
) -> None:
    """The superman's intro (mat, stomach, three conditions) is read, not flashed."""
    intro = _timeline(catalog.exercises["superman"], catalog).steps[0]
    words = len(intro.text.split())
    assert intro.kind is StepKind.INTRO
    assert words > 40
    assert intro.duration_seconds == math.ceil(words / READING_WORDS_PER_SECOND)
    assert intro.estimated_seconds == intro.duration_seconds


def test_every_catalog_intro_has_time_to_be_read_at_the_pace(catalog: Catalog) -> None:
    """The longest is the cap's measure: no card's intro is cut short by it."""
    for exercise in catalog.exercises.values():
        intro = _timeline(exercise, catalog).steps[0]
        needed = len(intro.text.split()) / READING_WORDS_PER_SECOND
        assert intro.duration_seconds is not None, exercise.id
        assert intro.duration_seconds >= needed, exercise.id


@pytest.mark.parametrize("sets", [1, 3])
def test_with_its_card_the_estimate_is_the_time_the_timeline_plays(
    catalog: Catalog, sets: int
) -> None:
    for exercise in catalog.exercises.values():
        dosage = exercise.dosage.model_copy(update={"sets": sets})
        played = _timeline(exercise, catalog, dosage).total_seconds
        promised = estimate_seconds(dosage, exercise.sides, exercise=exercise)
        assert promised - 1 < played <= promised, exercise.id


def test_without_its_card_the_estimate_counts_the_shortest_intro() -> None:
    dosage = Dosage(sets=1, reps=1, hold_seconds=10)
    with_words = estimate_seconds(dosage, Sides.BOTH)
    assert with_words == INTRO_SECONDS + 5 + 10 + 2  # intro, get-ready, one held rep
