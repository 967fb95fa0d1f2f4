"""A flare is a clear rise above the person's own usual pain (2 points, from the flare level), or
severe pain (8/10 or more) whatever it is; until the usual pain is known, the flare level alone,
as before. Someone whose back is usually at 6 or 7 is no longer "in a flare" on every reading."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from strongback.catalog import Catalog, Exercise
from strongback.plan import ChangeKind, DayKind, Phase, PlannedExercise, SessionPlan
from strongback.planner import build_session
from strongback.profile import Profile
from strongback.progression import (
    FlareRule,
    Moment,
    adjust,
    flare_for_day,
    flare_threshold,
    judge_pain,
    pain_flare_for_day,
    recent_flare,
    recent_pain_flare,
    usual_pain,
    usual_pain_by_day,
)
from strongback.records import SessionRecord
from strongback.rules.progression import (
    PROGRESSION_RULES_PATH,
    ProgressionRulesError,
    default_progression_rules,
    parse_progression_rules,
)
from strongback.safety import Screening, Status
from tests.core.conftest import pain_session

RULES = default_progression_rules()
LIMITS = RULES.thresholds
FLARE, SEVERE, RISE = LIMITS.flare_pain, LIMITS.severe_pain, LIMITS.flare_rise
MIN_DAYS, WINDOW = LIMITS.usual_pain_min_days, LIMITS.usual_pain_days
MONDAY = date(2026, 11, 2)
CLEAR = Screening(status=Status.CLEAR)


def _planned(exercise: Exercise) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise.id,
        name=exercise.name,
        kind=exercise.kind,
        phase=Phase.STRENGTHEN,
        position=exercise.position,
        sides=exercise.sides,
        dosage=exercise.dosage,
        estimated_seconds=60,
        why="test",
        sources=["A Test Article"],
    )


def _session(day: date, **answers: Any) -> SessionRecord:
    """A logged session whose stopped sets are the test catalog's hip lift."""
    return pain_session(day, exercise_id="hip-lift", **answers)


def _usual_of(pain: int, days: int = MIN_DAYS, start: date = MONDAY) -> list[SessionRecord]:
    """Sessions on `days` days in a row whose pain at rest, before and the day after, is `pain`."""
    return [
        _session(start + timedelta(days=n), pain_before=pain, next_day_pain=pain)
        for n in range(days)
    ]


# --- One reading against a usual pain ----------------------------------------------------------


def test_the_rule_that_fires_is_said_in_plain_words() -> None:
    above = judge_pain(7, 5, LIMITS)
    assert above is not None
    assert above.rule is FlareRule.ABOVE_USUAL
    assert above.words == "7/10 is 2 points above your usual 5/10"
    severe = judge_pain(8, 7, LIMITS)
    assert severe is not None
    assert severe.rule is FlareRule.SEVERE
    assert severe.words == "8/10 is severe pain (8/10 or more), whatever your usual pain"
    level = judge_pain(6, None, LIMITS)
    assert level is not None
    assert level.rule is FlareRule.FLARE_LEVEL
    assert level.words == "6/10 is at the flare level (6/10 or more)"
    low_usual = judge_pain(6, 2, LIMITS)
    assert low_usual is not None
    assert low_usual.reason == "4 points above your usual 2/10"


@pytest.mark.parametrize(
    ("usual", "lowest_flare"),
    [(None, 6), (0, 6), (4, 6), (5, 7), (6, 8), (7, 8)],
)
def test_the_flare_level_follows_the_usual_pain(usual: int | None, lowest_flare: int) -> None:
    assert flare_threshold(usual, LIMITS) == lowest_flare
    assert judge_pain(lowest_flare, usual, LIMITS) is not None
    assert judge_pain(lowest_flare - 1, usual, LIMITS) is None


