"""Read Anki packages (.apkg and .colpkg) into a :class:`Deck`.

Anki has written three package layouts over the years: a plain SQLite
``collection.anki2``; a ``collection.anki21`` beside a placeholder
``collection.anki2``; and today's zstd-compressed ``collection.anki21b``, also
beside that placeholder. The placeholder holds a single "please update Anki"
note, so the newest collection in the package is always the one read.

Packages come from strangers, so every step is bounded: the unpacked size
(zip and zstd alike, whatever the headers claim), the time SQLite may spend,
and the number of notes read. The collection is unpacked into a private
temporary folder and opened read-only; nothing else on disk is touched.
"""

from __future__ import annotations

import io
import struct
import tempfile
import time
import zipfile
from collections.abc import Collection as Names
from pathlib import Path

from bot.cards import PICTURE_ANSWER, Card, Deck, DeckError, Source, clean_space
from bot.decks.readers import cloze, limits
from bot.decks.readers.anki_collection import (
    MAX_FIELD_ENTITIES,
    MAX_NOTES,
    MAX_RAW_NOTE_CHARS,
    Collection,
    Note,
    read_collection,
)
from bot.decks.readers.anki_unpack import EXPORT_HINT, pick_collection, unpack
from bot.decks.readers.media import media_refs, read_media, safe_name
from bot.decks.readers.text import NoteLog, deck_tag, field_reading, strip_html, title_from_file

__all__ = ["MAX_NOTES", "read_anki_package"]


_READ_SECONDS = 30.0
"""Wall-clock budget for SQLite queries and turning notes into cards."""
_RENDER_BUDGET = 50_000_000
"""Characters of cloze text rendered per package: one render per card, so a long
note with thousands of deletions cannot take minutes."""


def read_anki_package(data: bytes, file: str) -> Deck:
    """Parse an Anki package; ``file`` names it in errors and card sources."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
        raise DeckError(file, "is not a valid Anki package (not a zip file)") from None
    except NotImplementedError as exc:
        raise DeckError(
            file, f"is a damaged zip file or uses a zip feature Anki does not write ({exc}); {EXPORT_HINT}"
        ) from None
    with archive:
        member = pick_collection(archive, file)
        with tempfile.TemporaryDirectory(prefix="deckhand-anki-", ignore_cleanup_errors=True) as folder:
            path = Path(folder) / "collection.db"
            unpack(archive, member, path, file)
            deadline = time.monotonic() + _READ_SECONDS
            collection = read_collection(path, file, member.filename, deadline)
        notes = NoteLog()
        refs = _references(collection)
        named = {name for fields in refs.values() for images, sounds in fields for name in (*images, *sounds)}
        media = read_media(archive, named, notes)
    return _build_deck(collection, file, deadline, media, notes, refs)


_Refs = tuple[tuple[list[str], list[str]], ...]
"""Per field of a note, the pictures and the sounds it names, as the note writes them."""


def _references(collection: Collection) -> dict[int, _Refs]:
    """The media each note names, scanned once: by the note's place in the collection."""
    found: dict[int, _Refs] = {}
    for index, note in enumerate(collection.notes):
        fields = note.fields or ()
        if any("<" in raw or "[sound:" in raw for raw in fields):
            found[index] = tuple(media_refs(raw) for raw in fields)
    return found


# --- notes to cards --------------------------------------------------------


def _build_deck(
    collection: Collection, file: str, deadline: float, media: dict[str, bytes] | None = None,
    media_notes: NoteLog | None = None, refs: dict[int, _Refs] | None = None,
) -> Deck:
    media = media or {}
    refs = refs if refs is not None else _references(collection)
    if not collection.notes:
        raise DeckError(
            file, "holds no notes; export a deck that has cards from Anki with File > Export > Anki Deck Package"
        )
    pending: list[tuple[_Result, Note, str | None]] = []
    skipped = NoteLog()
    budget = cloze.Budget(_RENDER_BUDGET)
    decks, kinds = collection.decks, collection.cloze
    for index, note in enumerate(collection.notes):
        if index % 256 == 255 and time.monotonic() > deadline:
            raise DeckError(file, f"took too long to read (stopped at note {note.nid}); split it into smaller decks")
        deck = decks.get(note.did) if note.did is not None else None
        try:
            results = _note_cards(
                note, kinds.get(note.mid) if note.mid is not None else None, budget, media.keys(), refs.get(index, ())
            )
        except cloze.BudgetSpent:
            raise DeckError(
                file,
                f"has cloze notes too long to read (note {note.nid} and before); split them into smaller notes",
            ) from None
        for result in results:
            if isinstance(result, str):
                skipped.add(f"note {note.nid}: skipped, {result}")
                continue
            pending.append((result, note, deck))
            if len(pending) > limits.MAX_CARDS:
                raise DeckError(
                    file,
                    f"has more than {limits.MAX_CARDS:,} cards; the limit is {limits.MAX_CARDS:,}, "
                    "so split it into smaller decks",
                )
    if not pending:
        raise DeckError(
            file, f"has no usable cards: all {len(collection.notes):,} notes were skipped ({skipped.items[0]})"
        )
    names = list(dict.fromkeys(deck for _, _, deck in pending if deck))
    tag_decks = len(names) > 1
    source = Source(file=file, line=None)
    cards = tuple(
        Card(front, back, answers, note.tags + (deck_tag(deck),) if tag_decks and deck else note.tags, source, True, media)
        for (front, back, answers, media), note, deck in pending
    )
    for note in media_notes.result() if media_notes else ():
        skipped.add(note)
    return Deck(
        title=_title(names, file), cards=cards, format="anki-package", source=file, notes=skipped.result(), media=media
    )


