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
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bot.cards import Card, Deck, DeckError, Source, clean_space, derive_answers
from bot.decks.readers import cloze
from bot.decks.readers.limits import MAX_CARDS, MAX_FIELD_CHARS
from bot.decks.readers.text import NoteLog, deck_tag, strip_html, title_from_file

__all__ = ["read_delimited", "sniff"]

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
_TAGS = {"tags", "tag", "labels", "label", "category", "categories", "topic", "topics"}
_DECK = {"deck", "deck name", "subdeck"}
_NOTETYPE = {"notetype", "note type", "model"}
_GUID = {"guid", "id", "note id"}

_ANKI_KEYS = {
    "separator", "html", "tags", "columns", "notetype", "deck",
    "notetype column", "deck column", "tags column", "guid column",
}
_SEPARATOR_NAMES = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_CANDIDATES = ("\t", ",", ";", "|")
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


def sniff(text: str) -> bool:
    """True when the text is clearly rows of fields rather than prose notes.

    Prose has commas inside sentences, so commas alone never count: it takes
    Anki's ``#separator:``-style header, a recognised header row, tabs between
    words on most lines, or one ``;``/``|`` separator on nearly every line.
    """
    lines = _lines(text)[:_SNIFF_LINES]
    try:
        head = _read_head(lines)
    except DeckError:
        return True  # an Anki header with a bad value; reading it explains the problem
    if head.anki:
        return True
    if head.labels and _header_layout(head.labels) is not None:
        return True
    body = [line for line in lines[head.end :] if line.strip()]
    if not body:
        return False
    if _header_layout(_split_header(body[0])) is not None:
        return True
    if sum("\t" in line.strip() for line in body) >= max(1, 0.6 * len(body)):
        return True
    for sep in (";", "|"):
        rows = [line for line in body if not line.lstrip().startswith("|")]
        if len(rows) >= 3 and sum(sep in line.strip(" " + sep) for line in rows) >= 0.9 * len(rows):
            return True
    return False


def _split_header(line: str) -> list[str]:
    """Cells of a would-be header line, trying each usual separator."""
    for sep in _CANDIDATES:
        if sep in line:
            cells = next(csv.reader([line], delimiter=sep, skipinitialspace=True), [])
            if len(cells) >= 2:
                return cells
    return []


# --- reading ----------------------------------------------------------------


def read_delimited(text: str, file: str) -> Deck:
    """Read a Quizlet, CSV/TSV or Anki text export; see the module docstring."""
    lines = _lines(text)
    suffix = Path(file).suffix.lower()
    head = _read_head(lines, file)
    if head.anki:
        return _read_anki(lines, head, file)
    body = lines[head.end :]
    separator = "\t" if suffix == ".tsv" else _guess_separator(body)
    layout = _header_layout(head.labels) if head.labels else None
    start = head.end
    first = next((i for i, line in enumerate(body) if line.strip()), None)
    if layout is None and first is not None:
        cells = next(csv.reader([body[first]], delimiter=separator, skipinitialspace=True), [])
        layout = _header_layout(cells)
        if layout is not None:
            start = head.end + first + 1
    if layout is not None:
        builder = _Builder(file, layout)
        if layout.ignored:
            builder.notes.add(f"columns not used: {', '.join(layout.ignored)}")
        rows: Iterable[tuple[int, list[str]]] = _csv_rows(lines, start, separator, file)
        fmt = "tsv" if separator == "\t" else "csv"
    else:
        positional = _Layout(
            explicit=False, positional=True, join_rest=separator == ",", front_name="term", back_name="definition"
        )
        builder = _Builder(file, positional)
        if separator == "," or suffix == ".csv":
            rows = _csv_rows(lines, start, separator, file)
        else:
            rows = _split_rows(lines, start, separator)
        fmt = {".csv": "csv", ".tsv": "tsv"}.get(suffix, "csv" if separator == "," else "quizlet")
    for line, row in rows:
        builder.add(line, row)
    return builder.deck(title_from_file(file), fmt, _expected_columns(layout))


def _read_anki(lines: list[str], head: _Head, file: str) -> Deck:
    separator = head.separator or _guess_separator(lines[head.end :])
    labels = _parse_labels(head.columns, separator) if head.columns is not None else []
    meta = dict(head.meta)
    for i, label in enumerate(labels):
        name = _norm(label)
        for role, names in (("tags", _TAGS), ("deck", _DECK), ("notetype", _NOTETYPE), ("guid", _GUID)):
            if name in names:
                meta.setdefault(role, i)
    named = _header_layout([label if i not in meta.values() else "" for i, label in enumerate(labels)])
    layout = named if named is not None else _Layout(positional=True)
    layout.explicit = True
    layout.tags, layout.deck = meta.get("tags"), meta.get("deck")
    layout.notetype, layout.guid = meta.get("notetype"), meta.get("guid")
    layout.ignored = []
    builder = _Builder(file, layout, html=head.html, tags=head.tags, deck=head.deck, notetype=head.notetype)
    for note in head.notes:
        builder.notes.add(note)
    for line, row in _csv_rows(lines, head.end, separator, file):
        if lines[line - 1].startswith("#"):
            continue  # Anki skips comment lines anywhere
        builder.add(line, row)
    return builder.deck(title_from_file(file), "anki-text", "a front and a back field")


