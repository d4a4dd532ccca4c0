"""Load a card set from whatever a study group brings.

The format is chosen from the content first and the file name second, so a
Quizlet export saved as ``.txt`` or an Anki package renamed by a browser
still loads. Every failure is a :class:`bot.cards.DeckError` naming the file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from bot.cards import Deck, DeckError
from bot.decks.readers.limits import MAX_CARDS, MAX_FILE_BYTES
from bot.decks.readers.text import decode_text
from bot.shared.memory import paused_collector

__all__ = ["MAX_CARDS", "MAX_FILE_BYTES", "load_deck", "read_deck", "too_big_message"]

log = logging.getLogger(__name__)

_ZIP_MAGIC = b"PK\x03\x04"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_YAML_SUFFIXES = {".yaml", ".yml"}
_PACKAGE_SUFFIXES = {".apkg", ".colpkg"}


def load_deck(path: str | Path) -> Deck:
    """Read a deck file from disk, refusing oversized files before reading them."""
    path = Path(path)
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DeckError(name, too_big_message(size))
        if path.is_dir():
            raise DeckError(name, "is a folder, not a deck file")
        data = path.read_bytes()
    except FileNotFoundError:
        raise DeckError(name, "no such file; check the path") from None
    except PermissionError:
        raise DeckError(name, "cannot be read (permission denied)") from None
    except IsADirectoryError:
        raise DeckError(name, "is a folder, not a deck file") from None
    except OSError as exc:
        raise DeckError(name, f"cannot be read ({exc.strerror or exc})") from None
    return read_deck(data, name)


def read_deck(data: bytes, file: str) -> Deck:
    """Parse deck bytes; ``file`` names it in errors and card sources.

    Whatever a reader trips over becomes a :class:`DeckError`: an upload
    must never take the bot down or show a member a traceback.
    """
    try:
        with paused_collector():
            return _read_deck(data, file)
    except DeckError:
        raise
    except (MemoryError, RecursionError):
        raise DeckError(file, "is too large or too deeply nested to read; split it into smaller decks") from None
    except Exception as exc:  # a reader bug must not crash the caller
        log.exception("unexpected error reading %s", file)
        raise DeckError(file, f"could not be read ({type(exc).__name__}); check that it is a supported deck format") from None


def _read_deck(data: bytes, file: str) -> Deck:
    if len(data) > MAX_FILE_BYTES:
        raise DeckError(file, too_big_message(len(data)))
    if not data.strip():
        raise DeckError(file, "is empty; a deck needs at least one card")
    suffix = Path(file).suffix.lower()
    if data.startswith(_ZIP_MAGIC) and suffix not in _PACKAGE_SUFFIXES and _is_deck_zip(data):
        from bot.decks.readers.deck_zip import read_deck_zip

        deck = read_deck_zip(data, file)
    elif data.startswith(_ZIP_MAGIC) or suffix in _PACKAGE_SUFFIXES:
        from bot.decks.readers.anki import read_anki_package

        deck = read_anki_package(data, file)
    elif data.startswith(_SQLITE_MAGIC):
        raise DeckError(file, "is a bare SQLite database; export the deck from Anki as a .apkg package instead")
    else:
        deck = _read_text_deck(decode_text(data, file), file, suffix)
    if not deck.cards:
        raise DeckError(file, _no_cards(data, file))
    if len(deck.cards) > MAX_CARDS:
        raise DeckError(file, f"has {len(deck.cards):,} cards; the limit is {MAX_CARDS:,}, so split it into smaller decks")
    return deck


def _is_deck_zip(data: bytes) -> bool:
    from bot.decks.readers.deck_zip import is_deck_zip

    return is_deck_zip(data)


def _read_text_deck(text: str, file: str, suffix: str) -> Deck:
    from bot.decks.readers import delimited, notes, yaml_decks

    if suffix in _YAML_SUFFIXES or (suffix not in {".csv", ".tsv"} and yaml_decks.sniff(text)):
        return yaml_decks.read_yaml(text, file)
    if suffix in {".csv", ".tsv"} or delimited.sniff(text):
        return delimited.read_delimited(text, file)
    return notes.read_notes(text, file)


def _no_cards(data: bytes, file: str) -> str:
    """Why a file gave no cards: a separator Deckhand does not read, when one is plain to see."""
    from bot.decks.readers.delimited_rows import (
        SUPPORTED_SEPARATORS,
        split_lines,
        unsupported_separator,
    )

    if not data.startswith(_ZIP_MAGIC):
        mark = unsupported_separator(split_lines(decode_text(data, file)))
        if mark is not None:
            return (
                f"has no cards: its lines seem to be split by {mark!r}, which is not a separator Deckhand reads; "
                f"put one of {SUPPORTED_SEPARATORS} between each term and its definition"
                " (in Quizlet: Export, then choose it under 'Between term and definition')"
            )
    return "has no cards; check the format described in the README"


def too_big_message(size: int) -> str:
    return (
        f"is {size / 1_048_576:.1f} MB; the limit is {MAX_FILE_BYTES // 1_048_576} MB, "
        "so split it into smaller decks"
    )
