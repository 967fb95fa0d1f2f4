"""`log`, `checkin`, `function` and `progress` through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from strongback.cli.app import app
from strongback.cli.progress_commands import sparkline
from strongback.records import SessionSource, SessionStatus

if TYPE_CHECKING:
    from strongback.store import Repository

TODAY = date.today()
MONDAY = TODAY - timedelta(days=TODAY.weekday()) - timedelta(days=14)


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, args, env=env, input=stdin)


def ok(args: list[str], env: dict[str, str]) -> Any:
    result = run(args, env)
    assert result.exit_code == 0, result.output
    return result


# --- log -----------------------------------------------------------------------------------------


def test_log_stores_a_completed_session_with_its_sets(
    store_env: dict[str, str], repository: Repository
) -> None:
    result = ok(
        [
            *("log", "-e", "bridge:3x10", "--exercise", "knee-to-chest", "--pain-before", "3"),
            *("--pain-after", "2", "--difficulty", "too-easy", "--date", MONDAY.isoformat()),
        ],
        store_env,
    )

    assert "Logged session 1" in result.stdout
    (record,) = repository.sessions()
    assert record.source is SessionSource.LOG
    assert record.status is SessionStatus.COMPLETED
    assert record.plan.day == MONDAY
    assert [e.exercise_id for e in record.plan.exercises] == ["knee-to-chest", "bridge"]
    bridge = record.plan.exercises[1]
    assert (bridge.dosage.sets, bridge.dosage.reps) == (3, 10)
    assert [s.set_number for s in record.sets if s.exercise_id == "bridge"] == [1, 2, 3]
    assert record.feedback.pain_before == 3
    assert record.feedback.pain_after == 2
    assert record.feedback.difficulty == "too-easy"
    assert record.started_at.astimezone().date() == MONDAY


def test_log_uses_the_catalog_dose_and_the_shared_options(
    store_env: dict[str, str], repository: Repository
) -> None:
    from strongback.catalog import default_catalog

    ok(["log", "-e", "superman", "-e", "bridge", "--sets", "2", "--hold", "8"], store_env)

    (record,) = repository.sessions()
    superman = default_catalog().exercises["superman"]
    planned = {e.exercise_id: e.dosage for e in record.plan.exercises}
    assert planned["superman"].reps == superman.dosage.reps
    assert planned["superman"].sets == 2
    assert planned["bridge"].hold_seconds == 8
    assert record.plan.day == TODAY


def test_log_suggests_the_closest_exercise_for_a_typo(store_env: dict[str, str]) -> None:
    result = run(["log", "-e", "brige"], store_env)

    assert result.exit_code == 1
    assert "no exercise 'brige'" in result.stderr
    assert "did you mean bridge" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log"], "--exercise ID"),
        (["log", "-e", "bridge:threex10"], "SETSxREPS"),
        (["log", "-e", "bridge", "--difficulty", "meh"], "too-easy, right, too-hard"),
        (["log", "-e", "bridge", "--date", "yesterday"], "YYYY-MM-DD"),
        (["log", "-e", "bridge", "--date", (TODAY + timedelta(days=2)).isoformat()], "future"),
        (["log", "-e", "bridge:99x10"], "--exercise 'bridge:99x10'"),
    ],
)
def test_log_refuses_bad_input_clearly(
    store_env: dict[str, str], repository: Repository, args: list[str], message: str
) -> None:
    result = run(args, store_env)

    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert repository.sessions() == []


def test_log_planned_records_the_days_plan(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("pain_areas: lower\ndays_per_week: 3\n", encoding="utf-8")
    ok(["setup", "--from", str(answers)], store_env)
    plan = json.loads(ok(["plan", "--json", "--date", MONDAY.isoformat()], store_env).stdout)

    ok(["log", "--planned", "--date", MONDAY.isoformat(), "--pain-after", "1"], store_env)

    (record,) = repository.sessions()
    assert [e.exercise_id for e in record.plan.exercises] == [
        e["exercise_id"] for e in plan["session"]["exercises"]
    ]


# --- checkin and function ------------------------------------------------------------------------


def test_checkin_records_next_day_pain_on_the_latest_session(
    store_env: dict[str, str], repository: Repository
) -> None:
    ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)
    ok(["log", "-e", "bridge", "--date", (MONDAY + timedelta(days=2)).isoformat()], store_env)

    result = ok(
        ["checkin", "--pain", "7", "--date", (MONDAY + timedelta(days=3)).isoformat()], store_env
    )

    assert "flare" in result.stdout
    assert [s.feedback.next_day_pain for s in repository.sessions()] == [None, 7]


def test_checkin_long_after_the_last_session_asks_for_the_session(
    store_env: dict[str, str],
) -> None:
    ok(["log", "-e", "bridge", "--date", MONDAY.isoformat()], store_env)

    result = run(
        ["checkin", "--pain", "3", "--date", (MONDAY + timedelta(days=6)).isoformat()], store_env
    )

    assert result.exit_code == 1
    assert "--session" in result.stderr
    ok(["checkin", "--pain", "3", "--session", "1"], store_env)


def test_checkin_without_a_session_says_so(store_env: dict[str, str]) -> None:
    result = run(["checkin", "--pain", "3"], store_env)

    assert result.exit_code == 1
    assert "no session before today" in result.stderr


def test_function_ratings_keep_the_first_spelling_and_at_most_three_activities(
    store_env: dict[str, str], repository: Repository
) -> None:
    ok(
        [
            "function",
            "-a",
            "Sitting",
            "-s",
            "3",
            "-a",
            "lifting",
            "-s",
            "2",
            "--date",
            MONDAY.isoformat(),
        ],
        store_env,
    )
    ok(["function", "-a", "sitting", "-s", "5"], store_env)

    assert [(p.activity, p.score) for p in repository.psfs_scores()] == [
        ("Sitting", 3),
        ("lifting", 2),
        ("Sitting", 5),
    ]
    result = run(["function", "-a", "walking", "-s", "4", "-a", "running", "-s", "1"], store_env)
    assert result.exit_code == 1
    assert "up to 3 activities" in result.stderr


def test_function_needs_a_score_per_activity(store_env: dict[str, str]) -> None:
    result = run(["function", "-a", "sitting"], store_env)

    assert result.exit_code == 1
    assert "one --score for each --activity" in result.stderr


def test_function_asks_in_a_terminal_only(store_env: dict[str, str]) -> None:
    result = run(["function"], store_env, stdin="")

    assert result.exit_code == 1
    assert "--activity NAME --score N" in result.stderr


# --- progress ------------------------------------------------------------------------------------


def _a_fortnight(env: dict[str, str]) -> None:
    for offset, (before, after) in enumerate([(6, 5), (6, 5), (5, 4), (3, 3), (3, 2), (3, 2)]):
        day = MONDAY + timedelta(days=offset * 2)
        ok(
            [
                *("log", "-e", "bridge", "--date", day.isoformat()),
                *("--pain-before", str(before), "--pain-after", str(after)),
            ],
            env,
        )
    ok(["function", "-a", "sitting", "-s", "3", "--date", MONDAY.isoformat()], env)
    ok(
        [
            "function",
            "-a",
            "sitting",
            "-s",
            "6",
            "--date",
            (MONDAY + timedelta(days=12)).isoformat(),
        ],
        env,
    )


def test_progress_json_holds_the_whole_summary(store_env: dict[str, str]) -> None:
    _a_fortnight(store_env)

    data = json.loads(ok(["progress", "--json"], store_env).stdout)

    assert set(data) == {
        "today",
        "sessions",
        "pain",
        "function",
        "adherence",
        "streaks",
        "changes",
        "see_clinician",
        "notes",
    }
    assert len(data["sessions"]) == 6
    assert data["pain"]["baseline"] == pytest.approx(5.7)
    assert data["pain"]["current"] == 3.0
    assert {c["measure"] for c in data["changes"]} == {"pain", "function"}
    assert data["function"]["latest"] == 6.0


def test_progress_in_the_terminal(store_env: dict[str, str]) -> None:
    _a_fortnight(store_env)

    output = ok(["progress"], store_env).stdout

    assert "This week" in output
    assert "Streaks" in output
    assert "Pain (0-10): first 6, latest 3" in output
    assert f"{sparkline([6, 6, 5, 3, 3, 3])}  6 → 3" in output
    assert "a change people really feel" in output
    assert "not a substitute for a clinician" in output


def test_progress_writes_a_png_or_svg_chart(tmp_path: Path, store_env: dict[str, str]) -> None:
    _a_fortnight(store_env)

    ok(["progress", "--chart", str(tmp_path / "chart.png")], store_env)
    ok(["progress", "--chart", str(tmp_path / "chart.svg"), "--json"], store_env)

    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")
    assert (tmp_path / "chart.png").stat().st_size > 10_000
    assert (tmp_path / "chart.svg").read_text(encoding="utf-8").startswith("<svg")


def test_progress_refuses_other_chart_formats(tmp_path: Path, store_env: dict[str, str]) -> None:
    result = run(["progress", "--chart", str(tmp_path / "chart.gif")], store_env)

    assert result.exit_code == 1
    assert "must end in .svg or .png" in result.stderr
    assert not (tmp_path / "chart.gif").exists()


def test_progress_with_no_history_says_how_to_begin(store_env: dict[str, str]) -> None:
    output = ok(["progress"], store_env).stdout

    assert "strongback log" in output


def test_sparkline_maps_zero_to_ten_onto_eight_bars() -> None:
    assert sparkline([0, 5, 10]) == "▁▅█"
    assert sparkline([]) == ""
