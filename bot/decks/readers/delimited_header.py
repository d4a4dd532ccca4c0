"""The header lines of an Anki text export (#separator:, #html:, #columns: ...)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from bot.cards import DeckError, clean_space
from bot.decks.readers.delimited_rows import SEPARATOR_NAMES, split_header

_ANKI_KEYS = {
    "separator", "html", "tags", "columns", "notetype", "deck",
    "notetype column", "deck column", "tags column", "guid column",
}

# --- the header of an Anki export ---------------------------------------------


@dataclass
class Head:
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


def read_head(lines: list[str], file: str = "<text>") -> Head:
    """Anki's ``#key:value`` lines (and a first ``tags:`` line) above the rows."""
    head = Head()
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
                head.labels = split_header(line[1:])  # a commented header row: "#front;back;tags"
        else:
            head.end = i
            return head
        head.end = i + 1
    return head


def _head_value(head: Head, key: str, value: str, line: int, file: str) -> None:
    if key == "separator":
        sep = value if len(value) == 1 else SEPARATOR_NAMES.get(value.strip().lower())
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


def parse_labels(columns: str, separator: str) -> list[str]:
    return next(csv.reader([columns], delimiter=separator), [])
