"""What can go wrong in the store, as exceptions a command or an API route can explain.

`NotFound` is the core's (`strongback.records.NotFound`), re-exported: the use cases raise it too,
for a session id they look up, and one class is caught wherever it is worded.
"""

from __future__ import annotations

from strongback.records import NotFound

__all__ = ["InvalidExport", "NotFound", "StoreError", "StoreNotEmpty"]


class StoreError(Exception):
    """Base of every error the store raises on purpose, but `NotFound`: a database that cannot
    be used is a StoreError; a session id nobody has is the caller's mistake."""


class StoreNotEmpty(StoreError, ValueError):
    """An import was refused because the store already holds data it would mix with."""


class InvalidExport(StoreError, ValueError):
    """Data given to import_all is not a strongback export this version understands."""
