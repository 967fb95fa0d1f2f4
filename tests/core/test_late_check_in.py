"""Pain counts in the order it was given, so the latest reading decides: a next-day answer given
days late, after later sessions, is placed when it was given (`next_day_pain_at`), not on the day
after its session, and a flare it starts lasts until a calmer reading after it."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from strongback.progression import (
    Moment,
    ProgressionRules,
    flare_for_day,
    flare_level,
    recent_pain_flare,
)
from strongback.records import SessionFeedback, SessionRecord
from strongback.rules.progression import default_progression_rules
from tests.core.conftest import pain_session

MONDAY = date(2026, 11, 23)
FLARE = default_progression_rules().thresholds.flare_pain


def _at(day: date, hour: float) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC) + timedelta(hours=hour)


def _session(day: date, hour: int = 9, **feedback: int | None) -> SessionRecord:
    """A session of `day` at `hour` (UTC), with the pain answers in `feedback`."""
    record = pain_session(day, hour=hour, **feedback)
    start = _at(day, hour)
    return record.model_copy(update={"started_at": start, "ended_at": start + timedelta(hours=1)})


def _checked_in(record: SessionRecord, pain: int, at: datetime) -> SessionRecord:
    """`record` with a next-day answer of `pain` given at `at`."""
    answer = {"next_day_pain": pain, "next_day_pain_at": at}
    return record.model_copy(update={"feedback": record.feedback.model_copy(update=answer)})


def test_a_late_check_in_after_a_calmer_session_is_the_latest_reading(
    rules: ProgressionRules,
) -> None:
    # The reviewer's steps: a session two days ago and one today, both at 3/10, then
    # `strongback checkin --pain 9 --session 1`.
    older = _session(MONDAY, pain_before=3, pain_after=3)
    today = MONDAY + timedelta(days=2)
    history = [
        _checked_in(older, 9, _at(today, 18)),
        _session(today, hour=10, pain_before=3, pain_after=3),
    ]

    flare = recent_pain_flare(history, rules)
    assert flare is not None
    assert flare.peak == 9
    assert flare.start.moment is Moment.NEXT_DAY
    assert flare.start.session_day == MONDAY
    assert flare_for_day(history, rules, today) == 9
    assert flare_for_day(history, rules, today + timedelta(days=1)) == 9
    assert flare_for_day(history, rules, today + timedelta(days=9)) == 9
    # Until a calmer reading given after it.
    calmer = _session(today + timedelta(days=1), pain_before=3)
    assert recent_pain_flare([*history, calmer], rules) is None
    assert flare_for_day([*history, calmer], rules, today + timedelta(days=2)) is None


def test_the_same_answer_without_its_moment_keeps_the_day_after_its_session(
    rules: ProgressionRules,
) -> None:
    # Given before its moment was kept: placed on the day after its session, as it always was.
    older = _session(MONDAY, pain_before=3, pain_after=3, next_day_pain=9)
    later = _session(MONDAY + timedelta(days=2), pain_before=3, pain_after=3)
    assert recent_pain_flare([older, later], rules) is None


def test_a_calmer_session_after_the_check_in_ends_its_flare(rules: ProgressionRules) -> None:
    # The usual order: a session, the check-in the next morning, a session at noon.
    tuesday = MONDAY + timedelta(days=1)
    history = [
        _checked_in(_session(MONDAY, pain_after=3), 8, _at(tuesday, 8)),
        _session(tuesday, hour=12, pain_before=3),
    ]
    assert recent_pain_flare(history, rules) is None
    # And a flare given at noon stays, after a calm check-in that morning.
    history = [
        _checked_in(_session(MONDAY, pain_after=3), 2, _at(tuesday, 8)),
        _session(tuesday, hour=12, pain_after=8),
    ]
    assert flare_for_day(history, rules, tuesday + timedelta(days=1)) == 8


def test_a_check_in_during_a_session_goes_between_its_readings(rules: ProgressionRules) -> None:
    tuesday = MONDAY + timedelta(days=1)
    # Tuesday's session begins at 3/10 at 12:00 and ends at 13:00 at 2/10; the check-in for
    # Monday's came at 12:30, in between.
    monday = _checked_in(_session(MONDAY, pain_after=3), FLARE + 1, _at(tuesday, 12.5))
    tuesdays = _session(tuesday, hour=12, pain_before=3, pain_after=2)
    assert recent_pain_flare([monday, tuesdays], rules) is None
    no_after = tuesdays.model_copy(update={"feedback": SessionFeedback(pain_before=3)})
    assert recent_pain_flare([monday, no_after], rules) is not None


def test_two_late_answers_count_in_the_order_they_were_given(rules: ProgressionRules) -> None:
    wednesday = MONDAY + timedelta(days=2)
    first = _session(MONDAY, pain_after=3)
    second = _session(MONDAY + timedelta(days=1), pain_after=3)
    calm_last = [
        _checked_in(first, 8, _at(wednesday, 8)),
        _checked_in(second, 2, _at(wednesday, 9)),
    ]
    flare_last = [
        _checked_in(first, 2, _at(wednesday, 9)),
        _checked_in(second, 8, _at(wednesday, 8)),
    ]
    assert recent_pain_flare(calm_last, rules) is None
    assert recent_pain_flare(flare_last, rules) is None  # the 2/10 came last
    assert recent_pain_flare([first, _checked_in(second, 8, _at(wednesday, 8))], rules) is not None


# --- The latest reading decides -----------------------------------------------------------------

_pain = st.none() | st.integers(min_value=0, max_value=10)
_steps = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3),  # days after the session before
        _pain,  # before
        _pain,  # after
        st.none() | st.tuples(st.integers(min_value=0, max_value=10), st.integers(1, 72)),
    ),
    min_size=1,
    max_size=8,
)


def _history(
    steps: list[tuple[int, int | None, int | None, tuple[int, int] | None]],
) -> list[SessionRecord]:
    """Sessions a few days apart, each a later hour of its day; some with a check-in given 1 to
    72 hours after it, whatever sessions came in between."""
    history: list[SessionRecord] = []
    day = MONDAY
    for gap, before, after, answer in steps:
        day += timedelta(days=gap)
        record = _session(day, hour=8 + len(history), pain_before=before, pain_after=after)
        if answer is not None:
            pain, hours = answer
            record = _checked_in(record, pain, record.started_at + timedelta(hours=hours))
        history.append(record)
    return history


@settings(max_examples=300, deadline=None)
@given(steps=_steps, which=st.integers(min_value=0), pain=st.integers(min_value=0, max_value=10))
def test_the_latest_reading_decides(
    steps: list[tuple[int, int | None, int | None, tuple[int, int] | None]],
    which: int,
    pain: int,
) -> None:
    # A check-in given after every other reading, for any session: a flare exactly when the
    # pain is one at the person's flare level for that session's day, which is what the check-in
    # says, and so what every later plan does until a calmer reading.
    rules = default_progression_rules()
    history = _history(steps)
    index = which % len(history)
    target = history[index]
    last = max(
        [r.ended_at or r.started_at for r in history]
        + [r.feedback.next_day_pain_at for r in history if r.feedback.next_day_pain_at]
    )
    history[index] = _checked_in(target, pain, last + timedelta(minutes=1))
    is_flare = flare_level(history, rules, target.plan.day).is_flare(pain)

    flare = recent_pain_flare(history, rules)
    assert (flare is not None) == is_flare
    if flare is not None:
        assert flare.peak >= pain
    later = history[-1].plan.day + timedelta(days=1)
    assert (flare_for_day(history, rules, later) is not None) == is_flare
    assert (flare_for_day(history, rules, later + timedelta(days=30)) is not None) == is_flare
