"""Term decks, explicit trivia, odd cards and live-quiz picking."""

from __future__ import annotations

import random

import pytest

from bot.cards import Card, Deck
from bot.questions import CHOICE, NoQuestionError, generate_questions, pick_question, pick_questions, questions_for_card
from bot.questions.words import fold
from tests.questions.helpers import explicit_card, leak, seed_deck, term_card

TERMS = [
    term_card("Photosynthesis", "The process by which green plants use sunlight to make sugars from carbon dioxide and water"),
    term_card("Mitochondrion", "An organelle that releases energy from food through respiration; mitochondria are the cell's power plants"),
    term_card("Osmosis", "Movement of water across a partially permeable membrane from a dilute to a concentrated solution"),
    term_card("Enzyme", "A protein that speeds up a chemical reaction without being used up; enzymes are specific to their substrate"),
    term_card("Diffusion", "The net movement of particles from a region of higher concentration to one of lower concentration"),
    term_card("Chlorophyll", "The green pigment in chloroplasts that absorbs light for photosynthesis"),
]

TRIVIA = [
    explicit_card("Which planet is closest to the Sun?", "Mercury"),
    explicit_card("Which planet has the Great Red Spot?", "Jupiter"),
    explicit_card("Which planet is known as the Red Planet?", "Mars"),
    explicit_card("Which planet has the most prominent rings?", "Saturn"),
    explicit_card("Which planet spins on its side?", "Uranus"),
    explicit_card("In what year did Apollo 11 land on the Moon?", "1969", "Apollo 11 landed in July 1969."),
    explicit_card("Is Pluto still classed as a planet?", "No"),
]


def deck_of(cards, fmt="csv") -> Deck:
    return Deck(title="test", cards=tuple(cards), format=fmt, source="test")


def test_term_deck_asks_for_the_term_and_masks_it():
    questions = generate_questions(deck_of(TERMS), seed=0)
    recall = {q.card.front: q for q in questions if q.kind == "recall"}
    assert set(recall) == {card.front for card in TERMS}
    mito = recall["Mitochondrion"]
    assert mito.prompt.startswith("Which term matches this definition?")
    assert "mitochondria" not in mito.prompt.lower() and "▢▢▢" in mito.prompt
    assert "photosynthesis" in recall["Chlorophyll"].prompt.lower()  # another card's term is fair game
    enzyme = recall["Enzyme"]
    assert "enzymes" not in enzyme.prompt.lower()
    for question in questions:
        assert leak(question.prompt, question.answers) is None, question.prompt


def test_term_deck_choice_uses_other_terms():
    questions = generate_questions(deck_of(TERMS), seed=2)
    fronts = {card.front for card in TERMS}
    choices = [q for q in questions if q.kind == CHOICE and q.basis == "recall"]
    assert len(choices) == len(TERMS)
    for question in choices:
        assert set(question.choices) <= fronts
        assert question.answers[0] == question.card.front


def test_explicit_deck_asks_questions_as_written():
    questions = generate_questions(deck_of(TRIVIA, "yaml"), seed=0)
    explicit = [q for q in questions if q.kind == "explicit"]
    assert [q.prompt for q in explicit] == [card.front for card in TRIVIA]
    assert all(q.answers == q.card.answers for q in explicit)
    by_card = {q.card.front: q for q in questions if q.kind == CHOICE}
    planets = by_card["Which planet is closest to the Sun?"]
    assert "Mercury" in planets.choices
    assert set(planets.choices) <= {"Mercury", "Jupiter", "Mars", "Saturn", "Uranus"}
    year = by_card["In what year did Apollo 11 land on the Moon?"]
    assert "1969" in year.choices and all(c.isdigit() and len(c) == 4 for c in year.choices)
    pluto = by_card["Is Pluto still classed as a planet?"]  # yes/no is asked with its own two options
    assert pluto.choices == ("Yes", "No") and pluto.answers[0] == "No"


def test_explicit_cards_without_answers_or_question_are_skipped():
    cards = [Card("", ("x",), ("x",), explicit=True), Card("What?", ("x",), (), explicit=True)]
    assert generate_questions(deck_of(cards), seed=0) == []


def test_long_back_is_truncated_at_a_boundary():
    sentence = "Khrushchev denounced Stalin in a secret speech that shocked the Chinese leadership. "
    card = term_card("De-Stalinization", sentence * 50)
    assert len(card.back[0]) > 4000
    deck = deck_of([card, *TERMS])
    questions = questions_for_card(card, deck, random.Random(0))
    assert questions
    for question in questions:
        assert len(question.prompt) <= 1500
        assert len(question.explanation) <= 2000
        assert leak(question.prompt, question.answers) is None
    recall = next(q for q in questions if q.basis == "recall")
    assert recall.prompt.rstrip().endswith("…")
    assert recall.prompt.rstrip("… ").endswith(".")


