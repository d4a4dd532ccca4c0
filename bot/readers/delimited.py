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

from bot.cards import Card, Deck, Source, clean_space, derive_answers
from bot.errors import DeckError
from bot.readers.limits import MAX_CARDS, MAX_FIELD_CHARS
from bot.readers.text import strip_html

__all__ = ["NoteLog", "read_delimited", "sniff", "title_from_file"]

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
_CLOZE = re.compile(r"\{\{c\d{1,6}::")
_CLOZE_DELETION = re.compile(r"\{\{c(\d{1,6})::(.*?)(?:::(.*?))?\}\}", re.S)
_CLOZE_RENDER_BUDGET = 50_000_000
"""Characters all cloze cards of one file may render; bounds notes with hundreds of deletions."""
_RULE = re.compile(r"\s*:?-*:?\s*")
_ALIAS_SPLIT = re.compile(r"\s*[|;]\s*")
_MAX_NOTES = 100
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
    builder = _Builder(file)
    if layout is not None:
        builder.layout = layout
        if layout.ignored:
            builder.notes.add(f"columns not used: {', '.join(layout.ignored)}")
        rows: Iterable[tuple[int, list[str]]] = _csv_rows(lines, start, separator, file)
        fmt = "tsv" if separator == "\t" else "csv"
    else:
        builder.layout = _Layout(
            explicit=False, positional=True, join_rest=separator == ",", front_name="term", back_name="definition"
        )
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
    builder = _Builder(file)
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
    builder.layout = layout
    builder.html = head.html
    builder.global_tags = head.tags
    builder.global_deck = head.deck
    builder.global_notetype = head.notetype
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


@dataclass
class _Pending:
    card: Card
    deck: str | None


