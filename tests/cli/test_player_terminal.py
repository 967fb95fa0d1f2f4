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

from strongback.catalog import Dosage, Kind, Position, Sides, default_catalog
from strongback.plan import ChangeKind, DayKind, Phase, PlannedExercise, SessionPlan
from strongback.profile import Profile
from strongback.progression import adjust, is_flare, recent_flare
from strongback.records import Difficulty, SessionStatus, SetOutcome, Side
from strongback.rules.progression import default_progression_rules
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
    child.send("p")  # pressed by mistake: no pain, and the session goes on
    child.expect("Pain now, 0-10")
    child.send("0")
    child.send("\r")
    child.expect("No pain reported")
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
    assert session.sets[0].pain is None
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
    # Skipped: the answer stays empty; the pain at the stop is on the stopped set.
    assert session.feedback.pain_after is None


@pytest.mark.parametrize("burst", ["p7\r", "p7\n", "p7\r\n", "p7\rs", "p7\r\ns"])
def test_a_pain_report_sent_in_one_burst_is_taken_whole(
    repository: Repository, store_env: dict[str, str], tmp_path: Path, burst: str
) -> None:
    """Pasting or typing fast sends several keys in one read: every one of them counts."""
    _save_profile(repository)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(
            _planned("bridge", sets=2, reps=2, hold_seconds=5),
            _planned("pelvic-tilt", sets=1, reps=1, hold_seconds=5),
        ).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--speed", "5")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("right now")
    child.sendline("")
    child.expect("Hold. Rep 1 of 2")
    child.send(burst)  # one write: the player reads it at once
    if not burst.endswith("s"):
        child.expect("s sharp")
        child.send("s")
    child.expect("Stop this exercise")
    child.send("nq")  # on to the next exercise, then quit, in one burst too
    child.expect("How is your back now")
    child.sendline("")
    child.expect("How hard did it feel")
    child.sendline("")
    child.expect("Saved: 0 sets done, 1 stopped for pain.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen.getvalue()

    (session,) = repository.sessions()
    (stopped,) = session.sets
    assert (stopped.outcome, stopped.pain) == (SetOutcome.STOPPED, 7)
    assert session.status is SessionStatus.ENDED_EARLY
    assert session.feedback.pain_after is None

    # The skipped after-question hides nothing from progression: it reads the set's pain.
    rules = default_progression_rules()
    assert recent_flare([session], rules) == 7
    bridge = adjust([session], default_catalog(), rules)["bridge"]
    assert is_flare(bridge)
    assert bridge.change is ChangeKind.STEP_BACK, bridge


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


@pytest.mark.parametrize(
    "env",
    [
        {"STRONGBACK_DATABASE_URL": "garbage"},
        {"STRONGBACK_HOME": "/proc/nope", "STRONGBACK_DATABASE_URL": ""},
    ],
)
def test_a_store_that_cannot_be_opened_is_an_error_not_a_traceback(env: dict[str, str]) -> None:
    child = _spawn(env)
    output = child.read()
    child.close()
    assert child.exitstatus == 1, output
    assert "error:" in output
    assert "Traceback" not in output


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


def _rotation_then_bridge(tmp_path: Path) -> Path:
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(
            _planned("knee-rotation", sets=2, reps=5, hold_seconds=5, rest_seconds=5),
            _planned("bridge", sets=1, reps=1, hold_seconds=4),
        ).model_dump_json()
    )
    return plan_file


def _stop_for_pain(child: pexpect.spawn) -> None:
    child.expect("right now")
    child.sendline("2")
    child.expect("Hold. Rep 1 of 5")
    for key in ("p", "8", "\r", "s"):
        child.send(key)
    child.expect("Stop this exercise")


