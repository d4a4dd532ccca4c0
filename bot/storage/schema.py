"""The database layout as an ordered list of migration steps.

Step N brings a database from version N-1 to N. The SQLite backend records
the version in ``PRAGMA user_version`` and applies the missing steps in one
transaction at start-up, so a crash mid-upgrade leaves the old version intact.
Steps are never edited once released; a change is a new step at the end.

Long because it is the whole history of the layout: every released step stays as it was, in one place.

One list serves both engines. The statements are SQLite's dialect;
:func:`for_postgres` gives each step's PostgreSQL spelling (INTEGER is BIGINT,
REAL is DOUBLE PRECISION, BLOB is BYTEA, text compares byte by byte as in
SQLite), or the step's own ``postgresql`` list where a rename is not enough
(triggers). A PostgreSQL database is always created empty, so its steps leave
out the copies of old rows that SQLite's steps make. The conventions port
unchanged: ids are Discord snowflakes in INTEGER (BIGINT) columns; instants are
UTC epoch milliseconds in ``*_at`` / ``*_ms`` INTEGER columns; local calendar
days are ISO ``YYYY-MM-DD`` text, which sorts and compares as dates.

Scores live in ``scores``, one row per (guild, deck, bucket, member), where a
bucket is a local day ``d:2026-03-08``, a week by its Monday ``w:2026-03-02``,
a month ``m:2026-03`` or a season ``s:3``; deck ``''`` is the all-decks total.
Each attempt adds to its eight rows in the same transaction that inserts it,
so every leaderboard reads one bucket (one row per member, an index walk for
the top of the board) and never scans attempts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import StorageError


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]
    postgresql: tuple[str, ...] | None = None
    """The step in PostgreSQL's spelling, where :func:`for_postgres` cannot derive it from ``statements``."""


_V1 = (
    # The source of truth, append-only. local_day and season are fixed when
    # written, so a later time-zone change or new season never moves an old
    # answer. No secondary index: every read goes through the aggregates, and
    # each index would slow every answer down.
    """CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        card_key TEXT NOT NULL,
        question_kind TEXT NOT NULL,
        reply TEXT NOT NULL,
        verdict TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        points INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        at_ms INTEGER NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('quiz', 'daily', 'study')),
        local_day TEXT NOT NULL,
        season INTEGER NOT NULL,
        question_id TEXT
    )""",
    # First correct answer wins: the primary key makes a second winner impossible.
    """CREATE TABLE question_wins (
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        question_id TEXT NOT NULL,
        member_id INTEGER NOT NULL,
        won_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, channel_id, question_id)
    )""",
    """CREATE TABLE guild_settings (
        guild_id INTEGER PRIMARY KEY,
        time_zone TEXT NOT NULL DEFAULT 'UTC',
        default_deck TEXT,
        answer_seconds INTEGER NOT NULL DEFAULT 30,
        base_points INTEGER NOT NULL DEFAULT 10,
        speed_bonus INTEGER NOT NULL DEFAULT 5,
        hint_penalty INTEGER NOT NULL DEFAULT 3,
        quiz_channels TEXT NOT NULL DEFAULT '[]',
        strictness TEXT NOT NULL DEFAULT 'normal',
        updated_at INTEGER NOT NULL
    )""",
    """CREATE TABLE seasons (
        guild_id INTEGER NOT NULL,
        number INTEGER NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER,
        PRIMARY KEY (guild_id, number)
    )""",
    # At most one open season per guild, even with two processes racing.
    "CREATE UNIQUE INDEX seasons_one_open ON seasons (guild_id) WHERE ended_at IS NULL",
    """CREATE TABLE daily_schedules (
        channel_id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        local_time TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        deck TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1,
        paused_reason TEXT,
        last_posted TEXT,
        updated_at INTEGER NOT NULL
    )""",
    "CREATE INDEX daily_schedules_guild ON daily_schedules (guild_id)",
    # UNIQUE (channel_id, post_date): a second post for the same local date cannot exist.
    """CREATE TABLE daily_posts (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        post_date TEXT NOT NULL,
        deck TEXT NOT NULL,
        card_key TEXT NOT NULL,
        message_id INTEGER,
        opened_at INTEGER NOT NULL,
        closed_at INTEGER,
        results TEXT,
        UNIQUE (channel_id, post_date)
    )""",
    "CREATE INDEX daily_posts_open ON daily_posts (closed_at, guild_id)",
    """CREATE TABLE daily_used_cards (
        channel_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        card_key TEXT NOT NULL,
        used_at INTEGER NOT NULL,
        PRIMARY KEY (channel_id, deck, card_key)
    )""",
    # name_key is the case-folded name: "Cold War" and "cold war" are one deck.
    """CREATE TABLE decks (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        format TEXT NOT NULL,
        filename TEXT NOT NULL,
        content BLOB NOT NULL,
        card_count INTEGER NOT NULL,
        imported_by INTEGER NOT NULL,
        imported_at INTEGER NOT NULL,
        UNIQUE (guild_id, name_key)
    )""",
    """CREATE TABLE srs_state (
        guild_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        card_key TEXT NOT NULL,
        deck TEXT NOT NULL,
        state TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, member_id, card_key)
    )""",
    "CREATE INDEX srs_due ON srs_state (guild_id, member_id, due_at)",
)

