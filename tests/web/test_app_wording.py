"""Counts and times on the pages read as the terminal's do: '1 exercise', and '1:19'."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from strongback import services
from strongback.plan import SessionPlan
from strongback.profile import Profile
from strongback.rules.screening import screen_with_default_rules


@pytest.fixture
def with_profile(client: TestClient) -> TestClient:
    profile = Profile()
    state = client.app.state.strongback  # type: ignore[attr-defined]
    state.repository().save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    return client


def _training_day(client: TestClient) -> SessionPlan:
    """The plan of the first day from today that has exercises (a rest day has none)."""
    state = client.app.state.strongback  # type: ignore[attr-defined]
    for ahead in range(7):
        plan = services.plan_for_day(
            state.repository(), state.catalog, date.today() + timedelta(ahead)
        )
        if plan.exercises:
            return plan
    raise AssertionError("no day of the week has exercises")


def test_today_counts_one_exercise_in_the_singular(
    with_profile: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    planned = services.plan_for_day

    def one_exercise(*args, **kwargs):  # type: ignore[no-untyped-def]
        plan = planned(*args, **kwargs)
        return plan.model_copy(update={"exercises": plan.exercises[:1]})

    day = _training_day(with_profile).day
    monkeypatch.setattr(services, "plan_for_day", one_exercise)
    page = with_profile.get("/today", params={"day": day.isoformat()})
    assert page.status_code == 200
    assert re.search(r"<p class=\"lead\">1 exercise · about \d+ minutes?\b", page.text), page.text
    assert "1 exercises" not in page.text


def test_each_exercise_time_is_minutes_and_seconds_as_the_terminal_shows_it(
    with_profile: TestClient,
) -> None:
    from strongback.cli.plan_commands import _clock

    plan = _training_day(with_profile)
    page = with_profile.get("/today", params={"day": plan.day.isoformat()}).text
    shown = re.findall(r'about <time datetime="PT(\d+)M(\d+)S">(\d+:\d\d)</time>', page)
    assert [clock for _, _, clock in shown] == [_clock(e.estimated_seconds) for e in plan.exercises]
    assert not re.search(r"\d\.\d min", page)  # no more "about 1.3 min"


def test_the_week_and_today_name_each_day_in_the_terminal_s_words(
    with_profile: TestClient,
) -> None:
    from strongback.plan import DayKind

    state = with_profile.app.state.strongback  # type: ignore[attr-defined]
    next_week = date.today() + timedelta(days=7)  # all planned: after the set-up
    week = services.plan_for_week(state.repository(), state.catalog, next_week)
    page = with_profile.get("/week", params={"day": next_week.isoformat()}).text
    kinds = re.findall(r'<p class="kind">([^<·]+?)\s*·', page)
    assert kinds == [d.kind.label for d in week.days]
    assert {DayKind.FULL.label, DayKind.STRETCH.label} <= set(kinds)
    for day in week.days[:3]:
        today = with_profile.get("/today", params={"day": day.day.isoformat()}).text
        assert f"<h1>Today: {day.kind.label.lower()}</h1>" in today
