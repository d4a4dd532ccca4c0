"""Random and adversarial decks: every reader and the question generator answer with a deck or a clear error.

Nothing here may raise anything but DeckError (from a reader) or
NoQuestionError (from picking), nor log a reader failure, nor produce a
question that breaks the rules every question keeps. ``DECKHAND_HYPOTHESIS=thorough``
runs many more examples by hand.
"""

from __future__ import annotations

import io
import logging
import random
import sys
from contextlib import redirect_stderr
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.app.cli import main
from bot.app.terminal import play
from bot.cards import DeckError
from bot.decks.readers import read_deck
from bot.decks.readers.anki import read_anki_package
from bot.questions import CHOICE, KINDS, NoQuestionError, generate_questions, pick_questions
from tests.decks.readers.anki_builders import Note, build_package

FRAGMENTS = [
    "\t", ",", ";", "|", "---", " - ", " — ", " = ", "\n", "\r\n", "\n\n", '"', "'", "  ", ":", ": ", "- ", "#",
    "#separator:tab\n", "#html:true\n", "#columns:Front\tBack\n", "front,back\n", "question,answer\n",
    "AUTHOR: x\n", "DESCRIPTION: y\n", "CONFIG:\n  max_score: 2\n", "cards:\n", "  - front: ", "    answers: [",
    "]", "[", "{", "}", "&a", "*a", "!!int ", "? ", "<b>", "</b>", "<br>", "<style>x{}</style>", "<script>",
    "<img src='a.png'>", "&nbsp;", "&amp;", "\\(", "\\)", "\\frac{1}{2}", "[$]", "[/$]", "[sound:a.mp3]",
    "私[わたし]", "{{c1::Paris}}", "{{c2::x::hint}}", "1950", "2006-07", "1953-1960", "1960s", "1,000", "0.5%",
    "III", "the", "Treaty of Moscow", "Khrushchev", "Mao Zedong", "?", "Which is larger: A, B, or C?", "True",
    "yes", "le chien", "the dog", "Ωμέγα", "😀", "\u200b", "\ufeff", "x" * 120,
]


def text_decks() -> st.SearchStrategy[str]:
    return st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=60).map("".join)


def check_questions(deck) -> None:
    for seed in (0, 1):
        for question in generate_questions(deck, seed=seed):
            assert question.kind in KINDS
            assert question.prompt.strip() and question.answers and all(a.strip() for a in question.answers)
            if question.kind == CHOICE:
                assert question.choices and len(set(question.choices)) == len(question.choices) >= 2
                assert question.answers[0] in question.choices
            else:
                assert question.choices is None
    for mode in ("typed", "choice"):
        try:
            picked = pick_questions(deck, random.Random(3), min(3, len(deck.cards)), mode=mode)
        except NoQuestionError:
            continue
        assert all((q.kind == CHOICE) == (mode == "choice") for q in picked)
    # The terminal quiz plays whatever loaded, to the end of its input, without a traceback.
    for mode in ("typed", "choice"):
        out = io.StringIO()
        play(deck, questions=3, mode=mode, seed=0, inp=io.StringIO("x\n\n3\nA\n"), out=out, clock=lambda: 0.0)
        assert "Traceback" not in out.getvalue()


@pytest.fixture
def no_reader_bugs(caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.ERROR)
    yield
    bugs = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert bugs == [], "a reader failed unexpectedly: " + "; ".join(bugs)


@pytest.mark.usefixtures("no_reader_bugs")
@given(text=text_decks(), suffix=st.sampled_from([".txt", ".csv", ".tsv", ".yaml", ".md"]))
def test_any_text_is_a_deck_or_a_clear_error(text: str, suffix: str) -> None:
    try:
        deck = read_deck(text.encode("utf-8"), "fuzz" + suffix)
    except DeckError as exc:
        assert str(exc).startswith("fuzz" + suffix) and "\n" not in str(exc) and "Traceback" not in str(exc)
        return
    assert deck.cards
    check_questions(deck)


@pytest.mark.usefixtures("no_reader_bugs")
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".txt", ".apkg", ".csv", ".colpkg"]))
def test_any_bytes_are_a_deck_or_a_clear_error(data: bytes, suffix: str) -> None:
    try:
        deck = read_deck(data, "bytes" + suffix)
    except DeckError as exc:
        assert str(exc).startswith("bytes" + suffix) and "\n" not in str(exc)
        return
    check_questions(deck)


@pytest.mark.usefixtures("no_reader_bugs")
@given(notes=st.lists(st.tuples(text_decks(), text_decks(), st.booleans()), min_size=1, max_size=4))
def test_anki_packages_with_any_fields_load_or_refuse_clearly(notes: list[tuple[str, str, bool]]) -> None:
    built = [Note((front, back), cloze=cloze) if cloze else (front, back) for front, back, cloze in notes]
    package = build_package(None, built)
    try:
        deck = read_anki_package(package, "fuzz.apkg")
    except DeckError as exc:
        assert str(exc).startswith("fuzz.apkg") and "\n" not in str(exc)
        return
    check_questions(deck)


@given(text=text_decks(), command=st.sampled_from(["questions", "cards"]))
def test_the_command_line_gives_one_line_errors(text: str, command: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = Path(folder) / "deck.txt"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with redirect_stderr(err):
        status = main([command, str(path)], out=out)
    assert status in (0, 2)
    if status:
        lines = err.getvalue().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("deckhand: ") and "Traceback" not in err.getvalue()
    assert sys.stdout is not None
