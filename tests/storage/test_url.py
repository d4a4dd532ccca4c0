from __future__ import annotations

import pytest

from bot.storage import DEFAULT_DATABASE_URL, StorageError, parse_database_url


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///deckhand.db", "deckhand.db"),
        ("sqlite:///data/scores.db", "data/scores.db"),
        ("sqlite:////var/lib/deckhand/deckhand.db", "/var/lib/deckhand/deckhand.db"),
        ("sqlite:///:memory:", ":memory:"),
        ("  SQLITE:///deckhand.db\n", "deckhand.db"),
    ],
)
def test_accepted_urls(url: str, path: str) -> None:
    assert parse_database_url(url).path == path


def test_default_is_a_file_in_the_working_directory() -> None:
    assert parse_database_url(DEFAULT_DATABASE_URL).path == "deckhand.db"


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("", "empty"),
        ("deckhand.db", "not a URL"),
        ("mysql://localhost/deckhand", "unknown database kind 'mysql'"),
        ("postgresql+asyncpg://localhost/deckhand", "without a driver name"),
        ("postgresql://localhost", "names no database"),
        ("postgresql://localhost:port/deckhand", "not a valid PostgreSQL URL"),
        ("sqlite://host/deckhand.db", "three slashes"),
        ("sqlite:///", "no file name"),
        ("sqlite:///data/", "no file name"),
        ("sqlite:///deckhand.db?mode=ro", "options"),
    ],
)
def test_bad_urls_say_what_to_write(url: str, words: str) -> None:
    with pytest.raises(StorageError) as caught:
        parse_database_url(url)
    assert words in str(caught.value)
    assert "sqlite:///deckhand.db" in str(caught.value)
