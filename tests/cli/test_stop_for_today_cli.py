"""`strongback start` at a flare, in a real terminal: "q" at the stretches-only offer (or a plan
with no stretches) keeps the day with its pain, as the session page's "Stop for today" does; a
later `start` the same day says so, with the flare's care, and plays the stretches alone; and pain
after a session at the flare level gets the flare's advice. On SQLite and PostgreSQL."""

from __future__ import annotations

import io
import os
import re
import sys
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pexpect
import pytest
from typer.testing import CliRunner

from strongback import CLINICIAN_NOTICE, EMERGENCY_ADVICE, services
from strongback.catalog import Dosage, Kind, Position, Sides, default_catalog
from strongback.cli._common import out
from strongback.plan import DayKind, Phase, PlannedExercise, SessionPlan
from strongback.profile import Profile
from strongback.records import SessionSource, SessionStatus, SetOutcome
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from pathlib import Path

    from strongback.store import Repository

FLARE = services.flare_pain()  # no usual pain is known in these stores: the rules' level


def _exercise(exercise_id: str, name: str, phase: Phase) -> PlannedExercise:
    stretch = phase is Phase.STRETCH
    return PlannedExercise(
        exercise_id=exercise_id,
        name=name,
        kind=Kind.STRETCH if stretch else Kind.STRENGTH,
        phase=phase,
        position=Position.SUPINE,
        sides=Sides.BOTH,
        dosage=Dosage.model_validate({"sets": 1, "reps": 1, "hold_seconds": 2}),
        estimated_seconds=20,
        why="test",
        sources=["test"],
    )


STRETCH = _exercise("knee-to-chest", "Knee to chest", Phase.STRETCH)
BRIDGE = _exercise("bridge", "Bridge", Phase.STRENGTHEN)


def _plan(*exercises: PlannedExercise) -> SessionPlan:
    return SessionPlan(
        day=date.today(),
        kind=DayKind.FULL,
        exercises=list(exercises),
        estimated_seconds=20 * len(exercises),
        minutes_budget=5,
    )


def _spawn(
    store_env: dict[str, str], tmp_path: Path, repository: Repository, plan: SessionPlan
) -> tuple[pexpect.spawn, io.StringIO]:
    if repository.current_profile() is None:
        profile = Profile()
        repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(plan.model_dump_json(), encoding="utf-8")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "strongback", "start", "--plan", str(plan_file), "--no-bell", "--speed", "20"],
        env={**os.environ, **store_env},
        encoding="utf-8",
        timeout=30,
        dimensions=(30, 100),
    )
    shown = io.StringIO()
    child.logfile_read = shown
    return child, shown


def _ended(child: pexpect.spawn) -> int | None:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def _words(shown: io.StringIO) -> str:
    """What the terminal showed, without its colours, each run of spaces and breaks as one."""
    return " ".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown.getvalue()).split())


def _finish_questions(child: pexpect.spawn, pain_after: str = "") -> None:
    child.expect("How is your back now")
    child.sendline(pain_after)
    child.expect("How hard did it feel")
    child.sendline("")


@pytest.mark.slow
def test_q_at_a_flare_keeps_the_day_and_a_later_start_plays_the_stretches_only(
    store_env: dict[str, str], tmp_path: Path, repository: Repository
) -> None:
    plan = _plan(STRETCH, BRIDGE)
    child, shown = _spawn(store_env, tmp_path, repository, plan)
    child.expect("right now")
    child.sendline(str(FLARE + 2))
    child.expect(r"\[S/q\]")
    child.sendline("q")
    child.expect("Saved: you stopped for today")
    assert _ended(child) == 0
    assert "Nothing saved" not in shown.getvalue()
    (rested,) = repository.sessions()
    assert rested.status is SessionStatus.RESTED
    assert rested.source is SessionSource.PLAYER
    assert rested.feedback.pain_before == FLARE + 2
    assert rested.sets == []

    # Later the same day, with the back calmer: the stretches only, after saying why.
    child, shown = _spawn(store_env, tmp_path, repository, plan)
    child.expect("right now")
    before = _words(shown)
    child.sendline("1")
    _finish_questions(child)
    assert _ended(child) == 0

    at = rested.started_at.astimezone().strftime("%H:%M")
    assert f"You stopped for today at {at}, with your back at {FLARE + 2}/10." in before
    assert services.FLARE_CARE in before
    assert "today's stretches are still there; no strengthening today" in before
    assert "Today: Knee to chest." in before  # the stretches alone are announced
    assert before.count(EMERGENCY_ADVICE) == 1  # with the safety notice that opens the session
    played = repository.sessions()[-1]
    assert played.plan.kind is DayKind.STRETCH
    assert [e.exercise_id for e in played.plan.exercises] == ["knee-to-chest"]
    assert [s.outcome for s in played.sets] == [SetOutcome.DONE]
    assert played.feedback.pain_before == 1