# Aggregates, filled from any attempts already present so an upgraded database
# shows the same boards it would have shown had it always had them.
_V2 = (
    """CREATE TABLE scores (
        guild_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        bucket TEXT NOT NULL,
        member_id INTEGER NOT NULL,
        points INTEGER NOT NULL,
        correct INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        PRIMARY KEY (guild_id, deck, bucket, member_id)
    ) WITHOUT ROWID""",
    # Board order, so the top of a board and a member's rank are index walks.
    "CREATE INDEX scores_board ON scores (guild_id, deck, bucket, points DESC, correct DESC, member_id)",
    """CREATE TABLE card_stats (
        guild_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        card_key TEXT NOT NULL,
        correct INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        PRIMARY KEY (guild_id, member_id, deck, card_key)
    ) WITHOUT ROWID""",
    # One row per member, kind ('any' / 'daily') and local day with a correct answer.
    """CREATE TABLE streak_days (
        guild_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        local_day TEXT NOT NULL,
        PRIMARY KEY (guild_id, member_id, kind, local_day)
    ) WITHOUT ROWID""",
    # Backfill. The week bucket is the Monday on or before local_day
    # (strftime %w: Sunday = 0, so (w + 6) % 7 days back lands on Monday).
    """INSERT INTO scores (guild_id, deck, bucket, member_id, points, correct, attempts)
    SELECT guild_id, deck, bucket, member_id, SUM(points), SUM(correct), COUNT(*) FROM (
        SELECT a.guild_id AS guild_id,
            CASE WHEN x.all_decks = 1 THEN '' ELSE a.deck END AS deck,
            CASE k.kind
                WHEN 'd' THEN 'd:' || a.local_day
                WHEN 'w' THEN 'w:' || date(a.local_day,
                    '-' || ((CAST(strftime('%w', a.local_day) AS INTEGER) + 6) % 7) || ' days')
                WHEN 'm' THEN 'm:' || substr(a.local_day, 1, 7)
                ELSE 's:' || a.season
            END AS bucket,
            a.member_id AS member_id, a.points AS points, a.correct AS correct
        FROM attempts a
        CROSS JOIN (SELECT 0 AS all_decks UNION ALL SELECT 1) x
        CROSS JOIN (SELECT 'd' AS kind UNION ALL SELECT 'w' UNION ALL SELECT 'm' UNION ALL SELECT 's') k
    ) t GROUP BY guild_id, deck, bucket, member_id""",
    """INSERT INTO card_stats (guild_id, member_id, deck, card_key, correct, attempts)
    SELECT guild_id, member_id, deck, card_key, SUM(correct), COUNT(*)
    FROM attempts GROUP BY guild_id, member_id, deck, card_key""",
    """INSERT INTO streak_days (guild_id, member_id, kind, local_day)
    SELECT DISTINCT guild_id, member_id, 'any', local_day FROM attempts WHERE correct = 1
    UNION
    SELECT DISTINCT guild_id, member_id, 'daily', local_day FROM attempts WHERE correct = 1 AND source = 'daily'""",
)

_V3 = (
    # Which side of a two-sided card an imported deck shows: 'front', 'back' or
    # 'both'; NULL lets the deck's own shape decide.
    "ALTER TABLE decks ADD COLUMN direction TEXT CHECK (direction IN ('front', 'back', 'both'))",
)

_V4 = (
    # A quiz round while it runs, so a restart can pick it up: its questions
    # (written once) and its progress (written as it advances), one per channel.
    """CREATE TABLE quiz_rounds (
        channel_id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        round_id TEXT NOT NULL,
        questions TEXT NOT NULL,
        progress TEXT NOT NULL,
        updated_at INTEGER NOT NULL
    )""",
)

