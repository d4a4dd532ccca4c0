"""Cards and decks: the records readers produce.

Readers turn files into :class:`Deck` objects; question generation, grading,
storage and the Discord layer only ever see these types, never file formats.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

DIRECTIONS = ("front", "back", "both")
"""Which side of a two-sided card is shown: the front (answer with the back), the back (answer with the
front), or either. Chosen per deck at import and per round; None lets the deck's shape decide."""

# A parenthesised part that is only a year or a range of years, e.g. "(1947-1953)".
_PAREN = re.compile(r"\s*\(([^()]*)\)")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a card came from, so errors and reports can point at it."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class Card:
    """One thing to learn.

    ``front`` is the term or heading (or, when ``explicit`` is true, a question
    to ask as written). ``back`` holds the facts that explain it. ``answers``
    are the replies that count as correct; an empty tuple means the card is
    context only (an overview) and is never asked for recall.
    """

    front: str
    back: tuple[str, ...]
    answers: tuple[str, ...]
    tags: tuple[str, ...] = ()
    source: Source = field(default_factory=lambda: Source("<memory>"))
    explicit: bool = False
    media: tuple[str, ...] = ()
    """Pictures and sounds of the card, front first: file names in the deck's media, or web addresses."""
    aliases: tuple[str, ...] = ()
    """The answers among ``answers`` that a deck file lists as aliases (answers a group learned to accept):
    graded like any answer, and written back as aliases when the deck is exported."""

    @property
    def image(self) -> str | None:
        """The card's first picture: shown with its question."""
        return next((m for m in self.media if is_picture(m)), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "front": self.front,
            "back": list(self.back),
            "answers": list(self.answers),
            "tags": list(self.tags),
            "source": str(self.source),
            "media": list(self.media),
        }


class _SourceDraft:
    """A Source being filled in: the same slots, without the frozen guard."""

    __slots__ = Source.__slots__


def new_source(file: str, line: int | None) -> Source:
    """``Source(file, line)``, as fast as :func:`new_card` makes cards."""
    source = object.__new__(_SourceDraft)
    source.file = file
    source.line = line
    source.__class__ = Source  # type: ignore[assignment]
    return source  # type: ignore[return-value]


class _CardDraft:
    """A Card being filled in: the same slots, without the frozen guard."""

    __slots__ = Card.__slots__


def new_card(
    front: str,
    back: tuple[str, ...],
    answers: tuple[str, ...],
    tags: tuple[str, ...],
    source: Source,
    explicit: bool,
    media: tuple[str, ...] = (),
    aliases: tuple[str, ...] = (),
) -> Card:
    """``Card(...)`` with every field given, three times as fast: for readers of files with thousands of cards.

    A frozen dataclass sets each field through ``object.__setattr__``. This
    fills a plain object with the same slots, then makes it a Card (Python
    lets an object change to a class of the same layout). The card is equal
    to the one ``Card`` makes, and as frozen.
    """
    card = object.__new__(_CardDraft)
    card.front = front
    card.back = back
    card.answers = answers
    card.tags = tags
    card.source = source
    card.explicit = explicit
    card.media = media
    card.aliases = aliases
    card.__class__ = Card  # type: ignore[assignment]
    return card  # type: ignore[return-value]


@dataclass(frozen=True)
class Deck:
    """A titled card set, with the format it was read from."""

    title: str
    cards: tuple[Card, ...]
    format: str
    source: str = "<memory>"
    notes: tuple[str, ...] = ()
    """Lines the reader skipped and why, for the import summary."""
    description: str = ""
    """What the deck is about, in its author's words, where the file says."""
    author: str = ""
    """Who made the deck, where the file says."""
    media: Mapping[str, bytes] = field(default_factory=dict, compare=False, hash=False, repr=False)
    """The pictures and sounds its cards name, by file name, re-encoded within the media limits."""

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "format": self.format,
            "cards": [card.to_json() for card in self.cards],
        }


PICTURE_ANSWER = "(the picture)"
"""The answer of a card whose answer is only a picture: it is shown, never typed."""
IMAGE_URL = re.compile(r"\s*<?(https?://[^\s<>]+?\.(?:png|jpe?g|gif|webp)(?:\?[^\s<>]*)?)>?(?=\s|$)", re.IGNORECASE)
"""A picture's web address written into a question ("Who's that Pokémon? https://…/1.png")."""


