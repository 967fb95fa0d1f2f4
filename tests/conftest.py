"""Fixtures shared by every test package: an isolated home, and a real store on both backends.

Every test runs with STRONGBACK_HOME pointing into its own tmp_path and STRONGBACK_DATABASE_URL
unset (autouse `_isolated_home`), so no test can touch the developer's real data.

Store fixtures, each parametrised over ``sqlite`` and ``postgres`` (a test that asks for several
gets them for the same database):

``backend``
    "sqlite" or "postgres".
``database_url``
    An empty, migrated database: a new SQLite file under ``tmp_path / "home"``, or a PostgreSQL
    database emptied (TRUNCATE ... RESTART IDENTITY) before the test, so ids start at 1.
``store_settings``
    ``Settings`` for that database (``home`` is ``tmp_path / "home"``).
``store_env``
    The environment that selects that database, for CLI tests: ``{"STRONGBACK_HOME": ...,
    "STRONGBACK_DATABASE_URL": ...}``. Pass it to ``CliRunner().invoke(app, args, env=store_env)``,
    to a subprocess as ``env={**os.environ, **store_env}``, or apply it with ``monkeypatch.setenv``.
``repository``
    An open ``Repository`` on that database, closed after the test.
``empty_database_url``
    Like ``database_url`` but with no tables at all, for migration tests.
``postgres_databases`` (session)
    The PostgreSQL side alone, for a test that needs both backends at once:
    ``with postgres_databases.fresh() as url: ...`` gives a migrated database, dropped afterwards.

PostgreSQL: STRONGBACK_TEST_POSTGRES_URL names a server to use (its role must be allowed to create
databases), else a throwaway server is started once per test session from the local PostgreSQL
binaries (/usr/lib/postgresql/*/bin, or on PATH) and stopped at the end. Without binaries the
``postgres`` cases are skipped with the reason, unless STRONGBACK_REQUIRE_POSTGRES=1 (as in CI),
which makes them fail instead.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# SQLAlchemy and the store are imported inside fixtures: tests that check what a bare
# `strongback --help` imports run in this process too.
from strongback.settings import DATABASE_ENV, HOME_ENV, Settings

if TYPE_CHECKING:
    from strongback.store import Repository

POSTGRES_URL_ENV = "STRONGBACK_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_ENV = "STRONGBACK_REQUIRE_POSTGRES"


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    monkeypatch.delenv(DATABASE_ENV, raising=False)


# -- a PostgreSQL server for the session -------------------------------------------------------


def _postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl live: Debian keeps them off PATH, under a versioned folder."""

    def major(initdb: Path) -> int:
        name = initdb.parent.parent.name
        return int(name) if name.isdigit() else 0

    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=major)
    if found:
        return found[-1].parent
    on_path = shutil.which("initdb")
    if on_path:
        return Path(on_path).parent
    pg_config = shutil.which("pg_config")
    if pg_config:
        bindir = subprocess.run(
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if bindir and (Path(bindir) / "initdb").exists():
            return Path(bindir)
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class _ThrowawayServer:
    """A PostgreSQL cluster in a temporary folder, tuned for speed rather than durability."""

    bindir: Path
    folder: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        # initdb and pg_ctl refuse to run as root; the postgres account the package created can.
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        result = subprocess.run(
            [*prefix, *args], capture_output=True, text=True, check=False, timeout=120
        )
        if result.returncode != 0:
            log = self.folder / "server.log"
            details = log.read_text(errors="replace") if log.exists() else ""
            raise RuntimeError(
                f"{' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stdout}{result.stderr}{details}"
            )

    def start(self) -> None:
        data = self.folder / "data"
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(self.folder / "server.log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "fast",
                "-w",
                "stop",
            )


def _start_throwaway_server() -> _ThrowawayServer:
    bindir = _postgres_bindir()
    if bindir is None:
        raise _Unavailable(
            "no PostgreSQL server binaries (initdb) found; apt-get install postgresql"
        )
    folder = Path(tempfile.mkdtemp(prefix="strongback-pg-"))
    if os.geteuid() == 0:
        import pwd

        try:
            account = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder)
            raise _Unavailable(
                "running as root and there is no 'postgres' account to run initdb"
            ) from None
        os.chown(folder, account.pw_uid, account.pw_gid)
    last_error: Exception | None = None
    # The free port can be taken between finding and binding it; a second try is enough.
    for _attempt in range(3):
        server = _ThrowawayServer(bindir=bindir, folder=folder, port=_free_port())
        try:
            server.start()
            return server
        except RuntimeError as exc:
            last_error = exc
            shutil.rmtree(folder / "data", ignore_errors=True)
            (folder / "server.log").unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    raise RuntimeError(f"could not start a throwaway PostgreSQL server: {last_error}")


class _Unavailable(Exception):
    pass


