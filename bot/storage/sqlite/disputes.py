"""Disputes, their settlement in one transaction, and card aliases."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import aiosqlite

from bot.shared.ids import check_id

from ..disputes import DisputeStore
from ..models import Attempt, CardAlias, Dispute, Regraded, Replay, ReviewRecord, SameReply, Settlement, StoredAttempt
from ..periods import from_ms, to_ms
from .attempts import _CLAIM, SqliteAttempts, _Tally
from .connection import SqliteConnection
from .srs import _REVIEWS, review_record

GOOD = 3
"""The rating a re-graded answer's review gets: right."""

_ATTEMPT = (
    "SELECT id, guild_id, channel_id, member_id, deck, card_key, question_kind, reply, verdict, correct, points,"
    " time_ms, at_ms, source, local_day, season, question_id FROM attempts"
)
_DISPUTE = (
    "SELECT guild_id, channel_id, member_id, deck, card_key, kind, prompt, answers, reply, reply_key, source,"
    " attempt_id, review_id, opened_at, id, status, decided_by, decided_at, reason, credited FROM disputes"
)
_ALIAS = "SELECT guild_id, deck, card_key, answer, alias_of, added_by, added_at, dispute_id FROM card_aliases"


def _stored(row: Any) -> StoredAttempt:
    (id_, guild, channel, member, deck, key, kind, reply, verdict, correct, points, time_ms, at_ms, source, day,
     season, question_id) = row
    attempt = Attempt(guild, channel, member, deck, key, kind, reply, verdict, bool(correct), points, time_ms,
                      source, from_ms(at_ms), question_id)
    return StoredAttempt(int(id_), attempt, date.fromisoformat(day), int(season))


def _dispute(row: Any) -> Dispute:
    (guild, channel, member, deck, key, kind, prompt, answers, reply, reply_key, source, attempt_id, review_id,
     opened_at, id_, status, decided_by, decided_at, reason, credited) = row
    return Dispute(
        guild, channel, member, deck, key, kind, prompt, tuple(json.loads(answers)), reply, reply_key, source,
        attempt_id, review_id, from_ms(opened_at), int(id_), status, decided_by,
        None if decided_at is None else from_ms(decided_at), reason, int(credited),
    )


def _alias(row: Any) -> CardAlias:
    guild, deck, key, answer, alias_of, added_by, added_at, dispute_id = row
    return CardAlias(guild, deck, key, answer, alias_of, added_by, from_ms(added_at), dispute_id)


