"""The repository: the only way in and out of the database, speaking the core's pydantic objects.

Every method is one short transaction, committed before it returns, so a player killed mid-session
loses nothing it has already recorded, and a second process (the web app next to the terminal
player) sees it at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine, delete, exists, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload, sessionmaker

from strongback.plan import SessionPlan
from strongback.profile import Profile
from strongback.records import (
    SessionFeedback,
    SessionRecord,
    SessionSource,
    SessionStatus,
    SetRecord,
)
from strongback.safety import Screening
from strongback.session_player import is_pain_after
from strongback.settings import Settings
from strongback.store._backup import EXPORT_FORMAT, EXPORT_VERSION, Export, parse_export
from strongback.store._engine import create_store_engine, upgrade_to_head
from strongback.store._errors import NotFound, StoreError, StoreNotEmpty
from strongback.store._mapping import (
    PsfsScore,
    RecordedSet,
    StoredProfile,
    aware,
    check_score,
    profile_row,
    psfs_row,
    psfs_score,
    session_record,
    set_record,
    set_row,
    stored_profile,
)
from strongback.store._models import ProfileVersion, PsfsRow, SessionRow, SetRow

# Children before parents, so deleting in this order never trips a foreign key.
_TABLES = ("set_records", "sessions", "profile_versions", "psfs_scores")
_ID_COLUMNS = {
    "sessions": "id",
    "set_records": "id",
    "profile_versions": "version",
    "psfs_scores": "id",
}


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
            started_at=aware(started_at, "started_at"),
            resume_step=0,
            pain_before=check_score(pain_before, "pain_before"),
        )
        with self._transaction() as session:
            session.add(row)
            session.flush()
            session.refresh(row, ["sets"])
            return session_record(row)

    def add_finished_session(
        self,
        plan: SessionPlan,
        source: SessionSource,
        started_at: datetime,
        sets: Iterable[SetRecord],
        ended_at: datetime,
        feedback: SessionFeedback,
    ) -> SessionRecord:
        """Store a session that is already over (a logged one, a camera practice set) whole.

        One transaction, unlike the player's start, record and finish: a failure half-way (Ctrl-C,
        a locked or full database) must not leave an unfinished session for `strongback start`
        and the web player to offer back to the person.
        """
        row = SessionRow(
            plan=plan.model_dump(mode="json"),
            source=SessionSource(source).value,
            status=SessionStatus.COMPLETED.value,
            started_at=aware(started_at, "started_at"),
            ended_at=aware(ended_at, "ended_at"),
            resume_step=0,
            pain_before=check_score(feedback.pain_before, "pain_before"),
            pain_after=check_score(feedback.pain_after, "pain_after"),
            difficulty=feedback.difficulty.value if feedback.difficulty else None,
            next_day_pain=check_score(feedback.next_day_pain, "next_day_pain"),
        )
        records = list(sets)
        if len({record.key for record in records}) < len(records):
            raise ValueError("a session holds each set (exercise, set number, side) once")
        row.sets = [set_row(record) for record in records]
        with self._transaction() as session:
            session.add(row)
            session.flush()
            session.refresh(row, ["sets"])
            return session_record(row)

    def record_set(
        self, session_id: int, record: SetRecord, *, resume_step: int | None = None
    ) -> None:
        """Append one finished set, once: `save_set` without its answer."""
        self.save_set(session_id, record, resume_step=resume_step)

    def save_set(
        self, session_id: int, record: SetRecord, *, resume_step: int | None = None
    ) -> RecordedSet:
        """Append one finished set, committed before this returns, and say what is stored.

        Give `resume_step` (the timeline step after this set) to save it in the same transaction,
        so a player killed at any moment never has a set recorded without the step that follows.

        A set is recorded once: when the session already holds one of the same exercise, set
        number and side, nothing changes and the stored set comes back with `added` False, so a
        retried request (a browser on a flaky connection, a replayed step) never counts it twice.
        One change is kept: pain reported after the set ended (in the release after an exercise's
        last set), which a player sends as the stored set stopped for that pain
        (`session_player.is_pain_after`); the stored set then takes the outcome, pain and reason,
        so that progression steps back from it, and comes back so changed (`added` still False).
        """
        if resume_step is not None and resume_step < 0:
            raise ValueError(f"resume step must be 0 or more (got {resume_step})")
        try:
            with self._transaction() as session:
                # Held (FOR KEY SHARE) until the set is saved: a discard of the session under way
                # is waited for, and then it is gone (NotFound) rather than the set with it.
                parent = self._session_row(session, session_id, hold=True)
                stored = self._stored_set(session, session_id, record)
                if stored is not None:
                    if is_pain_after(set_record(stored), record):
                        stored.outcome = record.outcome.value
                        stored.pain = record.pain
                        stored.reason = record.reason
                        session.flush()
                    return RecordedSet(set=set_record(stored), added=False)
                if resume_step is not None:
                    parent.resume_step = resume_step
                row = set_row(record)
                row.session_id = session_id
                session.add(row)
                session.flush()
                return RecordedSet(set=set_record(row), added=True)
        except IntegrityError:
            # A twin of this request recorded the set between our look and our insert.
            with self._transaction() as session:
                stored = self._stored_set(session, session_id, record)
                if stored is None:
                    raise
                return RecordedSet(set=set_record(stored), added=False)

    @staticmethod
    def _stored_set(session: Session, session_id: int, record: SetRecord) -> SetRow | None:
        row = set_row(record)
        return session.scalars(
            select(SetRow).where(
                SetRow.session_id == session_id,
                SetRow.exercise_id == row.exercise_id,
                SetRow.set_number == row.set_number,
                SetRow.side == row.side,
            )
        ).first()

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
        ended = aware(ended_at, "ended_at")
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

    def discard_empty_session(self, session_id: int) -> bool:
        """Delete a session still in progress that recorded nothing (no set, no answer): one
        opened and left before anything was done. False, with nothing changed, for any other.

        A set saved at the same moment is never lost with it (deleting a session deletes its
        sets): the session's row is locked first (FOR UPDATE, which waits for a set being
        saved into it, whose foreign key holds a share of the same row; SQLite, which has no
        row locks, ignores it), then deleted by one statement that checks again that nothing was
        recorded, as it stands after the lock (on SQLite, in the write that deletes it).
        """
        with self._transaction() as session:
            locked = session.scalars(
                select(SessionRow.id).where(SessionRow.id == session_id).with_for_update()
            ).first()
            if locked is None:
                return False
            deleted = session.execute(
                delete(SessionRow)
                .where(
                    SessionRow.id == session_id,
                    SessionRow.status == SessionStatus.IN_PROGRESS.value,
                    SessionRow.pain_before.is_(None),
                    SessionRow.pain_after.is_(None),
                    SessionRow.difficulty.is_(None),
                    SessionRow.next_day_pain.is_(None),
                    ~exists().where(SetRow.session_id == session_id),
                )
                .execution_options(synchronize_session=False)
            )
            rowcount: int = getattr(deleted, "rowcount", 0)  # a DELETE's CursorResult
            return rowcount == 1

    def set_next_day_pain(self, session_id: int, pain: int) -> None:
        """The pain the person reports the day after a session, which steers progression."""
        check_score(pain, "next-day pain")
        with self._transaction() as session:
            self._session_row(session, session_id).next_day_pain = pain

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

    @staticmethod
    def _session_row(session: Session, session_id: int, *, hold: bool = False) -> SessionRow:
        """The session's row; `hold` keeps it from being deleted until the transaction ends, and
        lets other writers of its columns go on (FOR KEY SHARE on PostgreSQL)."""
        row = session.get(
            SessionRow,
            session_id,
            with_for_update={"read": True, "key_share": True} if hold else None,
        )
        if row is None:
            raise NotFound(f"no session with id {session_id}")
        return row

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
