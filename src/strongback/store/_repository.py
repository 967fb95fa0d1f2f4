"""The repository: the only way in and out of the database, speaking the core's pydantic objects.

Every method is one short transaction, committed before it returns, so a player killed mid-session
loses nothing it has already recorded, and a second process (the web app next to the terminal
player) sees it at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, selectinload, sessionmaker

from strongback.plan import SessionPlan
from strongback.profile import Profile
from strongback.records import (
    Difficulty,
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetOutcome,
    SetRecord,
    Side,
)
from strongback.safety import Screening
from strongback.settings import Settings
from strongback.store._engine import create_store_engine, upgrade_to_head
from strongback.store._errors import InvalidExport, NotFound, StoreNotEmpty
from strongback.store._models import ProfileVersion, PsfsRow, SessionRow, SetRow

EXPORT_FORMAT = "strongback-export"
EXPORT_VERSION = 1

# Children before parents, so deleting in this order never trips a foreign key.
_TABLES = ("set_records", "sessions", "profile_versions", "psfs_scores")
_ID_COLUMNS = {
    "sessions": "id",
    "set_records": "id",
    "profile_versions": "version",
    "psfs_scores": "id",
}


class StoredProfile(BaseModel):
    """One saved version of the person's answers, with the screening they got at the time."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = Field(ge=1)
    created_at: datetime
    profile: Profile
    screening: Screening


class PsfsScore(BaseModel):
    """A Patient-Specific Functional Scale rating: 0 = cannot do the activity, 10 = as before."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: int | None = None
    recorded_at: datetime
    activity: str = Field(min_length=1, max_length=200)
    score: int = Field(ge=0, le=10)

    @field_validator("activity", mode="before")
    @classmethod
    def _strip(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value


class _Export(BaseModel):
    """The shape import_all accepts: exactly what export_all writes."""

    model_config = ConfigDict(extra="forbid")

    format: str
    format_version: int
    profiles: list[StoredProfile]
    sessions: list[SessionRecord]
    psfs_scores: list[PsfsScore]


def _aware(value: datetime, name: str) -> datetime:
    """UTC; a naive datetime is refused because its zone, and so its instant, is unknown."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (got {value.isoformat()})")
    return value.astimezone(UTC)


def _score(value: int | None, name: str) -> int | None:
    if value is not None and not 0 <= value <= 10:
        raise ValueError(f"{name} must be from 0 to 10 (got {value})")
    return value


def _set_record(row: SetRow) -> SetRecord:
    return SetRecord(
        exercise_id=row.exercise_id,
        set_number=row.set_number,
        side=Side(row.side),
        reps_done=row.reps_done,
        hold_seconds_done=row.hold_seconds_done,
        outcome=SetOutcome(row.outcome),
        reason=row.reason,
        pain=row.pain,
        ended_at=row.ended_at,
    )


def _set_row(record: SetRecord) -> SetRow:
    return SetRow(
        exercise_id=record.exercise_id,
        set_number=record.set_number,
        side=record.side.value,
        reps_done=record.reps_done,
        hold_seconds_done=record.hold_seconds_done,
        outcome=record.outcome.value,
        reason=record.reason,
        pain=record.pain,
        ended_at=_aware(record.ended_at, "ended_at"),
    )


def _session_record(row: SessionRow) -> SessionRecord:
    return SessionRecord(
        id=row.id,
        plan=SessionPlan.model_validate(row.plan),
        source=SessionSource(row.source),
        status=SessionStatus(row.status),
        started_at=row.started_at,
        ended_at=row.ended_at,
        resume_step=row.resume_step,
        sets=[_set_record(s) for s in row.sets],
        feedback=SessionFeedback(
            pain_before=row.pain_before,
            pain_after=row.pain_after,
            difficulty=Difficulty(row.difficulty) if row.difficulty else None,
            next_day_pain=row.next_day_pain,
        ),
    )


def _stored_profile(row: ProfileVersion) -> StoredProfile:
    return StoredProfile(
        version=row.version,
        created_at=row.created_at,
        profile=Profile.model_validate(row.answers),
        screening=Screening.model_validate(row.screening),
    )


def _psfs(row: PsfsRow) -> PsfsScore:
    return PsfsScore(id=row.id, recorded_at=row.recorded_at, activity=row.activity, score=row.score)


