"""Attempts, their score aggregates and race claims, written in one transaction each."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from bot.shared.zones import local_date

from ..attempts import AttemptStore
from ..models import Attempt, AttemptResult, Reschedule
from ..periods import buckets, from_ms, to_ms
from .connection import in_thread
from .guilds import ALL_DECKS, GuildContext, context_now
from .srs import review_now

_INSERT_ATTEMPT = """INSERT INTO attempts (guild_id, channel_id, member_id, deck, card_key, question_kind,
    reply, verdict, correct, points, time_ms, at_ms, source, local_day, season, question_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""
_INSERT_ATTEMPT_ID = _INSERT_ATTEMPT + " RETURNING id"

_ADD_SCORES = """INSERT INTO scores (guild_id, deck, bucket, member_id, points, correct, attempts)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, deck, bucket, member_id) DO UPDATE SET
        points = scores.points + excluded.points,
        correct = scores.correct + excluded.correct,
        attempts = scores.attempts + excluded.attempts"""

_ADD_CARD = """INSERT INTO card_stats (guild_id, member_id, deck, card_key, correct, attempts)
    VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, member_id, deck, card_key) DO UPDATE SET
        correct = card_stats.correct + excluded.correct,
        attempts = card_stats.attempts + excluded.attempts"""

_ADD_STREAK_DAY = """INSERT INTO streak_days (guild_id, member_id, kind, local_day) VALUES (?, ?, ?, ?)
    ON CONFLICT (guild_id, member_id, kind, local_day) DO NOTHING"""

_CLAIM = """INSERT INTO question_wins (guild_id, channel_id, question_id, member_id, won_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (guild_id, channel_id, question_id) DO NOTHING"""

_Tally = dict[tuple[Any, ...], list[int]]


class SqliteAttempts(GuildContext, AttemptStore):
    @staticmethod
    def _tally(
        scores: _Tally, cards: _Tally, days: set[tuple[Any, ...]], a: Attempt, points: int, day: date, season: int,
        count: int = 1,
    ) -> None:
        """Fold one attempt into the batch's aggregate changes (``count`` 0: an attempt already counted, now
        re-graded correct, adds only its points and its correct answer)."""
        correct = int(a.correct)
        guild, member = a.guild_id, a.member_id
        for bucket in buckets(day, season):
            for deck in (a.deck, ALL_DECKS):
                key = (guild, deck, bucket, member)
                total = scores.get(key)
                if total is None:
                    scores[key] = [points, correct, count]
                else:
                    total[0] += points
                    total[1] += correct
                    total[2] += count
        key = (guild, member, a.deck, a.card_key)
        card = cards.get(key)
        if card is None:
            cards[key] = [correct, count]
        else:
            card[0] += correct
            card[1] += count
        if correct:
            iso = buckets(day, season)[0][2:]  # "d:YYYY-MM-DD"
            days.add((guild, member, "any", iso))
            if a.source == "daily":
                days.add((guild, member, "daily", iso))

    @staticmethod
    def _apply_now(conn: sqlite3.Connection, scores: _Tally, cards: _Tally, days: set[tuple[Any, ...]]) -> None:
        # Key order = primary-key order: neighbouring upserts touch the same pages.
        conn.executemany(_ADD_SCORES, [(*key, *scores[key]) for key in sorted(scores)])
        conn.executemany(_ADD_CARD, [(*key, *cards[key]) for key in sorted(cards)])
        if days:
            conn.executemany(_ADD_STREAK_DAY, sorted(days))

    @classmethod
    async def _apply(cls, db: aiosqlite.Connection, scores: _Tally, cards: _Tally, days: set[tuple[Any, ...]]) -> None:
        await in_thread(db, cls._apply_now, scores, cards, days)

    @staticmethod
    def _row(a: Attempt, points: int, at_ms: int, day: date, season: int) -> tuple[Any, ...]:
        return (
            a.guild_id, a.channel_id, a.member_id, a.deck, a.card_key, a.question_kind, a.reply, a.verdict,
            int(a.correct), points, a.time_ms, at_ms, a.source, day.isoformat(), season, a.question_id,
        )

    async def record_attempt(
        self, attempt: Attempt, *, once: str | None = None, review: Reschedule | None = None
    ) -> AttemptResult | None:
        at = self._clock(attempt.at)
        # One trip to the database thread for the whole transaction: an answer is stored in about 0.4 ms.
        return await self._write_now(lambda conn: self._record_now(conn, attempt, at, once, review))

    def _record_now(
        self, conn: sqlite3.Connection, attempt: Attempt, at: datetime, once: str | None, review: Reschedule | None
    ) -> AttemptResult | None:
        at_ms = to_ms(at)
        if once is not None:
            if conn.execute(_CLAIM, (attempt.guild_id, attempt.channel_id, once, attempt.member_id, at_ms)).rowcount != 1:
                return None
        tz, season = context_now(conn, attempt.guild_id, at_ms, create=True)
        day = local_date(at, tz)
        won: bool | None = None
        points = attempt.points
        if attempt.question_id is not None:
            won = False
            if attempt.correct:
                claim = (attempt.guild_id, attempt.channel_id, attempt.question_id, attempt.member_id, at_ms)
                won = conn.execute(_CLAIM, claim).rowcount == 1
            if not won:
                points = min(points, 0)  # too late: right, but the question was already won
        [(attempt_id,)] = conn.execute(_INSERT_ATTEMPT_ID, self._row(attempt, points, at_ms, day, season)).fetchall()
        scores: _Tally = {}
        cards: _Tally = {}
        days: set[tuple[Any, ...]] = set()
        self._tally(scores, cards, days, attempt, points, day, season)
        self._apply_now(conn, scores, cards, days)
        if review is not None:
            review_now(conn, attempt_id, attempt.guild_id, attempt.member_id, attempt.card_key, attempt.deck,
                       attempt.question_kind, attempt.source, at, review)
        return AttemptResult(attempt_id, won, points, day, season)

    async def record_attempts_batch(self, attempts: Sequence[Attempt]) -> int:
        for attempt in attempts:
            if attempt.question_id is not None:
                raise ValueError("attempts racing for a question must go through record_attempt, one at a time")
        if not attempts:
            return 0
        now = self._clock(None)
        async with self._tx() as db:
            contexts: dict[int, tuple[ZoneInfo, int]] = {}
            rows = []
            scores: _Tally = {}
            cards: _Tally = {}
            days: set[tuple[Any, ...]] = set()
            for attempt in attempts:
                at = attempt.at or now
                at_ms = to_ms(at)
                context = contexts.get(attempt.guild_id)
                if context is None:
                    context = contexts[attempt.guild_id] = await self._context(db, attempt.guild_id, at_ms, create=True)
                tz, season = context
                day = local_date(at, tz)
                rows.append(self._row(attempt, attempt.points, at_ms, day, season))
                self._tally(scores, cards, days, attempt, attempt.points, day, season)
            await db.executemany(_INSERT_ATTEMPT, rows)
            await self._apply(db, scores, cards, days)
        return len(rows)

    async def claim_question_win(
        self, guild_id: int, channel_id: int, question_id: str, member_id: int, *, at: datetime | None = None
    ) -> bool:
        at_ms = to_ms(self._clock(at))
        async with self._tx() as db:
            cursor = await db.execute(_CLAIM, (guild_id, channel_id, question_id, member_id, at_ms))
            return cursor.rowcount == 1

    async def question_winner(self, guild_id: int, channel_id: int, question_id: str) -> int | None:
        row = await self._fetchone(
            "SELECT member_id FROM question_wins WHERE guild_id = ? AND channel_id = ? AND question_id = ?",
            (guild_id, channel_id, question_id),
        )
        return None if row is None else int(row[0])

    async def question_claims(self, guild_id: int, channel_id: int, prefix: str) -> list[tuple[str, int, datetime]]:
        if not prefix or not prefix.isascii():
            raise ValueError("a claim prefix must be non-empty ASCII")
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # the first id past every one with the prefix
        rows = await self._fetchall(
            "SELECT question_id, member_id, won_at FROM question_wins"
            " WHERE guild_id = ? AND channel_id = ? AND question_id >= ? AND question_id < ?"
            " ORDER BY won_at, member_id",
            (guild_id, channel_id, prefix, upper),
        )
        return [(str(r[0]), int(r[1]), from_ms(r[2])) for r in rows]
