"""The person's data in their hands: `export` (JSON and CSV), `import` (a JSON export) and `forget`.

The JSON export is the complete backup (`Repository.export_all`): importing it into an empty store
and exporting again gives the same bytes. The CSV files are for spreadsheets and are not read back.
Only Typer and the standard library are imported at module level, so `strongback --help` stays fast.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from strongback.cli._common import (
    fail,
    make_folder,
    open_repository,
    out,
    plural,
    refuse_to_replace,
    writable_folder,
)

EXPORT_NAME = "strongback-export.json"
CSV_NAMES = ("profiles.csv", "sessions.csv", "plan_exercises.csv", "sets.csv", "psfs.csv")


def register(app: typer.Typer) -> None:
    """Add this area's commands to the app."""
    app.command()(export)
    app.command("import")(import_data)
    app.command()(forget)


def export_text(data: dict[str, Any]) -> str:
    """The export as written to disk: the same data always gives the same bytes."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def export(
    folder: Annotated[
        Path | None,
        typer.Argument(
            metavar="DIR", help="Where to write the files (default: the current folder)."
        ),
    ] = None,
    out_option: Annotated[
        Path | None, typer.Option("--out", "-o", metavar="DIR", help="The same as DIR.")
    ] = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace an export already in the folder."),
    ] = False,
) -> None:
    """Write all your data as JSON (a complete backup) and as CSV files for a spreadsheet.

    Writes strongback-export.json, profiles.csv, sessions.csv, plan_exercises.csv, sets.csv and
    psfs.csv. Restore the JSON file with `strongback import`. An earlier export in the folder is
    kept unless you add --force: export into a new folder to keep both.
    """

    if folder is not None and out_option is not None and folder != out_option:
        fail("give the folder once: as DIR or as --out, not both")
    target = folder or out_option or Path.cwd()
    option = "--out" if out_option is not None else ""
    writable_folder(target, option)
    with open_repository() as repo:
        data = repo.export_all()
    if not force:
        _refuse_to_overwrite(target, data)
    make_folder(target, option)
    # Without --force, files are opened only if new ("x"), so a backup that appears between the
    # check above and the writing is not replaced either.
    mode = "w" if force else "x"
    try:
        with (target / EXPORT_NAME).open(mode, encoding="utf-8") as handle:
            handle.write(export_text(data))
        for name, (header, rows) in _tables(data).items():
            _write_csv(target / name, header, rows, mode)
    except FileExistsError as exc:
        fail(f"{exc.filename} appeared while exporting and was kept; export again with --force")
    except OSError as exc:
        fail(f"cannot write the export into {target}: {exc.strerror or exc}")
    console = out()
    console.print(f"Exported {_counted(data)} to {target}:")
    for name in (EXPORT_NAME, *CSV_NAMES):
        console.print(f"  {target / name}")
    console.print(f"Restore it with: strongback import {target / EXPORT_NAME}")


def _refuse_to_overwrite(target: Path, data: dict[str, Any]) -> None:
    """An earlier export is a backup: replacing it, perhaps with an empty one after `forget`,
    would lose the only copy. Stop unless the person said --force."""
    present = [name for name in (EXPORT_NAME, *CSV_NAMES) if (target / name).exists()]
    if not present:
        return
    files = ", ".join(present)
    empty = not (data["profiles"] or data["sessions"] or data["psfs_scores"])
    hint = (
        "Your store is empty now, so this export would hold nothing: keep that backup and "
        f"restore it with `strongback import {target / EXPORT_NAME}`."
        if empty and EXPORT_NAME in present
        else ""
    )
    refuse_to_replace(
        f"{target} already holds an export ({files})",
        instead="export into a new folder (`strongback export NEW-FOLDER`) to keep it",
        then=hint,
    )


def import_data(
    file: Annotated[
        Path, typer.Argument(metavar="FILE.json", help="A strongback-export.json file.")
    ],
) -> None:
    """Restore a JSON export into an empty store (run `strongback forget --yes` first)."""
    from strongback.store import InvalidExport, StoreNotEmpty

    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        fail(f"cannot read {file}: no such file")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"cannot read {file}: {exc}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"{file} is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    if not isinstance(data, dict):
        fail(f"{file} is not a strongback export: expected a JSON object at the top")
    with open_repository() as repo:
        try:
            repo.import_all(data)
        except InvalidExport as exc:
            fail(f"{file}: {exc}")
        except StoreNotEmpty as exc:
            fail(f"nothing imported: {exc}")
    out().print(f"Imported {_counted(data)} from {file}.")


def forget(
    yes: Annotated[bool, typer.Option("--yes", help="Erase without asking.")] = False,
) -> None:
    """Erase all your data: answers, plans, sessions and scores. Export first to keep a copy."""

    if not yes:
        if not sys.stdin.isatty():
            fail("forget erases everything; say --yes to confirm (export first to keep a copy)")
        typer.confirm(
            "Erase all your answers, sessions and scores? This cannot be undone", abort=True
        )
    with open_repository() as repo:
        repo.forget()
    out().print("All your strongback data has been erased.")


def _counted(data: dict[str, Any]) -> str:
    counts = [
        (len(data["profiles"]), "profile version"),
        (len(data["sessions"]), "session"),
        (len(data["psfs_scores"]), "function rating"),
    ]
    words = [plural(n, unit) for n, unit in counts]
    return f"{words[0]}, {words[1]} and {words[2]}"


# --- CSV ---------------------------------------------------------------------------------------

Rows = list[list[Any]]


def _tables(data: dict[str, Any]) -> dict[str, tuple[list[str], Rows]]:
    """Flat tables of the export: one row per profile version, session, planned exercise, set
    and rating, joined by the ids the JSON carries."""
    profile_keys = sorted({k for p in data["profiles"] for k in p["profile"]})
    profiles = [
        [p["version"], p["created_at"], p["screening"]["status"], p["screening"].get("urgency")]
        + [_cell(p["profile"].get(k)) for k in profile_keys]
        for p in data["profiles"]
    ]
    sessions: Rows = []
    planned: Rows = []
    sets: Rows = []
    for s in data["sessions"]:
        feedback = s["feedback"]
        sessions.append(
            [
                s["id"],
                s["plan"]["day"],
                s["plan"]["kind"],
                s["source"],
                s["status"],
                s["started_at"],
                s["ended_at"],
                feedback["pain_before"],
                feedback["pain_after"],
                feedback["difficulty"],
                feedback["next_day_pain"],
                _cell([e["exercise_id"] for e in s["plan"]["exercises"]]),
            ]
        )
        for e in s["plan"]["exercises"]:
            dosage = e["dosage"]
            planned.append(
                [
                    *(s["id"], e["exercise_id"], e["name"], e["phase"], e["sides"]),
                    *(dosage["sets"], dosage["reps"], dosage["hold_seconds"]),
                    dosage["rest_seconds"],
                ]
            )
        sets.extend(
            [
                *(s["id"], r["exercise_id"], r["set_number"], r["side"], r["reps_done"]),
                *(r["hold_seconds_done"], r["outcome"], r["reason"], r["pain"], r["ended_at"]),
            ]
            for r in s["sets"]
        )
    psfs = [[p["id"], p["recorded_at"], p["activity"], p["score"]] for p in data["psfs_scores"]]
    return {
        "profiles.csv": (
            ["version", "created_at", "screening_status", "screening_urgency", *profile_keys],
            profiles,
        ),
        "sessions.csv": (
            [
                *("id", "day", "kind", "source", "status", "started_at", "ended_at"),
                *("pain_before", "pain_after", "difficulty", "next_day_pain", "exercises"),
            ],
            sessions,
        ),
        "plan_exercises.csv": (
            [
                *("session_id", "exercise_id", "name", "phase", "sides", "sets", "reps"),
                *("hold_seconds", "rest_seconds"),
            ],
            planned,
        ),
        "sets.csv": (
            [
                *("session_id", "exercise_id", "set_number", "side", "reps_done"),
                *("hold_seconds_done", "outcome", "reason", "pain", "ended_at"),
            ],
            sets,
        ),
        "psfs.csv": (["id", "recorded_at", "activity", "score"], psfs),
    }


def _cell(value: Any) -> Any:
    """Lists as 'a; b' in one cell, so a spreadsheet keeps one row per record."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


def _write_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]], mode: str = "w"
) -> None:
    with path.open(mode, encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)
