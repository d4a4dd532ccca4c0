"""Two-sided cards asked both ways: vocabulary pairs, translations, terms and meanings."""

from __future__ import annotations

import random

import pytest

from bot.decks import deck_context
from bot.decks.readers import read_deck
from bot.questions import CHOICE, FLIP, generate_questions, pick_questions
from bot.questions.index import index_for
from bot.questions.shapes import deck_shape, is_pair
from bot.quiz import QuizConfig, QuizSession, Reply

FRENCH = read_deck(
    "the dog\tle chien\nthe cat\tle chat\nthe house\tla maison\nthe bread\tle pain\nthe car\tla voiture\n"
    "the book\tle livre\nthe girl\tla fille\nthe boy\tle garçon\n".encode(),
    "french.tsv",
)
GLOSSARY = read_deck(
    (
        "Osmosis\tMovement of water across a membrane from a dilute to a concentrated solution\n"
        "Diffusion\tThe net movement of particles from higher to lower concentration over time\n"
        "Enzyme\tA protein that speeds up a chemical reaction without being used up by it\n"
        "Chlorophyll\tThe green pigment in chloroplasts that absorbs light for photosynthesis\n"
        "Mitochondrion\tAn organelle that releases energy from food through aerobic respiration\n"
    ).encode(),
    "biology.tsv",
)


def test_a_vocabulary_deck_is_pairs_with_a_foreign_side() -> None:
    shape = deck_shape(FRENCH)
    assert shape.pairs and shape.foreign == "back" and shape.default_direction == "both"
    assert all(is_pair(c) for c in FRENCH.cards)
    glossary = deck_shape(GLOSSARY)
    assert not glossary.pairs and glossary.default_direction == "back"


def test_pairs_are_asked_both_ways_and_every_card_is_asked() -> None:
    questions = generate_questions(FRENCH, seed=0)
    typed = [q for q in questions if q.kind == "recall"]
    assert {id(q.card) for q in typed} == {id(c) for c in FRENCH.cards}
    shown_front = [q for q in typed if q.prompt.startswith("Translate: “the ")]
    shown_back = [q for q in typed if q.prompt.startswith(("Translate: “le ", "Translate: “la "))]
    assert shown_front and shown_back and len(shown_front) + len(shown_back) == len(typed) == 2 * len(FRENCH.cards)
    for q in shown_front:
        assert q.answers[0].startswith(("le ", "la ")) and not q.english
    for q in shown_back:
        assert q.answers[0].startswith("the ") and q.english
    for q in questions:
        assert not any(a.casefold() in q.prompt.casefold() for a in q.answers)
        if q.kind == CHOICE:
            assert len(set(q.choices)) == 4 and q.answers[0] in q.choices


@pytest.mark.parametrize(("direction", "starts"), [("front", "Translate: “the "), ("back", "Translate: “l")])
def test_one_direction_shows_one_side(direction: str, starts: str) -> None:
    questions = generate_questions(FRENCH, seed=0, direction=direction)
    assert questions and all(q.prompt.startswith(starts) for q in questions)
    picked = pick_questions(FRENCH, random.Random(2), 4, direction=direction)
    assert all(q.prompt.startswith(starts) for q in picked)


def test_a_glossary_keeps_asking_for_the_term_and_shows_terms_as_flip_cards() -> None:
    default = generate_questions(GLOSSARY, seed=0)
    assert default == generate_questions(GLOSSARY, seed=0, direction="back")
    assert all(q.kind != FLIP for q in default)
    shown_terms = generate_questions(GLOSSARY, seed=0, direction="front")
    flips = [q for q in shown_terms if q.kind == FLIP]
    assert {q.card.front for q in flips} == {c.front for c in GLOSSARY.cards}
    osmosis = next(q for q in flips if q.card.front == "Osmosis")
    assert osmosis.prompt == "What does “Osmosis” mean?" and osmosis.answers == (GLOSSARY.cards[0].back[0],)
    choices = [q for q in shown_terms if q.kind == CHOICE]
    assert choices and all(q.answers[0] in q.choices for q in choices)


def test_a_slip_on_a_french_answer_is_forgiven_but_not_in_english() -> None:
    index_for(FRENCH)
    to_french = next(q for q in generate_questions(FRENCH, seed=0, direction="front") if q.card.front == "the dog" and q.kind == "recall")
    config = QuizConfig(questions=1)
    quiz = QuizSession(FRENCH, [to_french], config=config, starter=1, context=deck_context(FRENCH))
    quiz.start_next(0.0)
    assert quiz.reply(2, "le chin", 1.0).kind is Reply.WIN
    to_english = next(q for q in generate_questions(FRENCH, seed=0, direction="back") if q.card.front == "the dog" and q.kind == "recall")
    english = QuizSession(FRENCH, [to_english], config=config, starter=1, context=deck_context(FRENCH))
    english.start_next(0.0)
    assert english.reply(2, "the dig", 1.0).kind is not Reply.WIN  # "dig" is an English word of its own
    assert english.reply(2, "Dog", 2.0).kind is Reply.WIN
