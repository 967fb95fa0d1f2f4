"""A file the person already has is never replaced without a word: `handout`, `reminders`,
`progress --chart` and `figures` refuse it, as `export` refuses an earlier export, unless --force
(`_common.new_file` and `refuse_to_replace`: one message for all of them)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from typer.testing import CliRunner

from strongback.cli._common import EXIT_USER_ERROR
from strongback.cli.app import app
from strongback.profile import Profile
from strongback.rules.screening import screen_with_default_rules

if TYPE_CHECKING:
    from strongback.store import Repository

REFUSED = "; nothing was written. Give another file name to keep it, or add --force to replace it."

WRITERS = {
    "handout": (["handout", "{file}"], "notes.pdf", ""),
    "reminders": (["reminders", "{file}", "--weeks", "1"], "mine.ics", ""),
    "progress --chart": (["progress", "--chart", "{file}"], "chart.svg", "--chart: "),
    "figures --contact-sheet": (["figures", "--contact-sheet", "{file}"], "sheet.svg", ""),
}


@pytest.fixture
def profile(repository: Repository) -> None:
    answers = Profile()
    repository.save_profile(answers, screen_with_default_rules(answers), at=datetime.now(UTC))


def _run(args: list[str], env: dict[str, str], file: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [a.format(file=file) for a in args], env=env)
    assert "Traceback" not in result.output
    return result.exit_code, result.stderr


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize("name", WRITERS)
def test_an_existing_file_is_kept_unless_forced(
    name: str, store_env: dict[str, str], tmp_path: Path
) -> None:
    args, file_name, option = WRITERS[name]
    file = tmp_path / file_name
    file.write_text("the person's own", encoding="utf-8")

    code, stderr = _run(args, store_env, file)

    assert code == EXIT_USER_ERROR
    assert " ".join(stderr.split()) == f"error: {option}{file} already exists{REFUSED}"
    assert file.read_text(encoding="utf-8") == "the person's own"

    code, stderr = _run([*args, "--force"], store_env, file)

    assert code == 0, stderr
    assert file.read_text(encoding="utf-8", errors="replace") != "the person's own"


@pytest.mark.usefixtures("profile")
@pytest.mark.parametrize("name", WRITERS)
def test_a_new_file_needs_no_force(name: str, store_env: dict[str, str], tmp_path: Path) -> None:
    args, file_name, _ = WRITERS[name]

    code, stderr = _run(args, store_env, tmp_path / file_name)

    assert code == 0, stderr
    assert (tmp_path / file_name).is_file()


def test_a_chart_over_a_folder_is_refused_as_a_folder(tmp_path: Path) -> None:
    (tmp_path / "chart.svg").mkdir()

    code, stderr = _run(["progress", "--chart", "{file}"], {}, tmp_path / "chart.svg")

    assert code == EXIT_USER_ERROR
    assert stderr == f"error: --chart: {tmp_path / 'chart.svg'} is a folder; give a file name\n"


def test_figures_already_in_a_folder_are_kept_unless_forced(tmp_path: Path) -> None:
    folder = tmp_path / "figures"
    assert _run(["figures", "--dir", "{file}"], {}, folder)[0] == 0
    bridge = folder / "bridge.svg"
    bridge.write_text("edited", encoding="utf-8")

    code, stderr = _run(["figures", "--dir", "{file}"], {}, folder)

    assert code == EXIT_USER_ERROR
    words = " ".join(stderr.split())
    assert f"--dir: {folder} already holds" in words
    assert words.endswith(
        "nothing was written. Give another folder to keep them, or add --force to replace them."
    )
    assert bridge.read_text(encoding="utf-8") == "edited"
    assert _run(["figures", "--dir", "{file}", "--force"], {}, folder)[0] == 0
    assert bridge.read_text(encoding="utf-8") != "edited"


def test_export_refuses_in_the_same_words(tmp_path: Path) -> None:
    assert _run(["export", "{file}"], {}, tmp_path)[0] == 0

    code, stderr = _run(["export", "{file}"], {}, tmp_path)

    assert code == EXIT_USER_ERROR
    assert (
        "; nothing was written. Export into a new folder (strongback export NEW-FOLDER) to "
        "keep it, or add --force to replace it." in " ".join(stderr.split())
    )


def test_export_help_shows_its_folder_once_in_brackets() -> None:
    result = CliRunner().invoke(app, ["export", "--help"], env={"COLUMNS": "120"})

    assert "Usage: strongback export [OPTIONS] [DIR]" in result.stdout
    assert "[[DIR]]" not in result.stdout


@pytest.mark.usefixtures("profile")
def test_a_file_another_program_makes_while_the_command_works_is_never_replaced(
    store_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The name is taken as the command starts (O_EXCL), not merely checked: another program
    making the file meanwhile, as carefully (O_EXCL), finds it taken, rather than having its file
    replaced once the command writes."""
    from strongback.cli import progress_commands

    chart = tmp_path / "chart.svg"
    other_program: list[str] = []
    load = progress_commands._load

    def load_while_another_program_writes(today: Any) -> Any:
        try:
            with chart.open("x", encoding="utf-8") as theirs:
                theirs.write("the other program's")
            other_program.append("wrote its file")
        except FileExistsError:
            other_program.append("found the name taken")
        return load(today)

    monkeypatch.setattr(progress_commands, "_load", load_while_another_program_writes)

    code, stderr = _run(["progress", "--chart", "{file}"], store_env, chart)

    assert code == 0, stderr
    assert other_program == ["found the name taken"]
    assert chart.read_text(encoding="utf-8").startswith("<svg")


@pytest.mark.parametrize(
    ("args", "file_name"),
    [(["handout", "{file}"], "notes.pdf"), (["reminders", "{file}"], "mine.ics")],
)
def test_a_command_stopped_before_writing_leaves_no_empty_file(
    store_env: dict[str, str], tmp_path: Path, args: list[str], file_name: str
) -> None:
    file = tmp_path / file_name

    code, stderr = _run(args, store_env, file)  # no answers yet: nothing to write

    assert code == EXIT_USER_ERROR
    assert "no profile yet" in stderr
    assert not file.exists()


def test_a_file_in_a_missing_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    chart = tmp_path / "nope" / "chart.svg"

    code, stderr = _run(["progress", "--chart", "{file}"], {}, chart)

    assert code == EXIT_USER_ERROR
    assert (
        stderr == f"error: --chart: {tmp_path / 'nope'} does not exist; create the folder first\n"
    )
    assert not (tmp_path / "nope").exists()
