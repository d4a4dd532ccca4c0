"""The group's recall of a deck, read from the snapshot the reviews keep current (schema step 13)."""

from __future__ import annotations

from datetime import datetime

from ..models import DeckRecall
from ..periods import to_ms
from .connection import SqliteConnection
from ..schema import TERM as _TERM

RECALL_MAX_AGE_MS = 3_600_000
"""A deck's recall snapshot is summed afresh when read more than an hour after it was taken (the reviews since keep
it current; only forgetting since is not in it)."""


class SqliteRecall(SqliteConnection):
    async def deck_recall(self, guild_id: int, deck: str, at: datetime, *, factor: float, decay: float) -> DeckRecall:
        now = to_ms(at)
        rows = await self._fetchall(
            "SELECT d.as_of, d.factor, d.decay, d.members, c.card_key, c.members, c.recall FROM deck_recall d"
            " LEFT JOIN card_recall c ON c.guild_id = d.guild_id AND c.deck = d.deck WHERE d.guild_id = ? AND d.deck = ?",
            (guild_id, deck),
        )
        if rows:
            as_of, kept_factor, kept_decay, group = rows[0][:4]
            if 0 <= now - as_of <= RECALL_MAX_AGE_MS and (kept_factor, kept_decay) == (factor, decay):
                return DeckRecall(int(group), {key: (int(count), float(total)) for *_, key, count, total in rows if key})
        return await self._sum_deck_recall(guild_id, deck, now, factor, decay)

    async def _sum_deck_recall(self, guild_id: int, deck: str, now: int, factor: float, decay: float) -> DeckRecall:
        """Sum the deck's rows afresh into its snapshot, in one transaction with the reviews' triggers."""
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO deck_recall (guild_id, deck, as_of, factor, decay, members) VALUES (?, ?, ?, ?, ?,"
                " (SELECT COUNT(DISTINCT member_id) FROM srs_state WHERE guild_id = ? AND deck = ?))"
                " ON CONFLICT (guild_id, deck) DO UPDATE SET as_of = excluded.as_of, factor = excluded.factor,"
                " decay = excluded.decay, members = excluded.members",
                (guild_id, deck, now, factor, decay, guild_id, deck),
            )
            await db.execute("DELETE FROM card_recall WHERE guild_id = ? AND deck = ?", (guild_id, deck))
            await db.execute(
                "INSERT INTO card_recall (guild_id, deck, card_key, members, recall)"
                " SELECT s.guild_id, s.deck, s.card_key, COUNT(*), TOTAL(" + _TERM.format(r="s") + ")"
                " FROM srs_state s JOIN deck_recall d ON d.guild_id = s.guild_id AND d.deck = s.deck"
                " WHERE s.guild_id = ? AND s.deck = ? GROUP BY s.guild_id, s.deck, s.card_key",
                (guild_id, deck),
            )
            rows = await db.execute_fetchall(
                "SELECT d.members, c.card_key, c.members, c.recall FROM deck_recall d"
                " LEFT JOIN card_recall c ON c.guild_id = d.guild_id AND c.deck = d.deck WHERE d.guild_id = ? AND d.deck = ?",
                (guild_id, deck),
            )
        group = rows[0][0] if rows else 0
        return DeckRecall(int(group), {key: (int(count), float(total)) for _, key, count, total in rows if key})

