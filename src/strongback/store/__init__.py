"""Persistence: SQLAlchemy 2 models, the repository and Alembic migrations.

SQLite file `strongback.db` under STRONGBACK_HOME by default; PostgreSQL when
STRONGBACK_DATABASE_URL says so (a plain ``postgresql://`` URL is read as psycopg 3). Importing this
package is what pulls in SQLAlchemy, so the CLI imports it only inside commands.

The public API, all taking and returning the core's pydantic objects (the ORM stays private)::

    open_store(settings: Settings) -> Repository
        Open the database, creating the SQLite folder and upgrading the schema to the newest
        migration, so a first run just works (safe when two processes do it at once). Close the
        repository when done (or use ``with``). Raises StoreError, naming the database with its
        password hidden, for a bad URL, an unmakeable folder, an unreachable server or a schema
        written by a newer strongback. Opening an up-to-date database does not import Alembic.

    Repository
        backend -> str                                         'sqlite' or 'postgresql'
        close() -> None
        save_profile(profile, screening, at: datetime) -> int  new version number (1, 2, ...)
        current_profile() -> StoredProfile | None              the latest version
        profile_history() -> list[StoredProfile]               oldest first
        start_session(plan, source, started_at, pain_before=None) -> SessionRecord  (with id)
        record_set(session_id, record: SetRecord, *, resume_step: int | None = None) -> None
            committed before it returns; with resume_step, saved in the same transaction; a set
            of the same exercise, set number and side as a stored one is not added again
        save_set(session_id, record, *, resume_step=None) -> RecordedSet
            record_set, answering with the stored set and whether this call added it
        set_resume_step(session_id, step: int) -> None
        finish_session(session_id, status, ended_at, feedback: SessionFeedback) -> None
            status is COMPLETED or ENDED_EARLY; a None answer in feedback keeps the stored one
        set_next_day_pain(session_id, pain: int, *, at: datetime) -> None
            kept with when it was given
        get_session(session_id) -> SessionRecord | None
        sessions() -> list[SessionRecord]                      oldest first, with their sets
        unfinished_session() -> SessionRecord | None           the latest IN_PROGRESS one
        add_psfs(activity: str, score: int, at: datetime) -> PsfsScore
        psfs_scores() -> list[PsfsScore]                       oldest first
        is_empty() -> bool
        export_all() -> dict                                   JSON-ready, stable order, with ids
        import_all(data) -> None                               into an empty store, all or nothing
        forget() -> None                                       erase everything; ids restart at 1

    StoredProfile(version, created_at, profile, screening)     frozen pydantic model
    PsfsScore(id, recorded_at, activity, score)                frozen pydantic model
    RecordedSet(set, added)                                    the stored set; False: a repeat

Export format (``format_version`` 1): ``{"format": "strongback-export", "format_version": 1,
"profiles": [StoredProfile...], "sessions": [SessionRecord...], "psfs_scores": [PsfsScore...]}``,
each list oldest first, datetimes as ISO 8601 UTC.

Errors: `StoreError` is the base of the store's own, also raised for a stored row this version
cannot read; `StoreNotEmpty` and `InvalidExport` (both `ValueError`) from `import_all`. `NotFound`
(a `LookupError`) for an unknown session id is the core's `records.NotFound`, which the use cases
raise too, so it is no `StoreError`. A naive datetime or a score outside 0-10 is a `ValueError`.
Datetimes are stored as UTC and always come back UTC-aware.
"""

from strongback.store._errors import InvalidExport, NotFound, StoreError, StoreNotEmpty
from strongback.store._mapping import PsfsScore, RecordedSet, StoredProfile
from strongback.store._repository import Repository, open_store

__all__ = [
    "InvalidExport",
    "NotFound",
    "PsfsScore",
    "RecordedSet",
    "Repository",
    "StoreError",
    "StoreNotEmpty",
    "StoredProfile",
    "open_store",
]
