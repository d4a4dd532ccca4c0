"""Cutting and cleaning text for a message, the same way everywhere.

- :func:`clip` cuts at exactly the limit (for embed parts, where every
  character counts against Discord's totals).
- :func:`shorten` cuts at a word boundary when one is near (for prose a
  member reads).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

MEDALS = ("🥇", "🥈", "🥉")
"""First, second and third place."""
LETTERS = "ABCD"
"""Labels of multiple-choice answers, on buttons and in embeds."""

_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")
_SPACE = re.compile(r"\s+")


def medal(rank: int, points: int | None = None) -> str | None:
    """The medal for places 1 to 3, else None; never for a score of zero or less."""
    if points is not None and points <= 0:
        return None
    return MEDALS[rank - 1] if 1 <= rank <= len(MEDALS) else None


def competition_ranks(values: Sequence[object]) -> list[int]:
    """Places for values sorted best first, equal values sharing the better place: 30, 20, 20, 5 → 1, 2, 2, 4."""
    ranks: list[int] = []
    for i, value in enumerate(values):
        ranks.append(ranks[-1] if i and value == values[i - 1] else i + 1)
    return ranks


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in an ellipsis when cut."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def shorten(text: str, limit: int) -> str:
    """Cut text to ``limit`` at a word boundary (when one is in the last 40%), marking the cut with an ellipsis."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + "…"


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def escape_markdown(text: str) -> str:
    """So a card front like ``__init__`` or ``*args`` shows as typed."""
    return _MARKDOWN.sub(r"\\\1", text)


def display(text: str, limit: int) -> str:
    """User-supplied text made safe for an embed: one line, cut, then escaped (so no escape is cut in half)."""
    return escape_markdown(clip(one_line(text), limit)) or "(blank)"


# -- card text, as Discord shows it ---------------------------------------------

FORMAT_NAMES = {
    "anki-package": "Anki package",
    "anki-text": "Anki text export",
    "csv": "CSV file",
    "tsv": "TSV file",
    "quizlet": "Quizlet export",
    "notes": "plain-text notes",
    "deck-yaml": "Deckhand YAML deck",
    "trivia-yaml": "Red trivia list",
}
"""Each reader's format as people say it; format ids are never shown."""

_CODE_SPAN = re.compile(r"(`+)([^\n]+?)\1")
_PROSE_MARKS = re.compile(r"([\\*_~`|\[\]<>])")
_LINE_START = re.compile(r"^(\s*)(#|-#(?=\s)|[-+](?=\s)|\d+\.(?=\s))", re.M)
"""What Discord reads at a line's start: a header ("# ", "-# "), or a list ("- ", "1. "); quotes and stars are
escaped anyway."""


def points_text(points: int) -> str:
    """Points as a sentence says them: "1 point", "1,240 points"."""
    return f"{points:,} {'point' if abs(points) == 1 else 'points'}"


def plus_points(points: int) -> str:
    """Points won: "+1 point", "+10 points"."""
    return f"+{points_text(points)}"


NO_MEDAL = "▫️"
"""Stands in a ranked row's medal column where there is no medal, so every row's text starts at one place."""


def ranked_columns(places: Sequence[tuple[int, int]]) -> list[str]:
    """The start of each row of a ranked list, lined up: the medal, then place and points in one monospace span.

    ``places`` are (rank, points) pairs, best first: "🥇 `#1  1,240 points`", "▫️ `#4     10 points`".
    Discord shows text in a proportional font; a code span's characters all have one width, and every emoji
    has one width, so the rows' names start in one column.
    """
    ranks = [f"#{rank}" for rank, _ in places]
    numbers = [f"{points:,}" for _, points in places]
    rank_width = max((len(r) for r in ranks), default=0)
    number_width = max((len(n) for n in numbers), default=0)
    return [
        f"{medal(rank, points) or NO_MEDAL} `{label:<{rank_width}}  {number:>{number_width}} "
        f"{'point' if abs(points) == 1 else 'points'}`"
        for (rank, points), label, number in zip(places, ranks, numbers)
    ]


def correct_text(points: int, spelled: str | None = None) -> str:
    """How a right answer is told: "✅ Correct, +10 points." and, after a slip, the answer as spelled."""
    text = f"✅ Correct, {plus_points(points)}."
    return f"{text} (Spelled *{card_markdown(spelled)}*.)" if spelled else text


def day_text(day: date) -> str:
    """A local calendar day, the one way Deckhand writes it: "Tuesday 1 December"."""
    return f"{day:%A} {day.day} {day:%B}"


def relative_time(instant: datetime) -> str:
    """An instant as Discord shows it in each reader's own time: "in an hour", "3 days ago"."""
    return f"<t:{int(instant.timestamp())}:R>"


def format_name(fmt: str) -> str:
    return FORMAT_NAMES.get(fmt, "deck file")


def deck_path(name: str) -> str:
    """An Anki deck path as people read it: "Cold War::Sino-Soviet" is "Cold War › Sino-Soviet"."""
    return " › ".join(part.strip() for part in name.split("::") if part.strip()) or name


def _escape_prose(text: str) -> str:
    return _PROSE_MARKS.sub(r"\\\1", text)


def _escape_line_start(match: re.Match[str]) -> str:
    mark = match.group(2)
    if mark[0].isdigit():  # a backslash before a digit would show: "1\. " is how a list number is escaped
        return f"{match.group(1)}{mark[:-1]}\\."
    return f"{match.group(1)}\\{mark}"


def card_markdown(text: str) -> str:
    """Card text for a message or embed, shown as written.

    Markdown marks outside code spans are escaped, so "Mao's _____ campaign"
    keeps its blank and "*args" its star; a code span is kept as the card
    wrote it (escapes would show inside it); line breaks are kept.
    """
    out: list[str] = []
    pos = 0
    for match in _CODE_SPAN.finditer(text):
        out.append(_escape_prose(text[pos : match.start()]))
        out.append(match.group(0))
        pos = match.end()
    out.append(_escape_prose(text[pos:]))
    # Code spans never hold a line break, so no line starts inside one.
    return _LINE_START.sub(_escape_line_start, "".join(out))


def fit_card_markdown(text: str, limit: int) -> str:
    """:func:`card_markdown` of ``text``, cut (before escaping, at a word) so the result fits ``limit``."""
    shown = card_markdown(text)
    keep = limit
    while len(shown) > limit and keep > 1:
        keep -= max(1, len(shown) - limit)
        shown = card_markdown(shorten(text, keep))
    return shown


def card_line(text: str, limit: int) -> str:
    """Card or deck text for one line of its own, such as an embed title or a field name: escaped, then fitted.

    Discord reads inline marks (stars, underscores, code) in titles and field names too, but no headers or
    lists there; the escapes for those are harmless.
    """
    return fit_card_markdown(one_line(text), limit)


def code_span(text: str) -> str:
    """Text in a code span, shown exactly: no escapes inside, and a backtick in it still works."""
    text = one_line(text)
    if "`" not in text:
        return f"`{text}`"
    inner = text.replace("``", "`\u200b`")  # a double backtick would close the span early
    return f"`` {inner} ``"


KIND_NAMES = {
    "recall": "Recall",
    "date": "Dates",
    "cloze": "Fill in the blank",
    "choice": "Multiple choice",
    "explicit": "Questions",
    "flip": "Flashcards",
}
"""Kinds of question as members know them; the stored names never show."""


def kind_name(kind: str) -> str:
    return KIND_NAMES.get(kind, "Other")