class Repository:
    """strongback's data: profile versions, sessions with their sets, and PSFS scores.

    Open one with `open_store(settings)` and close it (or use it as a context manager) so the
    engine's connections are released.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return self._engine.dialect.name

    def close(self) -> None:
        self._engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _transaction(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    # -- profiles ----------------------------------------------------------------------------

    def save_profile(self, profile: Profile, screening: Screening, at: datetime) -> int:
        """Keep these answers as a new version (earlier ones stay); return its version number."""
        row = ProfileVersion(
            answers=profile.model_dump(mode="json"),
            screening=screening.model_dump(mode="json"),
            created_at=_aware(at, "at"),
        )
        with self._transaction() as session:
            session.add(row)
            session.flush()
            return row.version

    def current_profile(self) -> StoredProfile | None:
        with self._transaction() as session:
            row = session.scalars(
                select(ProfileVersion).order_by(ProfileVersion.version.desc()).limit(1)
            ).first()
            return _stored_profile(row) if row else None

    def profile_history(self) -> list[StoredProfile]:
        """Every saved version, oldest first."""
        with self._transaction() as session:
            rows = session.scalars(select(ProfileVersion).order_by(ProfileVersion.version))
            return [_stored_profile(row) for row in rows]

    # -- sessions ----------------------------------------------------------------------------

    def start_session(
        self,
        plan: SessionPlan,
        source: SessionSource,
        started_at: datetime,
        pain_before: int | None = None,
    ) -> SessionRecord:
        """Open an in-progress session for `plan`; the returned record carries its new id."""
        row = SessionRow(
            plan=plan.model_dump(mode="json"),
            source=SessionSource(source).value,
            status=SessionStatus.IN_PROGRESS.value,
            started_at=_aware(started_at, "started_at"),
            resume_step=0,
            pain_before=_score(pain_before, "pain_before"),
        )
        with self._transaction() as session:
            session.add(row)
            session.flush()
            session.refresh(row, ["sets"])
            return _session_record(row)

    def record_set(
        self, session_id: int, record: SetRecord, *, resume_step: int | None = None
    ) -> None:
        """Append one finished set, committed before this returns.

        Give `resume_step` (the timeline step after this set) to save it in the same transaction,
        so a player killed at any moment never has a set recorded without the step that follows.
        """
        if resume_step is not None and resume_step < 0:
            raise ValueError(f"resume step must be 0 or more (got {resume_step})")
        row = _set_row(record)
        with self._transaction() as session:
            session_row = self._session_row(session, session_id)
            if resume_step is not None:
                session_row.resume_step = resume_step
            row.session_id = session_id
            session.add(row)

    def set_resume_step(self, session_id: int, step: int) -> None:
        """Remember the timeline step to resume from if the session is interrupted."""
        if step < 0:
            raise ValueError(f"resume step must be 0 or more (got {step})")
        with self._transaction() as session:
            self._session_row(session, session_id).resume_step = step

    def finish_session(
        self,
        session_id: int,
        status: SessionStatus,
        ended_at: datetime,
        feedback: SessionFeedback,
    ) -> None:
        """Close a session as completed or ended early, with the person's answers.

        An answer left as None in `feedback` keeps what is stored (e.g. the pain given at start).
        """
        status = SessionStatus(status)
        if status is SessionStatus.IN_PROGRESS:
            raise ValueError("a session is finished as completed or ended-early, not in-progress")
        ended = _aware(ended_at, "ended_at")
        with self._transaction() as session:
            row = self._session_row(session, session_id)
            row.status = status.value
            row.ended_at = ended
            if feedback.pain_before is not None:
                row.pain_before = feedback.pain_before
            if feedback.pain_after is not None:
                row.pain_after = feedback.pain_after
            if feedback.difficulty is not None:
                row.difficulty = feedback.difficulty.value
            if feedback.next_day_pain is not None:
                row.next_day_pain = feedback.next_day_pain

    def set_next_day_pain(self, session_id: int, pain: int) -> None:
        """The pain the person reports the day after a session, which steers progression."""
        _score(pain, "next-day pain")
        with self._transaction() as session:
            self._session_row(session, session_id).next_day_pain = pain

    def get_session(self, session_id: int) -> SessionRecord | None:
        with self._transaction() as session:
            row = session.get(SessionRow, session_id, options=[selectinload(SessionRow.sets)])
            return _session_record(row) if row else None

    def sessions(self) -> list[SessionRecord]:
        """Every session with its sets, oldest first."""
        with self._transaction() as session:
            rows = session.scalars(
                select(SessionRow)
                .options(selectinload(SessionRow.sets))
                .order_by(SessionRow.started_at, SessionRow.id)
            )
            return [_session_record(row) for row in rows]

    def unfinished_session(self) -> SessionRecord | None:
        """The latest session still in progress, to offer resuming it."""
        with self._transaction() as session:
            row = session.scalars(
                select(SessionRow)
                .options(selectinload(SessionRow.sets))
                .where(SessionRow.status == SessionStatus.IN_PROGRESS.value)
                .order_by(SessionRow.started_at.desc(), SessionRow.id.desc())
                .limit(1)
            ).first()
            return _session_record(row) if row else None

    @staticmethod
    def _session_row(session: Session, session_id: int) -> SessionRow:
        row = session.get(SessionRow, session_id)
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        return row

    # -- function scores (PSFS) --------------------------------------------------------------

    def add_psfs(self, activity: str, score: int, at: datetime) -> PsfsScore:
        """Record how well an activity the person chose goes today, 0 (cannot) to 10 (as before)."""
        value = PsfsScore(recorded_at=_aware(at, "at"), activity=activity, score=score)
        row = PsfsRow(recorded_at=value.recorded_at, activity=value.activity, score=value.score)
        with self._transaction() as session:
            session.add(row)
            session.flush()
            return _psfs(row)

    def psfs_scores(self) -> list[PsfsScore]:
        """Every score, oldest first."""
        with self._transaction() as session:
            rows = session.scalars(select(PsfsRow).order_by(PsfsRow.recorded_at, PsfsRow.id))
            return [_psfs(row) for row in rows]

    # -- everything at once ------------------------------------------------------------------

    def is_empty(self) -> bool:
        """True when there is nothing to forget: no profile, session or score."""
        with self._transaction() as session:
            return self._is_empty(session)

    def export_all(self) -> dict[str, Any]:
        """Everything, JSON-ready, in a stable order, ids included.

        `json.dumps` of this, `forget()`, `import_all(...)` and `json.dumps` again give the same
        bytes: the export is a complete backup.
        """
        return {
            "format": EXPORT_FORMAT,
            "format_version": EXPORT_VERSION,
            "profiles": [p.model_dump(mode="json") for p in self.profile_history()],
            "sessions": [s.model_dump(mode="json") for s in self.sessions()],
            "psfs_scores": [p.model_dump(mode="json") for p in self.psfs_scores()],
        }

    def import_all(self, data: Mapping[str, Any]) -> None:
        """Load an `export_all()` into this store, which must be empty; all or nothing."""
        export = _parse_export(data)
        with self._transaction() as session:
            if not self._is_empty(session):
                raise StoreNotEmpty(
                    "the store already holds data; importing would mix two histories. "
                    "Export it first if you want to keep it, then forget it and import again"
                )
            for stored in export.profiles:
                session.add(
                    ProfileVersion(
                        version=stored.version,
                        answers=stored.profile.model_dump(mode="json"),
                        screening=stored.screening.model_dump(mode="json"),
                        created_at=_aware(stored.created_at, "created_at"),
                    )
                )
            for record in export.sessions:
                session.add(
                    SessionRow(
                        id=record.id,
                        plan=record.plan.model_dump(mode="json"),
                        source=record.source.value,
                        status=record.status.value,
                        started_at=_aware(record.started_at, "started_at"),
                        ended_at=_aware(record.ended_at, "ended_at") if record.ended_at else None,
                        resume_step=record.resume_step,
                        pain_before=record.feedback.pain_before,
                        pain_after=record.feedback.pain_after,
                        difficulty=(
                            record.feedback.difficulty.value if record.feedback.difficulty else None
                        ),
                        next_day_pain=record.feedback.next_day_pain,
                        sets=[_set_row(s) for s in record.sets],
                    )
                )
            for score in export.psfs_scores:
                session.add(
                    PsfsRow(
                        id=score.id,
                        recorded_at=_aware(score.recorded_at, "recorded_at"),
                        activity=score.activity,
                        score=score.score,
                    )
                )
            session.flush()
            self._restart_ids(session)

    def forget(self) -> None:
        """Erase everything: profiles, sessions, sets and scores. Numbering starts again at 1."""
        if self.backend == "postgresql":
            with self._engine.begin() as connection:
                connection.execute(text(f"TRUNCATE {', '.join(_TABLES)} RESTART IDENTITY"))
            return
        with self._engine.begin() as connection:
            for table in _TABLES:
                connection.execute(text(f"DELETE FROM {table}"))
        # Deleted rows linger in SQLite's free pages and its write-ahead log until rewritten;
        # someone who asks strongback to forget them expects them gone from the disk too.
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("VACUUM"))
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))

    @staticmethod
    def _is_empty(session: Session) -> bool:
        return not any(
            session.scalar(select(func.count()).select_from(model))
            for model in (ProfileVersion, SessionRow, PsfsRow)
        )

    def _restart_ids(self, session: Session) -> None:
        """After rows were inserted with explicit ids, make the next generated id follow them.

        SQLite picks max(id) + 1 by itself; PostgreSQL's sequences do not see explicit ids.
        """
        if self.backend != "postgresql":
            return
        for table, column in _ID_COLUMNS.items():
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                    f"COALESCE((SELECT MAX({column}) FROM {table}), 0) + 1, false)"
                )
            )


def _parse_export(data: Mapping[str, Any]) -> _Export:
    try:
        export = _Export.model_validate(data)
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


def open_store(settings: Settings) -> Repository:
    """Open (creating and migrating if needed) the database `settings` names."""
    engine = create_store_engine(settings.database_url)
    try:
        upgrade_to_head(engine)
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine)
