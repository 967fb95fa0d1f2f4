"""`strongback start` in a real pseudo-terminal: keys, the store, a SIGKILL and the resume.

Sessions are short plans (`--plan FILE`) on an accelerated clock (`--speed`), both hidden
test-only options; the profile is saved through the store API.
"""

from __future__ import annotations

import io
import os
import re
import signal
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pexpect
import pytest

from strongback.catalog import Dosage, Kind, Position, Sides
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.profile import Profile
from strongback.records import Difficulty, SessionStatus, SetOutcome, Side
from strongback.rules.screening import screen_with_default_rules
from strongback.timeline import build_timeline

if TYPE_CHECKING:
    from strongback.store import Repository

pytestmark = pytest.mark.slow


def _planned(exercise_id: str, **dosage: float) -> PlannedExercise:
    return PlannedExercise(
        exercise_id=exercise_id,
        name=exercise_id.replace("-", " ").capitalize(),
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=Position.SUPINE,
        sides=Sides.BOTH,
        dosage=Dosage.model_validate(dosage),
        estimated_seconds=30,
        why="test",
        sources=["test"],
    )


def _plan(*exercises: PlannedExercise) -> SessionPlan:
    return SessionPlan(
        day=date.today(),
        kind=DayKind.FULL,
        exercises=list(exercises),
        estimated_seconds=60,
        minutes_budget=5,
    )


def _save_profile(repository: Repository) -> None:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))


def _spawn(env: dict[str, str], *args: str) -> pexpect.spawn:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "strongback", "start", *args],
        env={**os.environ, **env},
        encoding="utf-8",
        timeout=30,
        dimensions=(30, 80),
    )
    return child


def _answer_after(child: pexpect.spawn, pain: str, difficulty: str) -> None:
    child.expect("How is your back now")
    child.sendline(pain)
    child.expect("How hard did it feel")
    child.sendline(difficulty)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before


def test_a_short_session_played_with_keys_stores_every_set(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    _save_profile(repository)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(
            _planned("bridge", sets=2, reps=2, hold_seconds=4, rest_seconds=5),
            _planned("cat-cow", sets=1, reps=5, rest_seconds=0),
        ).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--speed", "10", "--no-bell")

    child.expect("How is your back right now")
    child.sendline("3")
    child.expect("Hold. Rep 1 of 2")
    child.send("p")  # pain, mild and dull: noted on the set, the session goes on
    child.expect("Pain now, 0-10")
    child.send("3")
    child.send("\r")
    child.expect("d dull")
    child.send("d")
    child.send(" ")  # pause...
    child.expect("PAUSED")
    child.send(" ")  # ...and go on
    child.expect("Press n when you have finished")
    child.send("n")  # the untimed reps are done
    _answer_after(child, "2", "3")

    (session,) = repository.sessions()
    assert session.status is SessionStatus.COMPLETED
    assert [(s.exercise_id, s.set_number, s.side, s.outcome) for s in session.sets] == [
        ("bridge", 1, Side.BOTH, SetOutcome.DONE),
        ("bridge", 2, Side.BOTH, SetOutcome.DONE),
        ("cat-cow", 1, Side.BOTH, SetOutcome.DONE),
    ]
    assert session.sets[0].pain == 3
    assert session.sets[0].hold_seconds_done == 4
    assert session.sets[2].reps_done == 5
    assert session.feedback.pain_before == 3
    assert session.feedback.pain_after == 2
    assert session.feedback.difficulty is Difficulty.TOO_HARD


def test_sharp_pain_stops_the_exercise_and_the_session_can_end_there(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    _save_profile(repository)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(_planned("bridge", sets=2, reps=2, hold_seconds=5)).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--speed", "5")
    child.expect("right now")
    child.sendline("")
    child.expect("Hold. Rep 1 of 2")
    for key in ("p", "4", "\r", "s"):
        child.send(key)
    child.expect("Stop this exercise")
    child.send("q")
    child.expect("see a doctor")
    _answer_after(child, "", "")

    (session,) = repository.sessions()
    assert session.status is SessionStatus.ENDED_EARLY
    (stopped,) = session.sets
    assert stopped.outcome is SetOutcome.STOPPED
    assert stopped.pain == 4
    assert "sharp" in (stopped.reason or "")
    assert session.feedback.pain_after == 4  # skipped: the pain at the stop is kept


def _wait_for_sets(
    child: pexpect.spawn, repository: Repository, count: int, timeout: float = 20
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sessions = repository.sessions()
        if sessions and len(sessions[0].sets) >= count:
            return
        # Keep reading the screen: a full terminal buffer would block the player.
        child.expect([pexpect.TIMEOUT, pexpect.EOF], timeout=0.02)
    pytest.fail(f"the player did not record {count} set(s) within {timeout} s")


def test_a_killed_session_keeps_its_sets_and_resumes_from_the_next_step(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    _save_profile(repository)
    plan = _plan(
        _planned("bridge", sets=1, reps=1, hold_seconds=4),
        _planned("pelvic-tilt", sets=1, reps=1, hold_seconds=4),
        _planned("dead-bug", sets=1, reps=1, hold_seconds=4),
    )
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan.model_dump_json())
    child = _spawn(store_env, "--plan", str(plan_file), "--speed", "8")
    child.expect("right now")
    child.sendline("1")
    _wait_for_sets(child, repository, 1)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert child.signalstatus == signal.SIGKILL

    (killed,) = repository.sessions()
    assert killed.status is SessionStatus.IN_PROGRESS
    done = [(s.exercise_id, s.outcome) for s in killed.sets]
    assert done[0] == ("bridge", SetOutcome.DONE)
    timeline = build_timeline(plan)
    recorded = {(r.exercise_id, r.set_number, r.side) for r in killed.sets}
    last_recorded = max(s.index for s in timeline.steps if s.records_set and s.set_key in recorded)
    # The kill may land between storing the set and storing the resume step; either is fine.
    assert killed.resume_step <= last_recorded + 1
    next_step = timeline.steps[last_recorded + 1]

    child = _spawn(store_env, "--speed", "8")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("Resume it")
    child.sendline("y")
    child.expect(re.escape(next_step.text))  # the step right after the last saved set
    _answer_after(child, "1", "2")
    assert "Bridge, lying on your back" not in screen.getvalue()  # no finished set replayed

    (resumed,) = repository.sessions()
    assert resumed.id == killed.id
    assert resumed.status is SessionStatus.COMPLETED
    assert [s.exercise_id for s in resumed.sets] == ["bridge", "pelvic-tilt", "dead-bug"]
    assert resumed.feedback.pain_before == 1


def test_no_profile_sends_the_person_to_setup(store_env: dict[str, str]) -> None:
    child = _spawn(store_env)
    child.expect("strongback setup")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 1


def test_a_blocked_screening_refers_and_exits_3(
    repository: Repository, store_env: dict[str, str]
) -> None:
    profile = Profile.model_validate({"red_flags": ["saddle-numbness"]})
    repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    child = _spawn(store_env)
    child.expect("clinician")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 3
