"""Errors every layer shares."""

from __future__ import annotations


class SettingsError(ValueError):
    """A setting value that cannot be stored; the message says what is allowed."""
