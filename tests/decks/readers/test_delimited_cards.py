"""The quick way through plain rows makes exactly the deck the row-by-row rules make.

``RowBuilder.add_rows`` settles the commonest rows (two short, clean cells) with
a few checks and hands every other row to ``RowBuilder.add``. Random files of
every shape are read both ways: the quick way, and with every row sent
through ``add``.
"""

from __future__ import annotations

import random

import pytest

from bot.cards import DeckError
from bot.decks.readers import delimited, delimited_cards
from bot.decks.readers.limits import MAX_FIELD_CHARS

_PIECES = [
    "Treaty", "Great Leap Forward", "Mao", "(1908)", "(1947-1953)", "(USSR)", "1958", "c. 1900",
    " ", "  ", ":", "-", "---", ":--:", "|", "<b>bold</b>", "&amp;", "{{c1::Mao}}", "{{c2::x::hint}}",
    "\u00a0", "\u3000", "\x0b", "\x7f", "\t", "\u2028", "é", "答案", "\"quoted\"", "\"two\nlines\"", "\"a,b\tc\"", "x" * 30, ";", "alpha | beta",
]
_HEADERS = [
    None, "term\tdefinition", "front\tback", "question\tanswer", "term\tdefinition\tnotes",
    "front\tback\tignored", "answer\tquestion", "back\tfront\textra", "term,definition", "front,back,notes",
]


def _cell(rng: random.Random) -> str:
    if rng.random() < 0.02:
        return "y" * (MAX_FIELD_CHARS + rng.choice((-1, 0, 1)))
    return "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 4)))


def _file(rng: random.Random) -> tuple[str, str]:
    header = rng.choice(_HEADERS)
    separator = "," if header and "," in header else rng.choice(("\t", "\t", ",", ";"))
    lines = [header] if header else []
    for _ in range(rng.randint(1, 12)):
        lines.append(separator.join(_cell(rng) for _ in range(rng.choice((1, 2, 2, 2, 3, 4)))))
    name = rng.choice(("deck.tsv", "deck.csv", "deck.txt"))
    return "\n".join(lines) + "\n", name


def _read_row_by_row(text: str, file: str, monkeypatch: pytest.MonkeyPatch):
    def every_row_by_add(self, rows, **_):
        for line, row in rows:
            self.add(line, row)

    with monkeypatch.context() as patch:
        patch.setattr(delimited_cards.RowBuilder, "add_rows", every_row_by_add)
        return _outcome(text, file)


def _outcome(text: str, file: str):
    try:
        return delimited.read_delimited(text, file)
    except DeckError as exc:
        return str(exc)


def test_the_quick_way_makes_the_same_deck_on_random_files(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    quick_rows = 0
    for _ in range(3000):
        text, file = _file(rng)
        quick = _outcome(text, file)
        assert quick == _read_row_by_row(text, file, monkeypatch), (file, text)
        if not isinstance(quick, str):
            quick_rows += len(quick.cards)
    assert quick_rows > 2000  # the files made cards, not only errors


def test_the_quick_way_is_taken_for_plain_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = delimited_cards.RowBuilder.add
    monkeypatch.setattr(delimited_cards.RowBuilder, "add", lambda self, line, row: (calls.append(line), original(self, line, row)))
    deck = delimited.read_delimited("term\tdefinition\nMao (1893)\tChairman\n  spaced \tback\n", "deck.tsv")
    assert [card.answers for card in deck.cards] == [("Mao (1893)", "Mao"), ("spaced",)]
    assert calls == [3]  # only the row with outer spaces went the long way
