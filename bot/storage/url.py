"""Reading the ``DATABASE_URL`` setting."""

from __future__ import annotations

from dataclasses import dataclass

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


def parse_database_url(url: str) -> DatabaseUrl:
    """``sqlite:///relative.db``, ``sqlite:////abs.db`` or ``sqlite:///:memory:``.

    Parsed by hand rather than with urllib so that Windows-style and odd paths
    are not silently reinterpreted; anything unexpected is refused.
    """
    if not isinstance(url, str) or not url.strip():
        raise StorageError(f"DATABASE_URL is empty; {_EXAMPLES}")
    url = url.strip()
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise StorageError(f"DATABASE_URL {url!r} is not a URL; {_EXAMPLES}")
    scheme = scheme.lower()
    if scheme in ("postgres", "postgresql", "postgresql+asyncpg"):
        raise StorageError(f"DATABASE_URL {url!r}: PostgreSQL is not supported yet; {_EXAMPLES}")
    if scheme != "sqlite":
        raise StorageError(f"DATABASE_URL {url!r}: unknown database kind {scheme!r}; {_EXAMPLES}")
    if not rest.startswith("/"):
        raise StorageError(f"DATABASE_URL {url!r} names a host; SQLite URLs need three slashes; {_EXAMPLES}")
    path = rest[1:]
    if "?" in path or "#" in path:
        raise StorageError(f"DATABASE_URL {url!r}: options after ? or # are not supported; {_EXAMPLES}")
    if not path or path.endswith("/"):
        raise StorageError(f"DATABASE_URL {url!r} has no file name; {_EXAMPLES}")
    return DatabaseUrl("sqlite", path)
