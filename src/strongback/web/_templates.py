"""The Jinja2 environment shared by all pages."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from strongback import SAFETY_NOTICE, __version__

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.globals.update(safety_notice=SAFETY_NOTICE, version=__version__)
