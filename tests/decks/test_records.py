"""One mapping from an answered question to a stored attempt."""

from __future__ import annotations

import random

from bot.decks import MAX_STORED_REPLY, answer_record
from bot.decks.readers import read_deck
from bot.questions import questions_for_card

DECK = read_deck(
    b"front,back\nCapital of France,Paris\nCapital of Spain,Madrid\nCapital of Italy,Rome\nCapital of Peru,Lima\n",
    "capitals.csv",
)


def test_the_record_files_a_choice_question_under_what_it_asks() -> None:
    choice = next(q for q in questions_for_card(DECK.cards[0], DECK, random.Random(2)) if q.choices is not None)
    assert choice.kind == "choice" and choice.label == choice.basis != "choice"
    record = answer_record(
        choice, guild_id=1, channel_id=2, member_id=3, deck="capitals", card_key="capitals:abc",
        reply="x" * (MAX_STORED_REPLY + 50), verdict="exact", correct=True, points=9, time_ms=1200, source="quiz",
        question_id="round:1",
    )
    assert record.question_kind == choice.label
    assert record.reply == "x" * MAX_STORED_REPLY
    assert (record.deck, record.card_key, record.points, record.time_ms, record.source, record.question_id) == (
        "capitals", "capitals:abc", 9, 1200, "quiz", "round:1",
    )


def test_a_typed_question_is_filed_under_its_kind() -> None:
    typed = next(q for q in questions_for_card(DECK.cards[0], DECK, random.Random(2)) if q.choices is None)
    assert typed.label == typed.kind
    record = answer_record(
        typed, guild_id=1, channel_id=2, member_id=3, deck="capitals", card_key="k", reply="City 0",
        verdict="exact", correct=True, points=0, time_ms=0, source="daily",
    )
    assert record.question_kind == typed.kind and record.question_id is None and record.at is None
