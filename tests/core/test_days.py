"""The moments a record may carry: a set ends while its session runs, give or take a second
device's clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from strongback.days import (
    CLOCK_SKEW,
    BeforeStart,
    NotYetHappened,
    check_during,
    check_happened,
    recorded_at,
)

START = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
NOW = START + timedelta(minutes=20)


@pytest.mark.parametrize(
    "moment",
    [START, NOW, START - CLOCK_SKEW, NOW + CLOCK_SKEW, START + timedelta(minutes=7)],
    ids=["start", "now", "slow-clock", "fast-clock", "during"],
)
def test_a_moment_during_the_session_is_kept(moment: datetime) -> None:
    assert check_during(moment, START, NOW) is moment


@pytest.mark.parametrize(
    "moment",
    [
        datetime(1, 1, 1, tzinfo=UTC),
        datetime(1970, 1, 1, tzinfo=UTC),
        START - CLOCK_SKEW - timedelta(seconds=1),
    ],
    ids=["year-one", "epoch", "just-before"],
)
def test_a_moment_before_the_session_started_is_refused(moment: datetime) -> None:
    with pytest.raises(BeforeStart) as refused:
        check_during(moment, START, NOW)
    assert "is before the session started (2026-11-21T10:00:00+00:00)" in str(refused.value)
    assert refused.value.moment == moment


def test_a_moment_in_the_future_is_refused() -> None:
    later = NOW + CLOCK_SKEW + timedelta(seconds=1)
    with pytest.raises(NotYetHappened, match="is in the future"):
        check_during(later, START, NOW)
    with pytest.raises(NotYetHappened):
        check_happened(later, NOW)
    # Another zone's name for the same instant is the same moment.
    here = NOW.astimezone(datetime.now().astimezone().tzinfo)
    assert check_during(here, START, NOW) == NOW


def test_a_record_for_today_is_now_and_for_an_earlier_day_its_noon() -> None:
    now = datetime(2026, 11, 21, 19, 30, tzinfo=UTC)
    assert recorded_at(now.date(), now) == now
    earlier = recorded_at(date(2026, 11, 19), now)
    assert (earlier.date(), earlier.hour) == (date(2026, 11, 19), 12)
    assert earlier.tzinfo is not None
