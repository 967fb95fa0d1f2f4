"""A plan after a flare says what is true of it: the pain reading that started the flare, when
it was given (before, during or after which session, or the day after it) and its worst since,
not "around your last session", which the flare may be long past."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from strongback._plan_explain import Flare
from strongback.catalog import Catalog
from strongback.plan import ChangeKind
from strongback.planner import build_session
from strongback.profile import Profile
from strongback.progression import ProgressionRules, flare_for_day
from strongback.records import SessionRecord
from strongback.rules.progression import default_progression_rules
from strongback.safety import Screening, Status
from tests.core.conftest import pain_session as _session

CLEAR = Screening(status=Status.CLEAR)
MONDAY = date(2026, 11, 23)
FLARE = default_progression_rules().thresholds.flare_pain


def _note(history: list[SessionRecord], day: date, rules: ProgressionRules) -> str:
    flare = Flare.on(day, history, rules)
    assert flare is not None
    return flare.note()


def test_the_note_names_the_reading_that_started_the_flare_and_its_session(
    rules: ProgressionRules,
) -> None:
    history = [
        _session(MONDAY, pain_after=7),
        _session(MONDAY + timedelta(days=1)),  # no pain answer: the flare goes on
        _session(MONDAY + timedelta(days=2)),
    ]
    note = _note(history, MONDAY + timedelta(days=4), rules)
    assert note.startswith("Your pain was 7/10 after your session on Monday 23 November: a flare")
    assert "last session" not in note
    assert "lasts until you record a calmer pain reading" in note


def test_a_flare_that_started_the_day_after_a_session_says_so(rules: ProgressionRules) -> None:
    history = [_session(MONDAY, pain_after=2, next_day_pain=8)]
    note = _note(history, MONDAY + timedelta(days=2), rules)
    assert note.startswith("Your pain was 8/10 the day after your session on Monday 23 November")


def test_pain_in_a_set_of_the_plan_s_own_day_is_during_that_session(
    rules: ProgressionRules,
) -> None:
    history = [_session(MONDAY, set_pains=(2, 9))]
    assert _note(history, MONDAY, rules).startswith(
        "Your pain was 9/10 during your session on Monday 23 November"
    )


def test_its_worst_since_is_said_when_higher_than_where_it_started(
    rules: ProgressionRules,
) -> None:
    history = [
        _session(MONDAY, pain_before=FLARE, pain_after=FLARE + 2),
        _session(MONDAY + timedelta(days=1), pain_after=FLARE + 1),
    ]
    note = _note(history, MONDAY + timedelta(days=3), rules)
    assert note.startswith(
        f"Your pain was {FLARE}/10 before your session on Monday 23 November "
        f"({FLARE + 2}/10 at its worst): a flare"
    )


def test_a_calmer_reading_ends_a_flare_so_the_next_one_starts_later(
    rules: ProgressionRules,
) -> None:
    history = [
        _session(MONDAY, pain_after=9),
        _session(MONDAY + timedelta(days=1), pain_before=2),  # the first flare is over
        _session(MONDAY + timedelta(days=2), pain_after=FLARE),
    ]
    note = _note(history, MONDAY + timedelta(days=3), rules)
    assert note.startswith(f"Your pain was {FLARE}/10 after your session on Wednesday 25 November")
    assert "9/10" not in note


def test_a_session_of_another_year_is_dated_with_its_year(rules: ProgressionRules) -> None:
    new_year = date(2027, 1, 2)
    history = [_session(date(2026, 12, 31), pain_after=8)]
    assert "after your session on Thursday 31 December 2026:" in _note(history, new_year, rules)


def test_a_held_dose_gives_the_same_reason(catalog: Catalog, rules: ProgressionRules) -> None:
    profile = Profile()
    done = build_session(profile, CLEAR, MONDAY, catalog=catalog, rules=rules)
    # Three more sessions without a pain answer: enough for a step up, which the flare holds back.
    history = [
        _session(MONDAY, plan=done, next_day_pain=7),
        *(_session(MONDAY + timedelta(days=n), plan=done) for n in (1, 2, 3)),
    ]
    sunday = MONDAY + timedelta(days=6)

    plan = build_session(profile, CLEAR, sunday, catalog=catalog, rules=rules, history=history)

    assert plan.notes[0].startswith(
        "Your pain was 7/10 the day after your session on Monday 23 November: a flare"
    )
    held = [c for c in plan.changes if c.rule_id == "flare" and c.change is ChangeKind.HOLD]
    assert held
    for change in held:
        assert change.reason.endswith(
            ": your pain was 7/10 the day after your session on Monday 23 November, a flare, "
            "so nothing steps up today."
        )


_pain = st.none() | st.integers(min_value=0, max_value=10)
_readings = st.fixed_dictionaries(
    {"pain_before": _pain, "pain_after": _pain, "next_day_pain": _pain},
)
_histories = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),
        _readings,
        st.lists(st.integers(min_value=0, max_value=10), max_size=2),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(steps=_histories, after=st.integers(min_value=0, max_value=3))
def test_the_start_is_found_for_every_flare_the_plan_steps_back_from(
    steps: list[tuple[int, dict[str, int | None], list[int]]], after: int
) -> None:
    rules = default_progression_rules()
    history, day = [], MONDAY
    for gap, readings, set_pains in steps:
        day += timedelta(days=gap)
        history.append(_session(day, hour=8 + len(history), set_pains=tuple(set_pains), **readings))
    plan_day = day + timedelta(days=after)

    peak = flare_for_day(history, rules, plan_day)
    flare = Flare.on(plan_day, history, rules)

    if peak is None:
        assert flare is None
        return
    assert flare is not None
    assert flare.pain == peak
    assert FLARE <= flare.started <= peak
    assert "recently" not in flare.note(), "the start was not found"
