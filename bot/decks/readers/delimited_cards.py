"""Rows to cards, under one column layout: the per-row rules of every delimited format."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.cards import Card, Deck, DeckError, Source, clean_lines, clean_space, derive_answers
from bot.cards.model import is_clean, new_card, new_source
from bot.decks.readers import cloze
from bot.decks.readers.delimited_columns import Layout, cell, field_lines, with_tag
from bot.decks.readers.limits import MAX_CARDS, MAX_FIELD_CHARS
from bot.decks.readers.text import NoteLog, deck_tag, strip_html

__all__ = ["RowBuilder", "no_control_chars"]

_HTML_HINT = re.compile(
    r"<\s*/?\s*(br|div|p|b|i|u|span|img|ul|ol|li|sub|sup|font|hr)\b|&(nbsp|amp|lt|gt|quot|#\d+);", re.I
)
_CLOZE_RENDER_BUDGET = 50_000_000
"""Characters all cloze cards of one file may render; bounds notes with hundreds of deletions."""
_RULE = re.compile(r":?-*:?")
"""A Markdown table rule cell once stripped; stripping first keeps the match linear."""
_ALIAS_SPLIT = re.compile(r"\s*[|;]\s*")
_TAG_SPLIT = re.compile(r"[,;]")

_TEXT_BYTES = bytes(range(0x20, 0x7F)) + bytes(range(0x80, 0x100)) + b"\n"


def no_control_chars(lines: list[str], start: int, separator: str) -> bool:
    """True when every cell from ``start`` on is split off a line without an ASCII control character.

    Then an ASCII cell is printable with no further check (its text is one
    line, and the separator is not in it). Rows the csv module parses can hold
    line breaks inside quotes, so a quote mark rules this out.
    """
    body = "\n".join(lines[start:])
    if '"' in body:
        return False
    # Deleting every byte of printable ASCII, of UTF-8 beyond ASCII, and of the line breaks leaves the control characters.
    allowed = _TEXT_BYTES + b"\t" if separator == "\t" else _TEXT_BYTES
    return not body.encode("utf-8", "surrogatepass").translate(None, allowed)


class RowBuilder:
    """Turns rows into cards under one layout, collecting skip notes.

    Everything that depends only on the layout is settled here once, so the
    per-row work of a 20,000-row file is only the row's own text.
    """

    def __init__(
        self,
        file: str,
        layout: Layout,
        *,
        html: bool | None = False,
        tags: tuple[str, ...] = (),
        deck: str | None = None,
        notetype: str | None = None,
    ) -> None:
        self.file = file
        self.layout = layout
        self.html = html
        self.global_tags = tuple(dict.fromkeys(t for t in tags if t))
        self.global_deck = deck
        self.global_cloze = "cloze" in (notetype or "").lower()
        self.notes = NoteLog()
        self.cards: list[Card] = []
        self.deck_of: dict[int, str] = {}
        """The deck each card names, by its place in ``cards``, for cards that name one."""
        self.first_skip: tuple[int, str] | None = None
        self.budget = cloze.Budget(_CLOZE_RENDER_BUDGET)
        meta = (layout.tags, layout.deck, layout.notetype, layout.guid)
        self.meta = frozenset(i for i in meta if i is not None)
        self.front_empty = f"the {layout.front_name} is empty"
        self.back_empty = f"the {layout.back_name} is empty"
        self.plain = (
            html is False
            and not self.global_cloze
            and not self.meta
            and not layout.aliases
            and not layout.split_back
            and not layout.extra
            and not deck
        )
        """Rows may take :meth:`add_rows`' quick way: no markup, cloze, tags, deck, aliases or extra columns."""

    def skip(self, line: int, why: str) -> None:
        if self.first_skip is None:
            self.first_skip = (line, why)
        self.notes.add(f"line {line}: skipped, {why}")

    def add_rows(self, rows: Iterable[tuple[int, list[str]]], *, ascii_clean: bool = False) -> None:
        """:meth:`add` for every row, the commonest rows the quick way.

        Most rows of a big sheet are two short cells of clean one-line text.
        For those, every rule of :meth:`add` is settled by a few checks of
        the two cells: the card is the same one ``add`` makes, with less work.
        Any other row goes through ``add``. ``ascii_clean`` says no cell holds
        an ASCII control character: an ASCII cell is then printable.
        """
        if not self.plain:
            for line, row in rows:
                self.add(line, row)
            return
        lay = self.layout
        front_at, back_at = (0, 1) if lay.positional else (lay.front, lay.back)
        width = 2 if lay.positional else max(front_at, back_at) + 1
        explicit, tags = lay.explicit, self.global_tags
        file, cards, add, limit = self.file, self.cards, self.add, MAX_FIELD_CHARS
        for line, row in rows:
            if len(row) == width or (len(row) > width and not lay.positional):
                front, back = row[front_at], row[back_at]
                # Both cells clean one-line text that clean_space leaves as it is, and not empty;
                # a front that starts with neither ":" nor "-" is no Markdown rule cell either.
                if (
                    front
                    and back
                    and front[0] not in ":-"
                    and len(front) <= limit >= len(back)
                    and is_clean(front, ascii_clean and front.isascii())
                    and is_clean(back, ascii_clean and back.isascii())
                    and not (explicit and cloze.has_cloze(front))
                ):
                    if len(cards) >= MAX_CARDS:
                        raise self._too_many()
                    answers = (back,) if explicit else derive_answers(front, cleaned=True)
                    cards.append(new_card(front, (back,), answers, tags, new_source(file, line), explicit))
                    continue
            add(line, row)

    def add(self, line: int, row: list[str]) -> None:
        # The first cell settles most rows: a rule cell holds nothing but "-" and ":".
        if not row[0].strip().strip(":-") and all(_RULE.fullmatch(value.strip()) for value in row):
            return  # a Markdown table's |---|---| line, or a row of empty cells
        lay = self.layout
        size = len(row)
        if lay.positional:
            fields = [value for i, value in enumerate(row) if i not in self.meta] if self.meta else row
            if len(fields) < 2:
                self.skip(line, "only one column")
                return
            front_raw, back_raw, extras = fields[0], fields[1], fields[2:]
            if lay.join_rest:  # Quizlet does not quote, so commas after the term belong to the definition
                back_raw, extras = ", ".join([f.strip() for f in fields[1:]]), []
        else:
            if size < 2:
                self.skip(line, "only one column")
                return
            front_raw = row[lay.front] if lay.front < size else ""
            back_raw = row[lay.back] if lay.back < size else ""
            extras = [row[i] for i in lay.extra if i < size] if lay.extra else []
        tags = self._tags(cell(row, lay.tags)) if lay.tags is not None else self.global_tags
        deck = (clean_space(cell(row, lay.deck)) or self.global_deck) if lay.deck is not None else self.global_deck
        is_cloze = self.global_cloze
        if lay.notetype is not None and (notetype := clean_space(cell(row, lay.notetype))):
            is_cloze = "cloze" in notetype.lower()
        html = self.html
        if html is None:
            joined = "\x00".join(row)  # no hint can match across the NUL
            html = ("<" in joined or "&" in joined) and _HTML_HINT.search(joined) is not None
        if is_cloze or (lay.explicit and cloze.has_cloze(front_raw)):
            self._cloze(line, front_raw, [back_raw, *extras], tags, deck, html)
            return
        front = clean_lines(strip_html(front_raw) if html else front_raw)
        if not front:
            self.skip(line, self.front_empty + (" (pictures and sounds are not shown)" if html else ""))
            return
        back = field_lines(back_raw, html)
        if not back:
            self.skip(line, self.back_empty)
            return
        aliases = [a for i in lay.aliases for a in _ALIAS_SPLIT.split(clean_space(cell(row, i))) if a] if lay.aliases else []
        if lay.split_back:
            parts = [a for a in _ALIAS_SPLIT.split(" ".join(back)) if a]
            back, aliases = parts[:1], parts[1:] + aliases
        # Answers need no further cleaning: the front and back lines went
        # through clean_space, and the alias splits trim their parts.
        if lay.explicit:
            answers: tuple[str, ...] = (" ".join(back),) if back else ()
        else:
            answers = derive_answers(clean_space(front), cleaned=True)
        if aliases:
            answers = tuple(dict.fromkeys((*answers, *aliases)))
        for raw in extras:
            back += field_lines(raw, html)
        # Without markup, aliases or extra columns every text of the card is cut from the two raw
        # fields, so those two settle the length check.
        short = not html and not aliases and not extras and len(front_raw) <= MAX_FIELD_CHARS >= len(back_raw)
        if not short and (
            len(front) > MAX_FIELD_CHARS
            or max(map(len, back), default=0) > MAX_FIELD_CHARS
            or max(map(len, answers), default=0) > MAX_FIELD_CHARS
        ):
            self.skip(line, _TOO_LONG)
            return
        self._keep(new_card(front, tuple(back), answers, tags, new_source(self.file, line), lay.explicit), deck)

    def _cloze(
        self, line: int, text: str, rest: list[str], tags: tuple[str, ...], deck: str | None, html: bool
    ) -> None:
        if len(text) > MAX_FIELD_CHARS:
            self.skip(line, _TOO_LONG)
            return
        try:
            note = cloze.render_note(text, self.budget)
        except cloze.BudgetSpent:
            self.skip(line, "too many cloze deletions in this file to show them all")
            return
        if isinstance(note, str):
            self.skip(line, f"a {note}" if note == cloze.NO_DELETION else note)
            return
        back = field_lines(note.revealed, False)
        for raw in rest:
            back += field_lines(raw, html)
        back_tuple = tuple(back)
        too_long = max(map(len, back), default=0) > MAX_FIELD_CHARS
        for card in note.cards:
            if isinstance(card, str):
                self.skip(line, card)
                continue
            front = clean_lines(card.front)
            if too_long or len(front) > MAX_FIELD_CHARS:
                self.skip(line, _TOO_LONG)
                continue
            self._keep(Card(front, back_tuple, card.answers, tags, Source(self.file, line), True), deck)

    def _keep(self, card: Card, deck: str | None) -> None:
        if len(self.cards) >= MAX_CARDS:
            raise self._too_many()
        if deck:
            self.deck_of[len(self.cards)] = deck
        self.cards.append(card)

    def _too_many(self) -> DeckError:
        return DeckError(self.file, f"has more than {MAX_CARDS:,} cards; split it into smaller decks")

    def _tags(self, raw: str) -> tuple[str, ...]:
        split = _TAG_SPLIT.split(raw) if ("," in raw or ";" in raw) else raw.split()
        return tuple(dict.fromkeys(t for t in (*self.global_tags, *map(clean_space, split)) if t))

    def deck(self, fallback_title: str, fmt: str, expected: str) -> Deck:
        if not self.cards:
            if self.first_skip is None:
                raise DeckError(self.file, f"has no rows; expected {expected}")
            line, why = self.first_skip
            raise DeckError(self.file, f"no row could be used ({why}); expected {expected}", line=line)
        decks = list(dict.fromkeys(self.deck_of.values()))
        title = decks[0] if len(decks) == 1 else fallback_title
        if len(decks) > 1:
            deck_of = self.deck_of
            cards = tuple(
                with_tag(card, deck_tag(deck_of[i])) if i in deck_of else card for i, card in enumerate(self.cards)
            )
        else:
            cards = tuple(self.cards)
        return Deck(title=title, cards=cards, format=fmt, source=self.file, notes=self.notes.result())


_TOO_LONG = f"a field is longer than {MAX_FIELD_CHARS:,} characters"