class _Builder:
    """Turns rows into cards under one layout, collecting skip notes."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.layout = _Layout()
        self.html: bool | None = False
        self.global_tags: tuple[str, ...] = ()
        self.global_deck: str | None = None
        self.global_notetype: str | None = None
        self.notes = NoteLog()
        self.pending: list[_Pending] = []
        self.first_skip: tuple[int, str] | None = None
        self.render_budget = _CLOZE_RENDER_BUDGET

    def skip(self, line: int, why: str) -> None:
        if self.first_skip is None:
            self.first_skip = (line, why)
        self.notes.add(f"line {line}: skipped, {why}")

    def add(self, line: int, row: list[str]) -> None:
        if all(_RULE.fullmatch(value) for value in row):
            return  # a Markdown table's |---|---| line, or a row of empty cells
        lay = self.layout

        def cell(i: int | None) -> str:
            return row[i] if i is not None and 0 <= i < len(row) else ""

        if lay.positional:
            meta = {i for i in (lay.tags, lay.deck, lay.notetype, lay.guid) if i is not None}
            fields = [value for i, value in enumerate(row) if i not in meta]
            if len(fields) < 2:
                self.skip(line, "only one column")
                return
            front_raw, back_raw, extras = fields[0], fields[1], fields[2:]
            if lay.join_rest:  # Quizlet does not quote, so commas after the term belong to the definition
                back_raw, extras = ", ".join(f.strip() for f in fields[1:]), []
        else:
            if len(row) < 2:
                self.skip(line, "only one column")
                return
            front_raw, back_raw = cell(lay.front), cell(lay.back)
            extras = [cell(i) for i in lay.extra]
        tags = self._tags(cell(lay.tags))
        deck = clean_space(cell(lay.deck)) or self.global_deck
        notetype = clean_space(cell(lay.notetype)) or self.global_notetype or ""
        html = self.html if self.html is not None else any(_HTML_HINT.search(f) for f in row)
        if "cloze" in notetype.lower() or (lay.explicit and _CLOZE.search(front_raw)):
            self._cloze(line, front_raw, [back_raw, *extras], tags, deck, html)
            return
        front = clean_space(self._text(front_raw, html))
        back_lines = self._lines(back_raw, html)
        if not front:
            media = " (pictures and sounds are not shown)" if html else ""
            self.skip(line, f"the {lay.front_name} is empty{media}")
            return
        if not back_lines:
            self.skip(line, f"the {lay.back_name} is empty")
            return
        extra_lines = [text for raw in extras for text in self._lines(raw, html)]
        aliases = [a for i in lay.aliases for a in _ALIAS_SPLIT.split(clean_space(cell(i))) if a]
        if lay.split_back:
            parts = [a for a in _ALIAS_SPLIT.split(" ".join(back_lines)) if a]
            back_lines, aliases = parts[:1], parts[1:] + aliases
        if lay.explicit:
            answers = (" ".join(back_lines), *aliases)
            back = (*back_lines, *extra_lines)
        else:
            answers = (*derive_answers(front), *aliases)
            back = (*back_lines, *extra_lines)
        if max(len(front), *(len(t) for t in back), *(len(a) for a in answers)) > MAX_FIELD_CHARS:
            self.skip(line, f"a field is longer than {MAX_FIELD_CHARS:,} characters")
            return
        card = Card(
            front=front,
            back=tuple(back),
            answers=tuple(dict.fromkeys(a for a in map(clean_space, answers) if a)),
            tags=tags,
            source=Source(self.file, line),
            explicit=lay.explicit,
        )
        self._keep(card, deck)

    def _cloze(
        self, line: int, text: str, rest: list[str], tags: tuple[str, ...], deck: str | None, html: bool
    ) -> None:
        extras = [t for raw in rest for t in self._lines(raw, html)]
        deletions = list(_CLOZE_DELETION.finditer(text))
        if not deletions:
            self.skip(line, "a cloze note without any {{c1::...}} deletion")
            return
        numbers = sorted({int(m[1]) for m in deletions})
        if len(text) > MAX_FIELD_CHARS:
            self.skip(line, f"a field is longer than {MAX_FIELD_CHARS:,} characters")
            return
        self.render_budget -= len(text) * (len(numbers) + 1)
        if self.render_budget < 0:
            self.skip(line, "too many cloze deletions in this file to show them all")
            return
        revealed = self._lines(_CLOZE_DELETION.sub(lambda m: m[2], text), True)
        for number in numbers:
            front = clean_space(strip_html(_CLOZE_DELETION.sub(lambda m, n=number: _blank(m, n), text)))
            asked = (clean_space(strip_html(m[2])) for m in deletions if int(m[1]) == number)
            answers = tuple(dict.fromkeys(a for a in asked if a))
            if not answers:
                self.skip(line, f"cloze c{number} has an empty answer (pictures and sounds are not shown)")
                continue
            card = Card(
                front=front, back=(*revealed, *extras), answers=answers, tags=tags,
                source=Source(self.file, line), explicit=True,
            )
            self._keep(card, deck)

    def _keep(self, card: Card, deck: str | None) -> None:
        if len(self.pending) >= MAX_CARDS:
            raise DeckError(self.file, f"has more than {MAX_CARDS:,} cards; split it into smaller decks")
        self.pending.append(_Pending(card, deck))

    def _text(self, raw: str, html: bool) -> str:
        return strip_html(raw) if html else raw.strip()

    def _lines(self, raw: str, html: bool) -> list[str]:
        return [t for t in (clean_space(x) for x in self._text(raw, html).splitlines()) if t]

    def _tags(self, raw: str) -> tuple[str, ...]:
        raw = raw.strip()
        split = re.split(r"\s*[,;]\s*", raw) if ("," in raw or ";" in raw) else raw.split()
        return tuple(dict.fromkeys(t for t in (*self.global_tags, *(clean_space(s) for s in split)) if t))

    def deck(self, fallback_title: str, fmt: str, expected: str) -> Deck:
        if not self.pending:
            if self.first_skip is None:
                raise DeckError(self.file, f"has no rows; expected {expected}")
            line, why = self.first_skip
            raise DeckError(self.file, f"no row could be used ({why}); expected {expected}", line=line)
        decks = list(dict.fromkeys(p.deck for p in self.pending if p.deck))
        title = fallback_title
        cards = [p.card for p in self.pending]
        if len(decks) == 1:
            title = decks[0]
        elif len(decks) > 1:
            cards = [
                _with_tag(p.card, "deck:" + re.sub(r"\s+", "_", p.deck)) if p.deck else p.card for p in self.pending
            ]
        return Deck(title=title, cards=tuple(cards), format=fmt, source=self.file, notes=self.notes.result())


def _blank(deletion: re.Match[str], number: int) -> str:
    """Anki's rendering: the asked deletion becomes [...] (or [hint]); others show their text."""
    if int(deletion[1]) != number:
        return deletion[2]
    return f"[{clean_space(strip_html(deletion[3]))}]" if deletion[3] and strip_html(deletion[3]) else "[...]"


def _with_tag(card: Card, tag: str) -> Card:
    return Card(card.front, card.back, card.answers, (*card.tags, tag), card.source, card.explicit)


def title_from_file(file: str) -> str:
    """A readable deck title from a file name: 'cold_war-basics.csv' -> 'Cold war basics'."""
    stem = Path(file).stem
    if " " not in stem:
        stem = stem.replace("_", " ").replace("-", " ")
    stem = clean_space(stem)
    return (stem[:1].upper() + stem[1:]) if stem else "Untitled deck"
