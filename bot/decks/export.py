"""A deck as a file another server can import: the native YAML deck file, with every alias it learned.

Any deck (notes, a spreadsheet, an Anki package, YAML) is written in the
documented ``deck-yaml`` format (``docs/deck-formats-yaml.md``): each card's
front, its own answers where they are not simply the front, the aliases the
file had and the ones this server accepted (``aliases:``), the facts, the
tags and the names of its pictures and sounds. A deck with pictures or
sounds is a zip of that file and the media. The output is deterministic
(fixed order, fixed zip times), so exporting an exported deck once imported
gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.cards import Card, Deck, clean_space, derive_answers
from bot.decks.library import card_key

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SLUG = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class ExportedDeck:
    filename: str
    data: bytes
    cards: int
    aliases: int
    media: int

    @property
    def zipped(self) -> bool:
        return self.filename.endswith(".zip")


def file_stem(name: str) -> str:
    """A deck name as a file name."""
    return _SLUG.sub("-", name.strip()).strip("-.") or "deck"


def card_entry(card: Card, learned: Sequence[str] = ()) -> dict[str, Any]:
    """One card as the deck file writes it."""
    entry: dict[str, Any] = {"front": card.front}
    own = [a for a in card.answers if a not in card.aliases]
    if not card.answers and card.back:
        entry["asked"] = "no"  # context: shown with the deck, never asked
    elif card.explicit or tuple(own) != derive_answers(clean_space(card.front)):
        entry["answers"] = own
    aliases = list(dict.fromkeys([*card.aliases, *(a for a in learned if a not in card.answers)]))
    if aliases:
        entry["aliases"] = aliases
    back = [text for fact in card.back for part in fact.splitlines() if (text := clean_space(part))]
    if back:
        entry["back"] = back  # each line one fact, as the format reads them
    if card.tags:
        entry["tags"] = list(card.tags)
    if card.media:
        entry["media"] = list(card.media)
    return entry


def deck_yaml(deck: Deck, name: str, learned: Mapping[str, Sequence[str]] | None = None) -> str:
    """The deck file's text; ``learned`` is each card key's aliases accepted on this server."""
    learned = learned or {}
    top: dict[str, Any] = {"title": deck.title}
    if deck.description:
        top["description"] = deck.description
    if deck.author:
        top["author"] = deck.author
    given: set[str] = set()
    cards = []
    for card in deck.cards:
        key = card_key(name, card)
        extra = learned.get(key, ()) if key not in given else ()  # two cards with one front: the first carries them
        given.add(key)
        cards.append(card_entry(card, extra))
    top["cards"] = cards
    import yaml  # only when a deck is exported: the bot need not hold the emitter from start-up

    text = yaml.safe_dump(top, sort_keys=False, allow_unicode=True, width=1_000_000, default_flow_style=False)
    return "# A Deckhand deck file: docs/deck-formats-yaml.md\n" + text


def export_deck(deck: Deck, name: str, learned: Mapping[str, Sequence[str]] | None = None) -> ExportedDeck:
    """The file to hand out: ``<name>.yaml``, or ``<name>.zip`` with the media beside it."""
    learned = learned or {}
    stem = file_stem(name)
    text = deck_yaml(deck, name, learned).encode("utf-8")
    aliases = sum(len(card.aliases) for card in deck.cards) + sum(len(v) for v in learned.values())
    named = sorted({m for card in deck.cards for m in card.media if m in deck.media})
    if not named:
        return ExportedDeck(f"{stem}.yaml", text, len(deck.cards), aliases, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, data in ((f"{stem}.yaml", text), *((m, deck.media[m]) for m in named)):
            info = zipfile.ZipInfo(member, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return ExportedDeck(f"{stem}.zip", out.getvalue(), len(deck.cards), aliases, len(named))
