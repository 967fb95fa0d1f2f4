"""`strongback start`: the resume question takes only yes or no, and the end of a session is told
once, as it is stored: a session where no set was done ended early."""

from __future__ import annotations

import io
import os
import re
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pexpect
import pytest
from typer.testing import CliRunner

from strongback.catalog import Dosage, Kind, Position, Sides
from strongback.cli._common import out
from strongback.cli._session_questions import resume_or_new
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.profile import Profile
from strongback.records import SessionSource, SessionStatus, SetOutcome, SetRecord
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

LEAVE_FULL_SCREEN = "\x1b[?1049l"


def _plan() -> SessionPlan:
    bridge = PlannedExercise(
        exercise_id="bridge",
        name="Bridge",
        kind=Kind.STRENGTH,
        phase=Phase.STRENGTHEN,
        position=Position.SUPINE,
        sides=Sides.BOTH,
        dosage=Dosage.model_validate({"sets": 3, "reps": 1, "hold_seconds": 8, "rest_seconds": 2}),
        estimated_seconds=30,
        why="test",
        sources=["test"],
    )
    return SessionPlan(
        day=date.today(),
        kind=DayKind.FULL,
        exercises=[bridge],
        estimated_seconds=30,
        minutes_budget=5,
    )


# --- the resume question -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "resumed"), [("3\nx\nn\n", False), ("maybe\ny\n", True), ("\n", True)]
)
def test_the_resume_question_asks_again_until_yes_or_no(
    repository: Repository, typed: str, resumed: bool
) -> None:
    started = repository.start_session(_plan(), SessionSource.PLAYER, datetime.now(UTC))

    with CliRunner().isolation(input=typed) as streams:
        answer = resume_or_new(out(), repository)
        shown = streams[0].getvalue().decode()

    asked = typed.count("\n")
    assert shown.count("Resume it? [Y/n]") == asked
    assert "earlier day" not in shown
    assert shown.count("Please type y to resume it, or n") == asked - 1
    if resumed:
        (stored,) = repository.sessions()
        assert answer is not None
        assert answer.id == started.id
        assert stored.status is SessionStatus.IN_PROGRESS
    else:
        # Nothing was recorded in it: no empty row is left in the history.
        assert answer is None
        assert repository.sessions() == []
        assert "Nothing was recorded in it, so it is removed." in shown


@pytest.mark.parametrize(
    ("typed", "resumed"), [("\n", False), ("3\nN\n", False), ("x\ny\n", True), ("", False)]
)
def test_a_session_from_an_earlier_day_says_so_and_ends_by_default(
    repository: Repository, typed: str, resumed: bool
) -> None:
    # Left yesterday, its plan yesterday's: resuming would play that plan, not today's.
    started = datetime.now(UTC) - timedelta(days=1)
    yesterday = _plan().model_copy(update={"day": date.today() - timedelta(days=1)})
    left = repository.start_session(yesterday, SessionSource.PLAYER, started)

    with CliRunner().isolation(input=typed) as streams:
        answer = resume_or_new(out(), repository)
        shown = " ".join(streams[0].getvalue().decode().split())

    asked = max(typed.count("\n"), 1)  # no input at all (EOF) is asked once: the default
    assert shown.count("Unfinished session from an earlier day") == asked
    assert "Resuming it follows that day's plan, not today's" in shown
    assert "does not ask how your back is now" in shown
    assert shown.count("Resume it anyway? [y/N] (Enter ends it and starts today's session)") == (
        asked
    )
    assert "[Y/n]" not in shown
    assert shown.count("or n (or Enter) to end it and start today's session") == asked - 1
    if resumed:
        assert answer is not None
        assert answer.id == left.id
    else:
        assert answer is None
        assert repository.sessions() == []  # nothing was recorded in it: removed
        assert "Nothing was recorded in it, so it is removed." in shown


def _set(outcome: SetOutcome, minutes: float, started: datetime, number: int = 1) -> SetRecord:
    return SetRecord(
        exercise_id="bridge",
        set_number=number,
        reps_done=1 if outcome is SetOutcome.DONE else 0,
        outcome=outcome,
        reason=None if outcome is SetOutcome.DONE else "Skipped part of the set.",
        ended_at=started + timedelta(minutes=minutes),
    )


