"""The repository: the only way in and out of the database, speaking the core's pydantic objects.

Every method is one short transaction, committed before it returns, so a player killed mid-session
loses nothing it has already recorded, and a second process (the web app next to the terminal
player) sees it at once. A session's writes (start, sets, finish, discard) are in
`_session_writes`; this module holds the rest: profiles, reads, PSFS scores and the whole store.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session, selectinload, sessionmaker

from strongback.profile import Profile
from strongback.records import SessionRecord, SessionStatus
from strongback.safety import Screening
from strongback.settings import Settings
from strongback.store._backup import EXPORT_FORMAT, EXPORT_VERSION, Export, parse_export
from strongback.store._engine import create_store_engine, upgrade_to_head
from strongback.store._errors import StoreError, StoreNotEmpty
from strongback.store._mapping import (
    PsfsScore,
    StoredProfile,
    aware,
    profile_row,
    psfs_row,
    psfs_score,
    session_record,
    stored_profile,
)
from strongback.store._models import ProfileVersion, PsfsRow, SessionRow
from strongback.store._session_writes import SessionWrites

# Children before parents, so deleting in this order never trips a foreign key.
_TABLES = ("set_records", "sessions", "profile_versions", "psfs_scores")
_ID_COLUMNS = {
    "sessions": "id",
    "set_records": "id",
    "profile_versions": "version",
    "psfs_scores": "id",
}


class Repository(SessionWrites):
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
        row = profile_row(profile, screening, aware(at, "at"))
        with self._transaction() as session:
            session.add(row)
            session.flush()
            return row.version

    def current_profile(self) -> StoredProfile | None:
        with self._transaction() as session:
            row = session.scalars(
                select(ProfileVersion).order_by(ProfileVersion.version.desc()).limit(1)
            ).first()
            return stored_profile(row) if row else None

    def profile_history(self) -> list[StoredProfile]:
        """Every saved version, oldest first."""
        with self._transaction() as session:
            rows = session.scalars(select(ProfileVersion).order_by(ProfileVersion.version))
            return [stored_profile(row) for row in rows]

    # -- sessions, as stored (SessionWrites writes them) -------------------------------------

    def get_session(self, session_id: int) -> SessionRecord | None:
        with self._transaction() as session:
            row = session.get(SessionRow, session_id, options=[selectinload(SessionRow.sets)])
            return session_record(row) if row else None

    def sessions(self) -> list[SessionRecord]:
        """Every session with its sets, oldest first."""
        with self._transaction() as session:
            rows = session.scalars(
                select(SessionRow)
                .options(selectinload(SessionRow.sets))
                .order_by(SessionRow.started_at, SessionRow.id)
            )
            return [session_record(row) for row in rows]

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
            return session_record(row) if row else None

    # -- function scores (PSFS) --------------------------------------------------------------

    def add_psfs(self, activity: str, score: int, at: datetime) -> PsfsScore:
        """Record how well an activity the person chose goes today, 0 (cannot) to 10 (as before)."""
        value = PsfsScore(recorded_at=aware(at, "at"), activity=activity, score=score)
        row = psfs_row(value)
        with self._transaction() as session:
            session.add(row)
            session.flush()
            return psfs_score(row)

    def psfs_scores(self) -> list[PsfsScore]:
        """Every score, oldest first."""
        with self._transaction() as session:
            rows = session.scalars(select(PsfsRow).order_by(PsfsRow.recorded_at, PsfsRow.id))
            return [psfs_score(row) for row in rows]

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
        return Export(
            format=EXPORT_FORMAT,
            format_version=EXPORT_VERSION,
            profiles=self.profile_history(),
            sessions=self.sessions(),
            psfs_scores=self.psfs_scores(),
        ).to_data()

    def import_all(self, data: Mapping[str, Any]) -> None:
        """Load an `export_all()` into this store, which must be empty; all or nothing."""
        rows = parse_export(data).rows()
        with self._transaction() as session:
            if not self._is_empty(session):
                raise StoreNotEmpty(
                    "the store already holds data; importing would mix two histories. "
                    "Export it first if you want to keep it, then forget it and import again"
                )
            session.add_all(rows)
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


def open_store(settings: Settings) -> Repository:
    """Open (creating and migrating if needed) the database `settings` names.

    A URL that is not one, a folder that cannot be made or a server that cannot be reached is a
    `StoreError` naming the database (password hidden), never a driver traceback.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, OperationalError

    try:
        shown = make_url(settings.database_url).render_as_string(hide_password=True)
        engine = create_store_engine(settings.database_url)
    except (ArgumentError, ValueError):  # a bad port is a ValueError
        # SQLAlchemy could not parse it, so it cannot hide the password either: mask by hand.
        masked = re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", settings.database_url)
        raise StoreError(f"not a database URL: {masked!r}") from None
    except OSError as exc:
        raise StoreError(f"cannot create the folder for the database {shown}: {exc}") from None
    try:
        upgrade_to_head(engine)
    except OperationalError as exc:
        engine.dispose()
        raise StoreError(f"cannot open the database {shown}: {exc.orig}") from exc
    except BaseException:
        engine.dispose()
        raise
    return Repository(engine)
