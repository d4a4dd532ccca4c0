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

from bot.cards import Deck, DeckError
from bot.decks.readers.delimited_cards import RowBuilder, no_control_chars
from bot.decks.readers.delimited_columns import (
    DECK_LABELS,
    GUID_LABELS,
    NOTETYPE_LABELS,
    TAG_LABELS,
    Layout,
    header_layout,
    normalize_label,
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
from bot.decks.readers.text import title_from_file

__all__ = ["read_delimited", "sniff"]


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
        builder = RowBuilder(file, layout or Layout(explicit=False, positional=True, front_name="term", back_name="definition"))
        rows: Iterable[tuple[int, list[str]]] = split_rows(lines, start, custom)
        fmt = "quizlet"
    elif layout is not None:
        builder = RowBuilder(file, layout)
        if layout.ignored:
            builder.notes.add(f"columns not used: {', '.join(layout.ignored)}")
        rows = csv_rows(lines, start, separator, file)
        fmt = "tsv" if separator == "\t" else "csv"
    else:
        positional = Layout(
            explicit=False, positional=True, join_rest=separator == ",", front_name="term", back_name="definition"
        )
        builder = RowBuilder(file, positional)
        if separator == "," or suffix == ".csv":
            rows = csv_rows(lines, start, separator, file)
        else:
            rows = split_rows(lines, start, separator)
        fmt = {".csv": "csv", ".tsv": "tsv"}.get(suffix, "csv" if separator == "," else "quizlet")
    builder.add_rows(rows, ascii_clean=no_control_chars(lines, start, separator))
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
    builder = RowBuilder(file, layout, html=head.html, tags=head.tags, deck=head.deck, notetype=head.notetype)
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
