"""Reading the ``DATABASE_URL`` setting."""

from __future__ import annotations

from collections.abc import Callable
import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from .errors import StorageError

DEFAULT_DATABASE_URL = "sqlite:///deckhand.db"
"""A file called deckhand.db in the working directory."""

_EXAMPLES = (
    "use sqlite:///deckhand.db (relative to the working directory), sqlite:////var/lib/deckhand/deckhand.db"
    " (absolute) or sqlite:///:memory: (in memory, for tests)"
)


@dataclass(frozen=True)
class DatabaseUrl:
    scheme: str
    path: str


UrlParser = Callable[[str, str], DatabaseUrl]
"""Reads the part after ``scheme://`` of a URL (given whole, for messages)."""

_PARSERS: dict[str, UrlParser] = {}
_POSTGRES_EXAMPLE = "postgresql://user:password@host:5432/database (or use SQLite: sqlite:///deckhand.db)"


def register_scheme(scheme: str, parse: UrlParser) -> None:
    """Let :func:`parse_database_url` accept ``scheme://`` URLs, read by ``parse``."""
    _PARSERS[scheme.lower()] = parse


def parse_database_url(url: str) -> DatabaseUrl:
    """A URL whose scheme names a registered backend, e.g. ``sqlite:///relative.db``.

    Anything unexpected is refused with a message that says what to write.
    """
    if not isinstance(url, str) or not url.strip():
        raise StorageError(f"DATABASE_URL is empty; {_EXAMPLES}")
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise StorageError(f"DATABASE_URL {url!r} is not a URL; {_EXAMPLES}")
    scheme = scheme.lower()
    parse = _PARSERS.get(scheme)
    if parse is not None:
        return parse(url, rest)
    if scheme.startswith("postgresql+"):
        raise StorageError(f"DATABASE_URL {url!r}: write the URL without a driver name, as {_POSTGRES_EXAMPLE}")
    raise StorageError(f"DATABASE_URL {url!r}: unknown database kind {scheme!r}; {_EXAMPLES}")


def _sqlite_url(url: str, rest: str) -> DatabaseUrl:
    """``sqlite:///relative.db``, ``sqlite:////abs.db`` or ``sqlite:///:memory:``.

    Parsed by hand rather than with urllib so that Windows-style and odd paths
    are not silently reinterpreted.
    """
    if not rest.startswith("/"):
        raise StorageError(f"DATABASE_URL {url!r} names a host; SQLite URLs need three slashes; {_EXAMPLES}")
    path = rest[1:]
    if "?" in path or "#" in path:
        raise StorageError(f"DATABASE_URL {url!r}: options after ? or # are not supported; {_EXAMPLES}")
    if not path or path.endswith("/"):
        raise StorageError(f"DATABASE_URL {url!r} has no file name; {_EXAMPLES}")
    return DatabaseUrl("sqlite", path)


def _postgres_url(url: str, rest: str) -> DatabaseUrl:
    """``postgresql://user:password@host:port/database`` (``postgres://`` too), with libpq's ``?options``."""
    try:
        parts = urlsplit("postgresql://" + rest)
        parts.port  # a port that is not a number raises here
    except ValueError as error:
        raise StorageError(f"DATABASE_URL is not a valid PostgreSQL URL ({error}); write it as {_POSTGRES_EXAMPLE}") from None
    if not parts.path.strip("/") and "dbname=" not in parts.query:
        raise StorageError(f"DATABASE_URL names no database; write it as {_POSTGRES_EXAMPLE}")
    return DatabaseUrl("postgresql", "postgresql://" + rest)


register_scheme("sqlite", _sqlite_url)
register_scheme("postgresql", _postgres_url)
register_scheme("postgres", _postgres_url)


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the PostgreSQL URL"
    if parts.password is not None:
        parts = parts._replace(netloc=f"{parts.username or ''}:***@{parts.netloc.rsplit('@', 1)[1]}")
    if "password=" in parts.query:
        parts = parts._replace(query=re.sub(r"(^|&)password=[^&]*", r"\1password=***", parts.query))
    return urlunsplit(parts)
