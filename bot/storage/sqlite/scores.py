"""Attempts, score aggregates, boards, streaks, seasons and guild settings."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from ..errors import SettingsError
from ..models import (
    PERIODS,
    STRICTNESS,
    Attempt,
    AttemptResult,
    CardStat,
    GuildSettings,
    LeaderboardPage,
    MemberStats,
    Season,
    Standing,
    Streaks,
    check_id,
)
from ..periods import bucket_for, buckets, from_ms, local_day, streak, to_ms, zone
from .connection import SqliteConnection

ALL_DECKS = ""
"""Deck key of the all-decks rows in ``scores``."""

_CONTEXT = """SELECT (SELECT time_zone FROM guild_settings WHERE guild_id = ?),
    (SELECT number FROM seasons WHERE guild_id = ? AND ended_at IS NULL)"""

_INSERT_ATTEMPT = """INSERT INTO attempts (guild_id, channel_id, member_id, deck, card_key, question_kind,
    reply, verdict, correct, points, time_ms, at_ms, source, local_day, season, question_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""

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

# Rank = 1 + members with strictly more points: competition ranking (1, 2, 2, 4).
_RANK = """1 + (SELECT COUNT(*) FROM scores r
    WHERE r.guild_id = s.guild_id AND r.deck = s.deck AND r.bucket = s.bucket AND r.points > s.points)"""

_PAGE = f"""SELECT s.member_id, {_RANK}, s.points, s.correct, s.attempts,
    (SELECT COUNT(*) FROM scores t WHERE t.guild_id = ? AND t.deck = ? AND t.bucket = ?)
    FROM scores s WHERE s.guild_id = ? AND s.deck = ? AND s.bucket = ?
    ORDER BY s.points DESC, s.correct DESC, s.member_id LIMIT ? OFFSET ?"""

_COUNT = "SELECT COUNT(*) FROM scores WHERE guild_id = ? AND deck = ? AND bucket = ?"

_MEMBER = f"""SELECT s.member_id, {_RANK}, s.points, s.correct, s.attempts
    FROM scores s WHERE s.guild_id = ? AND s.deck = ? AND s.bucket = ? AND s.member_id = ?"""

_SETTING_LIMITS = {
    "answer_seconds": (5, 3600),
    "base_points": (0, 10_000),
    "speed_bonus": (0, 10_000),
    "hint_penalty": (0, 10_000),
}
SETTING_NAMES = ("time_zone", "default_deck", *_SETTING_LIMITS, "quiz_channels", "strictness")

_Tally = dict[tuple[Any, ...], list[int]]


def _check_setting(name: str, value: Any) -> Any:
    """The stored form of one setting, or a SettingsError saying what is allowed."""
    if name == "time_zone":
        if not isinstance(value, str):
            raise SettingsError("time_zone must be an IANA name such as 'Europe/London'")
        return zone(value).key
    if name == "default_deck":
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise SettingsError("default_deck must be a deck name, or None to clear it")
        return value.strip() if value is not None else None
    if name in _SETTING_LIMITS:
        low, high = _SETTING_LIMITS[name]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
        return value
    if name == "quiz_channels":
        try:
            channels = sorted({check_id("channel", channel) for channel in value})
        except (TypeError, ValueError):
            raise SettingsError("quiz_channels must be a list of channel ids (empty means any channel)") from None
        return json.dumps(channels)
    if name == "strictness":
        if value not in STRICTNESS:
            raise SettingsError(f"strictness must be one of {', '.join(STRICTNESS)}, got {value!r}")
        return value
    raise SettingsError(f"unknown setting {name!r}; known settings: {', '.join(SETTING_NAMES)}")


def _season(row: Any) -> Season:
    guild_id, number, started_at, ended_at = row
    return Season(guild_id, number, from_ms(started_at), None if ended_at is None else from_ms(ended_at))


class ScoresMixin(SqliteConnection):
    # -- writing ---------------------------------------------------------------
    async def _context(self, db: aiosqlite.Connection, guild_id: int, at_ms: int, *, create: bool) -> tuple[ZoneInfo, int]:
        """The guild's time zone and current season, opening season 1 on first use."""
        async with db.execute(_CONTEXT, (guild_id, guild_id)) as cursor:
            tz_name, season = await cursor.fetchone()  # type: ignore[misc]
        if season is None:
            season = await self._open_season(db, guild_id, at_ms) if create else 1
        try:
            tz = zone(tz_name or "UTC")
        except SettingsError:
            tz = zone("UTC")  # a zone dropped from tzdata must not stop scoring
        return tz, season

    async def _open_season(self, db: aiosqlite.Connection, guild_id: int, at_ms: int) -> int:
        await db.execute(
            "INSERT INTO seasons (guild_id, number, started_at)"
            " SELECT ?, COALESCE(MAX(number), 0) + 1, ? FROM seasons WHERE guild_id = ?",
            (guild_id, at_ms, guild_id),
        )
        async with db.execute("SELECT number FROM seasons WHERE guild_id = ? AND ended_at IS NULL", (guild_id,)) as c:
            (number,) = await c.fetchone()  # type: ignore[misc]
        return int(number)

    @staticmethod
    def _tally(scores: _Tally, cards: _Tally, days: set[tuple[Any, ...]], a: Attempt, points: int, day: date, season: int) -> None:
        """Fold one attempt into the batch's aggregate changes."""
        correct = int(a.correct)
        guild, member = a.guild_id, a.member_id
        for bucket in buckets(day, season):
            for deck in (a.deck, ALL_DECKS):
                key = (guild, deck, bucket, member)
                total = scores.get(key)
                if total is None:
                    scores[key] = [points, correct, 1]
                else:
                    total[0] += points
                    total[1] += correct
                    total[2] += 1
        key = (guild, member, a.deck, a.card_key)
        card = cards.get(key)
        if card is None:
            cards[key] = [correct, 1]
        else:
            card[0] += correct
            card[1] += 1
        if correct:
            iso = buckets(day, season)[0][2:]  # "d:YYYY-MM-DD"
            days.add((guild, member, "any", iso))
            if a.source == "daily":
                days.add((guild, member, "daily", iso))

    @staticmethod
    async def _apply(db: aiosqlite.Connection, scores: _Tally, cards: _Tally, days: set[tuple[Any, ...]]) -> None:
        # Key order = primary-key order: neighbouring upserts touch the same pages.
        await db.executemany(_ADD_SCORES, [(*key, *scores[key]) for key in sorted(scores)])
        await db.executemany(_ADD_CARD, [(*key, *cards[key]) for key in sorted(cards)])
        if days:
            await db.executemany(_ADD_STREAK_DAY, sorted(days))

    @staticmethod
    def _row(a: Attempt, points: int, at_ms: int, day: date, season: int) -> tuple[Any, ...]:
        return (
            a.guild_id, a.channel_id, a.member_id, a.deck, a.card_key, a.question_kind, a.reply, a.verdict,
            int(a.correct), points, a.time_ms, at_ms, a.source, day.isoformat(), season, a.question_id,
        )

    async def record_attempt(self, attempt: Attempt) -> AttemptResult:
        at = self._clock(attempt.at)
        at_ms = to_ms(at)
        async with self._tx() as db:
            tz, season = await self._context(db, attempt.guild_id, at_ms, create=True)
            day = local_day(at, tz)
            won: bool | None = None
            points = attempt.points
            if attempt.question_id is not None:
                won = False
                if attempt.correct:
                    cursor = await db.execute(
                        _CLAIM, (attempt.guild_id, attempt.channel_id, attempt.question_id, attempt.member_id, at_ms)
                    )
                    won = cursor.rowcount == 1
                if not won:
                    points = min(points, 0)  # too late: right, but the question was already won
            cursor = await db.execute(_INSERT_ATTEMPT, self._row(attempt, points, at_ms, day, season))
            attempt_id = int(cursor.lastrowid)  # type: ignore[arg-type]
            scores: _Tally = {}
            cards: _Tally = {}
            days: set[tuple[Any, ...]] = set()
            self._tally(scores, cards, days, attempt, points, day, season)
            await self._apply(db, scores, cards, days)
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
                day = local_day(at, tz)
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

    # -- reading boards -----------------------------------------------------------
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
        return bucket_for(period, local_day(moment, tz), season or current), season

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
            if rows:
                total = int(rows[0][5])
            else:
                (total,) = (await db.execute_fetchall(_COUNT, key))[0]  # type: ignore[index]
        standings = [Standing(int(r[0]), int(r[1]), int(r[2]), int(r[3]), int(r[4])) for r in rows]
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

    async def streaks(self, guild_id: int, member_id: int, *, at: datetime | None = None) -> Streaks:
        moment = self._clock(at)
        async with self._tx(write=False) as db:
            tz, _ = await self._context(db, guild_id, to_ms(moment), create=False)
            rows = await db.execute_fetchall(
                "SELECT kind, local_day FROM streak_days WHERE guild_id = ? AND member_id = ?", (guild_id, member_id)
            )
        today = local_day(moment, tz)
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

    # -- settings ---------------------------------------------------------------------
    async def get_settings(self, guild_id: int) -> GuildSettings:
        row = await self._fetchone(
            "SELECT time_zone, default_deck, answer_seconds, base_points, speed_bonus, hint_penalty,"
            " quiz_channels, strictness FROM guild_settings WHERE guild_id = ?",
            (guild_id,),
        )
        if row is None:
            return GuildSettings(guild_id)
        tz, deck, seconds, base, bonus, penalty, channels, strictness = row
        return GuildSettings(
            guild_id, tz, deck, seconds, base, bonus, penalty, tuple(json.loads(channels)), strictness
        )

    async def update_settings(self, guild_id: int, **changes: Any) -> GuildSettings:
        check_id("guild_id", guild_id)
        values = {name: _check_setting(name, value) for name, value in changes.items()}
        if values:
            names = list(values)  # validated against SETTING_NAMES above, so safe to splice
            columns = ", ".join(["guild_id", "updated_at", *names])
            marks = ", ".join("?" * (len(names) + 2))
            updates = ", ".join(f"{n} = excluded.{n}" for n in ["updated_at", *names])
            async with self._tx() as db:
                await db.execute(
                    f"INSERT INTO guild_settings ({columns}) VALUES ({marks})"
                    f" ON CONFLICT (guild_id) DO UPDATE SET {updates}",
                    (guild_id, to_ms(self._clock(None)), *values.values()),
                )
        return await self.get_settings(guild_id)