def _expected_columns(layout: _Layout | None) -> str:
    if layout is None or layout.positional:
        return "two columns, a term and its definition (or a header row such as front,back or question,answer)"
    return "a value in both the question and the answer columns"


# --- the header of an Anki export ---------------------------------------------


@dataclass
class _Head:
    end: int = 0
    anki: bool = False
    separator: str | None = None
    html: bool | None = None
    columns: str | None = None
    tags: tuple[str, ...] = ()
    deck: str | None = None
    notetype: str | None = None
    meta: dict[str, int] = field(default_factory=dict)
    labels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _read_head(lines: list[str], file: str = "<text>") -> _Head:
    """Anki's ``#key:value`` lines (and a first ``tags:`` line) above the rows."""
    head = _Head()
    for i, line in enumerate(lines):
        if i == 0 and line.lower().startswith("tags:"):
            head.anki = True
            head.tags = tuple(line[5:].split())
        elif line.startswith("#"):
            key, colon, value = line[1:].partition(":")
            key = clean_space(key).lower()
            if colon and key in _ANKI_KEYS:
                head.anki = True
                _head_value(head, key, value, i + 1, file)
            elif not colon and not head.labels:
                head.labels = _split_header(line[1:])  # a commented header row: "#front;back;tags"
        else:
            head.end = i
            return head
        head.end = i + 1
    return head


def _head_value(head: _Head, key: str, value: str, line: int, file: str) -> None:
    if key == "separator":
        sep = value if len(value) == 1 else _SEPARATOR_NAMES.get(value.strip().lower())
        if sep is None or sep.isalnum() or sep in "\"\r\n":
            raise DeckError(
                file,
                f"'#separator:{value.strip()}' is not a separator Anki writes; "
                "use tab, comma, semicolon, space, pipe or colon",
                line=line,
            )
        head.separator = sep
    elif key == "html":
        if value.strip().lower() in ("true", "false"):
            head.html = value.strip().lower() == "true"
        else:
            head.notes.append(f"line {line}: '#html:{value.strip()}' is not true or false; ignored")
    elif key == "tags":
        head.tags = tuple(value.split())
    elif key == "columns":
        head.columns = value
    elif key in ("deck", "notetype"):
        setattr(head, key, value.strip() or None)
    else:
        role = key.split()[0]
        if value.strip().isdigit() and int(value) >= 1:
            head.meta[role] = int(value) - 1
        else:
            head.notes.append(f"line {line}: '#{key}:{value.strip()}' is not a column number; ignored")


def _parse_labels(columns: str, separator: str) -> list[str]:
    return next(csv.reader([columns], delimiter=separator), [])


# --- splitting rows ---------------------------------------------------------


def _lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _guess_separator(lines: list[str]) -> str:
    """The separator that splits the first rows most consistently; tab wins ties."""
    sample = [line for line in lines[:100] if line.strip()][:40]
    best, best_score = ",", (0, 0.0)
    for sep in _CANDIDATES:
        try:
            rows = [row for row in csv.reader(sample, delimiter=sep) if row]
        except csv.Error:
            continue
        multi = [len(row) for row in rows if len(row) >= 2]
        if not multi:
            continue
        mode = Counter(multi).most_common(1)[0][0]
        # Rows split the same way count most; on a tie the shorter first field
        # wins, because a term is shorter than the definition after it.
        score = (sum(len(row) == mode for row in rows), -sum(len(row[0]) for row in rows) / len(rows))
        if score > best_score:
            best, best_score = sep, score
    return best


def _split_rows(lines: list[str], start: int, separator: str) -> Iterator[tuple[int, list[str]]]:
    """Quizlet-style rows: one per line, no quoting, term before the first separator."""
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if separator == "\t":
            yield i + 1, line.split("\t")
        else:
            yield i + 1, line.split(separator, 1)


def _csv_rows(lines: list[str], start: int, separator: str, file: str) -> Iterator[tuple[int, list[str]]]:
    """Quoted rows with the line each starts on; broken quoting becomes a DeckError."""
    reader = csv.reader(
        (line + "\n" for line in lines[start:]),
        delimiter=separator,
        skipinitialspace=separator != " ",
    )
    begin = start + 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "field limit" in str(exc):
                message = (
                    "a field runs on for more than 131,072 characters; a quote mark (\") that opens "
                    "a field here is probably never closed"
                )
            else:
                name = _separator_name(separator)
                message = f"cannot be read as {name}-separated rows ({exc}); check the quote marks"
            raise DeckError(file, message, line=begin) from None
        end = start + reader.line_num
        if row and end >= len(lines) and _open_quote(lines[begin - 1 : end]):
            raise DeckError(
                file,
                "a quote mark (\") opens a field here and is never closed, so the rest of the file "
                "became one field; close the quote or remove it",
                line=begin,
            )
        if row:
            yield begin, row
        begin = end + 1


def _open_quote(raw: list[str]) -> bool:
    """True when the last row ran to the end of the file inside quotes."""
    if len(raw) < 2:
        return False
    return "".join(raw).count('"') % 2 == 1


