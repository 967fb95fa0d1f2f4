"""In the terminal, pain is a flare against the person's own flare level: someone whose back is
usually at 7/10 starts their whole session at 7 (never "stretches only" before every session),
hears no flare advice for a 7 after a logged session or the day after one, and a stop at 7 does
not put ending the session first; from 8 (severe pain) all of that is as before. Without a usual
pain yet, the rules' flare level alone, as before. On SQLite and PostgreSQL."""

from __future__ import annotations

import os
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pexpect
import pytest
from typer.testing import CliRunner

from strongback import services
from strongback.catalog import default_catalog
from strongback.cli._common import out
from strongback.cli.app import app
from strongback.flare_start import flare_start_reason
from strongback.plan import DayKind
from strongback.profile import Profile
from strongback.records import SessionFeedback, SessionSource, SetOutcome, SetRecord
from strongback.rules.screening import screen_with_default_rules
from strongback.services import FLARE_ADVICE
from tests.cli.test_start_cli import _offer, _plan, _stretch_and_strength

if TYPE_CHECKING:
    from strongback.store import Repository

TODAY = date.today()
USUAL = 7
#: The flare level of someone whose back is usually at 7: severe pain (rules/progression.yaml).
THEIR_LEVEL = 8


def _answer(repository: Repository) -> None:
    profile = Profile()
    at = datetime.combine(TODAY - timedelta(days=7), time(8), tzinfo=UTC)
    repository.save_profile(profile, screen_with_default_rules(profile), at=at)


def _session_on(repository: Repository, day: date, pain_before: int) -> None:
    started = datetime.combine(day, time(10)).astimezone()
    plan = _plan().model_copy(update={"day": day})
    feedback = SessionFeedback(pain_before=pain_before)
    repository.add_finished_session(
        plan, SessionSource.LOG, started, [], started + timedelta(minutes=5), feedback
    )


def _usually_at_seven(repository: Repository) -> None:
    """Four days in a row, up to yesterday, with the back at 7 before each session: their usual
    pain is 7 from the fourth."""
    for back in range(4, 0, -1):
        _session_on(repository, TODAY - timedelta(days=back), USUAL)


def _run(args: list[str], env: dict[str, str]) -> Any:
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return result


def test_a_usual_seven_is_offered_the_stretches_only_from_eight(repository: Repository) -> None:
    _answer(repository)
    _usually_at_seven(repository)
    level = services.flare_level(repository, TODAY)
    assert (level.usual, level.lowest) == (USUAL, THEIR_LEVEL)
    plan = _stretch_and_strength()

    with CliRunner().isolation() as streams:
        from strongback.cli.session_commands import _plan_for_pain

        assert _plan_for_pain(out(), plan, USUAL, level) == plan
        assert streams[0].getvalue() == b""

    with CliRunner().isolation(input="\n") as streams:
        chosen = _plan_for_pain(out(), plan, 9, level)
        shown = " ".join(streams[0].getvalue().decode().split())
    assert chosen is not None
    assert chosen.kind is DayKind.STRETCH
    assert flare_start_reason(9, THEIR_LEVEL, USUAL) in shown
    assert "2 points above your usual 7/10: at 8 or more we count that as a flare" in shown


def test_without_a_usual_pain_seven_is_still_a_flare(repository: Repository) -> None:
    _answer(repository)
    level = services.flare_level(repository, TODAY)
    assert (level.usual, level.lowest) == (None, services.flare_pain())
    chosen, shown = _offer(_stretch_and_strength(), USUAL, "\n")
    assert chosen is not None
    assert chosen.kind is DayKind.STRETCH
    assert flare_start_reason(USUAL, services.flare_pain()) in shown


