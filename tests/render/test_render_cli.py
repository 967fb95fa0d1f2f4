"""`strongback handout`, `reminders` and `figures` against the real store, and their errors."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import typer
from icalendar import Calendar
from typer.testing import CliRunner

from strongback.cli._common import EXIT_SCREENING_BLOCKED, EXIT_USER_ERROR
from strongback.cli.render_commands import register
from strongback.profile import Profile, RedFlag
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _run(args: list[str], env: dict[str, str]) -> Any:
    return CliRunner().invoke(_app(), args, env=env)


def _words(text: str) -> str:
    """Rich wraps long lines (paths) to the terminal width; compare the words only."""
    return " ".join(text.split())


def _save(repository: Repository, profile: Profile) -> None:
    repository.save_profile(profile, screen_with_default_rules(profile), at=AT)


def test_handout_writes_a_pdf_of_this_weeks_plan(
    store_env: dict[str, str], repository: Repository, tmp_path: Path
) -> None:
    _save(repository, Profile(minutes=15))
    target = tmp_path / "plan.pdf"
    result = _run(["handout", str(target), "--paper", "letter"], store_env)
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    assert "letter paper" in _words(result.stdout)


def test_reminders_write_an_ics_with_the_chosen_time_and_hours(
    store_env: dict[str, str], repository: Repository, tmp_path: Path
) -> None:
    _save(repository, Profile(days_per_week=2))
    target = tmp_path / "reminders.ics"
    args = ["reminders", str(target), "--at", "07:15", "--work", "08:00-16:00", "--weeks", "3"]
    result = _run(args, store_env)
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    starts = {event.decoded("DTSTART").strftime("%H:%M") for event in events}
    assert {"07:15", "10:00", "12:00", "14:00"} <= starts
    assert "3 weeks of reminders" in _words(result.stdout)
    assert "3 breaks from sitting" in _words(result.stdout)


def test_reminders_without_breaks(
    store_env: dict[str, str], repository: Repository, tmp_path: Path
) -> None:
    _save(repository, Profile())
    target = tmp_path / "r.ics"
    result = _run(["reminders", str(target), "--work", "off"], store_env)
    assert result.exit_code == 0, result.output
    uids = [str(e["UID"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")]
    assert not any("sitting-break" in uid for uid in uids)


def test_without_a_profile_it_says_to_run_setup_first(
    store_env: dict[str, str], tmp_path: Path
) -> None:
    for args in (["handout", str(tmp_path / "a.pdf")], ["reminders", str(tmp_path / "a.ics")]):
        result = _run(args, store_env)
        assert result.exit_code == EXIT_USER_ERROR
        assert "strongback setup" in result.output
        assert not (tmp_path / "a.pdf").exists()


def test_a_withheld_plan_prints_no_handout(
    store_env: dict[str, str], repository: Repository, tmp_path: Path
) -> None:
    _save(repository, Profile(red_flags=[RedFlag.SADDLE_NUMBNESS]))
    target = tmp_path / "plan.pdf"
    result = _run(["handout", str(target)], store_env)
    assert result.exit_code == EXIT_SCREENING_BLOCKED
    assert "clinician" in result.output
    assert not target.exists()


def _pdf_text(pdf: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    done = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())


def test_a_handout_printed_on_a_saturday_covers_the_coming_seven_days(
    store_env: dict[str, str], repository: Repository, tmp_path: Path
) -> None:
    _save(repository, Profile(days_per_week=3))
    target = tmp_path / "plan.pdf"
    result = _run(["handout", str(target), "--date", "2026-11-21"], store_env)
    assert result.exit_code == 0, result.output
    text = _pdf_text(target)
    assert "The 7 days from Saturday 21 November 2026 to Friday 27 November 2026" in text
    assert "Mon 16 Nov" not in text
    assert "today" not in text[: text.index("The exercises")].replace("Pain today", "")


def test_each_reminder_lists_the_plan_of_its_own_day(
    store_env: dict[str, str], repository: Repository, tmp_path: Path
) -> None:
    """Found on a Saturday: Monday 23's event listed Monday 16's exercises."""
    from strongback.catalog import default_catalog
    from strongback.services import plan_for_day

    _save(repository, Profile(days_per_week=3))
    target = tmp_path / "r.ics"
    result = _run(["reminders", str(target), "--date", "2026-11-21", "--weeks", "2"], store_env)
    assert result.exit_code == 0, result.output
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    by_day = {
        e.decoded("DTSTART").date(): str(e["DESCRIPTION"])
        for e in events
        if str(e["UID"]).startswith("day-")
    }
    assert min(by_day) == date(2026, 11, 21)
    assert max(by_day) <= date(2026, 12, 4)
    catalog = default_catalog()
    differs = False
    for day, description in by_day.items():
        plan = plan_for_day(repository, catalog, day)
        listed = [line[2:].split(":")[0] for line in description.splitlines() if line[:2] == "- "]
        assert listed == [p.name for p in plan.exercises], day
        week_before = plan_for_day(repository, catalog, day - timedelta(weeks=1))
        differs |= [p.name for p in week_before.exercises] != listed
    assert differs  # the rotation moves on, so one repeated text could not be right


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["handout", "plan.txt"], "should end in .pdf"),
        (["handout", "plan.pdf", "--paper", "a3"], "'a3' is not a paper size"),
        (["handout", "missing-folder/plan.pdf"], "does not exist"),
        (["reminders", "r.ics", "--at", "7pm"], "--at: '7pm' is not a time"),
        (["reminders", "r.ics", "--work", "17:00-09:00"], "must end after they start"),
        (["reminders", "r.ical"], "should end in .ics"),
        (["reminders", "r.ics", "--date", "21/11/2026"], "--date: '21/11/2026' is not a date"),
        (["handout", "plan.pdf", "--date", "1999-12-31"], "outside the days strongback plans"),
        (["figures"], "--contact-sheet FILE and/or --dir DIR"),
        (["figures", "--contact-sheet", "sheet.gif"], "should end in .svg or .html or .pdf"),
        (["figures", "--dir", "/proc/strongback-figures"], "cannot use /proc/strongback-figures"),
    ],
)
def test_user_mistakes_get_a_clear_message_and_no_traceback(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(_app(), args)
    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert message in _words(result.output)
    assert "Traceback" not in result.output


def test_figures_dir_is_created_when_missing_but_not_its_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(_app(), ["figures", "--dir", "figures"])
    assert result.exit_code == 0, result.output
    assert len(list((tmp_path / "figures").glob("*.svg"))) >= 32

    # As handout and chart: a mistyped path never grows a tree of folders.
    refused = CliRunner().invoke(_app(), ["figures", "--dir", "typo/figures"])
    assert refused.exit_code == EXIT_USER_ERROR
    assert "typo does not exist; create the folder first" in _words(refused.output)
    assert not (tmp_path / "typo").exists()