@settings(max_examples=300, deadline=None)
@given(
    pain=st.integers(min_value=0, max_value=10),
    usual=st.none() | st.integers(min_value=0, max_value=10),
    more=st.integers(min_value=0, max_value=10),
)
def test_judging_one_reading(pain: int, usual: int | None, more: int) -> None:
    judged = judge_pain(pain, usual, LIMITS)
    if pain >= SEVERE:
        assert judged is not None, "severe pain is a flare whatever the usual pain"
    if pain < FLARE:
        assert judged is None, "nothing below the flare level is a flare"
    if usual is None:
        assert (judged is not None) == (pain >= FLARE), "no usual pain: the flare level, as before"
        assert judged is None or judged.rule is FlareRule.FLARE_LEVEL
    if judged is not None:
        assert judge_pain(min(10, pain + more), usual, LIMITS) is not None, "more pain, still one"
        assert judged.level <= pain
        assert f"{pain}/10" in judged.words


# --- The usual pain ------------------------------------------------------------------------------


def test_the_usual_pain_is_the_middle_of_the_pain_at_rest_on_enough_earlier_days() -> None:
    history = [
        _session(MONDAY, pain_before=4, pain_after=9),  # after exercise: not at rest
        _session(MONDAY + timedelta(days=1), pain_before=6),
    ]
    day = MONDAY + timedelta(days=3)
    assert usual_pain(history, RULES, day) is None, "two days are not enough"
    history.append(_session(MONDAY + timedelta(days=2), pain_before=5, next_day_pain=7))
    # 4, 6, 5, 7: of the two middle readings the lower, so a flare is never put off.
    assert usual_pain(history, RULES, day) == 5
    assert usual_pain(history, RULES, MONDAY + timedelta(days=2)) is None, "only earlier days"
    assert usual_pain_by_day(history, RULES) == {
        MONDAY: None,
        MONDAY + timedelta(days=1): None,
        MONDAY + timedelta(days=2): None,
    }
    later = MONDAY + timedelta(days=WINDOW + 1)
    assert usual_pain(history, RULES, later) is None, f"only the last {WINDOW} days"


def test_a_flare_never_becomes_the_usual_pain() -> None:
    # Usually 3; then 7 every day for weeks: a flare all along, never the new usual level, so it
    # lasts until a calmer reading, as it always did.
    history = _usual_of(3)
    flared = MONDAY + timedelta(days=MIN_DAYS)
    history += [_session(flared + timedelta(days=n), pain_before=7) for n in range(WINDOW * 2)]
    assert recent_flare(history, RULES) == 7
    assert usual_pain(history, RULES, flared + timedelta(days=WINDOW * 2)) is None
    assert recent_pain_flare(history, RULES) is not None


# --- Someone whose back is usually at 6 or 7 ----------------------------------------------------


def test_a_usual_six_is_a_flare_at_first_then_the_usual_level() -> None:
    first = _session(MONDAY, pain_before=6)
    assert recent_flare([first], RULES) == 6, "no usual pain yet: the flare level, as before"
    known = MONDAY + timedelta(days=MIN_DAYS)
    history = _usual_of(6)
    assert usual_pain(history, RULES, known) == 6
    # The answer for the day after the last of those sessions was judged without a usual pain:
    # a flare, and the last reading of its day, so that day's plan still steps back.
    assert flare_for_day(history, RULES, known) == 6
    history = _usual_of(6, days=MIN_DAYS + 1)
    today = known + timedelta(days=1)
    assert flare_for_day(history, RULES, today) is None, "a 6 the day after is usual: calmer"
    history.append(_session(today, pain_before=6, pain_after=7))
    assert flare_for_day(history, RULES, today) is None, "7 is one point above the usual 6"
    assert recent_flare(history, RULES) is None


def test_a_clear_rise_above_the_usual_pain_is_a_flare_and_says_so() -> None:
    history = _usual_of(5)
    today = MONDAY + timedelta(days=MIN_DAYS)
    history.append(_session(today, pain_before=5, pain_after=7))
    flare = pain_flare_for_day(history, RULES, today)
    assert flare is not None
    assert flare.peak == 7
    assert flare.start.words == "7/10 is 2 points above your usual 5/10"
    assert (flare.start.moment, flare.start.session_day) == (Moment.AFTER, today)
    # A 6 is calmer for this person (a point above usual): it ends the flare.
    calmer = _session(today + timedelta(days=1), pain_before=6)
    assert recent_flare([*history, calmer], RULES) is None
    # A 7 the next day goes on with it.
    still = _session(today + timedelta(days=1), pain_before=7)
    assert recent_flare([*history, still], RULES) == 7


