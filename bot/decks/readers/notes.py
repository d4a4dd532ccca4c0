"""Plain-text study notes, the way people type them.

A note file has a title line, then headings (short, title-like lines, often
ending in a date range in parentheses), each followed by the sentences that
explain it. Headings become card fronts and the sentences become back facts.

The rules, and why:
- a line that starts in lower case continues the sentence before it, because
  editors and copy-paste break long lines mid-sentence;
- ``- ``, ``* `` and ``•`` bullets are stripped, and a bulleted line is always a
  fact, since people bullet facts, not headings;
- a heading is a line in title case (every word capitalised except small
  words such as "and", "of", "vs.") that does not end like a sentence;
- overview sections ("Conclusion", "Summary", ...) keep their facts but are
  never asked for recall: "Conclusion" is not an answer anyone should type;
- a heading with no facts of its own (a section label, or a stray last line)
  never becomes an empty card; it is reported in the deck's notes instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.cards import Card, Deck, Source, clean_space, derive_answers
from bot.decks.readers.limits import MAX_FIELD_CHARS
from bot.decks.readers.text import title_from_file

_BULLET = re.compile(r"^\s*(?:[-*•–·▪●]|\d{1,2}[.)])\s+")
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
_SENTENCE_END = (".", "!", "?", ";", ",", ":")
_MAX_HEADING_CHARS = 120

SMALL_WORDS = frozenset(
    """a an the and or nor but for of in on at to by from with over under between vs vs. versus v v.
    into onto upon as per via than during after before against about among through without within
    de la le du des del von van der den di da e y""".split()
)

OVERVIEW_HEADINGS = frozenset(
    {
        "conclusion", "conclusions", "summary", "overview", "introduction", "background",
        "review", "notes", "recap", "takeaways", "key takeaways", "in summary",
        "in conclusion", "final thoughts",
    }
)


@dataclass
class _Section:
    heading: str
    line: int
    facts: list[str] = field(default_factory=list)
    last_fact_bulleted: bool = False


def read_notes(text: str, file: str) -> Deck:
    """Parse plain-text notes into a deck; see the module docstring for the rules."""
    lines = _numbered_lines(text)
    notes: list[str] = []
    if not lines:
        return Deck(title=title_from_file(file), cards=(), format="notes", source=file)

    title = title_from_file(file)
    first_line, first_text, first_bulleted = lines[0]
    rest = lines[1:]
    # The first line is the deck's title when a heading follows it; when facts
    # follow it straight away it is the first heading and the file names the deck.
    if not first_bulleted and rest and _is_heading(rest[0][1], rest[0][2]):
        title = first_text
    else:
        rest = lines

    sections: list[_Section] = []
    current: _Section | None = None
    for number, line, bulleted in rest:
        if current is not None and current.facts and line[:1].islower() and not bulleted:
            current.facts[-1] = f"{current.facts[-1]} {line}"
            continue
        if _is_heading(line, bulleted):
            current = _Section(line, number)
            sections.append(current)
            continue
        if current is None:
            notes.append(f"line {number}: skipped, a fact before any heading")
            continue
        if len(line) > MAX_FIELD_CHARS:
            notes.append(f"line {number}: skipped, longer than {MAX_FIELD_CHARS:,} characters")
            continue
        current.facts.append(line)

    cards: list[Card] = []
    for section in sections:
        if not section.facts:
            notes.append(f"line {section.line}: heading {section.heading!r} has no facts under it, so it is not a card")
            continue
        overview = _is_overview(section.heading)
        cards.append(
            Card(
                front=section.heading,
                back=tuple(section.facts),
                answers=() if overview else derive_answers(section.heading),
                tags=("overview",) if overview else (),
                source=Source(file, section.line),
            )
        )
    return Deck(title=title, cards=tuple(cards), format="notes", source=file, notes=tuple(notes))


def _numbered_lines(text: str) -> list[tuple[int, str, bool]]:
    """Non-blank lines with their 1-based numbers, bullets stripped and flagged."""
    result = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = _BULLET.sub("", raw, count=1)
        bulleted = stripped != raw and bool(_BULLET.match(raw))
        line = clean_space(stripped.replace("\ufeff", ""))
        if line:
            result.append((number, line, bulleted))
    return result


def _is_heading(line: str, bulleted: bool) -> bool:
    if bulleted or len(line) > _MAX_HEADING_CHARS or line.endswith(_SENTENCE_END):
        return False
    words = _WORD.findall(line)
    if not words:
        return False
    for word in words:
        if word[0].islower() and word.lower() not in SMALL_WORDS:
            return False
    return any(word[0].isupper() for word in words)


def _is_overview(heading: str) -> bool:
    return clean_space(re.sub(r"[^\w\s]", " ", heading)).lower() in OVERVIEW_HEADINGS
