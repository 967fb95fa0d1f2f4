"""Every command that would tell a blocked person to exercise gives the one referral instead, the
one `strongback setup` gives: how urgent, what to do, each warning sign with its own advice, and
the safety notice as fits the urgency (`_common.refer`), and exits 3."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from strongback import CLINICIAN_NOTICE, EMERGENCY_ADVICE, SAFETY_NOTICE
from strongback.cli._common import EXIT_SCREENING_BLOCKED
from strongback.cli.app import app
from strongback.profile import Condition, Profile, RedFlag
from strongback.referral import MENTION_TOO, referral_notice
from strongback.rules.screening import screen_with_default_rules
from strongback.safety import Urgency

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
    """The referral a command printed: its panel and reasons, and its last paragraph, which says
    what the command did not do."""
    result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args], env=env)
    assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
    body, _, last = result.stdout.rstrip("\n").rpartition("\n\n")
    return body, last


def _title(body: str) -> str:
    """The title in the top border of the referral's panel, its first line."""
    return " ".join(body.splitlines()[0].strip("╭╮─ ").split())


def _save(repository: Repository, profile: Profile) -> None:
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))


@pytest.mark.parametrize("name", COMMANDS)
def test_an_emergency_gets_the_whole_referral_from_every_command(
    name: str, emergency: Profile, store_env: dict[str, str], tmp_path: Path
) -> None:
    args, headline = COMMANDS[name]
    screening = screen_with_default_rules(emergency)

    body, last = _referral(args, store_env, tmp_path)

    # The most urgent sign leads, in the panel's title: nothing milder comes before it.
    assert _title(body) == "Go to an emergency department now"
    words = _words(body.replace("│", " "))
    assert _words(screening.what_to_do.replace(SAFETY_NOTICE, "")) in words
    for reason in screening.reasons:  # each sign with its own advice and source
        assert _words(reason.text) in words
        assert _words(reason.advice) in words
        assert _words(f"Source: {reason.source}") in words
    assert _words(last) == (
        f"{headline}. When a clinician has seen you, run strongback setup again with your "
        "updated answers."
    )
    assert not list(tmp_path.glob("plan.*"))


def test_an_emergency_referral_says_go_now_and_no_substitute_without_exercise_advice(
    emergency: Profile, store_env: dict[str, str], tmp_path: Path
) -> None:
    body, _ = _referral(["plan"], store_env, tmp_path)
    words = _words(body.replace("│", " "))

    assert "strongback is not a substitute for a clinician and does not diagnose." in words
    assert words.count("not a substitute") == 1
    assert "Stop any exercise that hurts" not in words
    assert _words(EMERGENCY_ADVICE) not in words  # the signs that make it an emergency: it is one


@pytest.mark.parametrize("command", ["setup", "plan"])
def test_an_emergency_says_only_to_mention_the_milder_signs(
    repository: Repository, store_env: dict[str, str], tmp_path: Path, command: str
) -> None:
    """ "See a doctor today or in the next day or two" under "go now" would read as a choice of
    when to go: in an emergency the milder signs are listed, to be mentioned, without their own
    advice, and the emergency's advice comes first."""
    profile = Profile(
        red_flags=[RedFlag.SADDLE_NUMBNESS, RedFlag.NIGHT_PAIN], conditions=[Condition.PREGNANCY]
    )
    screening = screen_with_default_rules(profile)
    emergency, *milder = screening.reasons
    assert emergency.urgency is Urgency.EMERGENCY
    assert {r.urgency for r in milder} == {Urgency.URGENT, Urgency.CONSULT}
    if command == "setup":
        answers = tmp_path / "answers.yaml"
        answers.write_text(
            "red_flags: [saddle-numbness, night-pain]\nconditions: [pregnancy]\n",
            encoding="utf-8",
        )
        args = ["setup", "--from", str(answers)]
    else:
        _save(repository, profile)
        args = [command]

    body, _ = _referral(args, store_env, tmp_path)
    words = _words(body.replace("│", " "))

    assert _title(body) == "Go to an emergency department now"
    assert "today or in the next day or two" not in words
    for reason in milder:
        assert _words(reason.advice) not in words
        assert f"{_words(reason.text)} {MENTION_TOO} Source:" in words
    said = _words(f"{emergency.text} {emergency.advice} Source: {emergency.source}")
    assert said in words
    assert words.index(said) < min(words.index(_words(r.text)) for r in milder)


def test_the_not_a_substitute_line_is_the_safety_notice_s_own() -> None:
    line = referral_notice(Urgency.EMERGENCY)
    assert CLINICIAN_NOTICE.startswith(line)
    assert line == "strongback is not a substitute for a clinician and does not diagnose."


@pytest.mark.parametrize("command", ["plan", "history", "progress"])
def test_urgent_signs_each_come_with_their_own_advice_as_the_headline_promises(
    repository: Repository, store_env: dict[str, str], tmp_path: Path, command: str
) -> None:
    """The headline says "as each warning sign below says": each sign below says it."""
    profile = Profile(red_flags=[RedFlag.NIGHT_PAIN, RedFlag.WEIGHT_LOSS])
    _save(repository, profile)
    screening = screen_with_default_rules(profile)
    assert screening.urgency is Urgency.URGENT

    body, _ = _referral([command], store_env, tmp_path)
    words = _words(body.replace("│", " "))

    assert _title(body) == "See a doctor before you exercise"
    assert "as each warning sign below says" in words
    for reason in screening.reasons:
        assert f"{_words(reason.text)} {_words(reason.advice)}" in words
    # Not an emergency: the whole safety notice, once, with its advice about exercise.
    assert words.count(_words(SAFETY_NOTICE)) == 1


@pytest.mark.parametrize(
    ("profile", "title"),
    [
        (Profile(red_flags=[RedFlag.SADDLE_NUMBNESS, RedFlag.FEVER]), "Go to an emergency"),
        (Profile(red_flags=[RedFlag.FEVER]), "See a doctor before you exercise"),
        (Profile(conditions=[Condition.PREGNANCY]), "Check with your clinician first"),
    ],
)
def test_the_headline_is_the_most_urgent_sign_s(
    repository: Repository, store_env: dict[str, str], tmp_path: Path, profile: Profile, title: str
) -> None:
    _save(repository, profile)

    body, last = _referral(["plan"], store_env, tmp_path)

    assert title in body.splitlines()[0]
    assert "please see a clinician first" not in body + last


def test_setup_and_every_command_give_the_same_referral(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text("red_flags: [saddle-numbness, night-pain]\n")
    setup, saved = _referral(["setup", "--from", str(answers)], store_env, tmp_path)

    assert _words(saved) == (
        "Your answers are saved (profile version 1), but strongback will not make an exercise "
        "plan for now. When a clinician has seen you, run strongback setup again with your "
        "updated answers."
    )
    bodies = {_referral(args, store_env, tmp_path)[0] for args, _ in COMMANDS.values()}
    assert bodies == {setup}


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