def test_severe_pain_is_a_flare_on_top_of_a_usual_seven() -> None:
    history = _usual_of(7, days=MIN_DAYS + 1)
    assert recent_flare(history, RULES) is None
    history.append(_session(MONDAY + timedelta(days=MIN_DAYS + 1), pain_after=8))
    flare = recent_pain_flare(history, RULES)
    assert flare is not None
    assert flare.start.rule is FlareRule.SEVERE
    assert flare.start.usual == 7


def test_progression_holds_rather_than_steps_back_at_the_usual_pain(small_catalog: Catalog) -> None:
    hip = small_catalog.exercises["hip-lift"]
    plan = SessionPlan(
        day=MONDAY,
        kind=DayKind.FULL,
        exercises=[_planned(hip)],
        estimated_seconds=60,
        minutes_budget=15,
    )
    usual = [
        _session(
            MONDAY + timedelta(days=n), plan=plan, pain_before=6, pain_after=6, next_day_pain=6
        )
        for n in range(MIN_DAYS)
    ]
    today = MONDAY + timedelta(days=MIN_DAYS)
    at_usual = _session(today, plan=plan, pain_before=6, pain_after=7, next_day_pain=6)
    held = adjust([*usual, at_usual], small_catalog, RULES, today=today)["hip-lift"]
    assert (held.rule_id, held.change) == ("usual-pain", ChangeKind.HOLD)
    assert "close to your usual 6/10" in held.reason
    # Before a usual pain is known, the same readings step back, as they always did.
    first = adjust(usual[:1], small_catalog, RULES, today=MONDAY)["hip-lift"]
    assert (first.rule_id, first.change) == ("flare", ChangeKind.STEP_BACK)
    assert "at the flare level (6/10 or more)" in first.reason
    # A clear rise steps back and says by how much.
    rose = _session(today, plan=plan, pain_before=6, pain_after=9)
    stepped = adjust([*usual, rose], small_catalog, RULES, today=today)["hip-lift"]
    assert (stepped.rule_id, stepped.change) == ("flare", ChangeKind.STEP_BACK)
    assert "3 points above your usual 6/10" in stepped.reason


def test_the_plan_for_a_usual_six_is_not_a_flare_plan(catalog: Catalog) -> None:
    profile = Profile()
    history: list[SessionRecord] = []
    day = MONDAY
    for _ in range(MIN_DAYS + 2):
        plan = build_session(profile, CLEAR, day, catalog=catalog, rules=RULES, history=history)
        history.append(_session(day, plan=plan, pain_before=6, pain_after=6, next_day_pain=7))
        day += timedelta(days=2)
    plan = build_session(profile, CLEAR, day, catalog=catalog, rules=RULES, history=history)
    assert not any(change.rule_id == "flare" for change in plan.changes), plan.changes
    assert not any(change.change is ChangeKind.STEP_BACK for change in plan.changes)


# --- The rules file ------------------------------------------------------------------------------


def _raw() -> dict[str, object]:
    data = yaml.safe_load(PROGRESSION_RULES_PATH.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_the_built_in_rules_define_the_usual_pain_and_severe_pain() -> None:
    assert (FLARE, SEVERE, RISE, WINDOW, MIN_DAYS) == (6, 8, 2, 14, 3)
    cited = " ".join(RULES.cite("flare"))
    assert "Ostelo" in cited
    assert "Boonstra" in cited


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"severe_pain": 5}, "flare <= severe"),
        ({"usual_pain_min_days": 20}, "usual_pain_min_days"),
        ({"flare_rise": 0}, "flare_rise"),
    ],
)
def test_inconsistent_usual_pain_thresholds_are_refused(
    change: dict[str, int], problem: str
) -> None:
    data = _raw()
    thresholds = data["thresholds"]
    assert isinstance(thresholds, dict)
    thresholds.update(change)
    with pytest.raises(ProgressionRulesError, match=problem):
        parse_progression_rules(data)


