"""`checkin` follows the services' rule for the next day's pain (a finished session, a later day),
and `function` refuses what the scale cannot keep with a clear error; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from typer.testing import CliRunner

from strongback.cli.app import app

if TYPE_CHECKING:
    from strongback.store import Repository

TODAY = date.today()


def run(args: list[str], env: dict[str, str]) -> Any:
    return CliRunner().invoke(app, args, env=env)


def ok(args: list[str], env: dict[str, str]) -> Any:
    result = run(args, env)
    assert result.exit_code == 0, result.output
    return result


def _session_on(
    repository: Repository, day: date, *, finished: bool = True, source: str = "log"
) -> int:
    """A session of one exercise on `day` (noon, local time), as a player or `log` stores it."""
    from strongback.catalog import default_catalog
    from strongback.planner import plan_of_exercises
    from strongback.records import SessionFeedback, SessionSource, SessionStatus

    catalog = default_catalog()
    bridge = catalog.exercises["bridge"]
    at = datetime.combine(day, time(12)).astimezone()
    plan = plan_of_exercises([(bridge, bridge.dosage)], day, catalog, "Done.")
    started = repository.start_session(plan, SessionSource(source), at)
    assert started.id is not None
    if finished:
        repository.finish_session(started.id, SessionStatus.COMPLETED, at, SessionFeedback())
    return started.id


def test_a_check_in_for_today_s_session_waits_for_tomorrow(
    store_env: dict[str, str], repository: Repository
) -> None:
    _session_on(repository, TODAY)

    result = run(["checkin", "--pain", "3", "--session", "1"], store_env)

    assert result.exit_code == 1
    assert "session 1 was today" in result.stderr
    assert "check in tomorrow" in result.stderr
    assert "Traceback" not in result.output
    assert [s.feedback.next_day_pain for s in repository.sessions()] == [None]


def test_a_check_in_dated_on_the_session_s_own_day_is_refused(
    store_env: dict[str, str], repository: Repository
) -> None:
    day = TODAY - timedelta(days=4)
    _session_on(repository, day)

    for args in (["--session", "1", "--date", day.isoformat()], ["--date", day.isoformat()]):
        result = run(["checkin", "--pain", "3", *args], store_env)
        assert result.exit_code == 1, result.output
        assert f"on {day + timedelta(days=1)}" in result.stderr
    earlier = run(
        ["checkin", "--pain", "3", "--session", "1", "--date", str(day - timedelta(days=1))],
        store_env,
    )
    assert earlier.exit_code == 1
    assert f"session 1 was on {day}" in earlier.stderr
    assert [s.feedback.next_day_pain for s in repository.sessions()] == [None]
    # The day after is the check-in's day.
    after = (day + timedelta(days=1)).isoformat()
    noted = ok(["checkin", "--pain", "3", "--session", "1", "--date", after], store_env)
    assert f"the day after {day:%A}'s session." in noted.stdout  # four days ago: its weekday
    assert [s.feedback.next_day_pain for s in repository.sessions()] == [3]


def test_a_session_still_in_progress_takes_no_check_in(
    store_env: dict[str, str], repository: Repository
) -> None:
    started = _session_on(repository, TODAY - timedelta(days=1), finished=False, source="player")

    named = run(["checkin", "--pain", "2", "--session", str(started)], store_env)
    assert named.exit_code == 1
    assert "still in progress" in named.stderr
    found = run(["checkin", "--pain", "2"], store_env)
    assert found.exit_code == 1
    assert "no session before today" in found.stderr


def test_camera_practice_takes_no_check_in(
    store_env: dict[str, str], repository: Repository
) -> None:
    # Progression does not follow practice, so a flare told there would be lost.
    session = _session_on(repository, TODAY - timedelta(days=1), source="camera")
    named = run(["checkin", "--pain", "7", "--session", str(session)], store_env)
    assert named.exit_code == 1
    assert "camera practice" in named.stderr
    day_s = _session_on(repository, TODAY - timedelta(days=1))
    noted = ok(["checkin", "--pain", "7"], store_env)  # the day's session, not the practice
    assert "flare" in noted.stdout
    assert {s.id: s.feedback.next_day_pain for s in repository.sessions()} == {
        session: None,
        day_s: 7,
    }


def test_an_activity_name_too_long_is_a_clear_error(
    store_env: dict[str, str], repository: Repository
) -> None:
    result = run(["function", "-a", "x" * 201, "-s", "4"], store_env)

    assert result.exit_code == 1
    assert "at most 200 characters (this one has 201" in result.stderr
    assert "ValidationError" not in result.output
    assert "Traceback" not in result.output
    assert repository.psfs_scores() == []
    ok(["function", "-a", "y" * 200, "-s", "4"], store_env)


def test_too_many_activities_are_refused_in_words_that_fit(
    store_env: dict[str, str], repository: Repository
) -> None:
    four = [arg for name in ("sitting", "lifting", "walking", "running") for arg in ("-a", name)]
    scores = [arg for _ in range(4) for arg in ("-s", "5")]

    first = run(["function", *four, *scores], store_env)

    assert first.exit_code == 1
    said = " ".join(first.stderr.split())
    assert "up to 3 activities, and you named 4: choose the 3 your back makes hardest" in said
    assert "you already rate ." not in said
    ok(["function", "-a", "sitting", "-s", "4", "-a", "lifting", "-s", "3"], store_env)
    more = run(["function", "-a", "walking", "-s", "2", "-a", "running", "-s", "1"], store_env)
    assert more.exit_code == 1
    said = " ".join(more.stderr.split())
    assert "you already rate sitting and lifting, so add at most 1 new one" in said
    ok(["function", "-a", "walking", "-s", "2"], store_env)
    full = run(["function", "-a", "running", "-s", "1"], store_env)
    said = " ".join(full.stderr.split())
    assert "you already rate sitting, lifting and walking. Rate those again" in said
    assert len(repository.psfs_scores()) == 3


def test_a_second_check_in_says_which_reading_it_replaces(
    store_env: dict[str, str], repository: Repository
) -> None:
    _session_on(repository, TODAY - timedelta(days=1))

    first = ok(["checkin", "--pain", "5"], store_env).stdout
    second = ok(["checkin", "--pain", "1"], store_env).stdout
    again = ok(["checkin", "--pain", "1"], store_env).stdout

    assert first == "Noted: pain 5/10 the day after yesterday's session.\n"
    assert " ".join(second.split()) == (
        "Noted: pain 1/10 the day after yesterday's session; it replaces the 5/10 you gave earlier."
    )
    assert " ".join(again.split()) == (
        "Noted: pain 1/10 the day after yesterday's session, as you gave earlier."
    )
    assert [s.feedback.next_day_pain for s in repository.sessions()] == [1]


def test_function_help_names_its_values_in_words() -> None:
    help_text = ok(["function", "--help"], {"COLUMNS": "120"}).stdout

    assert "<list[" not in help_text
    assert re.search(r"--activity\s+-a\s+TEXT\s", help_text)
    assert re.search(r"--score\s+-s\s+INTEGER\s", help_text)
