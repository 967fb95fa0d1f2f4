"""Every command that would tell a blocked person to exercise gives the one referral instead:
how urgent, what to do, why, and the safety notice (`_common.refer`), and exits 3."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from strongback import SAFETY_NOTICE
from strongback.cli._common import EXIT_SCREENING_BLOCKED
from strongback.cli.app import app
from strongback.profile import Profile, RedFlag
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

COMMANDS = {
    "plan": (["plan"], "No exercise plan for now"),
    "handout": (["handout", "{tmp}/plan.pdf"], "No handout written"),
    "reminders": (["reminders", "{tmp}/plan.ics"], "No reminders written"),
    "log": (["log", "-e", "bridge"], "Nothing recorded"),
}


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def emergency(repository: Repository) -> Profile:
    profile = Profile(red_flags=[RedFlag.SADDLE_NUMBNESS])
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))
    return profile


def _referral(args: list[str], env: dict[str, str], tmp_path: Path) -> tuple[str, str]:
    result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args], env=env)
    assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
    first, _, rest = result.stdout.partition("\n")
    return first, rest


@pytest.mark.parametrize("name", COMMANDS)
def test_an_emergency_gets_the_whole_referral_from_every_command(
    name: str, emergency: Profile, store_env: dict[str, str], tmp_path: Path
) -> None:
    args, headline = COMMANDS[name]
    screening = screen_with_default_rules(emergency)

    first, rest = _referral(args, store_env, tmp_path)

    assert first == f"{headline}: please see a clinician first."
    words = _words(rest)
    assert words.startswith("Go to an emergency department now.")
    # What to do, without the safety notice it ends with: the boxed footer shows that once.
    assert _words(screening.what_to_do.replace(SAFETY_NOTICE, "")) in words
    assert all(_words(reason.text) in words for reason in screening.reasons)
    assert "When a clinician has seen you, run strongback setup again" in words
    assert _words(SAFETY_NOTICE) in _words(words.replace("│", " "))  # in its box
    assert not list(tmp_path.glob("plan.*"))


@pytest.mark.usefixtures("emergency")
def test_the_referral_is_the_same_whichever_command_gave_it(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    bodies = {_referral(args, store_env, tmp_path)[1] for args, _ in COMMANDS.values()}
    assert len(bodies) == 1


@pytest.mark.usefixtures("emergency")
@pytest.mark.parametrize(
    ("args", "key"), [(["plan", "--json"], "plan"), (["log", "-e", "bridge", "--json"], "session")]
)
def test_the_json_referral(store_env: dict[str, str], args: list[str], key: str) -> None:
    result = CliRunner().invoke(app, args, env=store_env)

    assert result.exit_code == EXIT_SCREENING_BLOCKED
    data = json.loads(result.stdout)
    assert data[key] is None
    assert data["withheld"] is True
    assert data["screening"]["urgency"] == "emergency"
    assert data["safety_notice"] == SAFETY_NOTICE


@pytest.mark.parametrize("args", [["plan"], ["handout", "{tmp}/a.pdf"], ["log", "-e", "bridge"]])
def test_no_answers_yet_is_said_the_same_way_everywhere(
    store_env: dict[str, str], tmp_path: Path, args: list[str]
) -> None:
    result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args], env=store_env)

    assert result.exit_code == 1
    assert result.stderr == (
        "error: no profile yet: answer the questions first with strongback setup\n"
    )


def test_a_referral_shows_the_safety_notice_once_and_comes_before_the_terminal_check(
    tmp_path: Path,
) -> None:
    home = {"STRONGBACK_HOME": str(tmp_path)}
    answers = tmp_path / "answers.yaml"
    answers.write_text("pain_areas: [lower]\nred_flags: [fever]\n")
    runner = CliRunner()
    assert runner.invoke(app, ["setup", "--from", str(answers)], env=home).exit_code == 3

    started = runner.invoke(app, ["start"], env=home)  # CliRunner's stdin is not a terminal

    assert started.exit_code == 3
    assert "interactive" not in started.output
    assert started.output.count("not a substitute for a clinician") == 1
