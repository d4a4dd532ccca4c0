"""Boards, member records, streaks and seasons, read from the aggregates attempts keep."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import aiosqlite

from bot.shared.zones import local_date

from ..boards import BoardStore
from ..models import PERIODS, CardStat, DayScore, KindScore, LeaderboardPage, MemberHistory, MemberStats, Season, Standing, Streaks
from ..periods import bucket_for, streak, to_ms
from .guilds import ALL_DECKS, GuildContext, _season

# Rank = 1 + members with strictly more points: competition ranking (1, 2, 2, 4).

_RANK = """1 + (SELECT COUNT(*) FROM scores r
    WHERE r.guild_id = s.guild_id AND r.deck = s.deck AND r.bucket = s.bucket AND r.points > s.points)"""

# A page is read without ranks; only its first row's rank is counted (_ABOVE), and the others' follow from the
# page itself (:func:`_ranks`), so a page deep in a big board costs one count, not one per row.
_PAGE = """SELECT s.member_id, 0, s.points, s.correct, s.attempts,
    (SELECT COUNT(*) FROM scores t WHERE t.guild_id = ? AND t.deck = ? AND t.bucket = ?)
    FROM scores s WHERE s.guild_id = ? AND s.deck = ? AND s.bucket = ?
    ORDER BY s.points DESC, s.correct DESC, s.member_id LIMIT ? OFFSET ?"""

_ABOVE = "SELECT 1 + COUNT(*) FROM scores WHERE guild_id = ? AND deck = ? AND bucket = ? AND points > ?"


def _ranks(rows: list[Any], offset: int, first: int) -> list[int]:
    """Competition ranks (1, 2, 2, 4) of a page whose first row has rank ``first``."""
    ranks: list[int] = []
    for i, row in enumerate(rows):
        if i == 0:
            ranks.append(first)
        elif row[2] == rows[i - 1][2]:
            ranks.append(ranks[-1])  # a tie shares the rank above
        else:
            ranks.append(offset + i + 1)  # every row above it has more points
    return ranks

_COUNT = "SELECT COUNT(*) FROM scores WHERE guild_id = ? AND deck = ? AND bucket = ?"

_MEMBER = f"""SELECT s.member_id, {_RANK}, s.points, s.correct, s.attempts
    FROM scores s WHERE s.guild_id = ? AND s.deck = ? AND s.bucket = ? AND s.member_id = ?"""


class SqliteBoards(GuildContext, BoardStore):
    async def _bucket(
        self, db: aiosqlite.Connection, guild_id: int, period: str, season: int | None, at: datetime | None
    ) -> tuple[str, int | None]:
        if period not in PERIODS:
            raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
        if season is not None and period != "all":
            raise ValueError("season only applies to the 'all' period; today/week/month span seasons")
        moment = self._clock(at)
        tz, current = await self._context(db, guild_id, to_ms(moment), create=False)
        if period == "all":
            season = current if season is None else season
        return bucket_for(period, local_date(moment, tz), season or current), season

    async def leaderboard(
        self,
        guild_id: int,
        period: str,
        *,
        deck: str | None = None,
        season: int | None = None,
        offset: int = 0,
        limit: int = 10,
        at: datetime | None = None,
    ) -> LeaderboardPage:
        if offset < 0 or not 1 <= limit <= 1000:
            raise ValueError("offset must be >= 0 and limit from 1 to 1000")
        deck_key = deck or ALL_DECKS
        async with self._tx(write=False) as db:
            bucket, season = await self._bucket(db, guild_id, period, season, at)
            key = (guild_id, deck_key, bucket)
            rows = list(await db.execute_fetchall(_PAGE, (*key, *key, limit, offset)))
            first = 1
            if rows:
                total = int(rows[0][5])
                first = 1 if offset == 0 else int((await db.execute_fetchall(_ABOVE, (*key, rows[0][2])))[0][0])
            else:
                (total,) = (await db.execute_fetchall(_COUNT, key))[0]  # type: ignore[index]
        standings = [
            Standing(int(r[0]), rank, int(r[2]), int(r[3]), int(r[4])) for r, rank in zip(rows, _ranks(rows, offset, first))
        ]
        return LeaderboardPage(period, standings, int(total), offset, limit, deck, season)

    async def member_rank(
        self,
        guild_id: int,
        member_id: int,
        period: str,
        *,
        deck: str | None = None,
        season: int | None = None,
        at: datetime | None = None,
    ) -> Standing | None:
        async with self._tx(write=False) as db:
            bucket, _ = await self._bucket(db, guild_id, period, season, at)
            rows = list(await db.execute_fetchall(_MEMBER, (guild_id, deck or ALL_DECKS, bucket, member_id)))
        if not rows:
            return None
        r = rows[0]
        return Standing(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4]))

    async def member_history(
        self, guild_id: int, member_id: int, *, days: int = 365, at: datetime | None = None
    ) -> MemberHistory:
        moment = self._clock(at)
        async with self._tx(write=False) as db:
            tz, _ = await self._context(db, guild_id, to_ms(moment), create=False)
            today = local_date(moment, tz)
            first = today - timedelta(days=max(1, days) - 1)
            rows = await db.execute_fetchall(
                """SELECT local_day, question_kind, SUM(points), SUM(correct), COUNT(*) FROM attempts
                WHERE guild_id = ? AND member_id = ? AND local_day BETWEEN ? AND ?
                GROUP BY local_day, question_kind""",
                (guild_id, member_id, first.isoformat(), today.isoformat()),
            )
        by_day: dict[str, list[int]] = {}
        by_kind: dict[str, list[int]] = {}
        for day, kind, points, correct, attempts in rows:
            totals = by_day.setdefault(day, [0, 0, 0])
            totals[0] += int(points)
            totals[1] += int(correct)
            totals[2] += int(attempts)
            kinds = by_kind.setdefault(kind, [0, 0])
            kinds[0] += int(correct)
            kinds[1] += int(attempts)
        return MemberHistory(
            member_id, today, first,
            [DayScore(date.fromisoformat(d), *by_day[d]) for d in sorted(by_day)],
            [KindScore(k, c, a) for k, (c, a) in sorted(by_kind.items(), key=lambda item: (-item[1][1], item[0]))],
        )

    async def streaks(self, guild_id: int, member_id: int, *, at: datetime | None = None) -> Streaks:
        moment = self._clock(at)
        async with self._tx(write=False) as db:
            tz, _ = await self._context(db, guild_id, to_ms(moment), create=False)
            rows = await db.execute_fetchall(
                "SELECT kind, local_day FROM streak_days WHERE guild_id = ? AND member_id = ?", (guild_id, member_id)
            )
        today = local_date(moment, tz)
        by_kind: dict[str, list[date]] = {"any": [], "daily": []}
        for kind, day in rows:
            by_kind.setdefault(kind, []).append(date.fromisoformat(day))
        return Streaks(daily=streak(by_kind["daily"], today), any=streak(by_kind["any"], today))

    async def member_stats(
        self,
        guild_id: int,
        member_id: int,
        *,
        period: str = "all",
        deck: str | None = None,
        season: int | None = None,
        cards: int = 5,
        at: datetime | None = None,
    ) -> MemberStats:
        standing = await self.member_rank(guild_id, member_id, period, deck=deck, season=season, at=at)
        streaks = await self.streaks(guild_id, member_id, at=at)
        sql = "SELECT deck, card_key, correct, attempts FROM card_stats WHERE guild_id = ? AND member_id = ?"
        params: tuple[Any, ...] = (guild_id, member_id)
        if deck:
            sql += " AND deck = ?"
            params += (deck,)
        stats = [CardStat(str(r[0]), str(r[1]), int(r[2]), int(r[3])) for r in await self._fetchall(sql, params)]
        # A card is weak if it was ever missed, strong if it was ever right and
        # is not among the weakest shown; the two lists never share a card.
        weak = sorted((c for c in stats if c.correct < c.attempts), key=lambda c: (c.accuracy, -c.attempts, c.card_key))
        weakest = weak[:cards]
        shown = {(c.deck, c.card_key) for c in weakest}
        strong = [c for c in stats if c.correct and (c.deck, c.card_key) not in shown]
        strongest = sorted(strong, key=lambda c: (-c.accuracy, -c.correct, c.card_key))[:cards]
        if standing is None:
            return MemberStats(member_id, period, 0, 0, 0, None, streaks, strongest, weakest)
        return MemberStats(
            member_id, period, standing.points, standing.correct, standing.attempts, standing.rank,
            streaks, strongest, weakest,
        )

    # -- seasons --------------------------------------------------------------------
    async def current_season(self, guild_id: int) -> Season | None:
        row = await self._fetchone(
            "SELECT guild_id, number, started_at, ended_at FROM seasons WHERE guild_id = ? AND ended_at IS NULL",
            (guild_id,),
        )
        return None if row is None else _season(row)

    async def start_season(self, guild_id: int, *, at: datetime | None = None) -> Season:
        at_ms = to_ms(self._clock(at))
        async with self._tx() as db:
            await db.execute(
                "UPDATE seasons SET ended_at = ? WHERE guild_id = ? AND ended_at IS NULL", (at_ms, guild_id)
            )
            await self._open_season(db, guild_id, at_ms)
            rows = await db.execute_fetchall(
                "SELECT guild_id, number, started_at, ended_at FROM seasons WHERE guild_id = ? AND ended_at IS NULL",
                (guild_id,),
            )
        return _season(list(rows)[0])

    async def seasons(self, guild_id: int) -> list[Season]:
        rows = await self._fetchall(
            "SELECT guild_id, number, started_at, ended_at FROM seasons WHERE guild_id = ? ORDER BY number",
            (guild_id,),
        )
        return [_season(row) for row in rows]
