"""Wrong choices are the same sort of thing as the answer: capitals beside a capital, ideologies beside an ideology."""

from __future__ import annotations

import random

import pytest

from bot.questions import CHOICE, generate_questions
from bot.questions.index import DeckIndex
from bot.questions import distractors
from bot.questions.sorts import CITY, COUNTRY, EVENT, IDEOLOGY, PEOPLE, REGION, sort_of
from tests.questions.helpers import seed_deck


@pytest.fixture(scope="module")
def deck():
    return seed_deck()


@pytest.fixture(scope="module")
def questions(deck):
    return [q for seed in range(4) for q in generate_questions(deck, seed=seed)]


@pytest.mark.parametrize(
    "name, sort",
    [
        ("Moscow", CITY), ("Peking", CITY), ("Soviet Union", COUNTRY), ("PRC", COUNTRY), ("Asia", REGION),
        ("Chinese", PEOPLE), ("Marxism-Leninism", IDEOLOGY), ("Maoist", IDEOLOGY), ("Cuban Missile Crisis", EVENT),
        ("WWII", EVENT), ("Chinese Civil War", EVENT), ("Zhenbao Island", "place"), ("Khrushchev", "single"),
    ],
)
def test_sort_of(name, sort):
    assert sort_of(name) == sort


def choices_for(questions, answer):
    found = [q for q in questions if q.kind == CHOICE and q.answers[0] == answer]
    assert found, answer
    return found


def test_a_capital_is_offered_among_cities(questions):
    for question in choices_for(questions, "Moscow") + choices_for(questions, "Beijing"):
        assert all(sort_of(choice) == CITY for choice in question.choices), question.choices


def test_an_ideology_among_ideologies_in_the_same_grammar(questions):
    for question in choices_for(questions, "Marxism-Leninism"):
        assert all(choice.lower().endswith("ism") for choice in question.choices), question.choices
    for question in choices_for(questions, "Maoist"):
        assert all(choice.lower().endswith("ist") for choice in question.choices), question.choices


def test_a_war_or_crisis_among_events(questions):
    for answer in ("WWII", "Cuban Missile Crisis", "Chinese Civil War", "Cold War"):
        for question in choices_for(questions, answer):
            assert all(sort_of(choice) == EVENT for choice in question.choices), question.choices


def test_no_fragment_of_a_phrase_and_no_obscure_country(questions):
    offered = {choice for q in questions if q.choices for choice in q.choices}
    assert "Paper" not in offered  # from “Paper tiger”
    assert not offered & {"Côte d'Ivoire", "French Polynesia", "Niger", "Uganda"}


def test_a_decade_among_its_neighbours(questions):
    for question in choices_for(questions, "1960s"):
        assert all(abs(int(choice[:4]) - 1960) <= 20 for choice in question.choices), question.choices


def test_a_name_of_no_known_sort_gets_no_choice_of_another_sort(deck):
    index = DeckIndex(deck)
    for seed in range(20):
        picked = distractors.names("Khrushchev", ("Khrushchev",), index, random.Random(seed), "Mao criticized _____")
        if picked:
            assert all(sort_of(name) == "single" for name in picked), picked
    # An island has no other island in this deck: no choice question rather than "Asia" or "United States".
    for seed in range(20):
        assert distractors.names("Zhenbao Island", ("Zhenbao Island",), index, random.Random(seed), "the _____ incident") is None
