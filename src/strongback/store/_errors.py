"""What can go wrong in the store, as exceptions a command or an API route can explain."""

from __future__ import annotations


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class NotFound(StoreError, LookupError):
    """No session with that id (it never existed, or it was forgotten)."""


class StoreNotEmpty(StoreError, ValueError):
    """An import was refused because the store already holds data it would mix with."""


class InvalidExport(StoreError, ValueError):
    """Data given to import_all is not a strongback export this version understands."""
