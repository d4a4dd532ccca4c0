"""Row-shaped decks: Quizlet exports, CSV/TSV sheets and Anki text exports.

They all arrive as rows of fields but disagree on the rest, so each is parsed
the way its exporter wrote it:

- Quizlet writes raw ``term<TAB>definition`` lines with no quoting, so a
  definition may start with a quote mark; those lines are split, not parsed as
  CSV, and one line is one card.
- Spreadsheets quote fields that hold commas or line breaks, so files with a
  header row (``front,back``, ``term,definition``, ``question,answer``...) or a
  ``.csv`` name go through the csv module.
- Anki puts its settings in ``#key:value`` lines above the rows (separator,
  HTML, which columns hold the deck, tags, note type and GUID).

Every card records the line its row starts on, and rows that cannot become a
card are listed in ``Deck.notes`` rather than failing the whole file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

from bot.cards import Card, Deck, DeckError, Source, clean_lines, clean_space, derive_answers
from bot.cards.model import new_card, new_source
from bot.decks.readers import cloze
from bot.decks.readers.delimited_columns import (
    DECK_LABELS,
    GUID_LABELS,
    NOTETYPE_LABELS,
    TAG_LABELS,
    Layout,
    cell,
    field_lines,
    header_layout,
    normalize_label,
    with_tag,
)
from bot.decks.readers.delimited_header import Head, parse_labels, read_head
from bot.decks.readers.delimited_rows import (
    csv_rows,
    custom_separator,
    guess_separator,
    split_header,
    split_lines,
    split_rows,
)
from bot.decks.readers.limits import MAX_CARDS, MAX_FIELD_CHARS
from bot.decks.readers.text import NoteLog, deck_tag, strip_html, title_from_file

__all__ = ["read_delimited", "sniff"]


_HTML_HINT = re.compile(
    r"<\s*/?\s*(br|div|p|b|i|u|span|img|ul|ol|li|sub|sup|font|hr)\b|&(nbsp|amp|lt|gt|quot|#\d+);", re.I
)
_CLOZE_RENDER_BUDGET = 50_000_000
"""Characters all cloze cards of one file may render; bounds notes with hundreds of deletions."""
_RULE = re.compile(r":?-*:?")
"""A Markdown table rule cell once stripped; stripping first keeps the match linear."""
_ALIAS_SPLIT = re.compile(r"\s*[|;]\s*")
_TAG_SPLIT = re.compile(r"[,;]")
_SNIFF_LINES = 200


# --- sniffing ---------------------------------------------------------------

_BARE_COMMA = re.compile(r"^[^,]{1,80}(?<!\d),(?=[^\s\d])")
"""A short term, then a comma with no space after it: a term and its definition, not a sentence."""


def sniff(text: str) -> bool:
    """True when the text is clearly rows of fields rather than prose notes.

    Prose has commas inside sentences, so commas alone never count: it takes
    Anki's ``#separator:``-style header, a recognised header row, tabs between
    words on most lines, or one ``;``/``|`` separator on nearly every line.
    """
    lines = split_lines(text)[:_SNIFF_LINES]
    try:
        head = read_head(lines)
    except DeckError:
        return True  # an Anki header with a bad value; reading it explains the problem
    if head.anki:
        return True
    if head.labels and header_layout(head.labels) is not None:
        return True
    body = [line for line in lines[head.end :] if line.strip()]
    if not body:
        return False
    if header_layout(split_header(body[0])) is not None:
        return True
    if sum("\t" in line.strip() for line in body) >= max(1, 0.6 * len(body)):
        return True
    for sep in (";", "|"):
        rows = [line for line in body if not line.lstrip().startswith("|")]
        if len(rows) >= 3 and sum(sep in line.strip(" " + sep) for line in rows) >= 0.9 * len(rows):
            return True
    if len(body) >= 2 and sum(bool(_BARE_COMMA.match(line)) for line in body) >= 0.9 * len(body):
        return True  # Quizlet's comma export: "term,definition", where prose puts a space after its commas
    return len(body) >= 3 and custom_separator(body) is not None


# --- reading ----------------------------------------------------------------


def read_delimited(text: str, file: str) -> Deck:
    """Read a Quizlet, CSV/TSV or Anki text export; see the module docstring."""
    lines = split_lines(text)
    suffix = Path(file).suffix.lower()
    head = read_head(lines, file)
    if head.anki:
        return _read_anki(lines, head, file)
    body = lines[head.end :]
    custom = None if suffix in (".csv", ".tsv") else custom_separator(body)
    separator = custom or ("\t" if suffix == ".tsv" else guess_separator(body))
    layout = header_layout(head.labels) if head.labels else None
    start = head.end
    first = next((i for i, line in enumerate(body) if line.strip()), None)
    if layout is None and first is not None:
        if custom:
            cells = [cell.strip() for cell in body[first].split(custom)]
        else:
            cells = next(csv.reader([body[first]], delimiter=separator, skipinitialspace=True), [])
        layout = header_layout(cells)
        if layout is not None:
            start = head.end + first + 1
    if custom:
        builder = _Builder(file, layout or Layout(explicit=False, positional=True, front_name="term", back_name="definition"))
        rows: Iterable[tuple[int, list[str]]] = split_rows(lines, start, custom)
        fmt = "quizlet"
    elif layout is not None:
        builder = _Builder(file, layout)
        if layout.ignored:
            builder.notes.add(f"columns not used: {', '.join(layout.ignored)}")
        rows = csv_rows(lines, start, separator, file)
        fmt = "tsv" if separator == "\t" else "csv"
    else:
        positional = Layout(
            explicit=False, positional=True, join_rest=separator == ",", front_name="term", back_name="definition"
        )
        builder = _Builder(file, positional)
        if separator == "," or suffix == ".csv":
            rows = csv_rows(lines, start, separator, file)
        else:
            rows = split_rows(lines, start, separator)
        fmt = {".csv": "csv", ".tsv": "tsv"}.get(suffix, "csv" if separator == "," else "quizlet")
    for line, row in rows:
        builder.add(line, row)
    return builder.deck(title_from_file(file), fmt, _expected_columns(layout))


def _read_anki(lines: list[str], head: Head, file: str) -> Deck:
    separator = head.separator or guess_separator(lines[head.end :])
    labels = parse_labels(head.columns, separator) if head.columns is not None else []
    meta = dict(head.meta)
    for i, label in enumerate(labels):
        name = normalize_label(label)
        for role, names in (("tags", TAG_LABELS), ("deck", DECK_LABELS), ("notetype", NOTETYPE_LABELS), ("guid", GUID_LABELS)):
            if name in names:
                meta.setdefault(role, i)
    named = header_layout([label if i not in meta.values() else "" for i, label in enumerate(labels)])
    layout = named if named is not None else Layout(positional=True)
    layout.explicit = True
    layout.tags, layout.deck = meta.get("tags"), meta.get("deck")
    layout.notetype, layout.guid = meta.get("notetype"), meta.get("guid")
    layout.ignored = []
    builder = _Builder(file, layout, html=head.html, tags=head.tags, deck=head.deck, notetype=head.notetype)
    for note in head.notes:
        builder.notes.add(note)
    for line, row in csv_rows(lines, head.end, separator, file):
        if lines[line - 1].startswith("#"):
            continue  # Anki skips comment lines anywhere
        builder.add(line, row)
    return builder.deck(title_from_file(file), "anki-text", "a front and a back field")


def _expected_columns(layout: Layout | None) -> str:
    if layout is None or layout.positional:
        return "two columns, a term and its definition (or a header row such as front,back or question,answer)"
    return "a value in both the question and the answer columns"


class _Builder:
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
        self.pending: list[tuple[Card, str | None]] = []
        self.first_skip: tuple[int, str] | None = None
        self.budget = cloze.Budget(_CLOZE_RENDER_BUDGET)
        meta = (layout.tags, layout.deck, layout.notetype, layout.guid)
        self.meta = frozenset(i for i in meta if i is not None)
        self.front_empty = f"the {layout.front_name} is empty"
        self.back_empty = f"the {layout.back_name} is empty"

    def skip(self, line: int, why: str) -> None:
        if self.first_skip is None:
            self.first_skip = (line, why)
        self.notes.add(f"line {line}: skipped, {why}")

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
        if len(self.pending) >= MAX_CARDS:
            raise self._too_many()
        self.pending.append((new_card(front, tuple(back), answers, tags, new_source(self.file, line), lay.explicit), deck))

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
        if len(self.pending) >= MAX_CARDS:
            raise self._too_many()
        self.pending.append((card, deck))

    def _too_many(self) -> DeckError:
        return DeckError(self.file, f"has more than {MAX_CARDS:,} cards; split it into smaller decks")

    def _tags(self, raw: str) -> tuple[str, ...]:
        split = _TAG_SPLIT.split(raw) if ("," in raw or ";" in raw) else raw.split()
        return tuple(dict.fromkeys(t for t in (*self.global_tags, *map(clean_space, split)) if t))

    def deck(self, fallback_title: str, fmt: str, expected: str) -> Deck:
        if not self.pending:
            if self.first_skip is None:
                raise DeckError(self.file, f"has no rows; expected {expected}")
            line, why = self.first_skip
            raise DeckError(self.file, f"no row could be used ({why}); expected {expected}", line=line)
        decks = list(dict.fromkeys(deck for _, deck in self.pending if deck))
        title = decks[0] if len(decks) == 1 else fallback_title
        if len(decks) > 1:
            cards = tuple(with_tag(card, deck_tag(deck)) if deck else card for card, deck in self.pending)
        else:
            cards = tuple(card for card, _ in self.pending)
        return Deck(title=title, cards=cards, format=fmt, source=self.file, notes=self.notes.result())


_TOO_LONG = f"a field is longer than {MAX_FIELD_CHARS:,} characters"