def test_back_after_a_pain_stop_stays_out_of_the_exercise_that_hurt(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    """The newcomer's keys: pain 8, sharp, n to go on, b: the rotation must not come back."""
    _save_profile(repository)
    child = _spawn(store_env, "--plan", str(_rotation_then_bridge(tmp_path)), "--no-bell")
    _stop_for_pain(child)
    child.send("n")
    child.expect("Bridge, lying on your back")
    child.send("b")
    child.expect(re.escape("Back stays here: Knee rotation (stopped for pain)"))
    child.send("q")  # had back gone into the rotation, quitting would record its set 2
    _answer_after(child, "", "")

    (session,) = repository.sessions()
    assert [(s.exercise_id, s.set_number, s.outcome) for s in session.sets] == [
        ("knee-rotation", 1, SetOutcome.STOPPED)
    ]


def test_a_session_killed_at_a_pain_stop_resumes_past_the_exercise_that_hurt(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    _save_profile(repository)
    child = _spawn(store_env, "--plan", str(_rotation_then_bridge(tmp_path)), "--no-bell")
    _stop_for_pain(child)
    _wait_for_sets(child, repository, 1)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()

    child = _spawn(store_env, "--no-bell")
    child.expect("Resume it")
    child.sendline("y")
    # Pain 8 advised stopping for today: the resumed session says so again before anything
    # plays, with ending as Enter; going on is still the person's choice.
    child.expect("Stop: Knee rotation")
    child.expect(re.escape("You reported pain 8/10, sharp."))
    child.expect(re.escape("Press Enter or q to end the session (advised), or n to go on to"))
    child.send("n")
    child.expect("Bridge, lying on your back")
    child.send("b")
    child.expect(re.escape("Back stays here: Knee rotation (stopped for pain)"))
    child.send("q")
    _answer_after(child, "", "")

    (session,) = repository.sessions()
    assert [(s.exercise_id, s.outcome) for s in session.sets] == [
        ("knee-rotation", SetOutcome.STOPPED)
    ]


def test_enter_at_a_resumed_strong_stop_ends_the_session_as_advised(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    """The newcomer's path: pain 8, the terminal closed at the stop, `start`, y, Enter."""
    _save_profile(repository)
    child = _spawn(store_env, "--plan", str(_rotation_then_bridge(tmp_path)), "--no-bell")
    _stop_for_pain(child)
    _wait_for_sets(child, repository, 1)
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()

    child = _spawn(store_env, "--no-bell")
    child.expect("Resume it")
    child.sendline("y")
    child.expect(re.escape("end the session (advised)"))
    child.send("\r")
    child.expect("How is your back now")
    shown = child.before
    child.sendline("")
    child.expect("How hard did it feel")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    assert "Session ended early" in shown
    (session,) = repository.sessions()
    assert session.status is SessionStatus.ENDED_EARLY
    assert [(s.exercise_id, s.outcome, s.pain) for s in session.sets] == [
        ("knee-rotation", SetOutcome.STOPPED, 8)
    ]


def test_pain_in_the_release_after_the_last_set_is_saved_on_it_and_the_plan_steps_back(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    """The newcomer's keys: p, 4, Enter, d in the "Release." after the last set, then Enter."""
    _save_profile(repository)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(_planned("bridge", sets=1, reps=1, hold_seconds=4)).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--speed", "2", "--no-bell")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("right now")
    child.sendline("")
    child.expect("Next: Session complete")  # the release after the only hold
    for key in ("p", "4", "\r", "d"):
        child.send(key)
    child.expect("Stop: Bridge")
    child.expect(re.escape("That was the last exercise: press Enter to finish the session."))
    child.send("\r")
    child.expect("How is your back now")
    words = child.before
    child.sendline("")
    child.expect("How hard did it feel")
    child.sendline("")
    child.expect(re.escape("Saved: 0 sets done, 1 stopped for pain."))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen.getvalue()
    assert "Your next plan will step back from what hurt." in " ".join(words.split())

    (session,) = repository.sessions()
    (hurt,) = session.sets
    assert (hurt.outcome, hurt.pain, hurt.reason) == (
        SetOutcome.STOPPED,
        4,
        "Stopped for pain 4/10, dull.",
    )
    assert (hurt.reps_done, hurt.hold_seconds_done) == (1, 4.0)  # what was done stays
    bridge = adjust([session], default_catalog(), default_progression_rules())["bridge"]
    assert bridge.change is ChangeKind.STEP_BACK, bridge
    assert bridge.rule_id == "stopped-for-pain"


def test_pain_just_after_a_rep_exercise_is_saved_on_it_not_on_the_next_one(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    """n after the crunch's last rep, then p, 3, Enter, s in the bird dog's introduction: the
    crunch (no release step) is stopped and steps back; the bird dog plays on."""
    _save_profile(repository)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(
            _planned("crunch", sets=1, reps=5, rest_seconds=0),
            _planned("bird-dog", sets=1, reps=1, hold_seconds=4, rest_seconds=0),
        ).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--speed", "2", "--no-bell")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("right now")
    child.sendline("")
    child.expect("Press n when you have finished")
    child.send("n")  # the crunch's only set, done
    child.expect("Bird dog, lying on your back")  # the bird dog's introduction
    child.send("p")
    child.expect("Pain now, 0-10")
    for key in ("3", "\r"):
        child.send(key)
    child.expect(re.escape("Pain 3/10: Crunch stops."))
    child.send("s")
    child.expect("Stop: Crunch")
    child.expect(re.escape("Crunch is stopped: it won't be played again in this session."))
    child.expect(re.escape("go on to Bird dog"))
    child.send("\r")
    child.expect("Hold. Rep 1 of 1")  # the bird dog plays
    _answer_after(child, "", "")

    (session,) = repository.sessions()
    assert [(s.exercise_id, s.outcome, s.pain, s.reps_done) for s in session.sets] == [
        ("crunch", SetOutcome.STOPPED, 3, 5),  # what was done stays
        ("bird-dog", SetOutcome.DONE, None, 1),
    ], screen.getvalue()
    changes = adjust([session], default_catalog(), default_progression_rules())
    assert changes["crunch"].change is ChangeKind.STEP_BACK, changes["crunch"]
    assert changes["crunch"].rule_id == "stopped-for-pain"
    assert changes["bird-dog"].rule_id != "stopped-for-pain"


def test_in_pregnancy_the_intro_and_the_stop_screen_give_its_stop_signs(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    from strongback.profile import Condition

    profile = Profile(conditions=[Condition.PREGNANCY], cleared_by_clinician=True)
    repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(_planned("bridge", sets=1, reps=2, hold_seconds=5)).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--no-bell")
    child.expect(re.escape("Stop at once and call your midwife or doctor if you have bleeding"))
    child.expect("right now")
    child.sendline("")
    child.expect("Hold. Rep 1 of 2")
    for key in ("p", "2", "\r", "d"):
        child.send(key)
    child.expect("Stop this exercise")
    child.expect("midwife or doctor")
    child.send("q")
    _answer_after(child, "", "")


def test_a_session_left_at_once_and_not_resumed_leaves_nothing_behind(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    """Closed 5 seconds in, declined later: no session ended a day long, none done today."""
    _save_profile(repository)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(_planned("bridge", sets=1, reps=1, hold_seconds=4)).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--no-bell")
    child.expect("right now")
    child.sendline("")
    child.expect("Bridge, lying on your back")
    os.kill(child.pid, signal.SIGKILL)
    child.expect(pexpect.EOF)
    child.close()
    assert [s.status for s in repository.sessions()] == [SessionStatus.IN_PROGRESS]

    child = _spawn(store_env, "--plan", str(plan_file), "--no-bell")
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("Resume it")
    child.sendline("n")
    child.expect("right now")
    child.sendline("q")  # not a number: asked again, then Enter skips it
    child.sendline("")
    child.expect("Bridge, lying on your back")
    child.send("q")
    _answer_after(child, "", "")

    shown = screen.getvalue()
    assert "Nothing was recorded in it, so it is removed." in shown
    assert "already done" not in shown
    (session,) = repository.sessions()  # only the new one
    assert session.status is SessionStatus.ENDED_EARLY


def test_a_pain_past_10_is_refused_on_screen_and_the_corrected_one_is_saved(
    repository: Repository, store_env: dict[str, str], tmp_path: Path
) -> None:
    """p, 1, 2, Enter once saved "pain 1/10": the 12 stays on screen, refused, until corrected."""
    _save_profile(repository)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(
        _plan(_planned("bridge", sets=1, reps=2, hold_seconds=30)).model_dump_json()
    )
    child = _spawn(store_env, "--plan", str(plan_file), "--no-bell")
    child.expect("right now")
    child.sendline("")
    child.expect("Hold. Rep 1 of 2")
    for key in ("p", "1", "2", "\r"):
        child.send(key)
    child.expect(re.escape("Pain now, 0-10: 12_  That is not 0 to 10"))
    for key in ("\x7f", "\x7f", "4", "\r"):
        child.send(key)
    child.expect(re.escape("Pain 4/10: Bridge stops."))
    child.send("d")
    child.expect("Stop: Bridge")
    child.send("q")
    _answer_after(child, "", "")

    (session,) = repository.sessions()
    assert [(s.outcome, s.pain) for s in session.sets] == [(SetOutcome.STOPPED, 4)]
