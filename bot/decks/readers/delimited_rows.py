"""Splitting a delimited file into rows: the separator, quoted fields across lines, and header cells."""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterator

from bot.cards import DeckError

SEPARATOR_NAMES = {"tab": "\t", "comma": ",", "semicolon": ";", "space": " ", "pipe": "|", "colon": ":"}
_CANDIDATES = ("\t", ",", ";", "|")
CUSTOM_SEPARATORS = ("---", " -- ", " — ", " – ", " - ", " = ")
"""What people type into Quizlet's "custom" box between term and definition, longest first."""


def split_header(line: str) -> list[str]:
    """Cells of a would-be header line, trying each usual separator."""
    for sep in _CANDIDATES:
        if sep in line:
            cells = next(csv.reader([line], delimiter=sep, skipinitialspace=True), [])
            if len(cells) >= 2:
                return cells
    return []

# --- splitting rows ---------------------------------------------------------


def split_lines(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")


def guess_separator(lines: list[str]) -> str:
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


def custom_separator(lines: list[str]) -> str | None:
    """A multi-character separator ("---", " - ", " — ") that splits almost every row once, if one does.

    It must beat the single characters: a comma file whose definitions
    happen to hold " - " stays a comma file.
    """
    rows = [line.strip() for line in lines[:200] if line.strip()]
    if not rows:
        return None
    needed = max(1, 0.9 * len(rows))
    for sep in _CANDIDATES:
        if sum(sep in row for row in rows) >= needed:
            return None
    for sep in CUSTOM_SEPARATORS:
        if sum(sep in row and not row.startswith(sep.strip()) for row in rows) >= needed:
            return sep
    return None


_SEPARATOR_LIKE = re.compile(r"\s*[^\w\s\"'(),.!?]{1,4}\s*")


def unsupported_separator(lines: list[str]) -> str | None:
    """The separator-like mark ("=>", "::", "~") that splits almost every line once, when it is not one Deckhand reads."""
    rows = [line.strip() for line in lines[:200] if line.strip()]
    if len(rows) < 2:
        return None
    counts: Counter[str] = Counter()
    for row in rows:
        marks = {m.group(0).strip() for m in _SEPARATOR_LIKE.finditer(row, 1) if m.end() < len(row)}
        counts.update(mark for mark in marks if row.count(mark) == 1)
    for mark, hits in counts.most_common(3):
        supported = mark in _CANDIDATES or mark in {s.strip() for s in CUSTOM_SEPARATORS}
        if hits >= 0.8 * len(rows) and not supported:
            return mark
    return None


SUPPORTED_SEPARATORS = "tab, comma, ;, |, ---, ' - ', ' — ' or ' = '"
"""How the error for an unknown separator lists the ones Deckhand reads."""


def split_rows(lines: list[str], start: int, separator: str) -> Iterator[tuple[int, list[str]]]:
    """Quizlet-style rows: one per line, no quoting, term before the first separator."""
    for i in range(start, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        if separator == "\t":
            yield i + 1, line.split("\t")
        else:
            yield i + 1, [cell.strip() for cell in line.split(separator, 1)] if len(separator) > 1 else line.split(separator, 1)


_FIELD_LIMIT = csv.field_size_limit()


def csv_rows(lines: list[str], start: int, separator: str, file: str) -> Iterator[tuple[int, list[str]]]:
    """Quoted rows with the line each starts on; broken quoting becomes a DeckError."""
    body = "\n".join(lines[start:])
    if '"' not in body and "\x00" not in body and max(map(len, lines[start:]), default=0) <= _FIELD_LIMIT:
        # No quote mark: every line is one row, split exactly as the csv module would split it.
        skip = separator != " "
        spaced = separator + " "
        for i in range(start, len(lines)):
            line = lines[i]
            if line:
                cells = line.split(separator)
                # Spaces after a separator are dropped (skipinitialspace): only where a cell starts with one.
                if skip and (line[0] == " " or spaced in line):
                    cells = [cell.lstrip(" ") for cell in cells]
                yield i + 1, cells
        return
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
    if len(separator) > 1:
        return repr(separator)
    names = {v: k for k, v in SEPARATOR_NAMES.items()}
    return names.get(separator, repr(separator))
