"""Markup in card fields that is not HTML: furigana, LaTeX, and the contents of styles and scripts."""

from __future__ import annotations

import pytest

from bot.decks.readers.anki import read_anki_package
from bot.decks.readers.markup import has_math, kana_reading, show_furigana, show_math
from bot.decks.readers.text import field_reading, strip_html
from tests.decks.readers.anki_builders import Note, build_package


def test_furigana_shows_the_kanji_and_gives_the_reading() -> None:
    text = "私[わたし]は 日本[にほん]の 映画[えいが]が 好き[すき]です。"
    assert show_furigana(text) == "私は日本の映画が好きです。"
    assert kana_reading(text) == "わたしはにほんのえいががすきです。"
    assert kana_reading("日本の映画") is None


@pytest.mark.parametrize("text", ["Jitendex.org [2025-12-02]", "see [1]", "f[x] = 2", "[sound:a.mp3]"])
def test_square_brackets_that_are_not_furigana_stay(text: str) -> None:
    assert show_furigana(text) == text and kana_reading(text) is None


@pytest.mark.parametrize(
    ("latex", "readable"),
    [
        (r"\(\alpha \leq \frac{1}{2}\)", "`α ≤ (1)/(2)`"),
        (r"\[\text{log odds} = \log \left(\frac{p(X)}{1-p(X)}\right)=\beta_{0}+\beta_{1} X\]",
         "`log odds = log ((p(X))/(1-p(X)))=β_0+β_1 X`"),
        (r"With \({M}_{\text{simple}}\) being simple", "With `M_simple` being simple"),
        (r"\(x \in \mathbb{R}, \sqrt{2} \neq 1\)", "`x ∈ ℝ, √(2) ≠ 1`"),
        ("[$]E=mc^2[/$] and [latex]a^{2}+b^{2}[/latex]", "`E=mc^2` and `a^2+b^2`"),
        (r"\(A \Longrightarrow B\)", "`A ⟹ B`"),
    ],
)
def test_latex_reads_as_inline_code(latex: str, readable: str) -> None:
    assert has_math(latex)
    assert show_math(latex) == readable


def test_text_without_formulas_is_untouched() -> None:
    for text in ("a \\ b", "C:\\Users\\x", "[$ not closed", "price $5"):
        assert not has_math(text) and show_math(text) == text


def test_styles_and_scripts_never_reach_the_text() -> None:
    field = (
        "<style>.yomitan-glossary [data-dictionary=\"x\"] span { cursor: help; }</style>"
        "<b>pronoun</b> I, me<SCRIPT type='text/javascript'>alert('x')</SCRIPT><br>slightly formal"
        "<style>unclosed { color: red; }"
    )
    assert strip_html(field) == "pronoun I, me\nslightly formal"


def test_anki_furigana_answers_accept_the_kanji_or_the_reading() -> None:
    package = build_package(None, [Note(("私", "私[わたし]", "I, me")), Note(("映画", "映画[えいが]", "a film"))])
    deck = read_anki_package(package, "mining.apkg")
    assert [(c.front, c.back[0], c.answers) for c in deck.cards] == [
        ("私", "私", ("私", "わたし")), ("映画", "映画", ("映画", "えいが")),
    ]
    assert field_reading("<b>映画[えいが]</b>") == "えいが"
