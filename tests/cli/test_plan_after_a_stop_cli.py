"""`strongback plan` after a stop for today at a flare shows the day as stopped, with only the
stretches `strongback start` and the Today page still offer (`services.rest_day`), for the day and
in the week; and the week says how to see the next one. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from strongback import services
from strongback.catalog import default_catalog
from strongback.cli.app import app
from strongback.plan import Phase
from strongback.profile import Profile
from strongback.records import SessionSource
from strongback.rules.screening import screen_with_default_rules
from tests.store.factories import make_plan

if TYPE_CHECKING:
    from strongback.store import Repository

FLARE = services.flare_pain()  # no usual pain is known in these stores: the rules' level
PROFILE = Profile(minutes=15, days_per_week=7)


def _run(args: list[str], env: dict[str, str]) -> Any:
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result


def _words(text: str) -> str:
    return " ".join(text.split())


def _set_up(repository: Repository, at: datetime) -> None:
    repository.save_profile(PROFILE, screen_with_default_rules(PROFILE), at=at)


def _stop(repository: Repository, now: datetime) -> services.RestDay:
    return services.stop_for_today(repository, FLARE, now, SessionSource.PLAYER).rest


@pytest.fixture
def stopped_today(repository: Repository) -> services.RestDay:
    now = datetime.now(UTC)
    _set_up(repository, now - timedelta(days=10))
    return _stop(repository, now)


def test_today_after_a_stop_shows_the_stop_the_care_and_the_stretches_only(
    store_env: dict[str, str], repository: Repository, stopped_today: services.RestDay
) -> None:
    planned = services.plan_for_day(repository, default_catalog(), date.today())
    stretches = [e.name for e in planned.exercises if e.phase is Phase.STRETCH]
    strengthening = [e.name for e in planned.exercises if e.phase is Phase.STRENGTHEN]

    text = _words(_run(["plan"], store_env).stdout)
    data = json.loads(_run(["plan", "--json"], store_env).stdout)["session"]

    assert "Stopped for a flare" in text
    assert stopped_today.words in text
    assert services.FLARE_ADVICE in text
    assert "today's stretches are still there; no strengthening today" in text
    assert not [name for name in strengthening if name in text]
    assert [e["name"] for e in data["exercises"]] == stretches
    assert data["kind"] == "stretch"
    assert data["stopped_for_flare"]["pain"] == FLARE
    assert data["stopped_for_flare"]["words"] == stopped_today.words


def test_a_strengthening_exercise_is_left_out_of_the_day_and_of_the_week(
    store_env: dict[str, str],
    stopped_today: services.RestDay,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Today's plan: a stretch and a strengthening exercise, whatever today's layout.
    monkeypatch.setattr(services, "plan_for_day", lambda _r, _c, day: make_plan(day))

    day = _words(_run(["plan"], store_env).stdout)
    week = _run(["plan", "--week"], store_env).stdout
    days = json.loads(_run(["plan", "--week", "--json"], store_env).stdout)["week"]["days"]

    assert "Knee to chest" in day
    assert "Bridge" not in day
    (row,) = [line for line in week.splitlines() if "(today)" in line]
    assert "Stopped for a flare" in row
    (today,) = [d for d in days if d["day"] == date.today().isoformat()]
    assert today["stopped_for_flare"]["pain"] == FLARE
    assert {e["phase"] for e in today["exercises"]} <= {"stretch"}
    others = [d for d in days if d["day"] != today["day"]]
    assert all(d["stopped_for_flare"] is None for d in others)


def test_a_day_with_no_stretches_says_nothing_more_is_planned(
    store_env: dict[str, str],
    stopped_today: services.RestDay,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def strengthening_only(_r: object, _c: object, day: date) -> Any:
        plan = make_plan(day)
        kept = [e for e in plan.exercises if e.phase is Phase.STRENGTHEN]
        return plan.model_copy(update={"exercises": kept})

    monkeypatch.setattr(services, "plan_for_day", strengthening_only)

    text = _words(_run(["plan"], store_env).stdout)
    data = json.loads(_run(["plan", "--json"], store_env).stdout)["session"]

    assert services.NOTHING_MORE_TODAY in text
    assert "Bridge" not in text
    assert "rest day, so your back can recover" not in text  # it is a stop, not a planned rest
    assert data["exercises"] == []


def test_an_earlier_day_shows_its_stop_without_todays_care(
    store_env: dict[str, str], repository: Repository
) -> None:
    now = datetime.now(UTC)
    _set_up(repository, now - timedelta(days=10))
    yesterday = now - timedelta(days=1)
    rest = _stop(repository, yesterday)
    day = yesterday.astimezone().date().isoformat()

    text = _words(_run(["plan", "--date", day], store_env).stdout)
    today = _words(_run(["plan"], store_env).stdout)

    assert rest.words_on(date.today()) in text
    assert "Stretches only: you stopped for the day" in text  # the note of the day's plan
    assert services.FLARE_ADVICE not in text  # the care was for that day
    assert "today's stretches are still there" not in text
    assert "Stopped for a flare" not in today  # a stop is for its own day only


# --- The way to the next week -------------------------------------------------------------------

SUNDAY = date(2024, 11, 24)


def test_set_up_on_a_sunday_the_week_says_how_to_see_the_next_one(
    store_env: dict[str, str], repository: Repository
) -> None:
    _set_up(repository, datetime(2024, 11, 24, 9, 0, tzinfo=UTC))

    first = _words(_run(["plan", "--week", "--date", SUNDAY.isoformat()], store_env).stdout)
    second = _words(_run(["plan", "--week", "--date", "2024-11-25"], store_env).stdout)

    assert first.count("before you started") == 6
    assert "Next week: strongback plan --week --date 2024-11-25." in first
    assert "the week before" not in first  # all of it came before the set-up
    assert "Your week from Monday 25 November 2024" in second
    assert "before you started" not in second
    assert "Next week: strongback plan --week --date 2024-12-02;" in second
    assert "the week before: --date 2024-11-18." in second


def test_the_help_says_how_to_see_another_week() -> None:
    result = CliRunner().invoke(app, ["plan", "--help"], env={"COLUMNS": "200"})
    assert "a day of next week shows next week" in _words(result.stdout)


def test_the_last_week_strongback_plans_offers_only_the_one_before(
    store_env: dict[str, str], repository: Repository
) -> None:
    _set_up(repository, datetime.now(UTC) - timedelta(days=30))

    text = _words(_run(["plan", "--week", "--date", "2099-12-31"], store_env).stdout)

    assert "Next week" not in text
    assert "The week before: strongback plan --week --date 2099-12-21." in text
