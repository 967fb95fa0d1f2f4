"""`handout` and `reminders` refuse a --date long before the first set-up, as `log`, `checkin` and
`function` do; on SQLite and PostgreSQL.

Found by a reviewer: `strongback handout p3.pdf --date 2020-01-01` wrote a handout of seven "Rest
day" rows, the plan of days before strongback was set up.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from strongback.cli._common import EXIT_USER_ERROR
from strongback.cli.app import app
from strongback.profile import Profile
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

# Noon UTC: the same calendar day in every time zone the tests run in.
SET_UP = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EARLIEST = SET_UP.date() - timedelta(weeks=4)  # what `log` accepts too


def _run(args: list[str], env: dict[str, str]) -> Any:
    return CliRunner().invoke(app, args, env=env)


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def set_up(repository: Repository) -> Repository:
    profile = Profile(minutes=15)
    repository.save_profile(profile, screen_with_default_rules(profile), at=SET_UP)
    return repository


@pytest.mark.parametrize("command", [["handout", "plan.pdf"], ["reminders", "plan.ics"]])
@pytest.mark.parametrize("day", [date(2020, 1, 1), EARLIEST - timedelta(days=1)])
def test_a_date_long_before_set_up_is_refused_and_writes_nothing(
    set_up: Repository,
    store_env: dict[str, str],
    tmp_path: Path,
    command: list[str],
    day: date,
) -> None:
    target = tmp_path / command[1]
    result = _run([command[0], str(target), "--date", day.isoformat()], store_env)
    assert result.exit_code == EXIT_USER_ERROR, result.output
    message = _words(result.stderr)
    assert f"--date: {day} is long before you set strongback up" in message
    assert f"give a day from {EARLIEST} on (was the year mistyped?)" in message
    assert "Traceback" not in result.output
    assert not target.exists()


def test_the_same_date_is_refused_by_log(set_up: Repository, store_env: dict[str, str]) -> None:
    """The rule is the records' one: what `log` refuses, the handout refuses, and no more."""
    too_early = (EARLIEST - timedelta(days=1)).isoformat()
    refused = _run(["log", "-e", "bridge", "--date", too_early], store_env)
    assert refused.exit_code == EXIT_USER_ERROR
    assert "was the year mistyped?" in _words(refused.stderr)


@pytest.mark.parametrize("command", [["handout", "early.pdf"], ["reminders", "early.ics"]])
def test_the_earliest_day_log_takes_is_taken(
    set_up: Repository, store_env: dict[str, str], tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / command[1]
    result = _run([command[0], str(target), "--date", EARLIEST.isoformat()], store_env)
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0


def test_days_between_the_earliest_day_and_set_up_print_as_before_you_started(
    set_up: Repository,
) -> None:
    """Not as rest days: nothing was planned for them."""
    from strongback.catalog import default_catalog
    from strongback.render.handout import BEFORE_START, coming_days, handout_html, handout_weeks
    from strongback.services import plan_for_week

    catalog = default_catalog()
    first = SET_UP.date() - timedelta(days=3)
    weeks = [plan_for_week(set_up, catalog, monday) for monday in handout_weeks(first)]
    html = handout_html(coming_days(weeks, first), catalog, made_on=SET_UP.date())
    kinds = re.findall(r"<td>\w{3} \d\d \w{3}</td>\s*<td>([^<]+)</td>", html)
    assert kinds[:3] == [BEFORE_START] * 3
    assert BEFORE_START not in kinds[3:]


def test_without_a_profile_setup_comes_first_whatever_the_date(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    result = _run(["reminders", str(tmp_path / "r.ics"), "--date", "2020-01-01"], store_env)
    assert result.exit_code == EXIT_USER_ERROR
    assert "mistyped" not in result.stderr
    assert "strongback setup" in _words(result.stderr)
