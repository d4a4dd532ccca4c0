"""Turning uploaded bytes into text, card fields into plain text, and the
small pieces of text every reader writes the same way.

Deck files come from Windows editors, spreadsheet exports and Anki's HTML
fields; this module is the one place that deals with encodings and markup. It
also holds the deck title taken from a file name, the ``deck:`` tag for cards
from several decks, and the capped list of skipped-row notes, so that every
format reports them alike.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from bot.cards import DeckError, clean_space
from bot.decks.readers.markup import kana_reading, show_furigana, show_math

__all__ = ["NoteLog", "deck_tag", "decode_text", "field_reading", "strip_html", "title_from_file"]

_TAG = re.compile(r"<[^>]*>")
_HIDDEN = re.compile(r"<\s*(style|script)\b[^>]*>.*?(<\s*/\s*\1\s*>|$)", re.IGNORECASE | re.DOTALL)
"""A style sheet or script in a field: its contents are code, never card text."""
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\s*/?\s*>", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_SPACES = re.compile(r"[ \t]+")
"""Runs of blanks within a line; \\r, \\f and \\v end a line, and other white space is kept."""


def decode_text(data: bytes, file: str) -> str:
    """Decode a text deck, or say exactly where and why it is not UTF-8.

    UTF-8 with or without a byte-order mark and UTF-16 with one are accepted.
    Anything else (Latin-1 or Windows-1252 files, binary junk) is refused with
    the first bad line, because guessing silently turns accents into garbage
    that then never grades correct.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise DeckError(file, "starts like UTF-16 but is not valid UTF-16; save it as UTF-8 and try again") from None
    if b"\x00" in data[:8192]:
        raise DeckError(file, "is a binary file, not a text deck; upload a text, CSV, YAML or Anki (.apkg) file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        hint = "it looks like Latin-1 or Windows-1252" if _mostly_text(data) else "it looks like binary data"
        raise DeckError(
            file,
            f"is not UTF-8 text ({hint}); save it as UTF-8 and try again",
            line=line,
        ) from None


def _mostly_text(data: bytes) -> bool:
    sample = data[:4096]
    printable = sum(1 for b in sample if b >= 0x20 or b in b"\t\r\n")
    return printable >= 0.95 * max(1, len(sample))


def strip_html(text: str) -> str:
    """Plain text from an Anki or Quizlet field, as a member should read it.

    Tags, entities, sounds and the contents of ``<style>`` and ``<script>``
    are gone; furigana shows its kanji and LaTeX reads as inline code
    (:mod:`bot.decks.readers.markup`).
    """
    text = _plain(text)
    if "[" in text:
        text = show_furigana(text)
    if "\\" in text or "[$" in text or "[latex]" in text or "[LATEX]" in text:
        text = show_math(text)
    return text


def field_reading(text: str) -> str | None:
    """A field's furigana reading (``私[わたし]`` -> ``わたし``) as plain text, or None when it has none."""
    if "[" not in text:
        return None
    reading = kana_reading(_plain(text))
    return None if reading is None else show_math(reading)


def _plain(text: str) -> str:
    """Tags, entities, sounds, styles and scripts removed, lines tidied.

    Most fields hold no markup at all, so those skip every pattern, and each
    pattern only runs when its first character is present. Tags and sounds are
    only looked for up to the last ``>`` or ``]``: an opener with no closer
    after it would otherwise rescan the rest of the field, which on a field of
    nothing but ``<`` takes minutes.
    """
    if "<" in text or "&" in text or "[sound:" in text or "\xa0" in text:
        if "<" in text:
            lowered = text.lower()
            if "<style" in lowered or "<script" in lowered:
                text = _HIDDEN.sub("\n", text)
            text = _drop_before(_BREAK, text, ">", "\n")
        if "[sound:" in text:
            text = _drop_before(_SOUND, text, "]")
        if "<" in text:
            text = _drop_before(_TAG, text, ">")
        if "&" in text:
            text = _unescape(text)
        text = text.replace("\xa0", " ")
    elif " ".join(text.split()) == text:
        return text  # one line, single spaces, nothing to strip
    if "\t" in text or "  " in text:
        text = _SPACES.sub(" ", text)
    return "\n".join(filter(None, map(str.strip, text.splitlines())))


def _drop_before(pattern: re.Pattern[str], text: str, closer: str, repl: str = "") -> str:
    """``pattern.sub`` over the text up to the last ``closer``, where any match must end."""
    end = text.rfind(closer) + 1
    if end == len(text):
        return pattern.sub(repl, text)
    return pattern.sub(repl, text[:end]) + text[end:] if end else text


_COMMON_ENTITIES = (("&nbsp;", "\xa0"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"))


def _unescape(text: str) -> str:
    """``html.unescape``, by plain replacement when only the usual entities occur.

    ``html.unescape`` calls back into Python once per entity, which dominates
    on fields dense with ``&nbsp;``. Every ``&`` starts at most one entity, so
    replacing them one name at a time is exact as long as ``&amp;`` goes last
    (its ``&`` must not start a new entity).
    """
    known = sum(text.count(entity) for entity, _ in _COMMON_ENTITIES)
    amps = text.count("&amp;")
    if known + amps != text.count("&"):
        return html.unescape(text)
    if known:
        for entity, char in _COMMON_ENTITIES:
            text = text.replace(entity, char)
    return text.replace("&amp;", "&") if amps else text


_MAX_NOTES = 100
"""Skip notes kept per deck; the rest are only counted."""


class NoteLog:
    """Skipped-row notes, capped so a broken 10 MB file gives a readable summary."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.dropped = 0

    def add(self, note: str) -> None:
        if len(self.items) < _MAX_NOTES:
            self.items.append(note)
        else:
            self.dropped += 1

    def result(self) -> tuple[str, ...]:
        more = (f"... and {self.dropped:,} more",) if self.dropped else ()
        return (*self.items, *more)


def title_from_file(file: str) -> str:
    """A readable deck title from a file name: 'cold_war-basics.csv' -> 'Cold war basics'."""
    stem = Path(file).stem
    if " " not in stem:
        stem = stem.replace("_", " ").replace("-", " ")
    stem = clean_space(stem)
    return (stem[:1].upper() + stem[1:]) if stem else "Untitled deck"


def deck_tag(deck: str) -> str:
    """The tag naming a card's deck when a file holds several: 'deck:History::Cold_War'."""
    return "deck:" + "_".join(deck.split())
