"""Words that match what happened: no "0 breaks", no minutes for an empty day, no "1 exercises"."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from rich.console import Console
from typer.testing import CliRunner

from strongback.catalog import default_catalog
from strongback.cli._common import plural
from strongback.cli.app import app
from strongback.cli.plan_commands import _show_session
from strongback.plan import DayKind, SessionPlan
from strongback.profile import Profile
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository


def test_reminders_without_working_hours_say_there_are_no_breaks(
    store_env: dict[str, str], repository: Repository, tmp_path: Path
) -> None:
    profile = Profile()
    repository.save_profile(profile, screen_with_default_rules(profile), at=datetime.now(UTC))

    result = CliRunner().invoke(
        app, ["reminders", str(tmp_path / "r.ics"), "--work", "off", "--weeks", "1"], env=store_env
    )

    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.split())
    assert "Wrote 1 week of reminders" in words
    assert "no breaks from sitting." in words
    assert "0 breaks" not in words


def _shown(plan: SessionPlan) -> str:
    file = io.StringIO()
    _show_session(Console(file=file, width=100, highlight=False), plan, default_catalog())
    return " ".join(file.getvalue().split())


@pytest.mark.parametrize(
    ("kind", "notes", "why"),
    [
        (DayKind.REST, [], "No exercises today: it is a rest day"),
        (
            DayKind.STRETCH,
            ["No exercise in the catalog fits your equipment, positions and level."],
            "No exercises today: nothing in the catalog fits your answers; the notes below say",
        ),
    ],
)
def test_a_day_without_exercises_says_why_and_counts_no_minutes(
    kind: DayKind, notes: list[str], why: str
) -> None:
    empty = SessionPlan(
        day=date(2026, 11, 23),
        kind=kind,
        exercises=[],
        estimated_seconds=0,
        minutes_budget=15,
        notes=notes,
    )

    shown = _shown(empty)

    assert why in shown
    assert "minute" not in shown
    assert "of your 15" not in shown


def test_counts_agree_with_their_words() -> None:
    assert [plural(n, "exercise") for n in (0, 1, 2)] == [
        "0 exercises",
        "1 exercise",
        "2 exercises",
    ]
    assert plural(1, "break") == "1 break"


@pytest.mark.parametrize("args", [["plan"], ["plan", "--week"]])
def test_the_plan_says_the_safety_notice_once_even_when_a_note_carries_it(
    store_env: dict[str, str], repository: Repository, args: list[str]
) -> None:
    from strongback import SAFETY_NOTICE
    from strongback.profile import Condition
    from strongback.safety import Status

    profile = Profile(conditions=[Condition.CHRONIC_BACK_PAIN], days_per_week=7)
    screening = screen_with_default_rules(profile)
    assert screening.status is Status.ADVISE  # whose advice, a plan note, ends with the notice
    repository.save_profile(profile, screening, at=datetime.now(UTC))

    result = CliRunner().invoke(app, args, env=store_env)

    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.replace("│", " ").split())
    assert words.count(" ".join(SAFETY_NOTICE.split())) == 1
    assert " ".join(screening.what_to_do.replace(SAFETY_NOTICE, "").split()) in words
