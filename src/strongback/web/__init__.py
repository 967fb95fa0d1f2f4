"""The local web app: JSON API under /api/v1, server-rendered pages, vendored static assets.

`create_app()` is the only public name; `strongback serve` runs it with uvicorn on 127.0.0.1.
"""

from strongback.web._app import create_app

__all__ = ["create_app"]
