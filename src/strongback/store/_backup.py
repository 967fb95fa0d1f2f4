"""The export format: everything a person has, as JSON-ready data that imports back unchanged."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from strongback.records import SessionRecord
from strongback.store._errors import InvalidExport
from strongback.store._mapping import PsfsScore, StoredProfile, profile_row, psfs_row, session_row
from strongback.store._models import Base

EXPORT_FORMAT = "strongback-export"
EXPORT_VERSION = 1


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


def parse_export(data: Mapping[str, Any]) -> Export:
    """Validate data for import; every problem names where it is."""
    try:
        export = Export.model_validate(data)
    except ValidationError as exc:
        problems = "\n  ".join(
            f"{'.'.join(str(part) for part in err['loc']) or '(export)'}: {err['msg']}"
            for err in exc.errors(include_url=False)
        )
        raise InvalidExport(f"not a valid strongback export:\n  {problems}") from None
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
    return export
