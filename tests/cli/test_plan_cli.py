"""`strongback plan`: today's session and the week from the real store, as text and as JSON."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from typer.testing import CliRunner

from strongback import SAFETY_NOTICE
from strongback.catalog import default_catalog
from strongback.cli._common import EXIT_SCREENING_BLOCKED, EXIT_USER_ERROR
from strongback.cli.app import app
from strongback.plan import DayKind, WeekPlan
from strongback.planner import build_session, build_week
from strongback.profile import PainArea, Profile, RedFlag
from strongback.records import Difficulty, SessionFeedback, SessionSource, SessionStatus
from strongback.rules.progression import default_progression_rules
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

MONDAY = "2026-11-23"
AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _run(args: list[str], env: dict[str, str]) -> Any:
    return CliRunner().invoke(app, args, env=env)


def _save(repository: Repository, profile: Profile) -> None:
    repository.save_profile(profile, screen_with_default_rules(profile), at=AT)


def test_without_a_profile_it_says_to_run_setup_first(store_env: dict[str, str]) -> None:
    result = _run(["plan"], store_env)
    assert result.exit_code == EXIT_USER_ERROR
    assert "strongback setup" in result.output
    assert "`" not in result.output  # the command is in bold, not quoted the Markdown way
    assert "Traceback" not in result.output


def test_today_shows_exercises_doses_time_why_and_the_safety_notice(
    store_env: dict[str, str], repository: Repository
) -> None:
    _save(repository, Profile(pain_areas=[PainArea.LOWER], minutes=20))
    result = _run(["plan", "--date", MONDAY], store_env)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Monday 23 November 2026" in text
    assert "minutes of your 20." in text
    assert "Stretches" in text
    assert "Strengthening" in text
    assert "From:" in text
    assert "lower back" in text
    assert "not a substitute for a clinician" in text


def test_json_has_the_session_with_doses_in_words(
    store_env: dict[str, str], repository: Repository
) -> None:
    profile = Profile(pain_areas=[PainArea.NECK, PainArea.LOWER], minutes=15, days_per_week=3)
    _save(repository, profile)
    result = _run(["plan", "--json", "--date", MONDAY], store_env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    session = data["session"]
    assert data["profile_version"] == 1
    assert data["safety_notice"] == SAFETY_NOTICE
    assert session["day"] == MONDAY
    assert session["kind"] == "full"
    assert session["estimated_seconds"] <= 15 * 60
    assert session["exercises"]
    for exercise in session["exercises"]:
        assert exercise["dose"]
        assert exercise["why"]
        assert exercise["sources"]
    # The CLI shows what the planner builds, nothing more and nothing less.
    expected = build_session(
        profile,
        screen_with_default_rules(profile),
        date(2026, 11, 23),
        catalog=default_catalog(),
        rules=default_progression_rules(),
    )
    assert [e["exercise_id"] for e in session["exercises"]] == [
        e.exercise_id for e in expected.exercises
    ]


def test_the_week_as_text_and_json(store_env: dict[str, str], repository: Repository) -> None:
    _save(repository, Profile(days_per_week=2))
    text = _run(["plan", "--week", "--date", "2026-11-25"], store_env)
    assert text.exit_code == 0, text.output
    assert "Your week from Monday 23 November 2026" in text.stdout
    # "(today)" marks the real today, never the day asked for with --date.
    assert "Wed 25 Nov" in text.stdout
    assert ("Wed 25 Nov (today)" in text.stdout) is (date.today() == date(2026, 11, 25))
    result = _run(["plan", "--week", "--json", "--date", "2026-11-25"], store_env)
    data = json.loads(result.stdout)
    days = data["week"]["days"]
    assert data["week"]["start"] == MONDAY
    assert len(days) == 7
    assert [d["kind"] for d in days].count("full") == 2
    assert all(d["exercises"] for d in days)


def test_the_days_are_named_in_the_words_the_browser_and_handout_use(
    store_env: dict[str, str], repository: Repository
) -> None:
    _save(repository, Profile(days_per_week=2))
    week = _run(["plan", "--week", "--date", "2026-11-25"], store_env).stdout
    assert DayKind.FULL.label in week
    assert DayKind.STRETCH.label in week
    planned = _run(["plan", "--week", "--json", "--date", "2026-11-25"], store_env).stdout
    kinds = {
        date.fromisoformat(d["day"]): DayKind(d["kind"])
        for d in json.loads(planned)["week"]["days"]
    }
    assert set(kinds.values()) == {DayKind.FULL, DayKind.STRETCH}
    for day, kind in kinds.items():
        today = _run(["plan", "--date", day.isoformat()], store_env).stdout
        assert f"{day:%A} {day.day} {day:%B %Y}: {kind.label.lower()}" in today


def test_a_blocked_screening_prints_the_referral_and_exits_3(
    store_env: dict[str, str], repository: Repository
) -> None:
    _save(repository, Profile(red_flags=[RedFlag.FEVER]))
    result = _run(["plan", "--date", MONDAY], store_env)
    assert result.exit_code == EXIT_SCREENING_BLOCKED
    assert "No exercise plan for now" in result.stdout
    assert "not a substitute for a clinician" in result.stdout
    as_json = _run(["plan", "--json", "--week"], store_env)
    assert as_json.exit_code == EXIT_SCREENING_BLOCKED
    data = json.loads(as_json.stdout)
    assert data["withheld"] is True
    assert data["plan"] is None
    assert data["screening"]["status"] == "blocked"


def test_a_bad_date_is_a_clear_error(store_env: dict[str, str]) -> None:
    result = _run(["plan", "--date", "23/11/2026"], store_env)
    assert result.exit_code == EXIT_USER_ERROR
    assert "YYYY-MM-DD" in result.output
    assert "Traceback" not in result.output


def test_what_changed_since_last_time_is_explained(
    store_env: dict[str, str], repository: Repository
) -> None:
    profile = Profile(pain_areas=[PainArea.LOWER], minutes=30)
    _save(repository, profile)
    # Today's picks as if done a week ago: equivalent exercises take turns across sessions, so
    # the same picks make sure every exercise of today's plan has a history.
    monday_picks = build_session(
        profile,
        screen_with_default_rules(profile),
        date(2026, 11, 23),
        catalog=default_catalog(),
        rules=default_progression_rules(),
    )
    last = monday_picks.model_copy(update={"day": date(2026, 11, 16)})  # done on the 16th
    started = datetime(2026, 11, 16, 8, 0, tzinfo=UTC)
    record = repository.start_session(last, SessionSource.LOG, started, pain_before=2)
    assert record.id is not None
    repository.finish_session(
        record.id,
        SessionStatus.COMPLETED,
        datetime(2026, 11, 16, 8, 30, tzinfo=UTC),
        SessionFeedback(pain_after=2, next_day_pain=1, difficulty=Difficulty.TOO_EASY),
    )
    result = _run(["plan", "--date", MONDAY], store_env)
    assert result.exit_code == 0, result.output
    assert "What changed since last time and why" in result.stdout
    assert "too easy" in result.stdout
    data = json.loads(_run(["plan", "--json", "--date", MONDAY], store_env).stdout)
    assert data["session"]["changes"]
    assert {c["change"] for c in data["session"]["changes"]} == {"progress"}


def test_without_a_date_it_plans_for_today(
    store_env: dict[str, str], repository: Repository
) -> None:
    _save(repository, Profile())
    result = _run(["plan", "--json"], store_env)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["session"]["day"] == date.today().isoformat()


def test_each_exercise_says_when_to_skip_it_as_text_and_as_json(
    store_env: dict[str, str], repository: Repository
) -> None:
    from strongback.timeline import skip_if

    profile = Profile(pain_areas=[PainArea.NECK, PainArea.LOWER], minutes=20, days_per_week=3)
    _save(repository, profile)
    catalog = default_catalog()
    data = json.loads(_run(["plan", "--json", "--date", MONDAY], store_env).stdout)
    exercises = data["session"]["exercises"]
    lines = [skip_if(catalog.get(e["exercise_id"])) for e in exercises]
    assert [e["skip_if"] for e in exercises] == lines
    assert any(lines), "a plan with at least one card that lists contraindications"

    result = _run(["plan", "--date", MONDAY], store_env)
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.replace("│", " ").split())
    assert shown.count("Skip this and tell your clinician if:") == sum(1 for x in lines if x)
    for line in lines:
        if line:  # the conditions' own words, wrapped in the table's column
            conditions = line.removeprefix("Skip this and tell your clinician if: ")
            assert conditions.split(";")[0].split()[0] in shown


def _week_from_saturday() -> WeekPlan:
    monday = date(2026, 11, 23)
    return build_week(
        Profile(days_per_week=3),
        screen_with_default_rules(Profile(days_per_week=3)),
        monday,
        catalog=default_catalog(),
        rules=default_progression_rules(),
        started=monday + timedelta(days=5),
    )


def test_the_week_shows_the_days_before_the_set_up_as_before_you_started() -> None:
    from rich.console import Console

    from strongback.cli.plan_commands import _show_week

    console = Console(record=True, width=100, color_system=None)
    _show_week(console, _week_from_saturday(), date(2026, 11, 28))
    rows = [line for line in console.export_text().splitlines() if " Nov" in line]
    for weekday in ("Mon 23", "Tue 24", "Wed 25", "Thu 26", "Fri 27"):
        (row,) = [r for r in rows if weekday in r]
        assert "before you started" in row
        assert "rest" not in row
        assert ":" not in row.split("before you started")[1]  # no minutes
    for weekday in ("Sat 28 Nov (today)", "Sun 29"):
        (row,) = [r for r in rows if weekday in r]
        assert "before you started" not in row
        assert DayKind.STRETCH.label in row


def test_set_up_on_a_saturday_the_week_starts_then(
    store_env: dict[str, str], repository: Repository
) -> None:
    saturday = datetime(2026, 11, 28, 9, 0, tzinfo=UTC)
    repository.save_profile(Profile(), screen_with_default_rules(Profile()), at=saturday)
    text = _run(["plan", "--week", "--date", "2026-11-28"], store_env).stdout
    assert text.count("before you started") == 5
    data = json.loads(_run(["plan", "--week", "--json", "--date", "2026-11-28"], store_env).stdout)
    assert [d["before_start"] for d in data["week"]["days"]] == [True] * 5 + [False] * 2
