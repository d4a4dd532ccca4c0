"""Properties that hold for every answer, and the grader's API contract."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.cards import derive_answers
from bot.grading import KINDS, GradingContext, grade
from tests.grading.corpus import corpus_context, load_rows
from tests.helpers import ROOT, SEED

ROWS = load_rows()
CONTEXT = corpus_context(ROWS)
ANSWERS = sorted({(answer, row.answers) for row in ROWS for answer in row.answers})
# Answers with no letters or digits only match themselves, so markup changes them.
WORDY = [(a, answers) for a, answers in ANSWERS if any(ch.isalnum() for ch in a)]


@pytest.mark.parametrize("answer,answers", ANSWERS)
def test_every_answer_grades_correct_against_itself(answer: str, answers: tuple[str, ...]) -> None:
    verdict = grade(answer, answers, context=CONTEXT)
    assert verdict.correct and verdict.kind == "exact" and verdict.score == 1.0, verdict
    assert verdict.matched in answers


@pytest.mark.parametrize("answer,answers", WORDY)
@pytest.mark.parametrize("dress", ["{}!", "**{}**", "||{}||", "*{}*", "> {}", "`{}`", "{}?", "  {}  ", "it was {}"])
def test_dressing_an_answer_keeps_it_correct(answer: str, answers: tuple[str, ...], dress: str) -> None:
    assert grade(dress.format(answer), answers, context=CONTEXT).correct


@pytest.mark.parametrize("answer,answers", WORDY)
def test_upper_case_and_no_punctuation_keep_it_correct(answer: str, answers: tuple[str, ...]) -> None:
    assert grade(answer.upper(), answers, context=CONTEXT).correct
    if not any(ch.isdigit() for ch in answer):  # "3.14" without its point is another number
        bare = "".join(ch if ch.isalnum() else " " for ch in answer)
        assert grade(bare, answers, context=CONTEXT).correct


@pytest.mark.parametrize("answer,answers", WORDY)
def test_denying_an_answer_is_never_correct(answer: str, answers: tuple[str, ...]) -> None:
    verdict = grade(f"definitely not {answer}", answers, context=CONTEXT)
    assert not verdict.correct and verdict.kind == "negated", verdict


@pytest.mark.parametrize("answer,answers", WORDY)
def test_answer_plus_another_guess_is_never_correct(answer: str, answers: tuple[str, ...]) -> None:
    verdict = grade(f"{answer} or Stalingrad", answers, context=CONTEXT)
    assert not verdict.correct and verdict.kind == "several", verdict


def test_seed_deck_canonical_answers_grade_correct() -> None:
    lines = [line.strip(" -\t") for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    context = GradingContext.from_texts(lines)
    checked = 0
    for line in lines:
        answers = derive_answers(line)
        for answer in answers:
            verdict = grade(answer, answers, context=context)
            assert verdict.correct, f"{answer!r}: {verdict}"
            checked += 1
    assert checked > 40


def test_verdict_fields() -> None:
    for row in ROWS:
        verdict = grade(row.reply, row.answers, context=CONTEXT)
        assert verdict.kind in KINDS
        assert 0.0 <= verdict.score <= 1.0
        assert verdict.feedback
        assert (verdict.matched in row.answers) if verdict.correct else verdict.matched is None


def test_feedback_names_the_other_word_not_the_answer() -> None:
    verdict = grade("Iraq", ["Iran"])
    assert (verdict.kind, verdict.feedback) == ("close", "Close, but that's a different word.")
    assert "iran" not in verdict.feedback.lower()
    assert grade("Kruschev", ["Khrushchev"]).feedback == "Correct (spelled Khrushchev)."
    assert grade("mao/stalin", ["Mao"]).feedback == "One answer per message, please."


def test_deck_vocabulary_rejects_rare_neighbours() -> None:
    # "Lushun" is too rare for the word list to know, but this deck uses it.
    answers = ["Lushan Conference"]
    assert grade("lushun conference", answers).correct
    deck = GradingContext.from_texts(["Lushan Conference (1959)", "Soviet fleet at Lüshun (Port Arthur)"])
    verdict = grade("lushun conference", answers, context=deck)
    assert not verdict.correct and verdict.kind == "close"
    assert grade("lushan conferense", answers, context=deck).kind == "typo"


def test_strictness_scales_the_typo_budget() -> None:
    assert grade("maoo", ["Mao"], strictness="lenient").correct
    assert not grade("maoo", ["Mao"]).correct
    assert not grade("moa", ["Mao"], strictness="lenient").correct  # a moa is a bird
    assert grade("kruschev", ["Khrushchev"]).correct
    assert not grade("kruschev", ["Khrushchev"], strictness="strict").correct
    assert grade("khruschev", ["Khrushchev"], strictness="strict").correct
    assert grade("pariss", ["Paris"]).correct
    assert not grade("pariss", ["Paris"], strictness="strict").correct
    assert not grade("1951", ["1950"], strictness="lenient").correct
    with pytest.raises(ValueError, match="strictness"):
        grade("mao", ["Mao"], strictness="harsh")


def test_odd_inputs_give_verdicts_not_errors() -> None:
    assert grade("mao", []).kind == "wrong"
    assert grade("mao", ["", "  "]).kind == "wrong"
    assert grade("mao", "Mao").correct  # a single answer string is one answer, not letters
    essay = "khrushchev " + "and then some more words " * 200
    assert not grade(essay, ["Khrushchev"]).correct
    assert grade("?!", ["?!"]).correct and not grade("?", ["?!"]).correct


def test_context_builds_from_a_large_deck() -> None:
    texts = [f"Card {i} about Zhenbao and Khrushchev’s policies" for i in range(20_000)]
    context = GradingContext.from_texts(texts)
    assert {"zhenbao", "khrushchev", "policies", "card"} <= context.words
    assert "s" not in context.words and not any(w.isdigit() for w in context.words)


def test_grading_imports_no_discord() -> None:
    code = "import sys, bot.grading; assert 'discord' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(ROOT))
