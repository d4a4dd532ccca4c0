"""A deck file with its pictures and sounds in one zip: what ``/deck export`` makes of a deck with media.

The zip holds one native YAML deck file (``docs/deck-formats-yaml.md``) at its
top level and the files its cards name under ``media:``. Media are read within
the same limits as an Anki package's (:mod:`bot.decks.readers.media`).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from bot.cards import Deck, DeckError
from bot.decks.readers.media import MAX_FILE_BYTES, read_media, safe_name
from bot.decks.readers.text import NoteLog, decode_text

_YAML = (".yaml", ".yml")


def is_deck_zip(data: bytes) -> bool:
    """A zip with a YAML deck file at its top level and no Anki collection."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    if any(n.startswith("collection.anki") for n in names):
        return False
    return any("/" not in n and n.lower().endswith(_YAML) for n in names)


def read_deck_zip(data: bytes, file: str) -> Deck:
    from bot.decks.readers.yaml_decks import read_yaml

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise DeckError(file, "is not a zip file Deckhand can read") from None
    with archive:
        decks = [i for i in archive.infolist() if "/" not in i.filename and i.filename.lower().endswith(_YAML)]
        if len(decks) != 1:
            raise DeckError(file, f"holds {len(decks)} YAML files; a deck zip holds one deck file and its media")
        member = decks[0]
        if member.file_size > MAX_FILE_BYTES:
            raise DeckError(file, f"its deck file {member.filename} is over {MAX_FILE_BYTES >> 20} MB")
        deck = read_yaml(decode_text(archive.read(member), file), file)
        notes = NoteLog()
        for note in deck.notes:
            notes.add(note)
        wanted = {m for card in deck.cards for m in card.media if not m.startswith(("https://", "http://"))}
        mapping = {info.filename: info for info in archive.infolist() if info.filename in wanted}
        media = read_media(archive, wanted, notes, mapping)
    # Cards name their files by the safe names the media were kept under.
    cards = tuple(
        replace(card, media=tuple(m if m.startswith(("https://", "http://")) else safe_name(m) for m in card.media))
        if card.media else card
        for card in deck.cards
    )
    return replace(deck, cards=cards, media=media, notes=notes.result(), format="deck-yaml")


__all__ = ["is_deck_zip", "read_deck_zip"]