_V5 = (
    # Open daily posts by age: the scheduler asks for the ones left open too long.
    "CREATE INDEX daily_posts_open_age ON daily_posts (opened_at) WHERE closed_at IS NULL",
)

_V6 = (
    # What indexing an imported deck worked out, so a restart need not work it out again:
    # one row per file content (its digest), for the code that made it; a cache, pruned as it grows.
    """CREATE TABLE deck_indexes (
        content_key TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        data BLOB NOT NULL,
        used_at INTEGER NOT NULL
    )""",
)

_V7 = (
    # A member's own answers by day: the progress picture of /stats reads a year of them.
    "CREATE INDEX attempts_member_day ON attempts (guild_id, member_id, local_day)",
)

_V8 = (
    # Every review a member's memory of a card was built from, with the answer it came from: parameters can be
    # fitted from them later, and a corrected verdict replayed.
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY,
        attempt_id INTEGER,
        guild_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        card_key TEXT NOT NULL,
        deck TEXT NOT NULL,
        kind TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
        time_ms INTEGER,
        source TEXT NOT NULL,
        at_ms INTEGER NOT NULL
    )""",
    # A member's usual time for a kind of question: their latest reviews of that kind.
    "CREATE INDEX reviews_pace ON reviews (guild_id, member_id, kind, id)",
    "CREATE INDEX reviews_card ON reviews (guild_id, member_id, card_key, id)",
)

_V9 = (
    # A member's own study settings: how many new cards a day.
    """CREATE TABLE study_members (
        guild_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        new_per_day INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, member_id)
    )""",
    # A member's memory of one deck's cards.
    "CREATE INDEX srs_member_deck ON srs_state (guild_id, member_id, deck)",
)

_V10 = (
    # The group's memory of a deck's cards: each member's stability and last review, readable without JSON.
    "ALTER TABLE srs_state ADD COLUMN stability REAL",
    "ALTER TABLE srs_state ADD COLUMN reviewed_at INTEGER",
    """UPDATE srs_state SET stability = json_extract(state, '$.stability'),
        reviewed_at = CAST(strftime('%s', json_extract(state, '$.last_review')) AS INTEGER) * 1000
        WHERE json_valid(state) AND json_extract(state, '$.last_review') IS NOT NULL""",
    "CREATE INDEX srs_deck ON srs_state (guild_id, deck)",
    # How a channel's daily question picks its card: what the group knows least (the default), new cards, or at
    # random without repeats until the deck is used up.
    "ALTER TABLE daily_schedules ADD COLUMN pick TEXT NOT NULL DEFAULT 'weakest'",
)

_V11 = (
    # A member's opt-in reminder: a direct message at their local time on days they have cards due.
    """CREATE TABLE study_reminders (
        guild_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        enabled INTEGER NOT NULL,
        local_time TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        reminded_on TEXT,
        off_reason TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (guild_id, member_id)
    )""",
)

_V12 = (
    # A server's own FSRS parameters, once fitted from enough of its reviews.
    """CREATE TABLE guild_parameters (
        guild_id INTEGER PRIMARY KEY,
        parameters TEXT NOT NULL,
        reviews INTEGER NOT NULL,
        fitted_at INTEGER NOT NULL
    )""",
    "CREATE INDEX reviews_guild ON reviews (guild_id, member_id, card_key, id)",
)

# A member's chance of recall of a card at the snapshot's time, by the snapshot's curve (FSRS's power law).
TERM = (
    "CASE WHEN {r}.stability > 0 AND {r}.reviewed_at IS NOT NULL"
    " THEN pow(1 + d.factor * max(0, d.as_of - {r}.reviewed_at) / 86400000.0 / {r}.stability, d.decay) ELSE 0 END"
)

_V13 = (
    # The group's recall of a deck, kept current: a snapshot at one time and curve (refreshed when read and old),
    # which every review updates through the triggers below, so reading it never sums the deck's rows.
    """CREATE TABLE deck_recall (
        guild_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        as_of INTEGER NOT NULL,
        factor REAL NOT NULL,
        decay REAL NOT NULL,
        members INTEGER NOT NULL,
        PRIMARY KEY (guild_id, deck)
    )""",
    """CREATE TABLE card_recall (
        guild_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        card_key TEXT NOT NULL,
        members INTEGER NOT NULL,
        recall REAL NOT NULL,
        PRIMARY KEY (guild_id, deck, card_key)
    )""",
    # A member meets a card: one more member for the card, and for the deck if it is their first of it.
    f"""CREATE TRIGGER srs_recall_insert AFTER INSERT ON srs_state BEGIN
        UPDATE deck_recall SET members = members + 1 WHERE guild_id = NEW.guild_id AND deck = NEW.deck
            AND NOT EXISTS (SELECT 1 FROM srs_state s WHERE s.guild_id = NEW.guild_id AND s.member_id = NEW.member_id
                AND s.deck = NEW.deck AND s.card_key <> NEW.card_key);
        INSERT INTO card_recall (guild_id, deck, card_key, members, recall)
            SELECT NEW.guild_id, NEW.deck, NEW.card_key, 1, {TERM.format(r="NEW")}
            FROM deck_recall d WHERE d.guild_id = NEW.guild_id AND d.deck = NEW.deck
            ON CONFLICT (guild_id, deck, card_key) DO UPDATE SET members = members + 1, recall = recall + excluded.recall;
    END""",
    # A review: the member's old chance out of the card's sum, the new one in.
    f"""CREATE TRIGGER srs_recall_update AFTER UPDATE OF stability, reviewed_at, deck ON srs_state BEGIN
        UPDATE card_recall SET recall = recall + (SELECT {TERM.format(r="NEW")} - {TERM.format(r="OLD")}
            FROM deck_recall d WHERE d.guild_id = NEW.guild_id AND d.deck = NEW.deck)
            WHERE guild_id = NEW.guild_id AND deck = NEW.deck AND card_key = NEW.card_key AND OLD.deck = NEW.deck;
        UPDATE deck_recall SET as_of = -1
            WHERE guild_id = NEW.guild_id AND deck IN (OLD.deck, NEW.deck) AND OLD.deck <> NEW.deck;
    END""",
    # Rarer changes just mark the snapshot old: the next read sums the deck again.
    """CREATE TRIGGER srs_recall_delete AFTER DELETE ON srs_state BEGIN
        UPDATE deck_recall SET as_of = -1 WHERE guild_id = OLD.guild_id AND deck = OLD.deck;
    END""",
)

_V14 = (
    # A member's "I was right" on a refused answer: once per answer, kept with the moderator's decision.
    """CREATE TABLE disputes (
        id INTEGER PRIMARY KEY,
        guild_id INTEGER NOT NULL,
        channel_id INTEGER NOT NULL,
        member_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        card_key TEXT NOT NULL,
        kind TEXT NOT NULL,
        prompt TEXT NOT NULL,
        answers TEXT NOT NULL,
        reply TEXT NOT NULL,
        reply_key TEXT NOT NULL,
        source TEXT NOT NULL,
        attempt_id INTEGER UNIQUE,
        review_id INTEGER UNIQUE,
        opened_at INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'accepted', 'rejected')),
        decided_by INTEGER,
        decided_at INTEGER,
        reason TEXT,
        credited INTEGER NOT NULL DEFAULT 0,
        CHECK (attempt_id IS NOT NULL OR review_id IS NOT NULL)
    )""",
    "CREATE INDEX disputes_queue ON disputes (guild_id, status, id)",
    "CREATE INDEX disputes_same ON disputes (guild_id, deck, card_key, reply_key, status)",
    # Answers a server accepts for one card, beside one of the card's own.
    """CREATE TABLE card_aliases (
        guild_id INTEGER NOT NULL,
        deck TEXT NOT NULL,
        card_key TEXT NOT NULL,
        answer TEXT NOT NULL,
        alias_of TEXT NOT NULL,
        added_by INTEGER NOT NULL,
        added_at INTEGER NOT NULL,
        dispute_id INTEGER,
        PRIMARY KEY (guild_id, deck, card_key, answer)
    )""",
    # A member's answers to one question, for their "I was right" on the answer card.
    "CREATE INDEX attempts_question ON attempts (guild_id, channel_id, question_id)",
    # Who settles disputes and manages aliases besides Manage Messages, and where new disputes are posted.
    "ALTER TABLE guild_settings ADD COLUMN answer_moderator_role INTEGER",
    "ALTER TABLE guild_settings ADD COLUMN disputes_channel INTEGER",
)

# PostgreSQL: the same steps with nothing to copy (its databases start empty), and triggers in its own spelling.
_V2_POSTGRES = tuple(statement for statement in _V2 if not statement.startswith("INSERT"))
_V10_POSTGRES = tuple(statement for statement in _V10 if not statement.startswith("UPDATE"))
_PG_TERM = TERM.replace("max(0, ", "GREATEST(0, ")


def _pg_trigger(name: str, event: str, body: str) -> tuple[str, str]:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} RETURN NULL; END $$",
        f"CREATE TRIGGER {name} {event} ON srs_state FOR EACH ROW EXECUTE FUNCTION {name}()",
    )


_V13_POSTGRES = (
    *(_v for _v in _V13 if _v.startswith("CREATE TABLE")),
    *_pg_trigger("srs_recall_insert", "AFTER INSERT", f"""
        UPDATE deck_recall SET members = members + 1 WHERE guild_id = NEW.guild_id AND deck = NEW.deck
            AND NOT EXISTS (SELECT 1 FROM srs_state s WHERE s.guild_id = NEW.guild_id AND s.member_id = NEW.member_id
                AND s.deck = NEW.deck AND s.card_key <> NEW.card_key);
        INSERT INTO card_recall (guild_id, deck, card_key, members, recall)
            SELECT NEW.guild_id, NEW.deck, NEW.card_key, 1, {_PG_TERM.format(r="NEW")}
            FROM deck_recall d WHERE d.guild_id = NEW.guild_id AND d.deck = NEW.deck
            ON CONFLICT (guild_id, deck, card_key) DO UPDATE SET members = card_recall.members + 1,
                recall = card_recall.recall + excluded.recall;"""),
    *_pg_trigger("srs_recall_update", "AFTER UPDATE OF stability, reviewed_at, deck", f"""
        UPDATE card_recall SET recall = recall + (SELECT {_PG_TERM.format(r="NEW")} - {_PG_TERM.format(r="OLD")}
            FROM deck_recall d WHERE d.guild_id = NEW.guild_id AND d.deck = NEW.deck)
            WHERE guild_id = NEW.guild_id AND deck = NEW.deck AND card_key = NEW.card_key AND OLD.deck = NEW.deck;
        UPDATE deck_recall SET as_of = -1
            WHERE guild_id = NEW.guild_id AND deck IN (OLD.deck, NEW.deck) AND OLD.deck <> NEW.deck;"""),
    *_pg_trigger("srs_recall_delete", "AFTER DELETE", """
        UPDATE deck_recall SET as_of = -1 WHERE guild_id = OLD.guild_id AND deck = OLD.deck;"""),
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "attempts, wins, settings, seasons, daily posts, decks, spaced repetition", _V1),
    Migration(2, "score, card and streak aggregates with board indexes", _V2, _V2_POSTGRES),
    Migration(3, "the side an imported deck shows", _V3),
    Migration(4, "quiz rounds in progress, to resume after a restart", _V4),
    Migration(5, "open daily posts by age", _V5),
    Migration(6, "stored deck indexes", _V6),
    Migration(7, "a member's answers by day", _V7),
    Migration(8, "review logs for spaced repetition", _V8),
    Migration(9, "study settings per member", _V9),
    Migration(10, "the group's memory of a deck, and how daily questions pick", _V10, _V10_POSTGRES),
    Migration(11, "study reminders", _V11),
    Migration(12, "each server's fitted scheduler parameters", _V12),
    Migration(13, "the group's recall of each deck, kept current", _V13, _V13_POSTGRES),
    Migration(14, "disputes and card aliases", _V14),
)

LATEST = MIGRATIONS[-1].version


_PG_TYPES = (
    (re.compile(r"\bid INTEGER PRIMARY KEY\b"), "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    # SQLite compares text byte by byte; so must PostgreSQL, whatever the server's locale (prefix ranges, order).
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),
    (re.compile(r"\)\s*WITHOUT ROWID\s*$"), ")"),
)


def for_postgres(step: Migration) -> tuple[str, ...]:
    """The step's statements in PostgreSQL's spelling."""
    if step.postgresql is not None:
        statements = step.postgresql
    else:
        statements = step.statements
    out = []
    for statement in statements:
        if statement.startswith(("CREATE TABLE", "ALTER TABLE")):
            for pattern, replacement in _PG_TYPES:
                statement = pattern.sub(replacement, statement)
        out.append(statement)
    return tuple(out)


def pending(version: int, target: int, where: str, other: str) -> list[Migration]:
    """The steps that bring a database at ``version`` to ``target``; a database from a newer Deckhand is refused
    (``other`` says what else DATABASE_URL could name: "file", "database")."""
    if version > LATEST:
        raise StorageError(
            f"{where} was written by a newer Deckhand (database version {version}, this version knows"
            f" up to {LATEST}); upgrade Deckhand or set DATABASE_URL to another {other}"
        )
    return [step for step in MIGRATIONS if version < step.version <= target]
