"""Field text: HTML stripping (fast paths must match the full path), titles, notes."""

from __future__ import annotations

import html
import re

import pytest

from bot.decks.readers.text import NoteLog, deck_tag, strip_html, title_from_file


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("Plain words", "Plain words"),
        ("  spaced \t out  ", "spaced out"),
        ("line one\r\nline two\n\n", "line one\nline two"),
        ("<div>Mao&nbsp;Zedong</div><div>Chairman</div>", "Mao Zedong\nChairman"),
        ("a<br/>b<BR >c</p>d", "a\nb\nc\nd"),
        ("Say it [sound:mao.mp3] twice", "Say it twice"),
        ("&lt;b&gt; is bold &amp; &quot;strong&quot; &#39;x&#39;", "<b> is bold & \"strong\" 'x'"),
        ("&amp;lt; stays escaped once", "&lt; stays escaped once"),
        ("&#65;&eacute;&amp;", "Aé&"),
        ("&ampx &lt3 &nosuch;", "&x <3 &nosuch;"),
        ("1 < 2 and 3 > 2", "1 2"),
        ("a < b", "a < b"),
        ("[sound:never closed", "[sound:never closed"),
        ("\u2003indent\u2003", "indent"),
    ],
)
def test_strip_html(raw: str, plain: str) -> None:
    assert strip_html(raw) == plain


def test_entity_fast_path_agrees_with_html_unescape() -> None:
    pieces = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;", "&nbsp;", "&amp;lt;", "&amp;amp;", "x", " ", "&#x41;", "&"]
    for first in pieces:
        for second in pieces:
            for third in pieces:
                text = first + second + third
                lines = html.unescape(text).replace("\xa0", " ").splitlines()
                expected = "\n".join(clean for line in lines if (clean := re.sub(r"[ \t]+", " ", line).strip()))
                assert strip_html(text) == expected, text


def test_openers_without_closers_are_linear() -> None:
    # Each opener used to rescan the rest of the field: minutes for a
    # field of a million; now one pass.
    assert strip_html("<" * 200_000) == "<" * 200_000
    assert strip_html("[sound:" * 30_000) == "[sound:" * 30_000
    assert strip_html("<b>x</b>" + "<" * 100_000) == "x" + "<" * 100_000


def test_title_from_file() -> None:
    assert title_from_file("exports/cold_war-basics.csv") == "Cold war basics"
    assert title_from_file("My Deck_v2.apkg") == "My Deck_v2"
    assert title_from_file("---.txt") == "Untitled deck"


def test_deck_tag_joins_white_space() -> None:
    assert deck_tag("History::Cold War") == "deck:History::Cold_War"
    assert deck_tag(" Lang :: Russian\tVerbs ") == "deck:Lang_::_Russian_Verbs"


def test_note_log_keeps_the_first_hundred_and_counts_the_rest() -> None:
    log = NoteLog()
    for n in range(250):
        log.add(f"line {n}: skipped")
    result = log.result()
    assert len(result) == 101
    assert result[0] == "line 0: skipped" and result[99] == "line 99: skipped"
    assert result[-1] == "... and 150 more"
