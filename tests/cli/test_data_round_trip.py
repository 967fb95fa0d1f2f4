"""`export`, `forget` and `import`: the person's data leaves and comes back with nothing lost."""

from __future__ import annotations

import csv
import json
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from typer.testing import CliRunner

from strongback.cli.app import app
from strongback.cli.data_commands import CSV_NAMES, EXPORT_NAME

if TYPE_CHECKING:
    from strongback.store import Repository

DAY = date.today() - timedelta(days=10)


def run(args: list[str], env: dict[str, str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, args, env=env, input=stdin)


def ok(args: list[str], env: dict[str, str]) -> Any:
    result = run(args, env)
    assert result.exit_code == 0, result.output
    return result


def _some_history(tmp_path: Path, env: dict[str, str]) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("pain_areas: lower, neck\ndays_per_week: 3\n", encoding="utf-8")
    ok(["setup", "--from", str(answers)], env)
    answers.write_text("pain_areas: lower\ndays_per_week: 2\nminutes: 20\n", encoding="utf-8")
    ok(["setup", "--from", str(answers)], env)
    for offset, pain in enumerate([4, 3, 7]):
        ok(
            [
                *("log", "-e", "bridge:2x8", "-e", "knee-to-chest"),
                *("--pain-before", str(pain), "--pain-after", str(pain - 1)),
                *(
                    "--difficulty",
                    "right",
                    "--date",
                    (DAY + timedelta(days=2 * offset)).isoformat(),
                ),
            ],
            env,
        )
    ok(["checkin", "--pain", "5", "--date", (DAY + timedelta(days=5)).isoformat()], env)
    ok(["function", "-a", "Sitting at work", "-s", "4", "-a", "Lifting ✓ a child", "-s", "2"], env)


def test_export_forget_import_export_gives_the_same_bytes(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    _some_history(tmp_path, store_env)
    first, second = tmp_path / "first", tmp_path / "second"

    result = ok(["export", str(first)], store_env)
    assert "2 profile versions, 3 sessions and 2 function ratings" in result.stdout
    ok(["forget", "--yes"], store_env)
    assert repository.is_empty()
    ok(["import", str(first / EXPORT_NAME)], store_env)
    ok(["export", "--out", str(second)], store_env)

    original = (first / EXPORT_NAME).read_bytes()
    assert (second / EXPORT_NAME).read_bytes() == original
    for name in CSV_NAMES:
        assert (second / name).read_bytes() == (first / name).read_bytes(), name
    data = json.loads(original)
    assert [p["version"] for p in data["profiles"]] == [1, 2]
    assert [len(s["sets"]) for s in data["sessions"]] == [3, 3, 3]  # 2 bridge + 1 stretch
    assert data["sessions"][2]["feedback"]["next_day_pain"] == 5
    assert data["psfs_scores"][1]["activity"] == "Lifting ✓ a child"
    # New records after the import carry on the numbering instead of clashing with it.
    ok(["log", "-e", "bridge"], store_env)
    assert [s.id for s in repository.sessions()] == [1, 2, 3, 4]


def test_the_csv_files_hold_one_row_per_record(tmp_path: Path, store_env: dict[str, str]) -> None:
    _some_history(tmp_path, store_env)

    ok(["export", str(tmp_path)], store_env)

    def rows(name: str) -> list[dict[str, str]]:
        with (tmp_path / name).open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    profiles = rows("profiles.csv")
    assert [(p["version"], p["days_per_week"], p["pain_areas"]) for p in profiles] == [
        ("1", "3", "lower; neck"),
        ("2", "2", "lower"),
    ]
    sessions = rows("sessions.csv")
    assert [(s["day"], s["pain_before"], s["source"]) for s in sessions] == [
        ((DAY + timedelta(days=2 * i)).isoformat(), str(p), "log") for i, p in enumerate([4, 3, 7])
    ]
    assert sessions[2]["next_day_pain"] == "5"
    assert sessions[0]["next_day_pain"] == ""
    assert len(rows("sets.csv")) == 9
    planned = rows("plan_exercises.csv")
    assert {(p["exercise_id"], p["sets"], p["reps"]) for p in planned} >= {("bridge", "2", "8")}
    assert [(p["activity"], p["score"]) for p in rows("psfs.csv")] == [
        ("Sitting at work", "4"),
        ("Lifting ✓ a child", "2"),
    ]


def test_import_refuses_a_store_that_holds_data(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    _some_history(tmp_path, store_env)
    ok(["export", str(tmp_path)], store_env)

    result = run(["import", str(tmp_path / EXPORT_NAME)], store_env)

    assert result.exit_code == 1
    assert "nothing imported" in result.stderr
    assert len(repository.sessions()) == 3


def test_import_explains_a_bad_file_without_a_traceback(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    cases = {
        "missing.json": None,
        "broken.json": "{",
        "list.json": "[1, 2]",
        "shape.json": json.dumps({"format": "strongback-export", "format_version": 1}),
    }
    expected = {
        "missing.json": "no such file",
        "broken.json": "not valid JSON",
        "list.json": "expected a JSON object",
        "shape.json": "profiles: Field required",
    }
    for name, text in cases.items():
        if text is not None:
            (tmp_path / name).write_text(text, encoding="utf-8")

        result = run(["import", str(tmp_path / name)], store_env)

        assert result.exit_code == 1, name
        assert expected[name] in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.output
    assert repository.is_empty()


def test_forget_without_yes_asks_in_a_terminal_and_refuses_otherwise(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    _some_history(tmp_path, store_env)

    result = run(["forget"], store_env, stdin="")

    assert result.exit_code == 1
    assert "--yes" in result.stderr
    assert not repository.is_empty()


def test_export_into_a_file_path_is_refused(tmp_path: Path, store_env: dict[str, str]) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("", encoding="utf-8")

    result = run(["export", str(target)], store_env)

    assert result.exit_code == 1
    assert "is a file" in result.stderr


def test_export_keeps_an_earlier_export_unless_forced(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    # The newcomer's path to losing a backup: export, forget, export again into the same folder.
    _some_history(tmp_path, store_env)
    backup = tmp_path / "backup"
    ok(["export", str(backup)], store_env)
    original = (backup / EXPORT_NAME).read_bytes()
    ok(["forget", "--yes"], store_env)

    result = run(["export", str(backup)], store_env)

    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "already holds an export" in message
    assert "nothing was written" in message
    assert "--force" in message
    assert "Your store is empty now" in message
    assert f"strongback import {backup / EXPORT_NAME}" in message
    assert (backup / EXPORT_NAME).read_bytes() == original
    # The backup still restores everything.
    ok(["import", str(backup / EXPORT_NAME)], store_env)
    assert len(repository.sessions()) == 3


def test_export_refuses_even_when_only_a_csv_file_is_there(
    tmp_path: Path, store_env: dict[str, str]
) -> None:
    (tmp_path / "sets.csv").write_text("my edited sheet\n", encoding="utf-8")

    result = run(["export", str(tmp_path)], store_env)

    assert result.exit_code == 1
    assert "sets.csv" in result.stderr
    assert (tmp_path / "sets.csv").read_text(encoding="utf-8") == "my edited sheet\n"
    assert not (tmp_path / EXPORT_NAME).exists()


def test_export_with_force_replaces_the_earlier_export(
    tmp_path: Path, store_env: dict[str, str]
) -> None:
    _some_history(tmp_path, store_env)
    ok(["export", str(tmp_path)], store_env)
    ok(["forget", "--yes"], store_env)

    result = ok(["export", "--force", str(tmp_path)], store_env)

    assert "0 profile versions" in result.stdout
    assert json.loads((tmp_path / EXPORT_NAME).read_text(encoding="utf-8"))["sessions"] == []


def test_import_refuses_a_hand_edited_set_and_imports_nothing(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    _some_history(tmp_path, store_env)
    ok(["export", str(tmp_path / "backup")], store_env)
    ok(["forget", "--yes"], store_env)
    data = json.loads((tmp_path / "backup" / EXPORT_NAME).read_text(encoding="utf-8"))
    data["sessions"][1]["sets"][0] |= {"exercise_id": "nosuch", "reps_done": 9999}
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(data), encoding="utf-8")

    result = run(["import", str(edited)], store_env)

    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert str(edited) in message
    assert "nothing was imported" in message
    assert "sessions.1.sets.0.reps_done (session 2): at most 50 reps in a set (got 9999)" in message
    assert (
        "sessions.1.sets.0.exercise_id (session 2): no exercise 'nosuch' in the catalog" in message
    )
    assert "Traceback" not in result.output
    assert repository.is_empty()
