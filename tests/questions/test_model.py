"""What a question shows after its answer."""

from __future__ import annotations


def test_the_facts_never_just_restate_the_answer() -> None:
    """A YAML card without a back takes its answer as the back: the reveal shows the answer once, not twice."""
    from bot.cards import Card
    from bot.questions.model import explanation_for

    assert explanation_for(Card("Capital of France?", ("Paris",), ("Paris",), explicit=True)) == ""
    assert explanation_for(Card("Capital of France?", ("paris ",), ("Paris",), explicit=True)) == ""
    assert explanation_for(Card("Capital of France?", ("Paris", "On the Seine"), ("Paris",), explicit=True)) == "On the Seine"
