"""Errors the repositories raise for conditions callers are expected to handle."""

from __future__ import annotations


class StorageError(Exception):
    """Base class for expected storage outcomes (not bugs)."""


class NotFound(StorageError):
    """No such record in the given organisation (it may exist in another one)."""


class StaleRevision(StorageError):
    """The record changed since the caller read it; reload and show the current state."""

    def __init__(self, record: str, expected: int, current: int | None) -> None:
        super().__init__(f"{record}: expected revision {expected}, current is {current}")
        self.expected = expected
        self.current = current


class ActiveFlowExists(StorageError):
    """The person already has an active flow in this conversation."""


class InvalidInput(StorageError, ValueError):
    """A value a person typed (slug, role, e-mail, ...) is not acceptable."""
