"""Which column of a delimited file is the front, the back, aliases, extras, tags, deck and note type, by its header."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.cards import Card, clean_space
from bot.decks.readers.text import strip_html

_FRONT_QUESTION = {"front", "question", "questions", "prompt", "q", "side 1", "side a", "clue"}
_FRONT_TERM = {"term", "terms", "word", "words", "concept", "name", "vocab", "vocabulary", "key term", "keyword"}
_BACK = {
    "back", "answer", "a", "side 2", "side b", "definition", "definitions", "meaning",
    "description", "translation", "def",
}
_ALIASES = {
    "answers", "aliases", "alias", "alternatives", "alternative answers", "alternates", "accept",
    "also accept", "accepted answers", "other answers", "synonyms",
}
_EXTRA = {
    "notes", "note", "explanation", "explanations", "extra", "back extra", "details", "detail",
    "comment", "comments", "example", "examples", "context", "hint", "source", "reference",
}
TAG_LABELS = {"tags", "tag", "labels", "label", "category", "categories", "topic", "topics"}
DECK_LABELS = {"deck", "deck name", "subdeck"}
NOTETYPE_LABELS = {"notetype", "note type", "model"}
GUID_LABELS = {"guid", "id", "note id"}

# --- columns to cards -------------------------------------------------------


@dataclass
class Layout:
    """Which column plays which part; ``positional`` means fields in order."""

    front: int = 0
    back: int = 1
    explicit: bool = True
    positional: bool = False
    join_rest: bool = False
    split_back: bool = False
    aliases: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    tags: int | None = None
    deck: int | None = None
    notetype: int | None = None
    guid: int | None = None
    front_name: str = "front"
    back_name: str = "back"
    ignored: list[str] = field(default_factory=list)


def normalize_label(cell: str) -> str:
    return clean_space(cell.replace("\ufeff", "").replace("_", " ").strip(" #:\"'")).lower()


def header_layout(cells: list[str]) -> Layout | None:
    """A layout when the cells name a front and a back column, else None."""
    layout = Layout()
    front = back = None
    for i, cell in enumerate(cells):
        name = normalize_label(cell)
        if not name:
            continue
        if front is None and name in _FRONT_QUESTION | _FRONT_TERM:
            front = i
            layout.explicit = name not in _FRONT_TERM
            layout.front_name = name
        elif back is None and name in _BACK:
            back, layout.back_name = i, name
        elif name in _ALIASES:
            layout.aliases.append(i)
        elif name in _EXTRA:
            layout.extra.append(i)
        elif name in TAG_LABELS and layout.tags is None:
            layout.tags = i
        elif name in DECK_LABELS and layout.deck is None:
            layout.deck = i
        elif name in NOTETYPE_LABELS and layout.notetype is None:
            layout.notetype = i
        elif name in GUID_LABELS and layout.guid is None:
            layout.guid = i
        else:
            layout.ignored.append(clean_space(cell))
    if front is not None and back is None and layout.aliases:
        back, layout.back_name, layout.split_back = layout.aliases.pop(0), "answers", True
    if front is None or back is None:
        return None
    layout.front, layout.back = front, back
    return layout


def cell(row: list[str], i: int | None) -> str:
    return row[i] if i is not None and i < len(row) else ""


def field_lines(raw: str, html: bool) -> list[str]:
    """The non-blank lines of a field, each with its white space collapsed."""
    if not html and "\n" not in raw and "\r" not in raw:
        line = clean_space(raw)  # one line, the commonest field: no need to split lines
        return [line] if line else []
    return [line for part in (strip_html(raw) if html else raw).splitlines() if (line := " ".join(part.split()))]


def with_tag(card: Card, tag: str) -> Card:
    return Card(card.front, card.back, card.answers, (*card.tags, tag), card.source, card.explicit)
