"""Anki cloze deletions (``{{c1::answer::hint}}``), rendered the way Anki shows them.

Both the package reader and the text-export reader meet cloze notes, and a
card must read the same whichever way the deck arrived, so this is the one
implementation. Anki makes one card per deletion number: that number's
deletions become ``[...]`` (or ``[hint]``) and every other deletion shows its
text. Deletions may nest, and an unclosed ``{{c1::`` stays literal text, as in
Anki.

Each card renders the whole note again, so a note with thousands of numbers
costs its length times thousands, and a note packed with ``{{c1::`` or ``::``
costs far more to parse than its length suggests. Callers share one
:class:`Budget` per deck, charged for both before the work is done, which is
what keeps a hostile file from taking minutes. Parsing is one pass of a simple
tokenizer: a regular expression matching whole deletions backtracks badly on a
run of unclosed ``{{c1::``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.cards import clean_space
from bot.decks.readers.text import strip_html

__all__ = [
    "NO_DELETION",
    "Budget",
    "BudgetSpent",
    "ClozeCard",
    "ClozeNote",
    "has_cloze",
    "render_note",
]

NO_DELETION = "cloze note without any {{c1::...}} deletion"
"""Why a note is skipped when it is marked as cloze but has no deletion."""
_IMAGE_OCCLUSION = "image occlusion needs the picture, which is not shown"
_MAX_DEPTH = 20
_TOKEN_COST = 50
"""Budget charged per ``{{cN::``, ``::`` or ``}}``: parsing one costs about as much as rendering 50 characters."""
"""Deepest nesting parsed; a deeper ``{{cN::`` stays literal text."""

_OPEN = re.compile(r"\{\{c\d{1,6}::")
_TOKEN = re.compile(r"\{\{c(\d{1,6})::|::|\}\}")


class BudgetSpent(Exception):
    """The deck's cloze notes need more rendering than its :class:`Budget` allows."""


class Budget:
    """Characters the cloze notes of one deck may render, all cards together."""

    def __init__(self, chars: int) -> None:
        self.left = chars

    def spend(self, chars: int) -> None:
        self.left -= chars
        if self.left < 0:
            raise BudgetSpent


@dataclass(frozen=True)
class ClozeCard:
    number: int
    front: str
    """Plain text with the asked deletions blanked; may hold line breaks."""
    answers: tuple[str, ...]
    """The asked deletions' text, white space collapsed, each once."""


@dataclass(frozen=True)
class ClozeNote:
    revealed: str
    """Plain text with every deletion shown: the back of each card."""
    cards: tuple[ClozeCard | str, ...]
    """One per deletion number, in order; a string says why that card is left out."""


def has_cloze(text: str) -> bool:
    """True when the text opens at least one deletion."""
    return "{{c" in text and _OPEN.search(text) is not None


def render_note(text: str, budget: Budget) -> ClozeNote | str:
    """Cards for one cloze field (HTML allowed), or why the whole note is left out.

    Raises :class:`BudgetSpent` before parsing or rendering a note the budget cannot pay for.
    """
    budget.spend(len(text) + _TOKEN_COST * (text.count("{{c") + text.count("::") + text.count("}}")))
    nodes = _parse(text)
    clozes = _closed(nodes)
    if not clozes:
        return NO_DELETION
    answers: dict[int, dict[str, None]] = {}
    for cloze in clozes:
        shown = _render(cloze.body, None)
        if shown.startswith("image-occlusion:"):
            return _IMAGE_OCCLUSION
        asked = answers.setdefault(cloze.number, {})
        if answer := clean_space(strip_html(shown)):
            asked[answer] = None
    numbers = sorted(answers)
    budget.spend(len(text) * (len(numbers) + 1))  # the revealed back and one front per number
    cards: list[ClozeCard | str] = []
    for number in numbers:
        if answers[number]:
            cards.append(ClozeCard(number, strip_html(_render(nodes, number)), tuple(answers[number])))
        else:
            cards.append(f"cloze c{number} has an empty answer (pictures and sounds are not shown)")
    return ClozeNote(strip_html(_render(nodes, None)), tuple(cards))


@dataclass
class _Cloze:
    number: int
    body: list[str | _Cloze] = field(default_factory=list)
    hint: list[str | _Cloze] | None = None
    closed: bool = False


def _parse(text: str) -> list[str | _Cloze]:
    """Split text into plain runs and (possibly nested) deletions."""
    root: list[str | _Cloze] = []
    stack: list[_Cloze] = []
    sink = root  # where text goes: the root, or the innermost open deletion's body or hint
    pos = 0
    for match in _TOKEN.finditer(text):
        start = match.start()
        if start > pos:
            sink.append(text[pos:start])
        pos = match.end()
        token = match.group(0)
        if match.group(1) is not None and len(stack) < _MAX_DEPTH:
            cloze = _Cloze(max(1, int(match.group(1))))  # Anki counts c0 as c1
            sink.append(cloze)
            stack.append(cloze)
            sink = cloze.body
        elif token == "::" and stack and stack[-1].hint is None:
            stack[-1].hint = sink = []
        elif token == "}}" and stack:
            stack.pop().closed = True
            if stack:
                top = stack[-1]
                sink = top.hint if top.hint is not None else top.body
            else:
                sink = root
        else:
            sink.append(token)
    if pos < len(text):
        sink.append(text[pos:])
    return root


def _render(nodes: list[str | _Cloze], ask: int | None) -> str:
    """Text with deletion ``ask`` blanked and every other one shown."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif not node.closed:
            hint = "" if node.hint is None else "::" + _render(node.hint, ask)
            out.append(f"{{{{c{node.number}::{_render(node.body, ask)}{hint}")
        elif node.number == ask:
            hint = clean_space(strip_html(_render(node.hint, None))) if node.hint is not None else ""
            out.append(f"[{hint}]" if hint else "[...]")
        else:
            out.append(_render(node.body, ask))
    return "".join(out)


def _closed(nodes: list[str | _Cloze]) -> list[_Cloze]:
    """Every closed deletion, outer before inner, in reading order."""
    found = []
    for node in nodes:
        if isinstance(node, _Cloze):
            if node.closed:
                found.append(node)
            found.extend(_closed(node.body))
    return found
