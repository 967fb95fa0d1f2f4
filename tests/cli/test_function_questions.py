"""The questions of `strongback function` without options, in a real pseudo-terminal: the
activities already followed are rated again and a new one is offered while fewer than three are
followed (re-rating used to end the questions, so a second activity could never be added)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pexpect
import pytest

pytestmark = pytest.mark.slow

_ASK = (
    "import json, sys\n"
    "from strongback.cli._function_questions import ask_ratings\n"
    "print('RATINGS=' + json.dumps(ask_ratings(json.loads(sys.argv[1]))))\n"
)


def _spawn(known: list[str]) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-c", _ASK, json.dumps(known)],
        env=dict(os.environ),
        encoding="utf-8",
        timeout=20,
        dimensions=(30, 100),
    )


def _ratings(child: pexpect.spawn) -> list[list[object]]:
    child.expect(r"RATINGS=(.*)\r\n")
    ratings: list[list[object]] = json.loads(child.match.group(1))
    child.expect(pexpect.EOF)
    return ratings


def test_one_activity_followed_is_rated_and_two_more_may_be_added() -> None:
    child = _spawn(["sitting"])
    child.expect(r"sitting: 0 \(cannot do it\) to 10 \(as before\)")
    child.sendline("5")
    child.expect("You may add up to 2 more activity")
    child.expect("Activity 2")
    child.sendline("lifting a child")
    child.expect("lifting a child: 0")
    child.sendline("3")
    child.expect("Activity 3")
    child.sendline("walking")
    child.expect("walking: 0")
    child.sendline("7")

    assert _ratings(child) == [["sitting", 5], ["lifting a child", 3], ["walking", 7]]


def test_enter_after_the_re_rating_keeps_the_activities_as_they_were() -> None:
    child = _spawn(["sitting", "lifting"])
    child.expect("sitting: 0")
    child.sendline("5")
    child.expect("lifting: 0")
    child.sendline("4")
    child.expect("You may add another activity")
    child.expect("Activity 3")
    child.sendline("")

    assert _ratings(child) == [["sitting", 5], ["lifting", 4]]


def test_three_followed_are_rated_with_nothing_more_offered() -> None:
    child = _spawn(["a", "b", "c"])
    for name in "abc":
        child.expect(f"{name}: 0")
        child.sendline("6")

    assert _ratings(child) == [["a", 6], ["b", 6], ["c", 6]]
    assert "Activity" not in (child.before or "")


def test_a_name_rated_above_or_too_long_and_a_score_off_the_scale_are_asked_again() -> None:
    child = _spawn(["Sitting"])
    child.expect("Sitting: 0")
    child.sendline("12")
    child.expect("Give a whole number from 0 to 10.")
    child.sendline("٣")  # read as 3 by int(), but not a digit the terminal offered
    child.expect("Give a whole number from 0 to 10.")
    child.sendline("2")
    child.expect("Activity 2")
    child.sendline("sitting")
    child.expect("'sitting' is rated above already")
    child.sendline("x" * 201)
    child.expect("at most 200 characters")
    child.sendline("bending")
    child.expect("bending: 0")
    child.sendline("1")
    child.expect("Activity 3")
    child.sendline("")

    assert _ratings(child) == [["Sitting", 2], ["bending", 1]]


def test_with_none_followed_up_to_three_are_named_and_blank_at_once_records_nothing() -> None:
    child = _spawn([])
    child.expect("Name up to 3 activities")
    child.expect("Activity 1")
    child.sendline("")
    child.expect("no activity named; nothing recorded")
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 1


def test_out_of_a_terminal_it_asks_for_the_options() -> None:
    done = subprocess.run(
        [sys.executable, "-c", _ASK, '["sitting"]'],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )

    assert done.returncode == 1
    assert "give --activity NAME --score N" in done.stderr