class SqliteDisputes(SqliteConnection, DisputeStore):
    async def stored_attempt(self, guild_id: int, attempt_id: int) -> StoredAttempt | None:
        row = await self._fetchone(_ATTEMPT + " WHERE id = ? AND guild_id = ?", (attempt_id, guild_id))
        return None if row is None else _stored(row)

    async def refused_attempts(self, guild_id: int, channel_id: int, question_id: str, member_id: int) -> list[StoredAttempt]:
        rows = await self._fetchall(
            _ATTEMPT + " WHERE guild_id = ? AND channel_id = ? AND question_id = ? AND member_id = ? AND correct = 0"
            " ORDER BY id",
            (guild_id, channel_id, question_id, member_id),
        )
        return [_stored(r) for r in rows]

    async def stored_review(self, guild_id: int, review_id: int) -> ReviewRecord | None:
        row = await self._fetchone(_REVIEWS + " WHERE id = ? AND guild_id = ?", (review_id, guild_id))
        return None if row is None else review_record(row)

    async def open_dispute(self, dispute: Dispute) -> Dispute | None:
        check_id("guild_id", dispute.guild_id)
        check_id("member_id", dispute.member_id)
        opened = self._clock(dispute.opened_at)
        async with self._tx() as db:
            cursor = await db.execute(
                "INSERT INTO disputes (guild_id, channel_id, member_id, deck, card_key, kind, prompt, answers, reply,"
                " reply_key, source, attempt_id, review_id, opened_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT DO NOTHING RETURNING id",
                (dispute.guild_id, dispute.channel_id, dispute.member_id, dispute.deck, dispute.card_key, dispute.kind,
                 dispute.prompt, json.dumps(list(dispute.answers)), dispute.reply, dispute.reply_key, dispute.source,
                 dispute.attempt_id, dispute.review_id, to_ms(opened)),
            )
            row = await cursor.fetchone()
            if row is None:
                return None
            dispute_id = int(row[0])
        return replace(dispute, id=dispute_id, opened_at=opened, status="open", decided_by=None, decided_at=None,
                       reason=None, credited=0)

    async def dispute(self, guild_id: int, dispute_id: int) -> Dispute | None:
        row = await self._fetchone(_DISPUTE + " WHERE id = ? AND guild_id = ?", (dispute_id, guild_id))
        return None if row is None else _dispute(row)

    async def open_disputes(self, guild_id: int) -> list[Dispute]:
        rows = await self._fetchall(_DISPUTE + " WHERE guild_id = ? AND status = 'open' ORDER BY id", (guild_id,))
        return [_dispute(r) for r in rows]

    async def dispute_history(self, guild_id: int, *, limit: int = 10, offset: int = 0) -> list[Dispute]:
        rows = await self._fetchall(
            _DISPUTE + " WHERE guild_id = ? AND status <> 'open' ORDER BY decided_at DESC, id DESC LIMIT ? OFFSET ?",
            (guild_id, limit, offset),
        )
        return [_dispute(r) for r in rows]

    @staticmethod
    async def _same_open(db: aiosqlite.Connection, guild_id: int, dispute_id: int) -> list[Dispute]:
        """The open dispute and every open one identical to it, oldest first; empty when it is not open."""
        rows = await db.execute_fetchall(
            _DISPUTE + " WHERE status = 'open' AND (guild_id, deck, card_key, reply_key) ="
            " (SELECT guild_id, deck, card_key, reply_key FROM disputes WHERE id = ? AND guild_id = ? AND status = 'open')"
            " ORDER BY id",
            (dispute_id, guild_id),
        )
        return [_dispute(r) for r in rows]

    async def accept_disputes(
        self,
        guild_id: int,
        dispute_id: int,
        *,
        moderator: int,
        alias_of: str,
        points: int,
        same_reply: SameReply,
        replay: Replay,
        at: datetime | None = None,
    ) -> Settlement | None:
        when = self._clock(at)
        at_ms = to_ms(when)
        async with self._tx() as db:
            group = await self._same_open(db, guild_id, dispute_id)
            if not group:
                return None
            first = group[0]
            cursor = await db.execute(
                "INSERT INTO card_aliases (guild_id, deck, card_key, answer, alias_of, added_by, added_at, dispute_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (guild_id, first.deck, first.card_key, first.reply, alias_of, moderator, at_ms, first.id),
            )
            alias_added = cursor.rowcount == 1
            await self._announce(db, "aliases", guild_id, first.deck)
            regraded = await self._regrade(db, group, points, same_reply)
            # Reviews: the re-graded answers' and the disputed study answers' become Good.
            attempt_ids = [r.attempt_id for r in regraded]
            review_ids = [d.review_id for d in group if d.attempt_id is None and d.review_id is not None]
            for ids, column in ((attempt_ids, "attempt_id"), (review_ids, "id")):
                for start in range(0, len(ids), 500):
                    chunk = ids[start : start + 500]
                    await db.execute(
                        f"UPDATE reviews SET rating = {GOOD} WHERE guild_id = ? AND rating = 1"
                        f" AND {column} IN ({', '.join('?' * len(chunk))})",
                        (guild_id, *chunk),
                    )
            members = sorted({r.member_id for r in regraded} | {d.member_id for d in group if d.attempt_id is None})
            rescheduled = 0
            for member in members:
                rows = await db.execute_fetchall(
                    _REVIEWS + " WHERE guild_id = ? AND member_id = ? AND card_key = ? ORDER BY id",
                    (guild_id, member, first.card_key),
                )
                records = [review_record(r) for r in rows]
                if not records:
                    continue
                scheduled = replay(first.card_key, records)
                if scheduled is None:
                    continue
                reviewed = to_ms(records[-1].at)
                await db.execute(
                    "UPDATE srs_state SET state = ?, due_at = ?, stability = ?, reviewed_at = ?, updated_at = ?"
                    " WHERE guild_id = ? AND member_id = ? AND card_key = ?",
                    (json.dumps(scheduled.state, separators=(",", ":")), to_ms(scheduled.due), scheduled.stability,
                     reviewed, at_ms, guild_id, member, first.card_key),
                )
                rescheduled += 1
            credited = {r.attempt_id: r.points for r in regraded}
            settled = []
            for d in group:
                points_for = credited.get(d.attempt_id, 0) if d.attempt_id is not None else 0
                await db.execute(
                    "UPDATE disputes SET status = 'accepted', decided_by = ?, decided_at = ?, credited = ? WHERE id = ?",
                    (moderator, at_ms, points_for, d.id),
                )
                settled.append(replace(d, status="accepted", decided_by=moderator, decided_at=when, credited=points_for))
        return Settlement(tuple(settled), tuple(regraded), rescheduled, alias_added)

    @staticmethod
    async def _regrade(db: aiosqlite.Connection, group: list[Dispute], points: int, same_reply: SameReply) -> list[Regraded]:
        """Re-grade every matching refused answer to the card correct, with the aggregates the boards read."""
        first = group[0]
        disputed = {d.attempt_id for d in group if d.attempt_id is not None}
        # No index leads to a card's answers (each would slow every answer); a dispute is rare.
        rows = await db.execute_fetchall(
            _ATTEMPT + " WHERE guild_id = ? AND card_key = ? ORDER BY id", (first.guild_id, first.card_key)
        )
        answers = [_stored(r) for r in rows]

        def question(s: StoredAttempt) -> tuple[Any, ...]:
            a = s.attempt
            return (a.member_id, a.channel_id, a.question_id if a.question_id is not None else f"#{s.id}")

        right = {question(s) for s in answers if s.attempt.correct}
        done: set[tuple[Any, ...]] = set()
        regraded: list[Regraded] = []
        scores: _Tally = {}
        cards: _Tally = {}
        days: set[tuple[Any, ...]] = set()
        for s in answers:
            a = s.attempt
            if a.correct or a.deck != first.deck or a.question_kind != first.kind:
                continue
            if s.id not in disputed and not same_reply(a.reply):
                continue
            key = question(s)
            if key in right or key in done:
                continue  # the member had that question right already, or this answer repeats one re-graded
            done.add(key)
            credit = points  # the question's base points; a quiz win stays with whoever won it
            await db.execute(
                "UPDATE attempts SET correct = 1, verdict = 'accepted', points = ? WHERE id = ? AND correct = 0",
                (credit, s.id),
            )
            if a.question_id is not None and a.source == "daily":
                # A daily answer's question id is the member's own right-answer claim: what the results count.
                await db.execute(_CLAIM, (a.guild_id, a.channel_id, a.question_id, a.member_id, to_ms(a.at)))  # type: ignore[arg-type]
            # The boards, card stats and streak days, as if it had been right: its points, one more correct.
            SqliteAttempts._tally(scores, cards, days, replace(a, correct=True), credit - a.points, s.local_day, s.season,
                                  count=0)
            regraded.append(Regraded(s.id, a.member_id, a.channel_id, a.source, credit))
        await SqliteAttempts._apply(db, scores, cards, days)
        return regraded

    async def reject_disputes(
        self, guild_id: int, dispute_id: int, *, moderator: int, reason: str | None, at: datetime | None = None
    ) -> Settlement | None:
        when = self._clock(at)
        async with self._tx() as db:
            group = await self._same_open(db, guild_id, dispute_id)
            if not group:
                return None
            ids = [d.id for d in group]
            await db.execute(
                f"UPDATE disputes SET status = 'rejected', decided_by = ?, decided_at = ?, reason = ?"
                f" WHERE id IN ({', '.join('?' * len(ids))})",
                (moderator, to_ms(when), reason, *ids),
            )
        return Settlement(tuple(replace(d, status="rejected", decided_by=moderator, decided_at=when, reason=reason)
                                for d in group))

    async def card_aliases(self, guild_id: int, deck: str) -> list[CardAlias]:
        rows = await self._fetchall(_ALIAS + " WHERE guild_id = ? AND deck = ? ORDER BY added_at, answer", (guild_id, deck))
        return [_alias(r) for r in rows]

    async def add_alias(self, alias: CardAlias) -> bool:
        check_id("guild_id", alias.guild_id)
        async with self._tx() as db:
            cursor = await db.execute(
                "INSERT INTO card_aliases (guild_id, deck, card_key, answer, alias_of, added_by, added_at, dispute_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (alias.guild_id, alias.deck, alias.card_key, alias.answer, alias.alias_of, alias.added_by,
                 to_ms(self._clock(alias.added_at)), alias.dispute_id),
            )
            await self._announce(db, "aliases", alias.guild_id, alias.deck)
            return cursor.rowcount == 1

    async def remove_alias(self, guild_id: int, deck: str, card_key: str, answer: str) -> bool:
        async with self._tx() as db:
            cursor = await db.execute(
                "DELETE FROM card_aliases WHERE guild_id = ? AND deck = ? AND card_key = ? AND answer = ?",
                (guild_id, deck, card_key, answer),
            )
            await self._announce(db, "aliases", guild_id, deck)
            return cursor.rowcount == 1
