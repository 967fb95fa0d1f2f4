"""The export format: everything a person has, as JSON-ready data that imports back unchanged.

An import is checked as the API checks what the players send (exercises the catalog knows, sets
within the limits a set may hold, sets of the session's own plan), so a file edited by hand cannot
put into the store what no player could. Every problem is found before anything is written.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from strongback.limits import (
    MAX_HOLD_SECONDS,
    MAX_REASON_CHARACTERS,
    MAX_REPS,
    MAX_SETS,
    MAX_STORED_INTEGER,
)
from strongback.records import SessionRecord
from strongback.store._errors import InvalidExport
from strongback.store._mapping import PsfsScore, StoredProfile, profile_row, psfs_row, session_row
from strongback.store._models import Base

EXPORT_FORMAT = "strongback-export"
EXPORT_VERSION = 1
# The database's integer columns (ids, resume steps) hold no more than this.
# The API's bound on a set's reason; a longer one is not something a player writes.
# Enough lines to see what is wrong with a file without scrolling past thousands of them.
MAX_PROBLEMS_SHOWN = 20


class Export(BaseModel):
    """The shape import_all accepts: exactly what export_all writes."""

    model_config = ConfigDict(extra="forbid")

    format: str
    format_version: int
    profiles: list[StoredProfile]
    sessions: list[SessionRecord]
    psfs_scores: list[PsfsScore]

    def to_data(self) -> dict[str, Any]:
        """JSON-ready, keys and lists in a fixed order, so two exports of one history are equal."""
        return self.model_dump(mode="json")

    def rows(self) -> list[Base]:
        """Every row to insert, ids kept, parents before children."""
        rows: list[Base] = [
            profile_row(p.profile, p.screening, p.created_at, version=p.version)
            for p in self.profiles
        ]
        rows += [session_row(s) for s in self.sessions]
        rows += [psfs_row(p) for p in self.psfs_scores]
        return rows


def parse_export(data: Mapping[str, Any], exercise_ids: Collection[str] | None = None) -> Export:
    """Validate data for import; every problem names where it is (`sessions.2.sets.0.reps_done`).

    `exercise_ids` are the exercises an import may name: the built-in catalog's unless given.
    """
    try:
        export = Export.model_validate(data)
    except ValidationError as exc:
        raise _invalid(
            f"{'.'.join(str(part) for part in err['loc']) or '(export)'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        ) from None
    if export.format != EXPORT_FORMAT:
        raise InvalidExport(f"format: expected {EXPORT_FORMAT!r}, got {export.format!r}")
    if export.format_version != EXPORT_VERSION:
        raise InvalidExport(
            f"format_version: this strongback reads version {EXPORT_VERSION}, "
            f"got {export.format_version}"
        )
    for name, ids in (
        ("profiles", [p.version for p in export.profiles]),
        ("sessions", [s.id for s in export.sessions]),
        ("psfs_scores", [p.id for p in export.psfs_scores]),
    ):
        if None in ids:
            raise InvalidExport(f"{name}: every entry needs its id")
        if len(set(ids)) != len(ids):
            raise InvalidExport(f"{name}: an id appears twice")
    if exercise_ids is None:
        from strongback.catalog import default_catalog

        exercise_ids = default_catalog().exercises.keys()
    problems = [
        *_nul_characters(data, ""),
        *_out_of_range(export),
        *_unknown_exercises(export, exercise_ids),
        *_naive_times(export),
    ]
    if problems:
        raise _invalid(problems)
    return export


def _invalid(problems: Iterator[str] | list[str]) -> InvalidExport:
    lines = list(problems)
    shown = lines[:MAX_PROBLEMS_SHOWN]
    if len(lines) > len(shown):
        shown.append(f"... and {len(lines) - len(shown)} more")
    listed = "\n  ".join(shown)
    return InvalidExport(f"not a valid strongback export, so nothing was imported:\n  {listed}")


def _nul_characters(value: Any, where: str) -> Iterator[str]:
    """PostgreSQL cannot keep a NUL character in text, and no player writes one."""
    if isinstance(value, str):
        if "\x00" in value:
            yield f"{where or '(export)'}: contains a NUL character"
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _nul_characters(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _nul_characters(item, f"{where}.{index}" if where else str(index))


def _out_of_range(export: Export) -> Iterator[str]:
    """The bounds the API puts on a set, and the ones the database's columns put on numbers."""
    for name, ids in (
        ("profiles", [("version", p.version) for p in export.profiles]),
        ("sessions", [("id", s.id) for s in export.sessions]),
        ("psfs_scores", [("id", p.id) for p in export.psfs_scores]),
    ):
        for index, (field, number) in enumerate(ids):
            if number is not None and not 1 <= number <= MAX_STORED_INTEGER:
                most = MAX_STORED_INTEGER
                yield f"{name}.{index}.{field}: must be from 1 to {most} (got {number})"
    for s_index, session in enumerate(export.sessions):
        where = f"sessions.{s_index}"
        if session.resume_step > MAX_STORED_INTEGER:
            yield f"{where}.resume_step: at most {MAX_STORED_INTEGER} (got {session.resume_step})"
        planned = [p.exercise_id for p in session.plan.exercises]
        for index, record in enumerate(session.sets):
            at = f"{where}.sets.{index}"
            limits: list[tuple[str, int | float | None, int, str]] = [
                ("set_number", record.set_number, MAX_SETS, ""),
                ("reps_done", record.reps_done, MAX_REPS, " reps in a set"),
                ("hold_seconds_done", record.hold_seconds_done, MAX_HOLD_SECONDS, " seconds"),
            ]
            for field, value, most, unit in limits:
                if value is not None and value > most:
                    yield (
                        f"{at}.{field} (session {session.id}): at most {most}{unit} (got {value:g})"
                    )
            if record.reason is not None and len(record.reason) > MAX_REASON_CHARACTERS:
                yield (
                    f"{at}.reason (session {session.id}): at most {MAX_REASON_CHARACTERS} "
                    f"characters (got {len(record.reason)})"
                )
            if record.exercise_id not in planned:
                # As the API refuses it: a set of an exercise the plan does not hold would skew
                # progression for good.
                yield (
                    f"{at}.exercise_id (session {session.id}): '{record.exercise_id}' is not in "
                    f"this session's plan ({', '.join(planned) or 'no exercises'})"
                )


