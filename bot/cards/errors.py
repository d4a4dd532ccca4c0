"""Errors a person can act on.

A deck author or a server manager sees these messages directly, so each one
names the file, the line where there is one, and what to do about it.
"""

from __future__ import annotations


class DeckError(Exception):
    """A card set that cannot be loaded, with where and why."""

    def __init__(self, file: str, message: str, line: int | None = None) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, line {self.line}"
        return f"{where}: {self.message}"