def split_image_url(text: str) -> tuple[str, str | None]:
    """The text without a picture address in it, and the first such address."""
    if "http" not in text:
        return text, None
    match = IMAGE_URL.search(text)
    if match is None:
        return text, None
    return clean_space(IMAGE_URL.sub(" ", text)), match.group(1)


PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff")


def is_picture(name: str) -> bool:
    """A picture's file name or web address, by its ending (an address may carry a query)."""
    return name.lower().split("?", 1)[0].endswith(PICTURE_SUFFIXES)


def is_clean(text: str, printable: bool = False) -> bool:
    """True when :func:`clean_space` leaves the text as it is; ``printable`` says it is known to be printable.

    Every white space but " " is unprintable: printable text without doubled or outer spaces is clean."""
    return (printable or text.isprintable()) and "  " not in text and text[:1] != " " and text[-1:] != " "


def clean_space(text: str) -> str:
    """Collapse runs of white space; card text comes from many editors.

    Text that is already clean comes back as the same string, so a card's
    front and its first answer share one copy."""
    if is_clean(text):
        return text
    cleaned = " ".join(text.split())
    return text if cleaned == text else cleaned


def clean_lines(text: str) -> str:
    """:func:`clean_space` for each line, with empty lines dropped: a card's own line breaks stay.

    "Topic: Great Leap Forward\nFill in the years" is two lines on Discord too."""
    if "\n" not in text and "\r" not in text and "\u2028" not in text:
        return clean_space(text)
    return "\n".join(line for part in text.splitlines() if (line := clean_space(part)))


def derive_answers(front: str, *, cleaned: bool = False) -> tuple[str, ...]:
    """Answers a fair marker accepts for a term or heading.

    The front as written comes first. Parenthesised parts are optional, so
    "Initial Cooperation and Alliance (1947-1953)" also accepts the name
    without the dates. Other parenthesised parts may be dropped too, and a
    leading year ("1958 Taiwan Strait Crisis") is optional.
    """
    if not cleaned:  # a reader that collapsed the front's white space already says so
        front = clean_space(front)
    if not front:
        return ()
    # Most fronts have no parentheses and no leading digit; those, and fronts
    # whose parentheses are all dates (or none are), skip the per-match callback.
    opening = front.find("(")
    if opening < 0:
        if not front[0].isdigit():
            return (front,)
        without_dates = without_all = front
    elif front[-1] == ")" and front.find(")") == len(front) - 1 and front.find("(", opening + 1) < 0:
        # "Name (1908)": one bracketed part at the end, the commonest shape, without the regex split.
        without_all = front[:opening].rstrip()  # the front's space is collapsed: only a space before "(" to drop
        inner = front[opening + 1 : -1]
        if (inner.isdigit() and 3 <= len(inner) <= 4 and inner.isascii()) or _is_dates(inner):
            if not without_all[:1].isdigit():
                return (front, without_all) if without_all else (front,)
            without_dates = without_all
        else:
            without_dates = front
    else:
        parts = _PAREN.split(front)  # outside text, then each parenthesised part's inside, alternately
        dated = [_is_dates(inner) for inner in parts[1::2]]
        without_all = clean_space("".join(parts[::2])) if dated else front
        if all(dated):
            without_dates = without_all
        elif not any(dated):
            without_dates = front
        else:
            without_dates = clean_space(_PAREN.sub(_drop_dates, front))
    # "1958 Taiwan Strait Crisis": the leading year is part of the name, but the
    # name alone is a fair answer too (the year gets its own date question).
    if without_dates[:1].isdigit():
        without_year = clean_space(_LEADING_YEAR.sub("", without_dates))
    else:
        without_year = without_dates
    if without_dates is without_all is without_year:  # "Name (1908)": the name with and without its date
        return (front, without_all) if without_all and without_all != front else (front,)
    answers = [front]
    for candidate in (without_dates, without_all, without_year):
        if candidate and candidate not in answers:
            answers.append(candidate)
    return tuple(answers)


def _drop_dates(match: re.Match[str]) -> str:
    return "" if _is_dates(match.group(1)) else match.group(0)


_LEADING_YEAR = re.compile(r"^\d{4}s?\s+(?=\D)")
_DATES = re.compile(r"^(c\.\s*)?\d{3,4}s?(\s*[-–—/]\s*\d{2,4}s?)?(\s*(BC|BCE|AD|CE))?$", re.IGNORECASE)


def _is_dates(text: str) -> bool:
    if text.isdigit() and 3 <= len(text) <= 4 and text.isascii():
        return True  # "1908", the commonest: what the pattern matches, without it
    return bool(_DATES.match(text.strip()))
