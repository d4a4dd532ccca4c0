"""Turning uploaded bytes into text, and card fields into plain text.

Deck files come from Windows editors, spreadsheet exports and Anki's HTML
fields; this module is the one place that deals with encodings and markup.
"""

from __future__ import annotations

import html
import re

from bot.errors import DeckError

_TAG = re.compile(r"<[^>]*>")
_BREAK = re.compile(r"<\s*(br|/p|/div|/li)\s*/?\s*>", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:[^\]]*\]")
_SPACES = re.compile(r"[ \t\r\f\v]+")


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
    """Plain text from an Anki or Quizlet field: tags, entities and sounds gone."""
    text = _BREAK.sub("\n", text)
    text = _SOUND.sub("", text)
    text = _TAG.sub("", text)
    text = html.unescape(text).replace("\xa0", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
