"""Alembic environment for strongback's schema.

`open_store` runs this with a live connection in `config.attributes["connection"]`; developers run
it through `alembic -c src/strongback/store/alembic.ini ...`, which takes the database from
STRONGBACK_DATABASE_URL / STRONGBACK_HOME like the app does.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from strongback.store._models import Base


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite can only ALTER by copying the table; batch mode does that for future migrations.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from strongback.settings import Settings
    from strongback.store._engine import create_store_engine

    url = context.config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url
    engine = create_store_engine(url)
    try:
        with engine.connect() as connection:
            _run(connection)
            connection.commit()
    finally:
        engine.dispose()


if context.is_offline_mode():
    raise SystemExit("strongback migrations run online only: they need a database connection")
_run_online()
