"""Spaced-repetition state per member and card."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
import statistics
from datetime import date, datetime, timedelta
from typing import Any


from bot.shared.ids import check_id
from bot.shared.zones import day_start, local_date
from bot.shared.zones import zone as zone_named

from ..models import CardMemory, DayScore, FittedParameters, KindScore, MemberHistory, Reschedule, ReviewRecord, ScheduledReview, SrsState, StudyReminder
from ..periods import from_ms, to_ms
from ..srs import SrsStore
from .recall import SqliteRecall

_SRS = "SELECT guild_id, member_id, card_key, deck, state, due_at FROM srs_state"


def _srs(row: Any) -> SrsState:
    guild_id, member_id, card_key, deck, state, due_at = row
    return SrsState(guild_id, member_id, card_key, deck, json.loads(state), from_ms(due_at))


PACE_REVIEWS = 25
"""A member's usual time for a kind of question is the median of this many of their latest reviews of it."""
PACE_MINIMUM = 5
"""Fewer reviews of a kind than this, and there is no usual time yet."""

_PUT_STATE = (
    "INSERT INTO srs_state (guild_id, member_id, card_key, deck, state, due_at, updated_at, stability, reviewed_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (guild_id, member_id, card_key) DO UPDATE SET"
    " deck = excluded.deck, state = excluded.state, due_at = excluded.due_at, updated_at = excluded.updated_at,"
    " stability = excluded.stability, reviewed_at = excluded.reviewed_at"
)
_REVIEWS = "SELECT attempt_id, guild_id, member_id, card_key, deck, kind, rating, time_ms, source, at_ms, id FROM reviews"


def review_record(row: Any) -> ReviewRecord:
    return ReviewRecord(*row[:9], from_ms(row[9]), row[10])


def review_now(
    conn: sqlite3.Connection, attempt_id: int | None, guild_id: int, member_id: int, card_key: str, deck: str,
    kind: str, source: str, at: datetime, review: Reschedule,
) -> ScheduledReview:
    """On the connection's thread: the member's memory of the card and their latest timed reviews of the kind,
    the new memory, and the review's log row."""
    [(state, recent)] = conn.execute(
        "SELECT (SELECT state FROM srs_state WHERE guild_id = ? AND member_id = ? AND card_key = ?),"
        " (SELECT group_concat(time_ms) FROM (SELECT time_ms FROM reviews WHERE guild_id = ? AND member_id = ?"
        " AND kind = ? AND time_ms IS NOT NULL ORDER BY id DESC LIMIT ?) AS recent)",
        (guild_id, member_id, card_key, guild_id, member_id, kind, PACE_REVIEWS),
    ).fetchall()
    times = [int(t) for t in recent.split(",")] if recent else []
    usual = int(statistics.median(times)) if len(times) >= PACE_MINIMUM else None
    scheduled = review(json.loads(state) if state is not None else None, usual, at)
    at_ms = to_ms(at)
    conn.execute(
        _PUT_STATE,
        (guild_id, member_id, card_key, deck, json.dumps(scheduled.state, separators=(",", ":")), to_ms(scheduled.due), at_ms,
         scheduled.stability, at_ms),
    )
    cursor = conn.execute(
        "INSERT INTO reviews (attempt_id, guild_id, member_id, card_key, deck, kind, rating, time_ms, source, at_ms)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (attempt_id, guild_id, member_id, card_key, deck, kind, scheduled.rating, scheduled.time_ms, source, at_ms),
    )
    [(review_id,)] = cursor.fetchall()
    return replace(scheduled, review_id=review_id)


_REMINDER = "SELECT guild_id, member_id, enabled, local_time, time_zone, reminded_on, off_reason FROM study_reminders"


def _reminder(row: Any) -> StudyReminder:
    guild_id, member_id, enabled, local_time, time_zone, reminded_on, off_reason = row
    return StudyReminder(
        guild_id, member_id, bool(enabled), local_time, time_zone,
        None if reminded_on is None else date.fromisoformat(reminded_on), off_reason,
    )