@pytest.mark.parametrize(
    ("pain_before", "outcomes", "counts_today"),
    [
        (3, [], False),  # an answer was recorded: kept, but no set was done
        (None, [SetOutcome.SKIPPED], False),
        (None, [SetOutcome.DONE, SetOutcome.SKIPPED], True),
    ],
)
def test_a_session_not_resumed_ends_at_its_last_activity_and_counts_only_with_a_set_done(
    repository: Repository,
    pain_before: int | None,
    outcomes: list[SetOutcome],
    counts_today: bool,
) -> None:
    from strongback.cli.session_commands import _done_today

    # Left a day ago: declining now must not make it a day long.
    started = datetime.now(UTC) - timedelta(days=1)
    plan = _plan().model_copy(update={"day": date.today()})
    record = repository.start_session(plan, SessionSource.PLAYER, started, pain_before=pain_before)
    assert record.id is not None
    for number, outcome in enumerate(outcomes, start=1):
        repository.record_set(record.id, _set(outcome, number, started, number))

    with CliRunner().isolation(input="n\n") as streams:
        assert resume_or_new(out(), repository) is None
        shown = streams[0].getvalue().decode()

    (stored,) = repository.sessions()
    assert stored.status is SessionStatus.ENDED_EARLY
    assert stored.ended_at == started + timedelta(minutes=len(outcomes))
    assert "Saved as ended early at" in shown
    assert (_done_today(repository) is not None) is counts_today


# --- the end of a session, in a real terminal ----------------------------------------------------


def _play(store_env: dict[str, str], tmp_path: Path, repository: Repository, *, skip: bool) -> str:
    """Play the three-set plan to its end (pressing n at every step when `skip`, long before any
    hold is over); what the terminal shows once the player's full screen is gone."""
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(_plan().model_dump_json(), encoding="utf-8")
    child = pexpect.spawn(
        sys.executable,
        [
            *("-m", "strongback", "start", "--plan", str(plan_file), "--no-bell"),
            *("--speed", "2" if skip else "20"),
        ],
        env={**os.environ, **store_env},
        encoding="utf-8",
        timeout=30,
        dimensions=(30, 80),
    )
    screen = io.StringIO()
    child.logfile_read = screen
    child.expect("right now")
    child.sendline("")
    while True:
        if child.expect(["How is your back now", pexpect.TIMEOUT], timeout=0.3) == 0:
            break
        if skip:
            child.send("n")
    child.sendline("")
    child.expect("How hard did it feel")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, screen.getvalue()
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen.getvalue().rpartition(LEAVE_FULL_SCREEN)[2])


@pytest.mark.slow
def test_a_session_with_every_set_skipped_is_stored_and_told_as_ended_early(
    store_env: dict[str, str], tmp_path: Path, repository: Repository
) -> None:
    shown = _play(store_env, tmp_path, repository, skip=True)

    (session,) = repository.sessions()
    assert session.status is SessionStatus.ENDED_EARLY
    assert not [s for s in session.sets if s.outcome is SetOutcome.DONE]
    assert "Session ended early: no set was done." in shown
    assert "Well done" not in shown
    assert "Saved: 0 sets done" in shown


@pytest.mark.slow
def test_a_session_played_through_is_complete_and_said_once(
    store_env: dict[str, str], tmp_path: Path, repository: Repository
) -> None:
    shown = _play(store_env, tmp_path, repository, skip=False)

    (session,) = repository.sessions()
    assert session.status is SessionStatus.COMPLETED
    assert shown.count("Session complete. Well done!") == 1
    assert "Saved: 3 sets done." in shown


