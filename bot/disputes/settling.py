"""The answer moderators' decisions: accept a dispute once for everyone who gave that reply, or reject it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import datetime

from bot.decks import DeckLibrary, DeckNotFound, cards_by_key
from bot.decks.aliases import AliasRefused, alias_problem, clean_alias
from bot.grading import reply_key
from bot.settings.guild import GuildSettings
from bot.srs import BOOK, Scheduler
from bot.storage import Dispute, Replay, ReviewRecord, ScheduledReview, Settlement, Store

from .raising import DisputeRefused


def can_moderate(settings: GuildSettings, *, manage_messages: bool, roles: Iterable[int]) -> bool:
    """Answer moderators: members with Manage Messages, and the server's answer moderator role."""
    return manage_messages or (settings.answer_moderator_role is not None and settings.answer_moderator_role in set(roles))


def replay_with(scheduler: Scheduler) -> Replay:
    """A member's memory of a card worked out from all their reviews of it, as if each had been rated so then."""

    def replay(card_key: str, reviews: list[ReviewRecord]) -> ScheduledReview | None:
        scheduled: ScheduledReview | None = None
        for review in reviews:
            scheduled = scheduler.review(scheduled.state if scheduled else None, card_key, review.rating, review.at,
                                         review.time_ms)
        return scheduled

    return replay


async def accept(
    store: Store, library: DeckLibrary, guild_id: int, dispute_id: int, moderator: int, at: datetime
) -> Settlement:
    """Accept a dispute and every identical open one; raises :class:`DisputeRefused` when it cannot be."""
    dispute = await _open(store, guild_id, dispute_id)
    try:
        alias = clean_alias(dispute.reply)
    except AliasRefused as refused:
        raise DisputeRefused(f"Can't accept it: {refused} Reject it instead.") from None
    problem = await _alias_problem(library, dispute, alias)
    if problem is not None:
        raise DisputeRefused(f"Can't accept it: {problem} Reject it, or add a clearer alias with /deck alias add.")
    settings = await store.get_settings(guild_id)
    wanted = dispute.reply_key
    settled = await store.accept_disputes(
        guild_id, dispute_id, moderator=moderator, alias_of=dispute.answers[0] if dispute.answers else alias,
        points=settings.base_points, same_reply=lambda reply: reply_key(reply) == wanted,
        replay=replay_with(BOOK.for_guild(guild_id)), at=at,
    )
    if settled is None:
        raise DisputeRefused("That dispute was settled already.")
    library.forget_aliases(guild_id, dispute.deck)
    return settled


async def reject(store: Store, guild_id: int, dispute_id: int, moderator: int, reason: str | None, at: datetime) -> Settlement:
    await _open(store, guild_id, dispute_id)
    settled = await store.reject_disputes(guild_id, dispute_id, moderator=moderator, reason=(reason or "").strip() or None, at=at)
    if settled is None:
        raise DisputeRefused("That dispute was settled already.")
    return settled


async def _open(store: Store, guild_id: int, dispute_id: int) -> Dispute:
    dispute = await store.dispute(guild_id, dispute_id)
    if dispute is None:
        raise DisputeRefused("There is no such dispute on this server.")
    if dispute.status != "open":
        raise DisputeRefused(f"That dispute was {dispute.status} already.")
    return dispute


async def _alias_problem(library: DeckLibrary, dispute: Dispute, alias: str) -> str | None:
    try:
        loaded = await library.get(dispute.guild_id, dispute.deck)
    except DeckNotFound:
        return None  # the deck was removed: the answers are still re-graded, and the alias waits for its return
    cards = cards_by_key(loaded.name, loaded.deck)
    card = cards.get(dispute.card_key)
    if card is None:
        return None
    return await asyncio.to_thread(alias_problem, alias, card, cards, loaded.context, key=dispute.card_key)