def _title(decks: list[str], file: str) -> str:
    if not decks:
        return title_from_file(file)
    if len(decks) == 1:
        return decks[0]
    paths = [deck.split("::") for deck in decks]
    common: list[str] = []
    for parts in zip(*paths):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    if common:
        return "::".join(common)
    return ", ".join(dict.fromkeys(path[0] for path in paths))


_Result = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]
PICTURE_PROMPT = "What does the picture show?"
"""The front of a card whose front is only a picture."""



def _note_cards(
    note: Note, is_cloze: bool | None, budget: cloze.Budget, available: Names[str] = (), refs: _Refs = ()
) -> list[_Result | str]:
    """Cards for one note, or a reason string for each card left out."""
    fields = note.fields
    if fields is None:
        return [f"longer than {MAX_RAW_NOTE_CHARS:,} characters"]
    if max(map(len, fields)) > MAX_FIELD_ENTITIES and any(
        value.count("&") > MAX_FIELD_ENTITIES for value in fields
    ):
        return [_TOO_LONG]
    if is_cloze is None:
        is_cloze = cloze.has_cloze(fields[0])
    media = tuple(name for name in _media_of(refs) if name in available)
    if is_cloze:
        return _cloze_cards(fields[0], tuple(value for raw in fields[1:] if (value := strip_html(raw))), budget, media)
    front = strip_html(fields[0])
    if not front:
        if not _pictures(refs[:1], available):
            return ["empty front (a picture that is not in the package, or none)"]
        front = PICTURE_PROMPT
    answer = strip_html(fields[1]) if len(fields) > 1 else ""
    if not answer:
        if len(fields) < 2 or not _pictures(refs[1:2], available):
            return ["empty answer (a picture that is not in the package, or none)"]
        answer = PICTURE_ANSWER
    if len(fields) > 2:
        back = (answer, *(value for raw in fields[2:] if (value := strip_html(raw))))
    else:
        back = (answer,)
    if _too_long(front, back):
        return [_TOO_LONG]
    reading = field_reading(fields[1])
    answers = (clean_space(answer), *((clean_space(reading),) if reading and reading != answer else ()))
    return [(front, back, answers, media)]


def _pictures(refs: _Refs, available: Names[str]) -> list[str]:
    """The pictures of one field (``refs`` holds that field's scan, or nothing) that the package holds."""
    return [safe_name(name) for images, _ in refs for name in images if safe_name(name) in available]


def _media_of(refs: _Refs) -> tuple[str, ...]:
    """A note's pictures and sounds by safe name, the front's first."""
    names = [safe_name(name) for images, sounds in refs for name in (*images, *sounds)]
    return tuple(dict.fromkeys(names))


def _cloze_cards(text: str, extras: tuple[str, ...], budget: cloze.Budget, media: tuple[str, ...]) -> list[_Result | str]:
    rendered = cloze.render_note(text, budget)
    if isinstance(rendered, str):
        return [rendered]
    back = (rendered.revealed, *extras)
    results: list[_Result | str] = []
    for card in rendered.cards:
        if isinstance(card, str):
            results.append(card)
        elif _too_long(card.front, back):
            results.append(_TOO_LONG)
        else:
            results.append((card.front, back, card.answers, media))
    return results


_TOO_LONG = f"a field is longer than {limits.MAX_FIELD_CHARS:,} characters"


def _too_long(front: str, back: tuple[str, ...]) -> bool:
    return len(front) > limits.MAX_FIELD_CHARS or max(map(len, back)) > limits.MAX_FIELD_CHARS
