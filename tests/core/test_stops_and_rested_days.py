"""What a stop and a day stopped for a flare say in a plan: a stop for pain quotes the pain given
when the exercise was stopped; a day stopped for a flare (`SessionStatus.RESTED`) is no exercise
for the long-break rule, while its pain still counts, and a plan says it was no session."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from strongback._plan_explain import Flare
from strongback.catalog import Catalog, Exercise, default_catalog
from strongback.plan import DayKind, SessionPlan
from strongback.planner import plan_of_exercises
from strongback.progression import ProgressionRules, adjust, adjust_for_day, flare_for_day
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
)
from strongback.rules.progression import default_progression_rules
from tests.core.conftest import pain_session

MONDAY = date(2026, 11, 23)
RULES = default_progression_rules()
FLARE = RULES.thresholds.flare_pain


def _played(
    catalog: Catalog, exercise_id: str, day: date, *, stop_pain: int | None = None, **pains: int
) -> SessionRecord:
    """A session of one exercise on `day`, its first set stopped at `stop_pain` when given."""
    exercise: Exercise = catalog.exercises[exercise_id]
    plan = plan_of_exercises([(exercise, exercise.dosage)], day, catalog, "Done.")
    at = datetime.combine(day, time(9))
    stopped = [
        SetRecord(
            exercise_id=exercise_id,
            set_number=1,
            outcome=SetOutcome.STOPPED,
            reason="pain",
            pain=stop_pain,
            ended_at=at + timedelta(minutes=1),
        )
    ]
    return SessionRecord(
        plan=plan,
        source=SessionSource.PLAYER,
        status=SessionStatus.ENDED_EARLY if stop_pain is not None else SessionStatus.COMPLETED,
        started_at=at,
        ended_at=at + timedelta(minutes=2),
        sets=stopped if stop_pain is not None else [],
        feedback=SessionFeedback.model_validate(pains),
    )


def _rested(day: date, pain: int, hour: int = 10) -> SessionRecord:
    """A day stopped for a flare before anything played, as `services.stop_for_today` keeps it."""
    at = datetime.combine(day, time(hour))
    plan = SessionPlan(
        day=day, kind=DayKind.REST, exercises=[], estimated_seconds=0, minutes_budget=15
    )
    return SessionRecord(
        plan=plan,
        source=SessionSource.WEB,
        status=SessionStatus.RESTED,
        started_at=at,
        ended_at=at,
        feedback=SessionFeedback(pain_before=pain),
    )


# --- A stop for pain quotes the pain that stopped it --------------------------------------------


def test_a_stop_for_pain_quotes_the_set_s_pain_not_the_pain_after(catalog: Catalog) -> None:
    # The reviewer's steps: Pelvic tilt stopped at 1/10, then 5/10 after the session.
    record = _played(catalog, "pelvic-tilt", MONDAY, stop_pain=1, pain_before=2, pain_after=5)

    adjustment = adjust([record], catalog, RULES, MONDAY + timedelta(days=1))["pelvic-tilt"]

    assert adjustment.rule_id == "stopped-for-pain"
    assert adjustment.reason.startswith("You stopped Pelvic tilt because it hurt (1/10)")
    assert "5/10" not in adjustment.reason
    # As a plan made later the same day says it.
    same_day = adjust_for_day([record], catalog, RULES, MONDAY)["pelvic-tilt"]
    assert same_day.reason == adjustment.reason


@settings(max_examples=100, deadline=None)
@given(
    stop=st.integers(min_value=1, max_value=FLARE - 1),
    after=st.none() | st.integers(min_value=0, max_value=FLARE - 1),
)
def test_the_stop_s_words_always_quote_the_pain_that_stopped_it(
    stop: int, after: int | None
) -> None:
    catalog = default_catalog()
    pains = {} if after is None else {"pain_after": after}
    record = _played(catalog, "pelvic-tilt", MONDAY, stop_pain=stop, **pains)

    adjustment = adjust([record], catalog, RULES, MONDAY + timedelta(days=1))["pelvic-tilt"]

    assert adjustment.rule_id == "stopped-for-pain"
    assert f"because it hurt ({stop}/10)" in adjustment.reason


# --- A day stopped for a flare is no exercise ---------------------------------------------------


def test_a_rested_day_does_not_end_a_long_break(catalog: Catalog) -> None:
    break_days = RULES.thresholds.long_break_days
    done = _played(catalog, "bridge", MONDAY, pain_before=2, pain_after=2)
    today = MONDAY + timedelta(days=break_days + 6)
    rested = _rested(today - timedelta(days=1), FLARE + 1)

    adjustment = adjust([done, rested], catalog, RULES, today)["bridge"]

    assert adjustment.rule_id == "long-break"
    assert f"{break_days + 6} days without a session" in adjustment.reason
    # Its pain still counts: the flare it recorded is what the plan steps back from.
    assert flare_for_day([done, rested], RULES, today) == FLARE + 1


def test_a_session_played_after_the_break_ends_it(catalog: Catalog) -> None:
    break_days = RULES.thresholds.long_break_days
    done = _played(catalog, "bridge", MONDAY, pain_before=2, pain_after=2)
    today = MONDAY + timedelta(days=break_days + 6)
    other = _played(catalog, "pelvic-tilt", today - timedelta(days=1), pain_before=2)

    assert adjust([done, other], catalog, RULES, today)["bridge"].rule_id != "long-break"


# --- A plan says a rested day was no session ----------------------------------------------------


def test_a_flare_from_a_stop_for_today_is_worded_as_one(rules: ProgressionRules) -> None:
    flare = Flare.on(MONDAY + timedelta(days=1), [_rested(MONDAY, FLARE + 1)], rules)
    assert flare is not None
    assert flare.note().startswith(
        f"Your pain was {FLARE + 1}/10 when you stopped for today on Monday 23 November: a flare"
    )
    assert "session" not in flare.note().split(":")[0]


def test_a_flare_the_day_after_a_stop_for_today_is_worded_as_one(
    rules: ProgressionRules,
) -> None:
    calm_stop = _rested(MONDAY, FLARE).model_copy(
        update={"feedback": SessionFeedback(pain_before=FLARE, next_day_pain=FLARE + 2)}
    )
    # A calmer reading between the stop and the answer the day after: the answer starts it.
    calmer = pain_session(MONDAY, hour=12, pain_after=2)
    flare = Flare.on(MONDAY + timedelta(days=2), [calm_stop, calmer], rules)
    assert flare is not None
    assert flare.note().startswith(
        f"Your pain was {FLARE + 2}/10 the day after you stopped for today on Monday 23 November"
    )
