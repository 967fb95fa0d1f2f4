"""The reviewer's steps in the terminal: a late `checkin` is the latest reading, so what it says
and what tomorrow's plan does agree; `checkin` after a day stopped for a flare says so; and
`plan` quotes the pain that stopped an exercise. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from typer.testing import CliRunner

from strongback import services
from strongback.catalog import default_catalog
from strongback.cli.app import app
from strongback.plan import Phase
from strongback.planner import plan_of_exercises
from strongback.profile import Profile
from strongback.records import SessionFeedback, SessionSource, SessionStatus, SetOutcome, SetRecord
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

TODAY = date.today()
TOMORROW = TODAY + timedelta(days=1)
FLARE_NOTE = "a flare, so nothing steps up today"


def _ok(args: list[str], env: dict[str, str]) -> Any:
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result


def _answer(repository: Repository) -> None:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))


def _plan(env: dict[str, str], day: date) -> dict[str, Any]:
    session: dict[str, Any] = json.loads(
        _ok(["plan", "--json", "--date", day.isoformat()], env).stdout
    )["session"]
    return session


def test_a_late_check_in_steps_back_tomorrow_as_it_says(
    store_env: dict[str, str], repository: Repository
) -> None:
    _answer(repository)
    two_days_ago = (TODAY - timedelta(days=2)).isoformat()
    pains = ["--pain-before", "3", "--pain-after", "3"]
    _ok(["log", "-e", "bridge", *pains, "--date", two_days_ago], store_env)
    _ok(["log", "-e", "bridge", *pains], store_env)

    said = _ok(["checkin", "--pain", "9", "--session", "1"], store_env).stdout

    assert "That is a flare: your plan steps back for now." in " ".join(said.split())
    for day in (TODAY, TOMORROW):
        notes = _plan(store_env, day)["notes"]
        assert FLARE_NOTE in notes[0], (day, notes)
        assert "9/10" in notes[0]


def test_a_check_in_after_a_stop_for_a_flare_says_so(
    store_env: dict[str, str], repository: Repository
) -> None:
    _answer(repository)
    yesterday = datetime.now(UTC) - timedelta(days=1)
    flare = services.flare_pain()
    services.stop_for_today(repository, flare, yesterday, SessionSource.PLAYER)

    said = _ok(["checkin", "--pain", "3"], store_env).stdout

    assert said == "Noted: pain 3/10 the day after yesterday's stop for a flare.\n"
    assert FLARE_NOTE not in " ".join(_plan(store_env, TODAY)["notes"])


def test_plan_quotes_the_pain_that_stopped_an_exercise(
    store_env: dict[str, str], repository: Repository
) -> None:
    # Stopped at 1/10, then 5/10 after the session: the stop was for 1/10.
    _answer(repository)
    catalog = default_catalog()
    planned = services.plan_for_day(repository, catalog, TOMORROW)
    first = next(e for e in planned.exercises if e.phase is Phase.STRENGTHEN)
    exercise = catalog.exercises[first.exercise_id]
    plan = plan_of_exercises([(exercise, exercise.dosage)], TODAY, catalog, "Done.")
    at = datetime.combine(TODAY, time(0)).astimezone()
    stopped = SetRecord(
        exercise_id=exercise.id,
        set_number=1,
        outcome=SetOutcome.STOPPED,
        reason="pain",
        pain=1,
        ended_at=at + timedelta(minutes=1),
    )
    feedback = SessionFeedback(pain_before=2, pain_after=5)
    repository.add_finished_session(
        plan,
        SessionSource.PLAYER,
        at,
        [stopped],
        at + timedelta(minutes=2),
        feedback,
        status=SessionStatus.ENDED_EARLY,
    )

    changes = {c["exercise_id"]: c["reason"] for c in _plan(store_env, TOMORROW)["changes"]}

    assert changes[exercise.id].startswith(f"You stopped {exercise.name} because it hurt (1/10)")