@pytest.mark.slow
def test_a_plan_without_stretches_keeps_the_day_and_then_offers_nothing_more(
    store_env: dict[str, str], tmp_path: Path, repository: Repository
) -> None:
    plan = _plan(BRIDGE)
    child, shown = _spawn(store_env, tmp_path, repository, plan)
    child.expect("right now")
    child.sendline(str(FLARE))
    child.expect("Saved: you stopped for today")
    assert _ended(child) == 0
    assert "no stretches, so stop here for today" in _words(shown)
    assert [s.status for s in repository.sessions()] == [SessionStatus.RESTED]

    child, shown = _spawn(store_env, tmp_path, repository, plan)
    assert _ended(child) == 0
    told = _words(shown)
    assert "You stopped for today at" in told
    assert services.FLARE_ADVICE in told  # nothing plays, so the emergency signs come here
    assert services.NOTHING_MORE_TODAY in told
    assert "right now" not in told
    assert len(repository.sessions()) == 1


@pytest.mark.slow
@pytest.mark.parametrize(("pain_after", "advised"), [(FLARE, True), (FLARE - 1, False)])
def test_pain_after_a_session_at_the_flare_level_gets_the_flare_advice(
    store_env: dict[str, str],
    tmp_path: Path,
    repository: Repository,
    pain_after: int,
    advised: bool,
) -> None:
    child, shown = _spawn(store_env, tmp_path, repository, _plan(BRIDGE))
    child.expect("right now")
    child.sendline("")
    child.expect("How is your back now")
    child.sendline(str(pain_after))
    child.expect("How hard did it feel")
    after_answer = _words(shown).rsplit("How is your back now", 1)[1]
    child.sendline("")
    assert _ended(child) == 0

    # Said at once, between the two questions, as the check-in says it after its answer.
    assert (services.FLARE_ADVICE in after_answer) is advised
    assert (CLINICIAN_NOTICE in after_answer) is advised
    (session,) = repository.sessions()
    assert session.feedback.pain_after == pain_after
    if advised:
        plan = services.plan_for_day(repository, default_catalog(), date.today())
        assert "a flare, so nothing steps up today" in plan.notes[0]  # as the advice says


def test_after_a_stop_for_pain_the_flare_advice_leaves_out_what_the_stop_said(
    repository: Repository,
) -> None:
    from strongback.cli.session_commands import _flare_after
    from strongback.session_player import PainKind, SessionPlayer
    from strongback.timeline import build_timeline

    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), datetime.now(UTC))
    started = repository.start_session(_plan(BRIDGE), SessionSource.PLAYER, datetime.now(UTC))
    assert started.id is not None
    machine = SessionPlayer(build_timeline(started.plan), now=0.0, started_at=datetime.now(UTC))
    for record in machine.pain(1.0, FLARE, PainKind.SHARP):
        repository.record_set(started.id, record)
    played = repository.get_session(started.id)
    assert played is not None

    with CliRunner().isolation() as streams:
        _flare_after(out(), repository, played, FLARE)
        shown = " ".join(streams[0].getvalue().decode().split())

    # The stop's advice gave the emergency signs and the notice just before the question.
    assert shown == services.FLARE_CARE
