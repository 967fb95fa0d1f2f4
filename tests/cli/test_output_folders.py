"""Commands that write into a folder create that folder at most, never its missing parents, as
`handout` and `progress --chart` write only where the folder exists."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from strongback.cli._common import EXIT_USER_ERROR
from strongback.cli.app import app
from strongback.cli.data_commands import EXPORT_NAME


@pytest.mark.parametrize(
    "args",
    [
        ("export", "{tmp}/nope/deep"),
        ("export", "--out", "{tmp}/nope/deep"),
        ("figures", "--dir", "{tmp}/nope/deep"),
    ],
)
def test_a_folder_whose_parent_is_missing_is_refused(tmp_path: Path, args: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [a.format(tmp=tmp_path) for a in args])

    assert result.exit_code == EXIT_USER_ERROR, result.output
    assert f"{tmp_path / 'nope'} does not exist; create the folder first" in result.stderr
    assert not (tmp_path / "nope").exists()
    assert "Traceback" not in result.output


def test_export_creates_its_last_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["export", str(tmp_path / "backup")])

    assert result.exit_code == 0, result.output
    assert (tmp_path / "backup" / EXPORT_NAME).is_file()


def test_export_into_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")

    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "a-file")])

    assert result.exit_code == EXIT_USER_ERROR
    assert "is a file; give a folder to write into" in result.stderr
