"""Roman numerals read as their number, and shrugs that are not attempts, across every value and answer."""

from __future__ import annotations

import pytest

from bot.grading import grade
from bot.grading.normalize import tokens_of
from bot.grading.numbers import ordinal
from bot.grading.numerals import MAX_VALUE, roman_value, to_roman
from tests.grading.corpus import corpus_context, load_rows

ROWS = load_rows()
CONTEXT = corpus_context(ROWS)
WORDY = sorted({a for row in ROWS for a in row.answers if any(ch.isalnum() for ch in a)})
SHRUGS = ["idk", "no idea", "i don't know", "pass", "skip", "dunno", "no clue", "hmm", "lol", "no", "??", "idk lol"]


def test_roman_values_round_trip() -> None:
    assert [roman_value(to_roman(n)) for n in range(1, MAX_VALUE + 1)] == list(range(1, MAX_VALUE + 1))
    # Not canonical, past the limit, or not a numeral at all.
    for word in ("iiii", "vx", "il", "mix", "dim", "civil", "mild", "vivid", "did", "mcm", "", "x1"):
        assert roman_value(word) is None, word


# Lone "L" and "C" are letters ("Plan C"); only I, V and X stand alone as numerals.
@pytest.mark.parametrize("value", [n for n in range(1, MAX_VALUE + 1) if to_roman(n) not in ("l", "c")])
def test_every_numeral_after_a_name_is_its_number_and_no_other(value: int) -> None:
    answers = [f"Henry {to_roman(value).upper()}"]
    for same in (f"henry {value}", f"henry {ordinal(value)}", f"Henry {to_roman(value)}"):
        assert grade(same, answers).kind == "exact", same
    for other in {value - 1, value + 1} - {0}:
        for written in (f"henry {other}", f"henry {to_roman(other)}", f"henry {ordinal(other)}"):
            assert not grade(written, answers).correct, written
    # Digits in the answer accept the numeral too, the other way round.
    assert grade(f"Chapter {to_roman(value)}", [f"Chapter {value}"]).correct


def test_a_numeral_needs_a_name_before_it() -> None:
    assert not grade("14", ["XIV"]).correct  # the card may ask for the Roman form
    assert not grade("11 jinping", ["Xi Jinping"]).correct
    assert not grade("who am 1", ["Who Am I"]).correct
    assert grade("henry 5 of england", ["Henry V of England"]).correct


@pytest.mark.parametrize("shrug", SHRUGS)
def test_a_shrug_is_never_an_attempt(shrug: str) -> None:
    for answer in WORDY:
        verdict = grade(shrug, [answer], context=CONTEXT)
        if verdict.kind != "empty":
            # Only where the shrug is the answer, part of it, or a yes/no card's other answer.
            assert verdict.correct or set(tokens_of(shrug)) & set(tokens_of(answer)) or answer == "Yes", (
                answer,
                verdict,
            )


@pytest.mark.parametrize("answer", WORDY)
def test_a_shrug_before_the_answer_keeps_it_correct(answer: str) -> None:
    assert grade(f"idk, {answer}?", [answer], context=CONTEXT).correct


def test_yes_and_no_are_answers_on_a_yes_no_card() -> None:
    assert grade("no", ["Yes"]).kind == "wrong"
    assert grade("nope", ["True"]).kind == "wrong"
    assert grade("no", ["No"]).correct
    assert grade("no idea", ["Yes"]).kind == "empty"
    assert grade("no", ["Khrushchev"]).feedback == "No answer there."