# --- Properties ----------------------------------------------------------------------------------

_any_pain = st.none() | st.integers(min_value=0, max_value=10)


def _histories(rest: st.SearchStrategy[int | None]) -> st.SearchStrategy[list[SessionRecord]]:
    """Up to eight sessions, 0-3 days apart, with readings at rest drawn from `rest`."""
    session = st.tuples(
        st.integers(min_value=0, max_value=3),
        st.fixed_dictionaries(
            {"pain_before": rest, "pain_after": _any_pain, "next_day_pain": rest}
        ),
        st.lists(st.integers(min_value=0, max_value=10), max_size=2),
    )

    def build(steps: list[tuple[int, dict[str, int | None], list[int]]]) -> list[SessionRecord]:
        history, day = [], MONDAY
        for gap, readings, set_pains in steps:
            day += timedelta(days=gap)
            hour = 6 + len(history)
            history.append(_session(day, hour=hour, set_pains=tuple(set_pains), **readings))
        return history

    return st.lists(session, max_size=8).map(build)


def _absolute_recent_flare(history: Sequence[SessionRecord]) -> int | None:
    """The flare rule before usual pain counted, kept here as the reference: a reading at the
    flare level starts a flare, a lower one before, after or the next day ends it."""
    readings: list[tuple[tuple[date, int, int, int], int, bool]] = []
    for index, record in enumerate(history):
        day, feedback = record.plan.day, record.feedback
        own = [(feedback.pain_before, True), *((s.pain, False) for s in record.sets)]
        own.append((feedback.pain_after, True))
        for order, (pain, ends) in enumerate(own):
            if pain is not None:
                readings.append(((day, 1, index, order), pain, ends))
        later = feedback.next_day_pain
        if later is not None:
            place = 2 if later >= FLARE else 0
            readings.append(((day + timedelta(days=1), place, index, 0), later, True))
    peak: int | None = None
    for _, pain, ends in sorted(readings, key=lambda reading: reading[0]):
        if pain >= FLARE:
            peak = max(peak or 0, pain)
        elif ends:
            peak = None
    return peak


def _absolute_flare_for_day(history: Sequence[SessionRecord], day: date) -> int | None:
    for record in reversed([r for r in history if r.plan.day == day]):
        feedback = record.feedback
        pains = [feedback.pain_before, feedback.pain_after, feedback.next_day_pain]
        peak = max(
            (p for p in [*pains, *(s.pain for s in record.sets)] if p is not None), default=0
        )
        if peak >= FLARE:
            return peak
    return _absolute_recent_flare([r for r in history if r.plan.day < day])


@settings(max_examples=300, deadline=None)
@given(
    history=_histories(st.none() | st.integers(0, 4) | st.integers(8, 10)),
    days=st.integers(min_value=0, max_value=4),
)
def test_whoever_is_usually_at_four_or_less_is_judged_exactly_as_before(
    history: list[SessionRecord], days: int
) -> None:
    # Pain at rest of 5-7 is what can lift a usual pain above 4; without it (and, below, without
    # enough days for a usual pain at all), the flare level alone decides, as it always did.
    assert recent_flare(history, RULES) == _absolute_recent_flare(history)
    day = (history[-1].plan.day if history else MONDAY) + timedelta(days=days)
    assert flare_for_day(history, RULES, day) == _absolute_flare_for_day(history, day)


@settings(max_examples=300, deadline=None)
@given(history=_histories(_any_pain))
def test_without_a_usual_pain_it_is_the_flare_level_as_before(
    history: list[SessionRecord],
) -> None:
    history = [r for r in history if r.plan.day < MONDAY + timedelta(days=MIN_DAYS - 1)]
    assert recent_flare(history, RULES) == _absolute_recent_flare(history)
    flare = recent_pain_flare(history, RULES)
    assert flare is None or flare.start.rule is FlareRule.FLARE_LEVEL, "and it says so"
    for day in {r.plan.day for r in history}:
        assert flare_for_day(history, RULES, day) == _absolute_flare_for_day(history, day)


