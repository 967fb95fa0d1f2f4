"""`strongback progress` asks for the sessions `strongback plan --week` plans: a beginner who chose
five strengthening days is planned three, and doing those three is the whole week's plan."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from typer.testing import CliRunner

from strongback.cli.app import app
from strongback.profile import Experience, Profile
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

# A fixed week in the past, so the planner's date-keyed rotation (and so the test) never changes.
MONDAY = date(2025, 3, 3)
SUNDAY = MONDAY + timedelta(days=6)
BEGINNER_CHOOSING_FIVE = Profile(experience=Experience.BEGINNER, days_per_week=5)


def ok(args: list[str], env: dict[str, str]) -> Any:
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result


def set_up(repository: Repository, profile: Profile, day: date) -> None:
    repository.save_profile(
        profile,
        screen_with_default_rules(profile),
        at=datetime.combine(day, time(8)).astimezone(UTC),
    )


def week_plan(env: dict[str, str], day: date) -> list[dict[str, Any]]:
    days: list[dict[str, Any]] = json.loads(
        ok(["plan", "--week", "--json", "--date", day.isoformat()], env).stdout
    )["week"]["days"]
    return days


def do_every_planned_session(env: dict[str, str], days: list[dict[str, Any]]) -> None:
    for day in days:
        if not day["before_start"] and day["exercises"]:
            ok(["log", "--planned", "--date", day["day"]], env)


def words(text: str) -> str:
    return " ".join(text.replace("│", " ").split())


def test_a_beginner_who_chose_five_days_and_did_the_three_planned_kept_to_the_plan(
    store_env: dict[str, str], repository: Repository
) -> None:
    set_up(repository, BEGINNER_CHOOSING_FIVE, MONDAY)
    days = week_plan(store_env, MONDAY)
    assert sum(d["kind"] == "full" for d in days) == 3
    do_every_planned_session(store_env, days)

    data = json.loads(ok(["progress", "--json", "--date", SUNDAY.isoformat()], store_env).stdout)
    text = words(ok(["progress", "--date", SUNDAY.isoformat()], store_env).stdout)

    week = data["adherence"]["this_week"]
    assert (week["planned_sessions"], week["done_sessions"], week["met"]) == (3, 3, True)
    assert (week["planned_stretch_days"], week["stretch_days"]) == (7, 7)
    assert data["adherence"]["recent_percent"] == 100
    assert "This week: 3 of 3 strengthening sessions, stretches on 7 of 7 days." in text
    assert "1 week meeting the plan" in text
    assert "of 5" not in text


def test_the_set_up_week_asks_for_what_its_plan_shows_from_the_set_up_on(
    store_env: dict[str, str], repository: Repository
) -> None:
    """Set up on a Thursday: Monday to Wednesday are before the start in the week's plan, and
    progress asks for the strengthening and stretch days the plan holds from Thursday on."""
    thursday = MONDAY + timedelta(days=3)
    set_up(repository, BEGINNER_CHOOSING_FIVE, thursday)
    days = week_plan(store_env, MONDAY)
    planned = [d for d in days if not d["before_start"]]
    assert [d["day"] for d in planned] == [
        (thursday + timedelta(days=i)).isoformat() for i in range(4)
    ]
    do_every_planned_session(store_env, days)

    data = json.loads(ok(["progress", "--json", "--date", SUNDAY.isoformat()], store_env).stdout)
    text = words(ok(["progress", "--date", SUNDAY.isoformat()], store_env).stdout)

    week = data["adherence"]["this_week"]
    full = sum(d["kind"] == "full" for d in planned)
    assert (week["planned_sessions"], week["done_sessions"]) == (full, full) == (1, 1)
    assert (week["planned_stretch_days"], week["stretch_days"]) == (4, 4)
    assert "This week: 1 of 1 strengthening session, stretches on 4 of 4 days." in text
