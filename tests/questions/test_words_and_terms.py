"""Masking, shortening and term finding: the pieces fairness rests on."""

from __future__ import annotations

import pytest

from bot.questions.terms import find_dates, find_names, find_numbers, find_quotes, range_ends
from bot.questions.words import MASK, Matcher, mask, stem, truncate


@pytest.mark.parametrize(
    ("answer", "clue_word"),
    [
        ("Soviet", "Soviets"),
        ("Maoism", "Maoist"),
        ("Maoism", "Mao"),
        ("Communist Revolution", "revolutionary"),
        ("Communist Revolution", "communism"),
        ("Border Clashes between Chinese and Soviet Forces", "China"),
        ("Border Clashes", "border"),
        ("Disagreements", "disagreeing"),
        ("Initial Cooperation", "cooperative"),
        ("Taiwan", "Taiwanese"),
        ("1958 Taiwan Strait Crisis", "1958"),
    ],
)
def test_answer_forms_are_recognised(answer, clue_word):
    assert Matcher([answer]).hits(clue_word)


@pytest.mark.parametrize(
    ("answer", "clue_word"),
    [("Soviet", "and"), ("Disputes over the Cuban Missile Crisis", "over"), ("1958", "1959"), ("Mao", "Moscow"), ("Asia", "Africa")],
)
def test_unrelated_and_small_words_stay(answer, clue_word):
    assert not Matcher([answer]).hits(clue_word)


def test_stem_is_stable_for_common_forms():
    assert stem("Soviets") == stem("Soviet")
    assert stem("Maoism") == stem("Maoist") == "mao"
    assert stem("crisis") == "crisis"


def test_mask_merges_neighbours_and_keeps_other_text():
    text, hidden = mask("the Taiwan Strait Crisis of 1958 shocked Moscow", Matcher(["1958 Taiwan Strait Crisis"]))
    assert text == f"the {MASK} of {MASK} shocked Moscow"
    assert hidden == 4


def test_mask_hides_a_range_written_with_a_dash():
    text, _ = mask("From 1953–1960 the split widened", Matcher(["Emerging Tensions (1953-1960)"]))
    assert "1953" not in text and "1960" not in text


@pytest.mark.parametrize("limit", [40, 100, 333])
def test_truncate_cuts_at_a_boundary(limit):
    text = "First sentence here. Second sentence is somewhat longer than the first one. " * 10
    cut = truncate(text, limit)
    assert len(cut) <= limit + 1
    assert cut.endswith("…")
    body = cut.rstrip("… ")
    assert body.endswith(".") or text.startswith(body + " ")


def test_truncate_leaves_short_text_alone():
    assert truncate("  short  ", 50) == "short"


def test_dates_years_ranges_decades():
    found = [(t.answer, t.shape) for t in find_dates("From 1947-53 to the 1960s; in 1958, 200 troops and 1500 soldiers")]
    assert found == [("1947-1953", "range"), ("1960s", "decade"), ("1958", "year")]


def test_numbers_skip_dates_and_abbreviated_years():
    text = "over 200 projects, 1,500 engineers and 3.5% growth in 1956, Aug ‘58"
    numbers = [t.answer for t in find_numbers(text, find_dates(text))]
    assert numbers == ["200", "1,500", "3.5%"]


def test_quotes_curly_straight_and_single():
    text = "Mao’s “peaceful coexistence”, the \"capitulation\" and a ‘paper tiger’ in Aug ‘58"
    assert [t.answer for t in find_quotes(text)] == ["peaceful coexistence", "capitulation", "paper tiger"]


def test_names_skip_sentence_openers_and_title_lists():
    known = {"mao"}
    text = "Tensions rose as Mao criticized Khrushchev’s policies near Zhenbao Island. Mao blamed Moscow."
    assert [t.answer for t in find_names(text, known)] == ["Mao", "Khrushchev", "Zhenbao Island", "Mao", "Moscow"]
    title = "Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance cemented ties with Beijing and Moscow"
    assert [t.answer for t in find_names(title, set())] == ["Beijing", "Moscow"]
    assert [t.answer for t in find_names("Talks between China’s Maoist leaders", set())] == ["China", "Maoist"]


@pytest.mark.parametrize(
    ("text", "ends"),
    [("1953-1960", (1953, 1960)), ("1953–60", (1953, 1960)), ("2006-07", (2006, 2007)), ("1999-00", (1999, 2000)), ("1960-53", None),
     ("1999-2000", (1999, 2000)), ("985-990", (985, 990)), ("2004-05 ", (2004, 2005)), ("1960-1953", None),
     ("2004", None), ("20x4-05", None), ("2004-5", None)],
)
def test_range_ends_reads_spans_and_seasons(text: str, ends: tuple[int, int] | None) -> None:
    assert range_ends(text) == ends