def test_a_set_ended_after_the_answers_changed_to_a_red_flag_is_not_saved(
    repository: Repository,
) -> None:
    from strongback.catalog import default_catalog
    from strongback.cli.session_commands import record_if_allowed
    from strongback.planner import plan_of_exercises
    from strongback.profile import RedFlag
    from strongback.records import SetRecord
    from strongback.services import ExerciseWithheld

    now = datetime.now(UTC)
    clear, fever = Profile(), Profile(red_flags=[RedFlag.FEVER])
    repository.save_profile(clear, screen_with_default_rules(clear), now)
    bridge = default_catalog().exercises["bridge"]
    plan = plan_of_exercises([(bridge, bridge.dosage)], now.date(), default_catalog(), "Test.")
    session = repository.start_session(plan, SessionSource.PLAYER, now)
    assert session.id is not None
    record = SetRecord(exercise_id="bridge", set_number=1, ended_at=now)
    record_if_allowed(repository, session.id, record)
    repository.save_profile(fever, screen_with_default_rules(fever), now)  # in another window

    with pytest.raises(ExerciseWithheld):
        record_if_allowed(repository, session.id, record.model_copy(update={"set_number": 2}))
    assert [s.set_number for s in repository.sessions()[0].sets] == [1]


# --- the shared safety gate ----------------------------------------------------------------------


