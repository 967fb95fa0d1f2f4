"""The flare rule against the person's usual pain comes down to one number a day, their flare
level (`progression.flare_level`): a reading is a flare exactly when it is at or above it. The
players, the check-in and the log read pain against that number, so these properties tie it to
what progression itself calls a flare."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strongback.flare_start import flare_start_reason
from strongback.progression import (
    FlareLevel,
    Thresholds,
    flare_level,
    judge_pain,
    pain_flare_for_day,
)
from strongback.records import SessionRecord
from tests.core.test_flare_against_usual_pain import (
    FLARE,
    LIMITS,
    MONDAY,
    RULES,
    SEVERE,
    _any_pain,
    _histories,
    _session,
    _usual_of,
)


@st.composite
def _thresholds(draw: st.DrawFn) -> Thresholds:
    """Any consistent thresholds, not only the built-in ones."""
    flare = draw(st.integers(min_value=1, max_value=10))
    severe = draw(st.integers(min_value=flare, max_value=10))
    rise = draw(st.integers(min_value=1, max_value=10))
    return LIMITS.model_validate(
        {
            **LIMITS.model_dump(),
            "flare_pain": flare,
            "severe_pain": severe,
            "flare_rise": rise,
            "acceptable_pain": flare - 1,
            "comfortable_pain": 0,
        }
    )


@settings(max_examples=500, deadline=None)
@given(
    limits=_thresholds(),
    pain=st.integers(min_value=0, max_value=10),
    usual=st.none() | st.integers(min_value=0, max_value=10),
)
def test_a_reading_is_a_flare_exactly_at_or_above_the_flare_level(
    limits: Thresholds, pain: int, usual: int | None
) -> None:
    level = FlareLevel(usual, limits)
    # The rule as the rules file states it.
    if usual is None:
        stated = pain >= limits.flare_pain
    else:
        rise = pain >= usual + limits.flare_rise and pain >= limits.flare_pain
        stated = rise or pain >= limits.severe_pain
    assert (judge_pain(pain, usual, limits) is not None) == stated
    assert level.is_flare(pain) == stated
    # ... and the one number it comes down to.
    expected = (
        limits.flare_pain
        if usual is None
        else min(limits.severe_pain, max(limits.flare_pain, usual + limits.flare_rise))
    )
    assert level.lowest == expected
    assert (level.judge(pain) is not None) == stated


@settings(max_examples=300, deadline=None)
@given(
    history=_histories(_any_pain),
    gap=st.integers(min_value=1, max_value=4),
    pain=st.integers(min_value=0, max_value=10),
)
def test_the_flare_level_is_what_the_plan_steps_back_from(
    history: list[SessionRecord], gap: int, pain: int
) -> None:
    """Pain given before a session on a later day starts a flare for the next plan exactly
    when it is at or above the person's flare level for that day, and for the same reason."""
    day = (history[-1].plan.day if history else MONDAY) + timedelta(days=gap)
    level = flare_level(history, RULES, day)
    flare = pain_flare_for_day([*history, _session(day, pain_before=pain)], RULES, day)
    started_today = flare is not None and flare.start.session_day == day
    assert started_today == level.is_flare(pain)
    if flare is not None and started_today:
        judged = level.judge(pain)
        assert judged is not None
        assert (flare.start.rule, flare.start.usual) == (judged.rule, judged.usual)


def test_without_a_usual_pain_the_level_is_the_rules_flare_level() -> None:
    level = flare_level([], RULES, MONDAY)
    assert (level.usual, level.lowest) == (None, FLARE)


@pytest.mark.parametrize(("usual", "lowest"), [(3, FLARE), (6, SEVERE), (7, SEVERE)])
def test_a_usual_pain_known_sets_the_level(usual: int, lowest: int) -> None:
    history = _usual_of(usual, days=4)
    level = flare_level(history, RULES, history[-1].plan.day + timedelta(days=1))
    assert (level.usual, level.lowest) == (usual, lowest)
    assert not level.is_flare(usual)


def test_the_start_reason_says_the_usual_pain_when_there_is_one() -> None:
    assert flare_start_reason(8, 6) == (
        "Your back is at 8/10 before you start: at 6 or more we count that as a flare, so no "
        "strengthening today."
    )
    assert flare_start_reason(8, 8, 6) == (
        "Your back is at 8/10 before you start, 2 points above your usual 6/10: at 8 or more "
        "we count that as a flare, so no strengthening today."
    )
    assert flare_start_reason(8, 8, 7).startswith(
        "Your back is at 8/10 before you start, 1 point above your usual 7/10: at 8 or more"
    )