@pytest.mark.parametrize(
    "card",
    [
        Card("   ", (), ()),
        Card("Term", (), ("Term",)),
        Card("Term", ("",), ("Term",)),
        Card("Term", ("Term",), ("Term",)),
        Card("???", ("!!! ... ???",), ("???",)),
        Card("(1950)", ("(1950)",), ("(1950)",)),
        Card("1958", ("In 1958 it happened, 1958 again",), ("1958",)),
        Card("Word", ("“” \"\" ‘’ 12,345,678 0.5% 1999-1990 1960s",), ("Word",)),
        Card("x" * 300, ("y " * 3000,), ("x" * 300,)),
    ],
)
def test_odd_cards_do_not_crash(card):
    deck = deck_of([card, *TERMS])
    for question in questions_for_card(card, deck, random.Random(1)):
        assert question.prompt.strip()
        assert question.answers and all(a.strip() for a in question.answers)
        if question.kind != "explicit":
            assert leak(question.prompt, question.answers) is None, question.prompt


def test_one_card_deck_makes_no_choice_from_fronts_but_years_still_work():
    card = Card("Treaty of Friendship (1950)", ("Signed in Moscow by Stalin and Mao",), ("Treaty of Friendship (1950)", "Treaty of Friendship"))
    questions = generate_questions(deck_of([card], "notes"), seed=0)
    assert not [q for q in questions if q.kind == CHOICE and q.basis == "recall"]
    year_choice = next(q for q in questions if q.kind == CHOICE and q.basis == "date")
    assert "1950" in year_choice.choices and len(set(year_choice.choices)) == 4
    with pytest.raises(NoQuestionError):
        pick_question(deck_of([term_card("Alone", "A single card with a definition")]), random.Random(0), mode="choice")


def test_pick_question_modes_and_exclusions():
    deck = seed_deck()
    rng = random.Random(5)
    for _ in range(20):
        assert pick_question(deck, rng, mode="choice").kind == CHOICE
        assert pick_question(deck, rng, mode="typed").kind != CHOICE
    all_but_one = [card.front for card in deck.cards[1:]]
    for _ in range(5):
        assert pick_question(deck, rng, exclude=all_but_one).card is deck.cards[0]
    only_dates = pick_question(deck, rng, kinds={"date"})
    assert only_dates.kind == "date"
    with pytest.raises(ValueError):
        pick_question(deck, rng, mode="buttons")


def test_pick_questions_uses_different_cards_and_is_repeatable():
    deck = seed_deck()
    first = pick_questions(deck, random.Random(9), 10, mode="typed")
    again = pick_questions(deck, random.Random(9), 10, mode="typed")
    assert [q.to_json() for q in first] == [q.to_json() for q in again]
    assert len({q.card.front for q in first}) == 10
    many = pick_questions(deck, random.Random(9), 30)
    assert len(many) == 30


def test_choices_never_include_a_second_right_answer():
    cards = [
        term_card("Cold War", "Rivalry between the United States and the Soviet Union after 1945"),
        term_card("Cold war", "Same term typed twice by a careless author"),
        term_card("Détente", "The easing of tensions in the 1970s"),
        term_card("Containment", "The policy of stopping the spread of communism"),
        term_card("Iron Curtain", "Churchill's name for the division of Europe"),
    ]
    for question in generate_questions(deck_of(cards), seed=0):
        if question.choices:
            accepted = {fold(a) for a in question.answers}
            assert sum(fold(c) in accepted for c in question.choices) == 1


def test_recall_choices_skip_terms_named_in_the_clue():
    for seed in range(5):
        for question in generate_questions(deck_of(TERMS), seed=seed):
            if question.kind == CHOICE and question.card.front == "Chlorophyll":
                assert "Photosynthesis" not in question.choices


def test_index_is_rebuilt_for_a_new_deck_with_the_same_cards():
    deck = deck_of(TERMS)
    first = generate_questions(deck, seed=0)
    bigger = deck_of([*TERMS, term_card("Vacuole", "A storage sac in plant cells that holds water and ions")])
    assert any(q.card.front == "Vacuole" for q in generate_questions(bigger, seed=0))
    assert [q.to_json() for q in generate_questions(deck, seed=0)] == [q.to_json() for q in first]


SEASONS = [
    explicit_card("Which season did the rookie debut?", "2005-06"),
    explicit_card("Which season was cancelled by the lockout?", "2004-05"),
    explicit_card("Which season saw the first outdoor game?", "2003-04"),
    explicit_card("When did the league expand to 30 teams?", "2000-01"),
    explicit_card("Which decade of the dynasty began in 1984?", "1984-1990"),
]


@pytest.mark.parametrize("seed", range(12))
def test_season_answers_get_season_choices(seed: int) -> None:
    questions = generate_questions(deck_of(SEASONS, "trivia-yaml"), seed=seed)
    choices = [q for q in questions if q.kind == CHOICE]
    assert {q.card.front for q in questions} == {c.front for c in SEASONS}
    for q in choices:
        assert len(set(q.choices)) == 4 and q.answers[0] in q.choices
        if q.answers[0].count("-") and len(q.answers[0]) == 7:
            # Written as the answer is, and a season each, so no choice stands out.
            for choice in q.choices:
                start, end = choice.split("-")
                assert len(start) == 4 and len(end) == 2 and (int(start) + 1) % 100 == int(end), choice


