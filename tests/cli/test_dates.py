"""Every --date option refuses a mistyped or far-off day with one clear line, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from strongback.cli.app import app

COMMANDS = [
    ["plan"],
    ["plan", "--week"],
    ["progress"],
    ["log", "-e", "bridge"],
    ["checkin", "--pain", "2"],
]


@pytest.fixture
def with_profile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = {"STRONGBACK_HOME": str(tmp_path_factory.mktemp("home"))}
    answers = tmp_path_factory.mktemp("answers") / "answers.yaml"
    answers.write_text("pain_areas: [lower]\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["setup", "--from", str(answers)], env=env)
    assert result.exit_code == 0, result.output
    return env


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
@pytest.mark.parametrize(
    ("day", "says"),
    [
        ("9999-12-31", "outside the days strongback plans"),
        ("1999-12-31", "outside the days strongback plans"),
        ("2026-13-01", "is not a date"),
        ("tomorrowish", "is not a date"),
    ],
)
def test_bad_dates_are_one_clear_error(
    with_profile: dict[str, str], command: list[str], day: str, says: str
) -> None:
    result = CliRunner().invoke(app, [*command, "--date", day], env=with_profile)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert says in result.output
    assert "Traceback" not in result.output
