"""A member's "I was right": which refused answers they may dispute, and the dispute stored for the moderators."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.cards import DeckError
from bot.decks import DeckLibrary, DeckNotFound, cards_by_key
from bot.grading import reply_key
from bot.storage import Dispute, ReviewRecord, Store, StoredAttempt

DISPUTE_HOURS = 24
"""An answer may be disputed this long after it was given."""
_WINDOW = timedelta(hours=DISPUTE_HOURS)
AGAIN = 1


class DisputeRefused(ValueError):
    """A dispute (or a decision on one) that cannot be made; the message says why, in a member's words."""


@dataclass(frozen=True)
class Asked:
    """What the disputed question asked, as the moderators will see it."""

    prompt: str
    answers: tuple[str, ...]


def disputable(stored: StoredAttempt, member_id: int, at: datetime) -> str | None:
    """Why ``member_id`` cannot dispute this stored answer now, or None when they can."""
    attempt = stored.attempt
    if attempt.member_id != member_id:
        return "Only the member who gave an answer can dispute it."
    if attempt.correct:
        return "That answer was already marked right."
    if not attempt.reply.strip():
        return "There is no typed answer to dispute."
    if attempt.at is not None and at - attempt.at > _WINDOW:
        return f"Answers can be disputed for {DISPUTE_HOURS} hours after they were given."
    return None


async def dispute_attempt(store: Store, stored: StoredAttempt, member_id: int, asked: Asked, at: datetime) -> Dispute:
    """Store the member's dispute of a refused quiz or daily answer; raises :class:`DisputeRefused`."""
    why = disputable(stored, member_id, at)
    if why is not None:
        raise DisputeRefused(why)
    a = stored.attempt
    dispute = Dispute(
        a.guild_id, a.channel_id, a.member_id, a.deck, a.card_key, a.question_kind, asked.prompt, asked.answers,
        a.reply, reply_key(a.reply), a.source, attempt_id=stored.id, opened_at=at,
    )
    opened = await store.open_dispute(dispute)
    if opened is None:
        raise DisputeRefused("You already disputed that answer: the moderators will look at it once.")
    return opened


async def dispute_review(
    store: Store, review: ReviewRecord, member_id: int, reply: str, asked: Asked, channel_id: int, at: datetime
) -> Dispute:
    """Store the member's dispute of a study answer marked wrong (a study answer is a review, not an attempt)."""
    if review.member_id != member_id:
        raise DisputeRefused("Only the member who gave an answer can dispute it.")
    if review.rating != AGAIN:
        raise DisputeRefused("That answer was already marked right.")
    if not reply.strip():
        raise DisputeRefused("There is no typed answer to dispute.")
    if at - review.at > _WINDOW:
        raise DisputeRefused(f"Answers can be disputed for {DISPUTE_HOURS} hours after they were given.")
    assert review.id is not None
    dispute = Dispute(
        review.guild_id, channel_id, member_id, review.deck, review.card_key, review.kind, asked.prompt,
        asked.answers, reply, reply_key(reply), "study", review_id=review.id, opened_at=at,
    )
    opened = await store.open_dispute(dispute)
    if opened is None:
        raise DisputeRefused("You already disputed that answer: the moderators will look at it once.")
    return opened


class RecentQuestions:
    """What the latest questions asked, by channel and question id, so a dispute shows the question as it was
    asked; older ones (or after a restart) are shown by their card."""

    def __init__(self, size: int = 2000) -> None:
        self._size = size
        self._asked: OrderedDict[tuple[int, str], Asked] = OrderedDict()

    def remember(self, channel_id: int, question_id: str, asked: Asked) -> None:
        self._asked[(channel_id, question_id)] = asked
        self._asked.move_to_end((channel_id, question_id))
        while len(self._asked) > self._size:
            self._asked.popitem(last=False)

    def get(self, channel_id: int, question_id: str | None) -> Asked | None:
        return None if question_id is None else self._asked.get((channel_id, question_id))


async def asked_by_card(library: DeckLibrary, guild_id: int, deck: str, key: str) -> Asked:
    """What a card asks, for a dispute whose question is no longer remembered."""
    try:
        loaded = await library.get(guild_id, deck)
    except (DeckNotFound, DeckError):
        return Asked("(a card of a deck no longer on this server)", ())
    card = cards_by_key(loaded.name, loaded.deck).get(key)
    if card is None:
        return Asked("(a card no longer in the deck)", ())
    return Asked(card.front, card.answers)