def _libpq(url: str) -> str:
    """A SQLAlchemy URL as psycopg itself takes it (no '+psycopg' driver suffix)."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _admin_execute(admin_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(_libpq(admin_url), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


@dataclass
class _PostgresDatabases:
    """Hands out clean databases on one server.

    Creating a database from a template takes a quarter of a second, so the ordinary fixture
    reuses one migrated database and empties it before each test (a few milliseconds); a test that
    changes the schema, or leaves it unusable, gets a new one the next time.
    """

    admin_url: str
    prefix: str
    counter: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    reused: str | None = None

    @property
    def template(self) -> str:
        return f"{self.prefix}_template"

    def url_for(self, name: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.admin_url).set(database=name).render_as_string(hide_password=False)

    def create(self, *, migrated: bool) -> str:
        name = f"{self.prefix}_{next(self.counter)}"
        template = self.template if migrated else "template0"
        _admin_execute(self.admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def drop(self, name: str) -> None:
        _admin_execute(self.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def clean(self) -> str:
        """The URL of a migrated database with no rows, ids starting at 1."""
        if self.reused is None or not self._empty(self.reused):
            if self.reused is not None:
                self.drop(self.reused)
            self.reused = self.create(migrated=True)
        return self.url_for(self.reused)

    def _empty(self, name: str) -> bool:
        """Empty the database if its schema is still the migrated one; False if it is not."""
        import psycopg

        from strongback.store._engine import HEAD_REVISION
        from strongback.store._models import Base

        tables = set(Base.metadata.tables)
        try:
            with psycopg.connect(_libpq(self.url_for(name)), autocommit=True) as connection:
                # A connection a test forgot to close would make TRUNCATE wait for ever.
                connection.execute("SET lock_timeout = '2s'")
                found = {
                    row[0]
                    for row in connection.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                }
                if found != {*tables, "alembic_version"}:
                    return False
                revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
                if revision != [(HEAD_REVISION,)]:
                    return False
                connection.execute(f"TRUNCATE {', '.join(sorted(tables))} RESTART IDENTITY")
        except psycopg.Error:
            return False
        return True

    @contextlib.contextmanager
    def fresh(self, *, migrated: bool = True) -> Iterator[str]:
        """The URL of a new database, dropped afterwards."""
        name = self.create(migrated=migrated)
        try:
            yield self.url_for(name)
        finally:
            self.drop(name)


@pytest.fixture(scope="session")
def postgres_databases() -> Iterator[_PostgresDatabases]:
    """A PostgreSQL server with a migrated template database; skips (or fails) without one."""
    server: _ThrowawayServer | None = None
    admin_url = os.environ.get(POSTGRES_URL_ENV)
    if not admin_url:
        try:
            server = _start_throwaway_server()
        except _Unavailable as exc:
            if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
                pytest.fail(f"{REQUIRE_POSTGRES_ENV}=1 but PostgreSQL is unavailable: {exc}")
            pytest.skip(f"PostgreSQL unavailable ({exc}); set {POSTGRES_URL_ENV} to use a server")
        admin_url = server.url
    from sqlalchemy.engine import make_url

    from strongback.store import open_store
    from strongback.store._engine import normalise_url

    # The pid keeps two test runs sharing one server (or xdist workers) out of each other's way.
    databases = _PostgresDatabases(
        admin_url=normalise_url(admin_url), prefix=f"strongback_test_{os.getpid()}"
    )
    try:
        try:
            databases.drop(databases.template)
            _admin_execute(databases.admin_url, f'CREATE DATABASE "{databases.template}"')
        except Exception as exc:
            shown = make_url(admin_url).render_as_string(hide_password=True)
            pytest.fail(f"cannot create test databases on {shown}: {exc}")
        template_url = databases.url_for(databases.template)
        open_store(Settings(home=Path(tempfile.gettempdir()), database_url=template_url)).close()
        yield databases
        if databases.reused is not None:
            databases.drop(databases.reused)
        databases.drop(databases.template)
    finally:
        if server is not None:
            server.stop()
            shutil.rmtree(server.folder, ignore_errors=True)


# -- one database per test, on each backend -----------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _fresh_database(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path, *, migrated: bool
) -> Iterator[str]:
    if backend == "sqlite":
        path = tmp_path / "home" / "strongback.db"
        url = f"sqlite:///{path}"
        if migrated:
            from strongback.store import open_store

            open_store(Settings(home=path.parent, database_url=url)).close()
        yield url
        return
    databases: _PostgresDatabases = request.getfixturevalue("postgres_databases")
    if migrated:
        yield databases.clean()
        return
    with databases.fresh(migrated=False) as url:
        yield url


@pytest.fixture
def database_url(request: pytest.FixtureRequest, backend: str, tmp_path: Path) -> Iterator[str]:
    yield from _fresh_database(request, backend, tmp_path, migrated=True)


@pytest.fixture
def empty_database_url(
    request: pytest.FixtureRequest, backend: str, tmp_path: Path
) -> Iterator[str]:
    yield from _fresh_database(request, backend, tmp_path, migrated=False)


@pytest.fixture
def store_settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home", database_url=database_url)


@pytest.fixture
def store_env(store_settings: Settings) -> dict[str, str]:
    return {HOME_ENV: str(store_settings.home), DATABASE_ENV: store_settings.database_url}


@pytest.fixture
def repository(store_settings: Settings) -> Iterator[Repository]:
    from strongback.store import open_store

    with open_store(store_settings) as repository:
        yield repository