@settings(max_examples=300, deadline=None)
@given(
    history=_histories(_any_pain),
    gap=st.integers(min_value=1, max_value=WINDOW + 2),
    pain=st.integers(min_value=SEVERE, max_value=10),
    when=st.sampled_from(["pain_before", "pain_after", "next_day_pain"]),
)
def test_severe_pain_is_always_a_flare(
    history: list[SessionRecord], gap: int, pain: int, when: str
) -> None:
    # A later day's: the answer for the day after an earlier session may come after it.
    day = (history[-1].plan.day if history else MONDAY) + timedelta(days=gap)
    severe = _session(day, hour=23, **{when: pain})
    flare = recent_pain_flare([*history, severe], RULES)
    assert flare is not None
    assert flare.peak >= pain
    if when != "next_day_pain":
        assert flare_for_day([*history, severe], RULES, day) is not None


@settings(max_examples=200, deadline=None)
@given(
    readings=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=3),
            st.integers(min_value=6, max_value=7),
            st.integers(min_value=6, max_value=7),
            st.none() | st.integers(min_value=6, max_value=7),
        ),
        min_size=MIN_DAYS + 2,
        max_size=12,
    )
)
def test_a_steady_usual_six_or_seven_never_flares_once_it_is_known(
    readings: list[tuple[int, int, int, int | None]], small_catalog: Catalog
) -> None:
    # Sessions 1-3 days apart: from the fourth on, the usual pain is known (three earlier days in
    # the window). The first ones are flares by the flare level alone, and the answer for the day
    # after the third can carry that to the end of the fourth's day; after the fifth, no flare.
    hip = small_catalog.exercises["hip-lift"]
    plan = SessionPlan(
        day=MONDAY,
        kind=DayKind.FULL,
        exercises=[_planned(hip)],
        estimated_seconds=60,
        minutes_budget=15,
    )
    history, day = [], MONDAY
    for gap, before, after, next_day in readings:
        history.append(
            _session(day, plan=plan, pain_before=before, pain_after=after, next_day_pain=next_day)
        )
        day += timedelta(days=gap)
    last = history[-1].plan.day
    assert recent_flare(history, RULES) is None
    assert flare_for_day(history, RULES, last + timedelta(days=1)) is None
    assert flare_for_day(history, RULES, last + timedelta(days=WINDOW)) is None
    held = adjust(history, small_catalog, RULES, today=last + timedelta(days=1))["hip-lift"]
    assert held.change is not ChangeKind.STEP_BACK, held.reason


@settings(max_examples=300, deadline=None)
@given(
    history=_histories(_any_pain).filter(bool),
    which=st.integers(min_value=0, max_value=20),
    when=st.sampled_from(["pain_before", "pain_after", "next_day_pain"]),
    more=st.integers(min_value=1, max_value=10),
)
def test_more_pain_in_the_latest_readings_never_ends_a_flare(
    history: list[SessionRecord], which: int, when: str, more: int
) -> None:
    # Raising an earlier day's reading may raise the usual pain later readings are judged by;
    # raising one of the latest day's can only make it more of a flare.
    last = history[-1].plan.day
    latest = [i for i, r in enumerate(history) if r.plan.day == last]
    index = latest[which % len(latest)]
    record = history[index]
    pain = getattr(record.feedback, when)
    assume(pain is not None)  # a new reading is another matter: a calmer one ends a flare
    raised_feedback = record.feedback.model_copy(update={when: min(10, pain + more)})
    raised = [*history]
    raised[index] = record.model_copy(update={"feedback": raised_feedback})
    if recent_flare(history, RULES) is not None:
        assert recent_flare(raised, RULES) is not None
    for day in (last, last + timedelta(days=1)):
        if flare_for_day(history, RULES, day) is not None:
            assert flare_for_day(raised, RULES, day) is not None