@pytest.mark.parametrize(("usually_seven", "advised"), [(True, False), (False, True)])
def test_a_seven_the_day_after_is_flare_advice_only_without_a_usual_seven(
    store_env: dict[str, str], repository: Repository, usually_seven: bool, advised: bool
) -> None:
    _answer(repository)
    if usually_seven:
        _usually_at_seven(repository)
    else:
        _session_on(repository, TODAY - timedelta(days=1), 2)

    result = _run(["checkin", "--pain", str(USUAL)], store_env)

    words = " ".join(result.stdout.split())
    assert f"Noted: pain {USUAL}/10" in words
    assert (FLARE_ADVICE in words) is advised


@pytest.mark.parametrize(("usually_seven", "advised"), [(True, False), (False, True)])
def test_a_seven_after_a_logged_session_is_flare_advice_only_without_a_usual_seven(
    store_env: dict[str, str], repository: Repository, usually_seven: bool, advised: bool
) -> None:
    _answer(repository)
    if usually_seven:
        _usually_at_seven(repository)

    result = _run(["log", "-e", "bridge", "--pain-after", str(USUAL)], store_env)

    assert (FLARE_ADVICE in " ".join(result.stdout.split())) is advised
    # Severe pain is a flare whatever the usual pain.
    severe = _run(["log", "-e", "bridge", "--pain-after", "8", "--again"], store_env)
    assert FLARE_ADVICE in " ".join(severe.stdout.split())


@pytest.mark.parametrize(("usually_seven", "advised"), [(True, False), (False, True)])
def test_a_stop_at_seven_advises_ending_the_session_only_without_a_usual_seven(
    repository: Repository, usually_seven: bool, advised: bool
) -> None:
    """The resumed session's stop (both players) and the terminal player's level agree."""
    _answer(repository)
    if usually_seven:
        _usually_at_seven(repository)
    record = repository.start_session(_plan(), SessionSource.PLAYER, datetime.now(UTC))
    assert record.id is not None
    hurt = SetRecord(
        exercise_id="bridge",
        set_number=1,
        outcome=SetOutcome.STOPPED,
        pain=USUAL,
        reason=f"Stopped for pain {USUAL}/10.",
        ended_at=datetime.now(UTC),
    )
    repository.record_set(record.id, hurt)

    active = services.active_session(repository, default_catalog())

    assert active is not None
    assert active.flare_level.lowest == (THEIR_LEVEL if usually_seven else services.flare_pain())
    assert (active.advised_stop is not None) is advised


def test_the_terminal_player_stops_at_the_person_s_flare_level(
    repository: Repository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`strongback start` hands the player the person's level, not the rules' fixed one."""
    import contextlib

    from strongback.cli import player, session_commands

    _answer(repository)
    _usually_at_seven(repository)
    record = repository.start_session(_plan(), SessionSource.PLAYER, datetime.now(UTC))
    given: dict[str, object] = {}

    class Player:
        def __init__(self, *args: object, **kwargs: object) -> None:
            given.update(kwargs)

        def run(self, console: object) -> None:
            pass

    monkeypatch.setattr(player, "TerminalPlayer", Player)
    monkeypatch.setattr(player, "terminal_keys", lambda: contextlib.nullcontext(None))
    with CliRunner().isolation():
        session_commands._play(out(), repository, record, voice=False, bell=False, speed=1.0)

    assert given["flare_pain"] == THEIR_LEVEL


@pytest.mark.slow
def test_start_in_a_real_terminal_plays_the_whole_plan_at_a_usual_seven(
    store_env: dict[str, str], tmp_path: Path, repository: Repository
) -> None:
    _answer(repository)
    _usually_at_seven(repository)
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
    child.sendline(str(USUAL))
    assert child.expect([r"\[S/q\]", "How is your back now"]) == 1, "offered stretches only"
    child.sendline("")
    child.expect("How hard did it feel")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    session = repository.sessions()[-1]
    assert session.feedback.pain_before == USUAL
    assert session.plan.kind is not DayKind.STRETCH
    assert [e.exercise_id for e in session.plan.exercises] == ["knee-to-chest", "bridge"]