def test_start_checks_the_answers_with_the_shared_safety_gate(
    store_env: dict[str, str], repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`start` asks `services.ensure_plan_allowed`, as the web and every set do, and refers as
    every command does."""
    from strongback import services
    from strongback.cli.app import app
    from strongback.profile import RedFlag

    clear, fever = Profile(), Profile(red_flags=[RedFlag.FEVER])
    repository.save_profile(clear, screen_with_default_rules(clear), datetime.now(UTC))
    asked: list[object] = []

    def gate(repo: object) -> None:
        asked.append(repo)
        raise services.ExerciseWithheld(screen_with_default_rules(fever), ["you have a fever"])

    monkeypatch.setattr(services, "ensure_plan_allowed", gate)

    result = CliRunner().invoke(app, ["start"], env=store_env)

    assert result.exit_code == 3, result.output
    assert len(asked) == 1
    words = " ".join(result.stdout.replace("│", " ").split())
    assert "See a doctor before you exercise" in result.stdout.splitlines()[0]  # the urgency first
    assert "No session today. When a clinician has seen you" in words
    assert "you have a fever" in words
    assert repository.sessions() == []


# --- pain before the session at the flare level ------------------------------------------------


def _stretch_and_strength() -> SessionPlan:
    stretch = PlannedExercise(
        exercise_id="knee-to-chest",
        name="Knee to chest",
        kind=Kind.STRETCH,
        phase=Phase.STRETCH,
        position=Position.SUPINE,
        sides=Sides.BOTH,
        dosage=Dosage.model_validate({"sets": 1, "reps": 1, "hold_seconds": 2}),
        estimated_seconds=20,
        why="test",
        sources=["test"],
    )
    return _plan().model_copy(
        update={"exercises": [stretch, *_plan().exercises], "estimated_seconds": 50}
    )


def _offer(plan: SessionPlan, pain: int, typed: str) -> tuple[SessionPlan | None, str]:
    from strongback.cli.session_commands import _plan_for_pain

    with CliRunner().isolation(input=typed) as streams:
        chosen = _plan_for_pain(out(), plan, pain)
        shown = streams[0].getvalue().decode()
    return chosen, " ".join(shown.split())


def test_pain_under_the_flare_level_plays_the_whole_plan_without_a_question() -> None:
    plan = _stretch_and_strength()
    chosen, shown = _offer(plan, 5, "")
    assert chosen == plan
    assert shown == ""


@pytest.mark.parametrize("typed", ["\n", "x\ns\n"])
def test_pain_at_the_flare_level_offers_the_stretches_only_by_default(typed: str) -> None:
    from strongback import EMERGENCY_ADVICE
    from strongback.flare_start import FLARE_START_CARE, flare_start_reason

    chosen, shown = _offer(_stretch_and_strength(), 8, typed)

    assert "Your back is at 8/10 before you start: at 6 or more we count that as a flare" in shown
    assert "no strengthening today" in shown
    # Worded once, with the session page (tests/web/test_session_page_flare.py).
    assert flare_start_reason(8, 6) in shown
    assert f"{FLARE_START_CARE} {EMERGENCY_ADVICE}" in shown
    assert shown.count("[S/q]") == typed.count("\n")  # anything else is asked again
    assert chosen is not None
    # The plan stored with the session is a stretching day, which says why.
    assert [e.exercise_id for e in chosen.exercises] == ["knee-to-chest"]
    assert chosen.kind is DayKind.STRETCH
    assert chosen.estimated_seconds == 20
    assert chosen.notes[-1] == "Stretches only: your pain was 8/10 before the session, a flare."


def test_pain_at_the_flare_level_may_stop_for_today() -> None:
    chosen, _shown = _offer(_stretch_and_strength(), 6, "q\n")
    assert chosen is None


def test_a_plan_without_stretches_stops_at_the_flare_level_without_asking() -> None:
    from strongback.flare_start import NO_STRETCHES_TODAY

    chosen, shown = _offer(_plan(), 9, "")
    assert chosen is None
    assert "no stretches, so stop here for today" in shown
    assert NO_STRETCHES_TODAY in shown
    assert "[S/q]" not in shown


def test_the_flare_level_before_a_session_comes_from_the_progression_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.cli.test_log_cli import flare_level

    flare_level(monkeypatch, 9)
    plan = _stretch_and_strength()
    assert _offer(plan, 8, "")[0] == plan
    chosen, shown = _offer(plan, 9, "\n")
    assert "at 9 or more" in shown
    assert chosen is not None
    assert chosen.kind is DayKind.STRETCH


@pytest.mark.slow
@pytest.mark.parametrize("choice", ["", "q"])
def test_a_session_started_in_a_flare_stores_only_the_stretches_or_the_day_stopped(
    store_env: dict[str, str], tmp_path: Path, repository: Repository, choice: str
) -> None:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(_stretch_and_strength().model_dump_json(), encoding="utf-8")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "strongback", "start", "--plan", str(plan_file), "--no-bell", "--speed", "20"],
        env={**os.environ, **store_env},
        encoding="utf-8",
        timeout=30,
        dimensions=(30, 80),
    )
    child.expect("right now")
    child.sendline("8")
    child.expect(r"\[S/q\]")
    child.sendline(choice)
    if choice == "q":
        # Kept with its pain, so the plan steps back (tests/cli/test_stop_for_today_cli.py).
        child.expect("Saved: you stopped for today")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        (rested,) = repository.sessions()
        assert rested.status is SessionStatus.RESTED
        assert rested.feedback.pain_before == 8
        return
    child.expect("How is your back now")
    child.sendline("")
    child.expect("How hard did it feel")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    (session,) = repository.sessions()
    assert session.feedback.pain_before == 8
    assert session.plan.kind is DayKind.STRETCH
    assert [e.exercise_id for e in session.plan.exercises] == ["knee-to-chest"]
    assert [(s.exercise_id, s.outcome) for s in session.sets] == [
        ("knee-to-chest", SetOutcome.DONE)
    ]
    assert session.status is SessionStatus.COMPLETED


def test_the_words_after_a_pain_stop_give_the_emergency_line_once() -> None:
    from strongback import CLINICIAN_NOTICE, EMERGENCY_ADVICE
    from strongback.cli.session_commands import _after_words
    from strongback.session_player import STOP_ADVICE, PainKind, SessionPlayer
    from strongback.timeline import build_timeline

    machine = SessionPlayer(build_timeline(_plan()), now=0.0, started_at=datetime.now(UTC))
    sets = machine.pain(1.0, 7, PainKind.SHARP)
    with CliRunner().isolation() as streams:
        _after_words(out(), sets, completed=False, any_done=False)
        shown = " ".join(streams[0].getvalue().decode().split())

    assert " ".join(STOP_ADVICE.split()) in shown
    assert " ".join(CLINICIAN_NOTICE.split()) in shown
    assert shown.count(EMERGENCY_ADVICE) == 1
    assert "Your next plan will step back from what hurt." in shown


def test_the_step_back_is_promised_only_when_a_stored_set_shows_the_stop() -> None:
    from strongback.cli.session_commands import _after_words

    started = datetime.now(UTC)
    for sets in ([], [_set(SetOutcome.DONE, 1, started)]):
        with CliRunner().isolation() as streams:
            _after_words(out(), sets, completed=bool(sets), any_done=bool(sets))
            shown = streams[0].getvalue().decode()
        assert "step back" not in shown


# --- an interrupt at the closing questions, in a real terminal ---------------------------------


def _spawn_start(
    store_env: dict[str, str], tmp_path: Path, repository: Repository
) -> pexpect.spawn:
    """`start` on the three-set plan, at a speed that plays it in about two seconds."""
    if repository.current_profile() is None:
        profile = Profile()
        repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(_plan().model_dump_json(), encoding="utf-8")
    return pexpect.spawn(
        sys.executable,
        ["-m", "strongback", "start", "--plan", str(plan_file), "--no-bell", "--speed", "20"],
        env={**os.environ, **store_env},
        encoding="utf-8",
        timeout=30,
        dimensions=(30, 80),
    )


@pytest.mark.slow
@pytest.mark.parametrize(
    ("quit_early", "answer_pain", "status"),
    [
        (True, False, SessionStatus.ENDED_EARLY),  # Ctrl-C at "How is your back now"
        (False, False, SessionStatus.COMPLETED),
        (False, True, SessionStatus.COMPLETED),  # Ctrl-C at "How hard", the pain answered
    ],
)
def test_an_interrupt_at_the_closing_questions_still_closes_the_session(
    store_env: dict[str, str],
    tmp_path: Path,
    repository: Repository,
    quit_early: bool,
    answer_pain: bool,
    status: SessionStatus,
) -> None:
    child = _spawn_start(store_env, tmp_path, repository)
    shown = io.StringIO()
    child.logfile_read = shown
    child.expect("right now")
    child.sendline("")
    if quit_early:
        child.expect("Rep 1 of 1")
        child.send("q")
    child.expect("How is your back now")
    if answer_pain:
        child.sendline("3")
        child.expect("How hard did it feel")
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()

    assert child.exitstatus == 130
    assert "Saved without the answers left:" in shown.getvalue()
    (session,) = repository.sessions()
    assert session.status is status
    assert session.ended_at is not None
    assert session.feedback.pain_after == (3 if answer_pain else None)
    assert session.feedback.difficulty is None
    assert repository.unfinished_session() is None  # the next start offers nothing to resume


# --- a second session on the same day ----------------------------------------------------------


def test_a_new_session_says_when_todays_session_is_already_done(repository: Repository) -> None:
    from strongback.cli.session_commands import _done_today
    from strongback.records import SessionFeedback

    assert _done_today(repository) is None
    yesterday = _plan().model_copy(update={"day": date.today() - timedelta(days=1)})
    older = repository.start_session(yesterday, SessionSource.PLAYER, datetime.now(UTC))
    assert older.id is not None
    repository.finish_session(
        older.id, SessionStatus.COMPLETED, datetime.now(UTC), SessionFeedback()
    )
    assert _done_today(repository) is None  # yesterday's does not count

    ended = datetime(2026, 3, 2, 8, 5, tzinfo=UTC)
    today = repository.start_session(_plan(), SessionSource.PLAYER, ended)
    assert today.id is not None
    assert _done_today(repository) is None  # in progress: it is offered for resuming instead
    repository.record_set(today.id, _set(SetOutcome.SKIPPED, 0, ended))
    repository.finish_session(today.id, SessionStatus.ENDED_EARLY, ended, SessionFeedback())
    assert _done_today(repository) is None  # no set done in it: not today's session done

    again = repository.start_session(_plan(), SessionSource.PLAYER, ended)
    assert again.id is not None
    repository.record_set(again.id, _set(SetOutcome.DONE, 0, ended))
    repository.finish_session(again.id, SessionStatus.ENDED_EARLY, ended, SessionFeedback())

    at = ended.astimezone().strftime("%H:%M")
    assert _done_today(repository) == (
        f"Today's session is already done (ended early at {at}); this is an extra one."
    )


@pytest.mark.slow
def test_a_second_session_the_same_day_is_told_in_one_line_and_still_plays(
    store_env: dict[str, str], tmp_path: Path, repository: Repository
) -> None:
    for sitting in range(2):
        child = _spawn_start(store_env, tmp_path, repository)
        shown = io.StringIO()
        child.logfile_read = shown
        child.expect("right now")
        before = shown.getvalue()
        child.sendline("")
        child.expect("How is your back now")
        child.sendline("")
        child.expect("How hard did it feel")
        child.sendline("")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        told = "Today's session is already done (completed at" in before
        assert told is (sitting == 1)

    assert [s.status for s in repository.sessions()] == [SessionStatus.COMPLETED] * 2