LONG = "That the judiciary is the least dangerous branch, since it has neither force nor will."


def test_a_long_answer_is_a_flip_card_never_typed() -> None:
    cards = [explicit_card("What does the Federalist No. 78 argue?", LONG),
             explicit_card("Which court hears appeals first?", "Circuit courts")]
    questions = generate_questions(deck_of(cards, "csv"), seed=0)
    essay = [q for q in questions if q.card is cards[0]]
    assert "flip" in {q.kind for q in essay} and "explicit" not in {q.kind for q in essay}
    flip = next(q for q in essay if q.kind == "flip")
    assert flip.prompt == cards[0].front and flip.answers == (LONG,) and flip.choices is None
    assert flip.to_json()["kind"] == "flip"
    assert {q.kind for q in questions if q.card is cards[1]} >= {"explicit"}
    # A quiz never asks a flip card: nothing grades it.
    picked = pick_questions(deck_of(cards, "csv"), random.Random(0), 2)
    assert all(q.kind != "flip" for q in picked)


def test_an_answer_the_prompt_names_is_never_accepted_as_typed() -> None:
    mining = Card("私", ("私",), ("私", "わたし"), source=explicit_card("x", "y").source, explicit=True)
    trick = explicit_card("Is Canberra or Sydney the capital of Australia?", "Canberra")
    deck = deck_of([mining, trick, *TRIVIA], "anki-package")
    by_card = {}
    for q in generate_questions(deck, seed=0):
        by_card.setdefault(q.card.front, []).append(q)
    typed_mining = [q for q in by_card["私"] if q.kind == "explicit"]
    assert [q.answers for q in typed_mining] == [("わたし",)]
    assert not any(q.kind == "explicit" for q in by_card[trick.front])
    assert by_card[trick.front], "the card still makes a question: a choice or a flip card"


def test_every_card_of_a_mixed_deck_makes_a_question() -> None:
    cards = [*TRIVIA, explicit_card("Explain osmosis.", "Water moves across a membrane; from dilute to concentrated."),
             explicit_card("List the inner planets.", "Mercury, Venus, Earth, Mars")]
    questions = generate_questions(deck_of(cards, "csv"), seed=1)
    assert {id(q.card) for q in questions} == {id(c) for c in cards}



@pytest.mark.parametrize(
    ("prompt", "answer", "options"),
    [
        ("Which is largest: Jupiter, Saturn, or Neptune?", "Jupiter", ("Jupiter", "Saturn", "Neptune")),
        ("Which came first, the chicken or the egg?", "egg", ("the chicken", "the egg")),
        ("Which planet (Mars or Venus) is hotter?", "Venus", ("Mars", "Venus")),
        ("True or false: the Sun is a star.", "true", ("True", "False")),
        ("Did the USSR test a bomb in 1949?", "yes", ("Yes", "No")),
    ],
)
def test_the_authors_own_options_are_the_choices(prompt: str, answer: str, options: tuple[str, ...]) -> None:
    card = explicit_card(prompt, answer)
    questions = questions_for_card(card, deck_of([card, *TRIVIA], "trivia-yaml"), random.Random(0))
    choice = next(q for q in questions if q.kind == CHOICE)
    assert choice.choices == options and choice.answers[0] in options
    assert fold(choice.answers[0]).removeprefix("the ") == fold(answer).removeprefix("the ")
    if any(fold(o) in fold(prompt) for o in options if len(o) > 4):
        # The prompt names its own answer, so it is never a typed question.
        assert all(q.kind != "explicit" for q in questions)


def test_a_prompt_that_lists_other_things_is_not_taken_for_options() -> None:
    card = explicit_card("Who painted the Mona Lisa, the Last Supper or the Annunciation?", "Leonardo")
    questions = questions_for_card(card, deck_of([card, *TRIVIA], "trivia-yaml"), random.Random(0))
    assert all(q.choices is None or "Leonardo" in q.choices for q in questions)


def test_choices_never_hold_two_names_of_one_thing() -> None:
    cards = [
        explicit_card("Which country launched Sputnik?", "Soviet Union"),
        explicit_card("Which country landed on the Moon first?", "United States"),
        explicit_card("Which country was called Burma?", "Myanmar"),
        explicit_card("Which superpower broke up in 1991?", "USSR"),
        explicit_card("Which country is the USA's northern neighbour?", "Canada"),
        explicit_card("Which country hosted the 1964 Olympics?", "Japan"),
        explicit_card("Which country uses the rand?", "South Africa"),
    ]
    deck = deck_of(cards, "trivia-yaml")
    for seed in range(15):
        for question in generate_questions(deck, seed=seed):
            if question.choices is None:
                continue
            keys = [fold(c) for c in question.choices]
            assert not ({"soviet union", "ussr"} <= set(keys)), question.choices