def _separator_name(separator: str) -> str:
    names = {v: k for k, v in _SEPARATOR_NAMES.items()}
    return names.get(separator, repr(separator))


# --- columns to cards -------------------------------------------------------


@dataclass
class _Layout:
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


def _norm(cell: str) -> str:
    return clean_space(cell.replace("\ufeff", "").replace("_", " ").strip(" #:\"'")).lower()


def _header_layout(cells: list[str]) -> _Layout | None:
    """A layout when the cells name a front and a back column, else None."""
    layout = _Layout()
    front = back = None
    for i, cell in enumerate(cells):
        name = _norm(cell)
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
        elif name in _TAGS and layout.tags is None:
            layout.tags = i
        elif name in _DECK and layout.deck is None:
            layout.deck = i
        elif name in _NOTETYPE and layout.notetype is None:
            layout.notetype = i
        elif name in _GUID and layout.guid is None:
            layout.guid = i
        else:
            layout.ignored.append(clean_space(cell))
    if front is not None and back is None and layout.aliases:
        back, layout.back_name, layout.split_back = layout.aliases.pop(0), "answers", True
    if front is None or back is None:
        return None
    layout.front, layout.back = front, back
    return layout


class _Builder:
    """Turns rows into cards under one layout, collecting skip notes.

    Everything that depends only on the layout is settled here once, so the
    per-row work of a 20,000-row file is only the row's own text.
    """

    def __init__(
        self,
        file: str,
        layout: _Layout,
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
        if _RULE.fullmatch(row[0].strip()) and all(_RULE.fullmatch(value.strip()) for value in row):
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
        tags = self._tags(_cell(row, lay.tags)) if lay.tags is not None else self.global_tags
        deck = (clean_space(_cell(row, lay.deck)) or self.global_deck) if lay.deck is not None else self.global_deck
        is_cloze = self.global_cloze
        if lay.notetype is not None and (notetype := clean_space(_cell(row, lay.notetype))):
            is_cloze = "cloze" in notetype.lower()
        html = self.html
        if html is None:
            joined = "\x00".join(row)  # no hint can match across the NUL
            html = ("<" in joined or "&" in joined) and _HTML_HINT.search(joined) is not None
        if is_cloze or (lay.explicit and cloze.has_cloze(front_raw)):
            self._cloze(line, front_raw, [back_raw, *extras], tags, deck, html)
            return
        front = clean_space(strip_html(front_raw) if html else front_raw)
        if not front:
            self.skip(line, self.front_empty + (" (pictures and sounds are not shown)" if html else ""))
            return
        back = _field_lines(back_raw, html)
        if not back:
            self.skip(line, self.back_empty)
            return
        aliases = [a for i in lay.aliases for a in _ALIAS_SPLIT.split(clean_space(_cell(row, i))) if a]
        if lay.split_back:
            parts = [a for a in _ALIAS_SPLIT.split(" ".join(back)) if a]
            back, aliases = parts[:1], parts[1:] + aliases
        # Answers need no further cleaning: the front and back lines went
        # through clean_space, and the alias splits trim their parts.
        if lay.explicit:
            answers: tuple[str, ...] = (" ".join(back),) if back else ()
        else:
            answers = derive_answers(front)
        if aliases:
            answers = tuple(dict.fromkeys((*answers, *aliases)))
        for raw in extras:
            back += _field_lines(raw, html)
        if (
            len(front) > MAX_FIELD_CHARS
            or max(map(len, back), default=0) > MAX_FIELD_CHARS
            or max(map(len, answers), default=0) > MAX_FIELD_CHARS
        ):
            self.skip(line, _TOO_LONG)
            return
        if len(self.pending) >= MAX_CARDS:
            raise self._too_many()
        self.pending.append((Card(front, tuple(back), answers, tags, Source(self.file, line), lay.explicit), deck))

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
        back = _field_lines(note.revealed, False)
        for raw in rest:
            back += _field_lines(raw, html)
        back_tuple = tuple(back)
        too_long = max(map(len, back), default=0) > MAX_FIELD_CHARS
        for card in note.cards:
            if isinstance(card, str):
                self.skip(line, card)
                continue
            front = clean_space(card.front)
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
            cards = tuple(_with_tag(card, deck_tag(deck)) if deck else card for card, deck in self.pending)
        else:
            cards = tuple(card for card, _ in self.pending)
        return Deck(title=title, cards=cards, format=fmt, source=self.file, notes=self.notes.result())


_TOO_LONG = f"a field is longer than {MAX_FIELD_CHARS:,} characters"


def _cell(row: list[str], i: int | None) -> str:
    return row[i] if i is not None and i < len(row) else ""


def _field_lines(raw: str, html: bool) -> list[str]:
    """The non-blank lines of a field, each with its white space collapsed."""
    return [line for part in (strip_html(raw) if html else raw).splitlines() if (line := " ".join(part.split()))]


def _with_tag(card: Card, tag: str) -> Card:
    return Card(card.front, card.back, card.answers, (*card.tags, tag), card.source, card.explicit)
