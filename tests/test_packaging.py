"""Every data file the package reads at run time must be listed in pyproject's package-data,
or an installed (non-editable) strongback would lack it while the editable install works."""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "strongback"
DEV_ONLY = {"store/migrations/script.py.mako"}  # used to write new migrations, not to run


def test_every_data_file_is_packaged() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["strongback"]
    missing = []
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(PACKAGE).as_posix()
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in relative:
            continue
        if relative in DEV_ONLY:
            continue
        if not any(fnmatch(relative, pattern) for pattern in globs):
            missing.append(relative)
    assert missing == [], f"add these to [tool.setuptools.package-data]: {missing}"
