"""A flare lasts until a calmer pain reading is recorded, not until the next session: a session
logged without any pain answer says nothing about the pain, so it never ends one."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from strongback.catalog import Catalog
from strongback.plan import ChangeKind
from strongback.planner import build_session
from strongback.profile import Profile
from strongback.progression import ProgressionRules, flare_for_day, recent_flare
from strongback.records import SessionRecord
from strongback.rules.progression import default_progression_rules
from strongback.safety import Screening, Status
from tests.core.conftest import pain_session as _session

CLEAR = Screening(status=Status.CLEAR)
MONDAY = date(2026, 11, 23)
FLARE = default_progression_rules().thresholds.flare_pain
SEVERE = default_progression_rules().thresholds.severe_pain


def test_a_session_without_pain_answers_does_not_end_a_next_day_flare(
    rules: ProgressionRules,
) -> None:
    # The reviewer's steps: `strongback checkin` 7/10 for yesterday's session, then
    # `strongback log -e pelvic-tilt` today with no pain given.
    yesterday = _session(MONDAY, next_day_pain=7)
    today = _session(MONDAY + timedelta(days=1))

    assert recent_flare([yesterday, today], rules) == 7
    assert flare_for_day([yesterday, today], rules, MONDAY + timedelta(days=2)) == 7
    assert flare_for_day([yesterday, today], rules, MONDAY + timedelta(days=9)) == 7


def test_a_calmer_reading_before_after_or_the_next_day_ends_it(rules: ProgressionRules) -> None:
    flared = _session(MONDAY, pain_after=8)
    later = MONDAY + timedelta(days=2)
    for calm in (
        _session(later, pain_before=2),
        _session(later, pain_after=3),
        _session(MONDAY, hour=18, next_day_pain=1),
    ):
        assert recent_flare([flared, calm], rules) is None, calm.feedback


def test_pain_stopping_a_set_starts_a_flare_but_never_ends_one(rules: ProgressionRules) -> None:
    flared = _session(MONDAY, pain_after=7)
    assert recent_flare([flared, _session(MONDAY + timedelta(days=1), set_pains=(2,))], rules) == 7
    assert recent_flare([_session(MONDAY, set_pains=(9,))], rules) == 9


def test_the_latest_reading_decides_and_the_flare_keeps_its_peak(rules: ProgressionRules) -> None:
    flared = _session(MONDAY, pain_before=3, pain_after=8, next_day_pain=6)
    assert recent_flare([flared], rules) == 8
    eased = _session(MONDAY, pain_before=7, pain_after=2)
    assert recent_flare([eased], rules) is None
    high_start = _session(MONDAY, pain_before=FLARE)
    assert recent_flare([high_start], rules) == FLARE


def test_a_next_day_answer_of_unknown_hour_lets_the_flare_win_that_day(
    rules: ProgressionRules,
) -> None:
    tuesday = MONDAY + timedelta(days=1)
    # The check-in is dated Tuesday; whether it came before or after Tuesday's session is not
    # kept, so a flare-level answer counts as the day's last reading...
    high_check_in = _session(MONDAY, pain_after=2, next_day_pain=7)
    assert recent_flare([high_check_in, _session(tuesday, pain_after=2)], rules) == 7
    # ...and a calm one as its first, so it never ends a flare recorded in Tuesday's session.
    calm_check_in = _session(MONDAY, pain_after=2, next_day_pain=1)
    assert recent_flare([calm_check_in, _session(tuesday, pain_after=8)], rules) == 8
    # Wednesday's answers are later than Tuesday's, whatever their hour.
    wednesday = _session(tuesday + timedelta(days=1), pain_before=2)
    assert recent_flare([high_check_in, wednesday], rules) is None


def test_a_flare_recorded_today_still_counts_at_once(rules: ProgressionRules) -> None:
    morning = _session(MONDAY, hour=8, pain_after=9)
    afternoon = _session(MONDAY, hour=15, pain_after=1)
    assert flare_for_day([morning], rules, MONDAY) == 9
    assert flare_for_day([morning, afternoon], rules, MONDAY) == 9
    assert flare_for_day([morning, afternoon], rules, MONDAY + timedelta(days=1)) is None


def test_after_the_silent_log_tomorrows_plan_still_holds_back(
    catalog: Catalog, rules: ProgressionRules
) -> None:
    profile = Profile()
    done = build_session(profile, CLEAR, MONDAY, catalog=catalog, rules=rules)
    history = [
        _session(MONDAY, plan=done, next_day_pain=7),
        _session(MONDAY + timedelta(days=1), plan=done),
    ]
    friday = MONDAY + timedelta(days=4)

    plan = build_session(profile, CLEAR, friday, catalog=catalog, rules=rules, history=history)

    assert "7/10" in plan.notes[0]
    assert plan.changes
    assert {c.change for c in plan.changes} == {ChangeKind.HOLD}


_pain = st.none() | st.integers(min_value=0, max_value=10)
_readings = st.fixed_dictionaries(
    {"pain_before": _pain, "pain_after": _pain, "next_day_pain": _pain},
)
_histories = st.lists(
    st.tuples(st.integers(min_value=0, max_value=3), _readings), min_size=0, max_size=6
)


def _history(steps: list[tuple[int, dict[str, int | None]]]) -> list[SessionRecord]:
    history, day = [], MONDAY
    for gap, readings in steps:
        day += timedelta(days=gap)
        history.append(_session(day, hour=8 + len(history), **readings))
    return history


@settings(max_examples=200, deadline=None)
@given(steps=_histories, gap=st.integers(min_value=0, max_value=3))
def test_a_session_without_any_pain_reading_never_ends_a_flare(
    steps: list[tuple[int, dict[str, int | None]]], gap: int
) -> None:
    rules = default_progression_rules()
    history = _history(steps)
    last_day = history[-1].plan.day if history else MONDAY
    silent = _session(last_day + timedelta(days=gap), hour=23)

    assert recent_flare([*history, silent], rules) == recent_flare(history, rules)
    after = last_day + timedelta(days=gap + 1)
    assert flare_for_day([*history, silent], rules, after) == flare_for_day(history, rules, after)


@settings(max_examples=200, deadline=None)
@given(steps=_histories)
def test_a_flare_is_over_only_after_a_calmer_reading(
    steps: list[tuple[int, dict[str, int | None]]],
) -> None:
    rules = default_progression_rules()
    history = _history(steps)
    peak = recent_flare(history, rules)
    pains = [p for r in history for p in r.feedback.model_dump().values() if isinstance(p, int)]
    # Calmer is judged against the person's usual pain once it is known (readings on enough
    # days, see test_flare_against_usual_pain.py), and severe pain is a flare whatever it is.
    known = len({r.plan.day for r in history}) >= rules.thresholds.usual_pain_min_days
    calm_below = SEVERE if known else FLARE
    if peak is not None:
        assert peak >= FLARE
        assert peak in pains
    elif any(p >= calm_below for p in pains):
        assert any(p < calm_below for p in pains), "a flare ended without a calmer reading"
