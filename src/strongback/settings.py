"""Where strongback keeps its data, read from the environment once and passed down explicitly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "STRONGBACK_HOME"
DATABASE_ENV = "STRONGBACK_DATABASE_URL"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        if env.get(HOME_ENV):
            home = Path(env[HOME_ENV]).expanduser()
        else:
            from platformdirs import user_data_dir

            home = Path(user_data_dir("strongback", appauthor=False))
        url = env.get(DATABASE_ENV) or f"sqlite:///{home / 'strongback.db'}"
        return cls(home=home, database_url=url)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