def _unknown_exercises(export: Export, exercise_ids: Collection[str]) -> Iterator[str]:
    """Plans and sets may only name exercises this strongback has: the planner, progression and
    the players look each one up."""
    for s_index, session in enumerate(export.sessions):
        where = f"sessions.{s_index}"
        named = [
            (f"{where}.plan.exercises.{i}.exercise_id", p.exercise_id)
            for i, p in enumerate(session.plan.exercises)
        ] + [(f"{where}.sets.{i}.exercise_id", r.exercise_id) for i, r in enumerate(session.sets)]
        for at, exercise_id in named:
            if exercise_id not in exercise_ids:
                yield f"{at} (session {session.id}): no exercise '{exercise_id}' in the catalog"


def _naive_times(export: Export) -> Iterator[str]:
    """A time without a zone names no instant; the store keeps UTC and refuses to guess."""
    times: list[tuple[str, datetime | None]] = []
    for index, profile in enumerate(export.profiles):
        times.append((f"profiles.{index}.created_at", profile.created_at))
    for index, session in enumerate(export.sessions):
        times += [
            (f"sessions.{index}.started_at", session.started_at),
            (f"sessions.{index}.ended_at", session.ended_at),
        ]
        times += [
            (f"sessions.{index}.sets.{i}.ended_at", r.ended_at) for i, r in enumerate(session.sets)
        ]
    for index, score in enumerate(export.psfs_scores):
        times.append((f"psfs_scores.{index}.recorded_at", score.recorded_at))
    for at, value in times:
        if value is not None and value.utcoffset() is None:
            written = value.isoformat()
            yield f"{at}: needs a time zone, e.g. {written}+00:00 (got {written})"