class SqliteSrs(SqliteRecall, SrsStore):
    async def get_srs(self, guild_id: int, member_id: int, card_key: str) -> SrsState | None:
        row = await self._fetchone(
            _SRS + " WHERE guild_id = ? AND member_id = ? AND card_key = ?", (guild_id, member_id, card_key)
        )
        return None if row is None else _srs(row)

    async def put_srs(self, state: SrsState) -> None:
        check_id("guild_id", state.guild_id)
        check_id("member_id", state.member_id)
        payload = json.dumps(state.state, separators=(",", ":"))
        due_ms = to_ms(state.due)
        async with self._tx() as db:
            await db.execute(
                _PUT_STATE,
                (state.guild_id, state.member_id, state.card_key, state.deck, payload, due_ms, to_ms(self._clock(None)),
                 None, None),
            )

    async def due_cards(
        self,
        guild_id: int,
        member_id: int,
        *,
        deck: str | None = None,
        limit: int = 20,
        at: datetime | None = None,
    ) -> list[SrsState]:
        sql = _SRS + " WHERE guild_id = ? AND member_id = ? AND due_at <= ?"
        params: list[Any] = [guild_id, member_id, to_ms(self._clock(at))]
        if deck is not None:
            sql += " AND deck = ?"
            params.append(deck)
        params.append(limit)
        return [_srs(r) for r in await self._fetchall(sql + " ORDER BY due_at LIMIT ?", params)]

    async def reviews(self, guild_id: int, member_id: int, card_key: str | None = None) -> list[ReviewRecord]:
        sql = _REVIEWS + " WHERE guild_id = ? AND member_id = ?"
        params: list[Any] = [guild_id, member_id]
        if card_key is not None:
            sql += " AND card_key = ?"
            params.append(card_key)
        rows = await self._fetchall(sql + " ORDER BY id", params)
        return [review_record(row) for row in rows]

    async def record_review(
        self, guild_id: int, member_id: int, card_key: str, deck: str, kind: str, review: Reschedule,
        *, source: str = "study", at: datetime | None = None,
    ) -> ScheduledReview:
        check_id("guild_id", guild_id)
        check_id("member_id", member_id)
        when = self._clock(at)
        return await self._write_now(
            lambda conn: review_now(conn, None, guild_id, member_id, card_key, deck, kind, source, when, review)
        )

    async def member_cards(self, guild_id: int, member_id: int, deck: str | None = None) -> list[SrsState]:
        if deck is None:
            rows = await self._fetchall(_SRS + " WHERE guild_id = ? AND member_id = ?", (guild_id, member_id))
        else:
            rows = await self._fetchall(
                _SRS + " WHERE guild_id = ? AND member_id = ? AND deck = ?", (guild_id, member_id, deck)
            )
        return [_srs(r) for r in rows]

    async def first_reviews_since(self, guild_id: int, member_id: int, deck: str, since: datetime) -> int:
        row = await self._fetchone(
            "SELECT COUNT(*) FROM srs_state s WHERE s.guild_id = ? AND s.member_id = ? AND s.deck = ?"
            " AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.guild_id = s.guild_id AND r.member_id = s.member_id"
            " AND r.card_key = s.card_key AND r.at_ms < ?)",
            (guild_id, member_id, deck, to_ms(since)),
        )
        return int(row[0]) if row else 0

    async def study_new_per_day(self, guild_id: int, member_id: int) -> int | None:
        row = await self._fetchone(
            "SELECT new_per_day FROM study_members WHERE guild_id = ? AND member_id = ?", (guild_id, member_id)
        )
        return None if row is None else int(row[0])

    async def set_study_new_per_day(self, guild_id: int, member_id: int, count: int) -> None:
        check_id("guild_id", guild_id)
        check_id("member_id", member_id)
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO study_members (guild_id, member_id, new_per_day, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id, member_id) DO UPDATE SET new_per_day = excluded.new_per_day,"
                " updated_at = excluded.updated_at",
                (guild_id, member_id, count, to_ms(self._clock(None))),
            )

    async def deck_memories(self, guild_id: int, deck: str) -> list[CardMemory]:
        rows = await self._fetchall(
            "SELECT card_key, member_id, stability, reviewed_at FROM srs_state WHERE guild_id = ? AND deck = ?",
            (guild_id, deck),
        )
        return [CardMemory(key, member, stability, None if at is None else from_ms(at)) for key, member, stability, at in rows]

    async def due_count(self, guild_id: int, member_id: int, at: datetime) -> int:
        row = await self._fetchone(
            "SELECT COUNT(*) FROM srs_state WHERE guild_id = ? AND member_id = ? AND due_at <= ?",
            (guild_id, member_id, to_ms(at)),
        )
        return int(row[0]) if row else 0

    async def set_study_reminder(
        self, guild_id: int, member_id: int, *, enabled: bool, local_time: str, time_zone: str
    ) -> StudyReminder:
        check_id("guild_id", guild_id)
        check_id("member_id", member_id)
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO study_reminders (guild_id, member_id, enabled, local_time, time_zone, off_reason, updated_at)"
                " VALUES (?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (guild_id, member_id) DO UPDATE SET"
                " enabled = excluded.enabled, local_time = excluded.local_time, time_zone = excluded.time_zone,"
                " off_reason = NULL, updated_at = excluded.updated_at",
                (guild_id, member_id, int(enabled), local_time, time_zone, to_ms(self._clock(None))),
            )
            rows = await db.execute_fetchall(_REMINDER + " WHERE guild_id = ? AND member_id = ?", (guild_id, member_id))
        return _reminder(list(rows)[0])

    async def study_reminder(self, guild_id: int, member_id: int) -> StudyReminder | None:
        row = await self._fetchone(_REMINDER + " WHERE guild_id = ? AND member_id = ?", (guild_id, member_id))
        return None if row is None else _reminder(row)

    async def study_reminders(self) -> list[StudyReminder]:
        return [_reminder(r) for r in await self._fetchall(_REMINDER + " WHERE enabled = 1")]

    async def claim_study_reminder(self, guild_id: int, member_id: int, day: date) -> bool:
        async with self._tx() as db:
            cursor = await db.execute(
                "UPDATE study_reminders SET reminded_on = ? WHERE guild_id = ? AND member_id = ? AND enabled = 1"
                " AND (reminded_on IS NULL OR reminded_on < ?)",
                (day.isoformat(), guild_id, member_id, day.isoformat()),
            )
            return cursor.rowcount == 1

    async def stop_study_reminder(self, guild_id: int, member_id: int, reason: str | None) -> None:
        async with self._tx() as db:
            await db.execute(
                "UPDATE study_reminders SET enabled = 0, off_reason = ?, updated_at = ? WHERE guild_id = ? AND member_id = ?",
                (reason, to_ms(self._clock(None)), guild_id, member_id),
            )

    async def review_history(
        self, guild_id: int, member_id: int, *, days: int = 365, at: datetime | None = None, zone: str = "UTC"
    ) -> MemberHistory:
        moment = self._clock(at)
        tz = zone_named(zone)
        today = local_date(moment, tz)
        first = today - timedelta(days=max(1, days) - 1)
        since = day_start(first, tz)
        rows = await self._fetchall(
            "SELECT at_ms, kind, rating FROM reviews WHERE guild_id = ? AND member_id = ? AND at_ms >= ?",
            (guild_id, member_id, to_ms(since)),
        )
        by_day: dict[date, list[int]] = {}
        by_kind: dict[str, list[int]] = {}
        for at_ms, kind, rating in rows:
            day = from_ms(at_ms).astimezone(tz).date()
            right = int(rating > 1)
            totals = by_day.setdefault(day, [0, 0, 0])
            totals[0] += 1
            totals[1] += right
            totals[2] += 1
            kinds = by_kind.setdefault(kind, [0, 0])
            kinds[0] += right
            kinds[1] += 1
        return MemberHistory(
            member_id, today, first,
            [DayScore(d, *by_day[d]) for d in sorted(by_day)],
            [KindScore(k, c, a) for k, (c, a) in sorted(by_kind.items(), key=lambda item: (-item[1][1], item[0]))],
        )

    async def review_count(self, guild_id: int) -> int:
        row = await self._fetchone("SELECT COUNT(*) FROM reviews WHERE guild_id = ?", (guild_id,))
        return int(row[0]) if row else 0

    async def review_guilds(self, minimum: int) -> list[int]:
        rows = await self._fetchall(
            "SELECT guild_id FROM reviews GROUP BY guild_id HAVING COUNT(*) >= ? ORDER BY guild_id", (minimum,)
        )
        return [int(g) for (g,) in rows]

    async def review_sequences(self, guild_id: int) -> list[list[tuple[int, datetime]]]:
        rows = await self._fetchall(
            "SELECT member_id, card_key, rating, at_ms FROM reviews WHERE guild_id = ? ORDER BY member_id, card_key, id",
            (guild_id,),
        )
        sequences: list[list[tuple[int, datetime]]] = []
        last: tuple[int, str] | None = None
        for member, key, rating, at_ms in rows:
            if (member, key) != last:
                sequences.append([])
                last = (member, key)
            sequences[-1].append((int(rating), from_ms(at_ms)))
        return sequences

    async def guild_parameters(self, guild_id: int | None = None) -> list[FittedParameters]:
        sql = "SELECT guild_id, parameters, reviews, fitted_at FROM guild_parameters"
        rows = await (self._fetchall(sql + " WHERE guild_id = ?", (guild_id,)) if guild_id is not None else self._fetchall(sql))
        return [FittedParameters(g, tuple(json.loads(p)), int(n), from_ms(at)) for g, p, n, at in rows]

    async def set_guild_parameters(self, fitted: FittedParameters) -> None:
        check_id("guild_id", fitted.guild_id)
        async with self._tx() as db:
            await db.execute(
                "INSERT INTO guild_parameters (guild_id, parameters, reviews, fitted_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (guild_id) DO UPDATE SET parameters = excluded.parameters, reviews = excluded.reviews,"
                " fitted_at = excluded.fitted_at",
                (fitted.guild_id, json.dumps(list(fitted.parameters)), fitted.reviews, to_ms(fitted.fitted_at)),
            )
            await self._announce(db, "parameters", fitted.guild_id)
