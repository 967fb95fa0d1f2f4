"""`strongback setup`: answers from a file or from the questions, screening, storage, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from typer.testing import CliRunner

from strongback import SAFETY_NOTICE
from strongback.cli._common import EXIT_SCREENING_BLOCKED, EXIT_USER_ERROR
from strongback.cli.app import app
from strongback.profile import Condition, PainArea, RedFlag
from strongback.safety import Status, Urgency
from strongback.settings import Settings

if TYPE_CHECKING:
    from strongback.store import Repository


def _write(folder: Path, name: str, answers: Any) -> Path:
    path = folder / name
    if name.endswith(".json"):
        path.write_text(json.dumps(answers), encoding="utf-8")
    else:
        path.write_text(yaml.safe_dump(answers), encoding="utf-8")
    return path


def _run(args: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> Any:
    return CliRunner().invoke(app, args, env=env, input=stdin)


def _stored_versions() -> int:
    from strongback.store import open_store

    with open_store(Settings.from_env()) as repo:
        return len(repo.profile_history())


# --- From an answers file -----------------------------------------------------------------------


def test_a_red_flag_prints_the_referral_exits_3_and_stores_no_plan(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    path = _write(tmp_path, "answers.yaml", {"red_flags": ["saddle-numbness"]})

    result = _run(["setup", "--from", str(path)], env=store_env)

    assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
    assert "emergency department now" in result.stdout
    assert "Numbness or tingling around your genitals" in result.stdout
    assert "NICE NG59" in result.stdout
    assert "not a substitute for a clinician" in result.stdout
    assert "strongback plan" not in result.stdout
    stored = repository.current_profile()
    assert stored is not None
    assert stored.profile.red_flags == [RedFlag.SADDLE_NUMBNESS]
    assert stored.screening.blocks_plan
    assert stored.screening.urgency is Urgency.EMERGENCY


def test_a_red_flag_with_json_prints_the_screening_object(
    tmp_path: Path, store_env: dict[str, str]
) -> None:
    path = _write(
        tmp_path,
        "answers.json",
        {"red_flags": ["fever", "night-pain"], "cleared_by_clinician": True},
    )

    result = _run(["setup", "--from", str(path), "--json"], env=store_env)

    assert result.exit_code == EXIT_SCREENING_BLOCKED
    data = json.loads(result.stdout)
    assert data["status"] == "blocked"
    assert data["urgency"] == "urgent"
    assert [r["id"] for r in data["reasons"]] == ["fever", "night-pain"]
    assert all(r["source"] for r in data["reasons"])
    assert SAFETY_NOTICE in data["what_to_do"]
    assert data["next"] is None
    assert data["profile_version"] == 1


def test_a_valid_profile_is_stored_and_points_to_the_plan(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    answers = {
        "pain_areas": ["lower", "neck"],
        "goal": "strengthen",
        "minutes": 20,
        "days_per_week": 4,
        "age": 34,
    }
    path = _write(tmp_path, "answers.yml", answers)

    result = _run(["setup", "--from", str(path)], env=store_env)

    assert result.exit_code == 0, result.output
    assert "saved" in result.stdout
    assert "strongback plan" in result.stdout
    stored = repository.current_profile()
    assert stored is not None
    assert stored.version == 1
    assert stored.profile.pain_areas == [PainArea.LOWER, PainArea.NECK]
    assert stored.profile.minutes == 20
    assert stored.screening.status is Status.CLEAR


def test_a_contraindication_awaits_clearance_then_goes_ahead(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    waiting = _write(tmp_path, "waiting.yaml", {"conditions": ["recent-surgery"]})
    cleared = _write(
        tmp_path, "cleared.yaml", {"conditions": ["recent-surgery"], "cleared_by_clinician": True}
    )

    first = _run(["setup", "--from", str(waiting), "--json"], env=store_env)
    second = _run(["setup", "--from", str(cleared), "--json"], env=store_env)

    assert first.exit_code == EXIT_SCREENING_BLOCKED
    assert json.loads(first.stdout)["urgency"] == "consult"
    assert second.exit_code == 0
    data = json.loads(second.stdout)
    assert data["status"] == "advise"
    assert data["next"] == "strongback plan"
    assert data["profile_version"] == 2
    stored = repository.current_profile()
    assert stored is not None
    assert stored.profile.conditions == [Condition.RECENT_SURGERY]
    assert not stored.screening.blocks_plan


def test_advice_is_shown_and_the_person_may_go_on(tmp_path: Path) -> None:
    path = _write(tmp_path, "answers.yaml", {"conditions": ["chronic-back-pain"]})

    result = _run(["setup", "--from", str(path)])

    assert result.exit_code == 0
    assert "Back pain that has lasted more than three months" in result.stdout
    assert "Best Exercises for Strengthening Your Back" in result.stdout
    assert "strongback plan" in result.stdout


def test_answers_can_come_from_stdin(tmp_path: Path) -> None:
    result = _run(["setup", "--from", "-", "--json"], stdin="pain_areas: neck\nminutes: 10\n")

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "clear"


# --- Bad answers files: a clear error, exit 1, nothing stored -----------------------------------


def test_unknown_keys_and_values_are_named_with_the_allowed_values(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "answers.yaml", {"pain_areas": ["back"], "colour": "red", "minutes": 90}
    )

    result = _run(["setup", "--from", str(path)])

    assert result.exit_code == EXIT_USER_ERROR
    message = " ".join(result.stderr.split())
    assert "pain_areas[0]: 'back' is not an allowed value" in message
    assert "allowed: neck, upper, middle, lower, none" in message
    assert "colour: unknown key" in message
    assert "minutes:" in message
    assert "a whole number from 5 to 60" in message
    assert "Traceback" not in result.output
    assert _stored_versions() == 0


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("answers.yaml", "pain_areas: [lower\n", "is not valid YAML"),
        ("answers.json", '{"pain_areas": ', "is not valid JSON"),
        ("answers.yaml", "", "is empty"),
        ("answers.yaml", "- lower\n- neck\n", "must be a mapping"),
    ],
)
def test_a_broken_file_is_a_clear_error(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")

    result = _run(["setup", "--from", str(path)])

    assert result.exit_code == EXIT_USER_ERROR
    assert expected in " ".join(result.stderr.split())
    assert "Traceback" not in result.output
    assert _stored_versions() == 0


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = _run(["setup", "--from", str(tmp_path / "nope.yaml")])

    assert result.exit_code == EXIT_USER_ERROR
    assert "no such file" in result.stderr


# --- Asking the questions -----------------------------------------------------------------------

# Age 45 with lower back pain: the over-50 item and the five asked only for neck or upper and
# middle back pain are left out, so the checklist has fourteen items.
NO_FLAGS_AT_45 = "n\n" * 14
HAPPY_PATH = (
    "45\n"  # age
    "4\n" + NO_FLAGS_AT_45 + "\n"  # pain: lower back  # conditions: none
    "2\n"  # goal: strengthen
    "\n"  # experience: default (beginner)
    "2 3\n"  # equipment: mat, cushion
    "20\n"  # minutes
    "\n"  # days: default (3)
    "1\n"  # avoid: kneeling
    "y\n"  # the answers are right
)


def test_the_questions_build_and_store_a_profile(
    store_env: dict[str, str], repository: Repository
) -> None:
    result = _run(["setup"], env=store_env, stdin=HAPPY_PATH)

    assert result.exit_code == 0, result.output
    assert "How old are you?" in result.stdout
    assert "Your answers" in result.stdout
    assert "strongback plan" in result.stdout
    stored = repository.current_profile()
    assert stored is not None
    profile = stored.profile
    assert profile.age == 45
    assert profile.pain_areas == [PainArea.LOWER]
    assert profile.goal.value == "strengthen"
    assert [e.value for e in profile.equipment] == ["mat", "cushion"]
    assert profile.minutes == 20
    assert profile.days_per_week == 3
    assert [p.value for p in profile.avoid_positions] == ["kneeling"]
    assert profile.red_flags == []
    # Neither age-gated question is asked at 45.
    assert "turned 50" not in result.stdout
    assert "Stiffness in your back most mornings" not in result.stdout


def test_a_red_flag_answer_stops_before_the_plan_questions() -> None:
    answers = (
        "30\n"  # age: the morning-stiffness question applies, the over-50 one does not
        "4\n"
        "y\n"
        + "n\n"
        * 13  # saddle numbness, then the other thirteen for a lower back at 30
        + "\n"  # conditions: none
        "y\n"  # the answers are right
    )

    result = _run(["setup"], stdin=answers)

    assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
    assert "Stiffness in your back most mornings" in result.stdout
    assert "What would you most like?" not in result.stdout
    assert "emergency department" in result.stdout
    assert _stored_versions() == 1


def test_clearance_is_asked_after_a_contraindication_and_json_keeps_stdout_clean() -> None:
    answers = (
        "\n"  # no age given: every red-flag question for neck pain is asked
        "1\n" + "n\n" * 18 + "3\n"  # neck  # pregnancy
        "n\n"  # not cleared yet
        "y\n"
    )

    result = _run(["setup", "--json"], stdin=answers)

    assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
    assert "exercise is safe for you now?" in result.stderr
    data = json.loads(result.stdout)
    assert data["urgency"] == "consult"
    assert [r["id"] for r in data["reasons"]] == ["pregnancy"]


def test_bad_answers_are_asked_again() -> None:
    answers = (
        "abc\n200\n45\n"  # age twice wrong
        "9\nlower\n"  # no ninth pain area; the value itself is accepted
        + "maybe\n"
        + NO_FLAGS_AT_45
        + "4 9\n4\n"  # conditions: 9 is not offered; then chronic back pain
        "\n\n\n\n\n\ny\n"
    )

    result = _run(["setup", "--json"], stdin=answers)

    assert result.exit_code == 0, result.output
    assert "Please type a whole number from 12 to 110." in result.stderr
    assert "'9' is not one of the numbers 1 to 6." in result.stderr
    assert "Please answer yes or no." in result.stderr
    assert json.loads(result.stdout)["status"] == "advise"


def test_no_pain_cannot_be_picked_with_a_pain_area() -> None:
    answers = "45\n4 5\n4\n" + NO_FLAGS_AT_45 + "\n" * 7 + "y\n"

    result = _run(["setup"], stdin=answers)

    assert result.exit_code == 0, result.output
    assert "can't be picked together with anything else" in " ".join(result.stdout.split())


def test_saying_the_answers_are_wrong_asks_again_with_them_as_defaults(
    store_env: dict[str, str], repository: Repository
) -> None:
    again_with_defaults = "\n" * 2 + "\n" * 14 + "\n" * 7 + "y\n"

    result = _run(["setup"], env=store_env, stdin=HAPPY_PATH[:-2] + "n\n" + again_with_defaults)

    assert result.exit_code == 0, result.output
    stored = repository.current_profile()
    assert stored is not None
    assert stored.version == 1
    assert stored.profile.age == 45
    assert stored.profile.minutes == 20


def test_stopping_half_way_saves_nothing() -> None:
    result = _run(["setup"], stdin="45\n4\n")

    assert result.exit_code == EXIT_USER_ERROR
    assert "nothing was saved" in result.stderr
    assert "Traceback" not in result.output
    assert _stored_versions() == 0


# --- The installed command ----------------------------------------------------------------------


@pytest.mark.slow
def test_the_real_command_exits_3_on_a_red_flag(tmp_path: Path) -> None:
    path = _write(tmp_path, "answers.yaml", {"red_flags": ["bladder-bowel-change"]})

    completed = subprocess.run(
        [sys.executable, "-m", "strongback", "setup", "--from", str(path), "--json"],
        capture_output=True,
        text=True,
        env={**os.environ, "STRONGBACK_HOME": str(tmp_path / "home")},
        check=False,
        timeout=60,
    )

    assert completed.returncode == EXIT_SCREENING_BLOCKED, completed.stderr
    data = json.loads(completed.stdout)
    assert data["status"] == "blocked"
    assert data["urgency"] == "emergency"
    assert [r["id"] for r in data["reasons"]] == ["bladder-bowel-change"]


@pytest.mark.slow
def test_the_questions_in_a_real_terminal_one_screen_at_a_time(tmp_path: Path) -> None:
    import pexpect

    env = {**os.environ, "STRONGBACK_HOME": str(tmp_path / "home"), "COLUMNS": "100"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "strongback", "setup"],
        env=env,
        encoding="utf-8",
        timeout=20,
    )
    child.expect("How old are you?")
    child.sendline("52")
    child.expect(r"\x1b\[2J")  # a fresh screen for each question
    child.expect("Type the numbers")
    child.sendline("4")
    # At 52 with lower back pain the over-50 item is asked, the neck and upper-back ones are not.
    for _ in range(15):
        index = child.expect([r"\[y/N\]: ", "Stiffness in your back most mornings"])
        assert index == 0
        child.sendline("n")
    child.expect("Type the numbers")
    child.sendline("")
    for _ in range(6):
        child.expect(r": $")
        child.sendline("")
    child.expect("Are these answers right")
    child.sendline("y")
    child.expect("strongback plan")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_running_setup_again_offers_the_saved_answers_as_defaults(
    tmp_path: Path, store_env: dict[str, str], repository: Repository
) -> None:
    saved = {"age": 45, "pain_areas": ["neck"], "minutes": 25, "equipment": ["chair"]}
    path = _write(tmp_path, "answers.yaml", saved)
    assert _run(["setup", "--from", str(path)], env=store_env).exit_code == 0

    # Age, pain, 17 warning signs for neck pain at 45, conditions, six plan questions.
    result = _run(["setup"], env=store_env, stdin="\n" * 26 + "y\n")

    assert result.exit_code == 0, result.output
    assert "Your answer (12 to 110, or leave blank) [45]" in result.stdout
    stored = repository.current_profile()
    assert stored is not None
    assert stored.version == 2
    assert stored.profile.model_dump(include=set(saved), mode="json") == saved


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param(HAPPY_PATH, id="no-clearance"),
        # Surgery: the clearance question appears; a yes lets the plan questions follow.
        pytest.param(
            HAPPY_PATH.replace(NO_FLAGS_AT_45 + "\n", NO_FLAGS_AT_45 + "2\ny\n"), id="clearance"
        ),
    ],
)
def test_the_questions_are_numbered_without_gaps_and_the_total_never_changes(
    store_env: dict[str, str], repository: Repository, typed: str
) -> None:
    # The clearance question is asked only after a contraindication: the numbering must not skip
    # over it. Every question says "of M": "of about M" while later answers can still change the
    # total (it once went from "4 of 11" to "5 of 10"), then an exact M that never changes; the
    # last question is then "N of N". It once said "Question 1" to "Question 5", then "6 of 11".
    result = _run(["setup"], env=store_env, stdin=typed)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("Question ")]
    numbers = [int(line.split()[1]) for line in lines]
    exact = [line for line in lines if " of about " not in line]

    assert numbers == list(range(1, len(numbers) + 1))
    assert all(re.fullmatch(r"Question \d+ of (about )?\d+", line) for line in lines), lines
    assert lines[: len(lines) - len(exact)] == [ln for ln in lines if " of about " in ln]
    assert {int(line.split(" of ")[1]) for line in exact} == {numbers[-1]}
    assert lines[0].startswith("Question 1 of about ")  # the age could still change the total
    assert lines[-1] == f"Question {numbers[-1]} of {numbers[-1]}"


def test_the_guessed_total_is_the_usual_one_and_grows_when_a_clearance_is_asked(
    store_env: dict[str, str], repository: Repository
) -> None:
    # Without a condition that needs a clinician's go-ahead, the guess is the count asked; with
    # one, the clearance question is added to the guess as soon as it is known to come.
    with_surgery = HAPPY_PATH.replace(NO_FLAGS_AT_45 + "\n", NO_FLAGS_AT_45 + "2\ny\n")
    plain = _run(["setup"], env=store_env, stdin=HAPPY_PATH).stdout.splitlines()
    cleared = _run(["setup"], env=store_env, stdin=with_surgery).stdout.splitlines()
    plain_headings = [line for line in plain if line.startswith("Question ")]
    cleared_headings = [line for line in cleared if line.startswith("Question ")]

    assert plain_headings[0] == f"Question 1 of about {len(plain_headings)}"
    assert cleared_headings[4] == f"Question 5 of about {len(cleared_headings)}"
    assert cleared_headings[5] == f"Question 6 of {len(cleared_headings)}"


CLEARED_FOR_SURGERY = {
    "age": 45,
    "pain_areas": ["lower"],
    "conditions": ["recent-surgery"],
    "cleared_by_clinician": True,
}


@pytest.mark.parametrize(
    ("conditions_typed", "blocked"),
    [
        ("\n", False),  # the same operation: the saved yes is offered again
        ("2 3\n", True),  # a pregnancy since: the clearance starts at no
    ],
)
def test_a_clearance_is_offered_again_only_for_the_same_answers(
    tmp_path: Path,
    store_env: dict[str, str],
    repository: Repository,
    conditions_typed: str,
    blocked: bool,
) -> None:
    path = _write(tmp_path, "answers.yaml", CLEARED_FOR_SURGERY)
    assert _run(["setup", "--from", str(path)], env=store_env).exit_code == 0
    # Age and pain kept, no warning signs, the conditions, then Enter at the clearance question.
    typed = "\n\n" + NO_FLAGS_AT_45 + conditions_typed + "\n"
    plan_defaults = "" if blocked else "\n" * 6

    result = _run(["setup", "--json"], env=store_env, stdin=typed + plan_defaults + "y\n")

    stored = repository.current_profile()
    assert stored is not None
    assert stored.version == 2
    said = " ".join(result.stderr.split())
    if blocked:
        assert result.exit_code == EXIT_SCREENING_BLOCKED, result.output
        assert "Yes or no? [y/N]" in said
        assert "a clearance covers only what your clinician knew of" in said
        assert stored.profile.cleared_by_clinician is False
        assert json.loads(result.stdout)["reasons"][0]["id"] in {"recent-surgery", "pregnancy"}
    else:
        assert result.exit_code == 0, result.output
        assert "Yes or no? [Y/n]" in said
        assert "clearance covers only" not in said
        assert stored.profile.cleared_by_clinician is True


def test_fever_with_injecting_drugs_is_an_emergency_from_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "answers.yaml", {"red_flags": ["fever", "injecting-drugs"]})

    result = _run(["setup", "--from", str(path), "--json"])

    assert result.exit_code == EXIT_SCREENING_BLOCKED
    data = json.loads(result.stdout)
    assert data["urgency"] == "emergency"
    assert [r["id"] for r in data["reasons"]] == [
        "fever-and-injecting-drugs",
        "fever",
        "injecting-drugs",
    ]


def test_under_16_is_referred_until_cleared(tmp_path: Path) -> None:
    waiting = _write(tmp_path, "young.yaml", {"age": 14})
    cleared = _write(tmp_path, "cleared.yaml", {"age": 14, "cleared_by_clinician": True})

    first = _run(["setup", "--from", str(waiting)])
    second = _run(["setup", "--from", str(cleared), "--json"])

    assert first.exit_code == EXIT_SCREENING_BLOCKED
    assert "You are under 16" in first.stdout
    assert "NICE NG59" in first.stdout
    assert second.exit_code == 0, second.output
    assert json.loads(second.stdout)["status"] == "advise"


def test_true_in_an_answers_file_is_not_a_number_or_a_clearance(tmp_path: Path) -> None:
    path = _write(
        tmp_path, "answers.yaml", {"days_per_week": True, "cleared_by_clinician": 1, "age": True}
    )

    result = _run(["setup", "--from", str(path)])

    assert result.exit_code == EXIT_USER_ERROR
    said = " ".join(result.stderr.split())
    assert "days_per_week: must be a whole number, not true" in said
    assert "age: must be a whole number, not true" in said
    assert "cleared_by_clinician: must be true or false, not 1" in said
    assert _stored_versions() == 0


def test_answers_that_cannot_all_be_true_are_refused_and_nothing_is_saved(
    tmp_path: Path,
) -> None:
    path = _write(
        tmp_path,
        "answers.yaml",
        {"age": 30, "red_flags": ["new-pain-over-50"], "equipment": ["none", "mat"]},
    )

    result = _run(["setup", "--from", str(path)])

    assert result.exit_code == EXIT_USER_ERROR
    said = " ".join(result.stderr.split())
    assert "equipment: 'none' cannot be combined with other equipment" in said
    # Both keys named, and neither answer chosen for the person: the age may be the typo.
    assert "red_flags: the warning sign 'new-pain-over-50'" in said
    assert "but the age given is 30" in said
    assert "correct the age if it is a typo" in said
    assert _stored_versions() == 0
