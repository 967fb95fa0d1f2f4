"""Engines tuned for each backend, and the schema kept at the newest migration."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from strongback.store._errors import StoreError

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic keeps the running migration in module globals, so two threads migrating at once would
# run each other's steps on the wrong connection.
_ALEMBIC_IN_USE = threading.Lock()

# Any fixed number: the key of the PostgreSQL advisory lock held while migrating.
_MIGRATION_LOCK = 0x5354524F4E47

# The newest migration. open_store compares the database with this before loading Alembic's script
# directory, which keeps an ordinary command fast; a test checks it is the real head.
HEAD_REVISION = "0003"

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def normalise_url(url: str) -> str:
    """Point plain PostgreSQL URLs at psycopg 3, the driver strongback ships with.

    SQLAlchemy would otherwise pick psycopg2, which is not installed, and fail with an import error
    that says nothing about the URL the person wrote.
    """
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # SQLite ignores foreign keys unless asked, so deleting a session would orphan its sets.
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets the web app read while the terminal player writes a set.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=5000")
    finally:
        cursor.close()


def create_store_engine(url: str) -> Engine:
    """An engine for `url`; for a SQLite file, its folder is created first."""
    sa_url = make_url(normalise_url(url))
    if sa_url.get_backend_name() == "sqlite":
        database = sa_url.database
        if database and database != ":memory:" and not database.startswith("file:"):
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(sa_url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if sa_url.get_backend_name() != "postgresql" or sa_url.get_driver_name() != "psycopg":
        # Another database would fail later with a missing-driver import error that names a
        # module, not the setting the person wrote.
        raise StoreError(
            f"strongback stores its data in SQLite or PostgreSQL, not "
            f"'{sa_url.get_backend_name()}': set STRONGBACK_DATABASE_URL to a sqlite:/// or "
            "postgresql:// URL"
        )
    # pre_ping: a long-running web app outlives PostgreSQL restarts and idle-connection timeouts.
    return create_engine(sa_url, pool_pre_ping=True)


def alembic_config(connection: Connection | None = None) -> Config:
    """Alembic's configuration, built in code so no alembic.ini or working directory is needed."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _at_head(connection: Connection) -> bool:
    """Whether the schema is at HEAD_REVISION.

    Asked in plain SQL: importing Alembic costs more than opening the database, and every command
    opens it.
    """
    if not inspect(connection).has_table("alembic_version"):
        return False
    revisions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
    return list(revisions) == [HEAD_REVISION]


def upgrade_to_head(engine: Engine) -> None:
    """Bring the schema to the newest migration; a no-op (two queries) when it is already there."""
    with engine.connect() as connection:
        if _at_head(connection):
            return
    from alembic import command
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError
    from sqlalchemy.exc import DBAPIError

    config = alembic_config()
    scripts = ScriptDirectory.from_config(config)
    attempts = 3
    for attempt in range(1, attempts + 1):
        try:
            with _ALEMBIC_IN_USE, engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    # The web app and a command opening a new database together would both create
                    # the tables; the lock makes one wait, then find nothing left to do.
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
                    )
                current = _current_revision(connection)
                if current == HEAD_REVISION:
                    return
                if current is not None:
                    try:
                        scripts.get_revision(current)
                    except CommandError:
                        raise StoreError(
                            f"the database is at schema revision {current!r}, which this "
                            "strongback does not know: it was written by a newer version; "
                            "upgrade strongback to open it"
                        ) from None
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
            return
        except DBAPIError:
            # SQLite has no such lock; another process migrating at the same moment makes this
            # one fail on a table it just created, and a moment later there is nothing to do.
            if engine.dialect.name != "sqlite" or attempt == attempts:
                raise
            time.sleep(0.2 * attempt)
