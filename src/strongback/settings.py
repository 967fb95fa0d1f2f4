"""Where strongback keeps its data, read from the environment once and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "STRONGBACK_HOME"
DATABASE_ENV = "STRONGBACK_DATABASE_URL"
# Host names the web app answers to besides localhost and the address it listens on, comma
# separated ("*": any), for a person who serves it on their network under a name.
ALLOWED_HOSTS_ENV = "STRONGBACK_ALLOWED_HOSTS"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    allowed_hosts: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        if env.get(HOME_ENV):
            home = Path(env[HOME_ENV]).expanduser()
        else:
            from platformdirs import user_data_dir

            home = Path(user_data_dir("strongback", appauthor=False))
        url = env.get(DATABASE_ENV) or f"sqlite:///{home / 'strongback.db'}"
        hosts = tuple(h.strip() for h in env.get(ALLOWED_HOSTS_ENV, "").split(",") if h.strip())
        return cls(home=home, database_url=url, allowed_hosts=hosts)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def database_shown(self) -> str:
        """The database URL as it may be printed or shown on a page: with its password hidden."""
        return database_shown(self.database_url)


def database_shown(url: str) -> str:
    """A database URL as it may be printed: with its password hidden.

    SQLAlchemy is imported only when this is called, so reading the settings stays cheap.
    """
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # a bad port is a ValueError
        return f"the database named by {DATABASE_ENV}"
