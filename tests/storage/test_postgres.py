"""What only the PostgreSQL backend has to show: versions, several processes, lost connections, the copy from SQLite.

The storage contract itself runs on both engines through the ``store`` fixture.
"""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.storage import StorageError, open_store
from bot.storage.schema import LATEST
from tests.storage.conftest import attempt

ROOT = Path(__file__).resolve().parents[2]


async def test_a_database_from_a_newer_deckhand_is_refused(postgres_url: str) -> None:
    async with await open_store(postgres_url):
        pass
    async with await open_store(postgres_url) as store:  # opening again changes nothing
        assert (await store._fetchall("SELECT version FROM deckhand_schema")) == [(LATEST,)]  # type: ignore[attr-defined]
        await store._write_now(lambda conn: conn.execute("UPDATE deckhand_schema SET version = ?", (LATEST + 1,)))  # type: ignore[attr-defined]
    with pytest.raises(StorageError, match=f"newer Deckhand \\(database version {LATEST + 1}"):
        await open_store(postgres_url)


async def test_processes_starting_at_once_create_the_tables_once(postgres_url: str) -> None:
    stores = await asyncio.gather(*(open_store(postgres_url) for _ in range(4)))
    try:
        await stores[0].record_attempt(attempt(1))
        assert (await stores[3].member_stats(1, 1)).attempts == 1
    finally:
        for store in stores:
            await store.close()


async def test_two_connections_racing_for_one_question_give_one_winner(postgres_url: str) -> None:
    first, second = await open_store(postgres_url), await open_store(postgres_url)
    try:
        results = await asyncio.gather(*(
            store.record_attempt(attempt(member, question="q1")) for member in range(1, 21)
            for store in (first, second)
        ))
        winners = [r for r in results if r is not None and r.won]
        assert len(winners) == 1
        page = await first.leaderboard(1, "all")
        assert sum(s.points for s in page.rows) == 10, "only the winner scores"
    finally:
        await first.close()
        await second.close()


async def test_a_dropped_connection_is_opened_again(postgres_url: str, postgres_server: str) -> None:
    import psycopg

    async with await open_store(postgres_url) as store:
        await store.record_attempt(attempt(1))
        [(pid,)] = await store._fetchall("SELECT pg_backend_pid()")  # type: ignore[attr-defined]
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        await store.record_attempt(attempt(2))  # a write's BEGIN finds the connection gone and connects again
        [(again,)] = await store._fetchall("SELECT pg_backend_pid()")  # type: ignore[attr-defined]
        assert again != pid
        assert (await store.leaderboard(1, "all")).total == 2
        assert store.failing is None


_WRITER = textwrap.dedent("""
    import asyncio, sys
    from bot.storage import Attempt, open_store

    async def main(url, member, count):
        store = await open_store(url)
        for n in range(count):
            await store.record_attempt(Attempt(guild_id=1, channel_id=10, member_id=member, deck="d",
                card_key=f"c{n % 7}", question_kind="recall", reply="x", verdict="exact", correct=True,
                points=3, time_ms=100, source="quiz", question_id=f"q{n}"))
            print(n, flush=True)
        await store.close()

    asyncio.run(main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
""")


def _writer(url: str, member: int, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", _WRITER, url, str(member), str(count)], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )


async def test_four_processes_writing_at_once_lose_nothing(postgres_url: str) -> None:
    async with await open_store(postgres_url):
        pass  # tables made once, so the writers only write
    writers = [_writer(postgres_url, member, 150) for member in range(1, 5)]
    for w in writers:
        assert w.wait(timeout=120) == 0
    async with await open_store(postgres_url) as store:
        page = await store.leaderboard(1, "all")
        # 600 answers to 150 questions: each question has exactly one winner across the processes.
        assert sum(s.points for s in page.rows) == 150 * 3
        assert sum([(await store.member_stats(1, m)).attempts for m in range(1, 5)]) == 600
        [(attempts, points)] = await store._fetchall("SELECT COUNT(*), SUM(points) FROM attempts")  # type: ignore[attr-defined]
        assert (attempts, points) == (600, 450)


async def test_a_killed_writer_loses_nothing_it_committed(postgres_url: str) -> None:
    async with await open_store(postgres_url):
        pass
    writer = _writer(postgres_url, 9, 100_000)
    assert writer.stdout is not None
    committed = [writer.stdout.readline() for _ in range(40)]
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    committed += writer.stdout.readlines()
    done = len([line for line in committed if line.strip()])
    async with await open_store(postgres_url) as store:
        [(attempts, points)] = await store._fetchall("SELECT COUNT(*), COALESCE(SUM(points), 0) FROM attempts")  # type: ignore[attr-defined]
        assert attempts >= done, "every answer the writer saw committed is there"
        assert attempts <= done + 1, "at most the one it was writing, if that committed before the kill"
        page = await store.leaderboard(1, "all")
        assert sum(s.points for s in page.rows) == points, "the aggregates match the answers: no half-written one"


async def _fill(url: str) -> None:
    """A SQLite database with something in every area."""
    from bot.storage import CardAlias, Dispute
    from tests.storage.test_reviews import Recorder

    async with await open_store(url) as store:
        for member in range(1, 8):
            for n in range(member):
                await store.record_attempt(attempt(member, card=f"card-{n}", correct=n % 2 == 0, question=f"q{member}-{n}"))
        await store.update_settings(1, time_zone="Europe/Paris", base_points=12)
        await store.set_schedule(1, 100, "09:30", "cold-war")
        await store.add_deck(1, "Spanish", "csv", "spanish.csv", b"hola,hello\n", imported_by=3, card_count=1)
        review = await store.record_review(1, 4, "cold-war:card-1", "cold-war", "recall", Recorder(), source="study")
        assert await store.open_dispute(Dispute(
            guild_id=1, channel_id=10, member_id=4, deck="cold-war", card_key="cold-war:card-1", kind="recall",
            prompt="Who?", answers=("Khrushchev",), reply="Kruschev", reply_key="kruschev", source="study",
            review_id=review.review_id,
        ))
        assert await store.add_alias(CardAlias(1, "cold-war", "cold-war:card-1", "nikita", "Khrushchev", added_by=3))


def _migrate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "migrate", *args], cwd=ROOT, capture_output=True, text=True, timeout=300)


async def test_migrate_copies_a_sqlite_database_and_can_run_again(tmp_path: Path, postgres_url: str) -> None:
    source = f"sqlite:///{tmp_path / 'deckhand.db'}"
    await _fill(source)
    done = _migrate("--to", postgres_url, "--from", source)
    assert done.returncode == 0, done.stderr
    assert "attempts: 28 of 28 rows" in done.stdout and "Done: " in done.stdout and "checksum" in done.stdout
    async with await open_store(source) as old, await open_store(postgres_url) as new:
        board = await new.leaderboard(1, "all")
        assert board == await old.leaderboard(1, "all") and [s.member_id for s in board.rows][:3] == [7, 5, 6]
        assert await new.leaderboard(1, "week") == await old.leaderboard(1, "week")
        assert await new.member_stats(1, 7) == await old.member_stats(1, 7)
        assert await new.get_settings(1) == await old.get_settings(1)
        assert await new.get_schedule(100) == await old.get_schedule(100)
        assert (await new.get_deck(1, "spanish")).content == b"hola,hello\n"  # type: ignore[union-attr]
        assert await new.reviews(1, 4) == await old.reviews(1, 4)
        assert await new.get_srs(1, 4, "cold-war:card-1") == await old.get_srs(1, 4, "cold-war:card-1")
        assert await new.open_disputes(1) == await old.open_disputes(1)
        assert await new.card_aliases(1, "cold-war") == await old.card_aliases(1, "cold-war")
        # New rows on the copy get new ids, after the copied ones.
        result = await new.record_attempt(attempt(8, question="fresh"))
        assert result is not None and result.id == 29
    again = _migrate("--to", postgres_url, "--from", source)
    assert again.returncode != 0 and "attempts differs" in again.stderr, "the copy has a row the source has not"


async def test_an_interrupted_copy_goes_on_where_it_stopped(tmp_path: Path, postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import bot.storage.copy as copy

    source = f"sqlite:///{tmp_path / 'deckhand.db'}"
    await _fill(source)
    monkeypatch.setattr(copy, "BATCH", 5)
    said: list[str] = []

    def stop_in_attempts(line: str) -> None:
        said.append(line)
        if line.startswith("attempts: 5 of"):
            raise KeyboardInterrupt

    async with await open_store(source) as old, await open_store(postgres_url) as new:
        with pytest.raises(KeyboardInterrupt):
            await copy.copy_database(old, new, stop_in_attempts)
        said.clear()
        tables = await copy.copy_database(old, new, said.append)
    assert "attempts: going on after 5 rows an earlier run copied" in said
    by_name = {t.table: t for t in tables}
    assert by_name["attempts"].rows == 28 and by_name["attempts"].copied == 23
    assert {"scores", "srs_state", "reviews", "disputes", "card_aliases", "decks", "guild_settings"} <= set(by_name)


def test_migrate_refuses_what_it_cannot_copy(postgres_url: str, tmp_path: Path) -> None:
    wrong = _migrate("--to", f"sqlite:///{tmp_path / 'x.db'}", "--from", f"sqlite:///{tmp_path / 'y.db'}")
    assert wrong.returncode != 0 and "--to must be a postgresql:// URL" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    backwards = _migrate("--to", postgres_url, "--from", postgres_url)
    assert backwards.returncode != 0 and "--from must be a sqlite:/// URL" in backwards.stderr
    assert "Traceback" not in backwards.stderr


YAML_DECK = b"""\
title: Leaders
cards:
  - front: Who led the USSR during the Cuban Missile Crisis?
    answers: [Khrushchev]
"""


async def _until(condition, seconds: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if await condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("not within the time allowed")


async def test_a_change_on_one_process_reaches_the_others_cache(postgres_url: str, tmp_path: Path) -> None:
    """Deck imports and aliases made through one process's store reach another's deck cache within seconds
    (LISTEN/NOTIFY), and never its own: a process keeps what it just cached."""
    from bot.decks import DeckLibrary, card_key
    from bot.storage import CardAlias

    here, there = await open_store(postgres_url), await open_store(postgres_url)
    try:
        await there.add_deck(1, "leaders", "deck-yaml", "leaders.yaml", YAML_DECK, imported_by=3, card_count=1)
        library = DeckLibrary(tmp_path, here)
        heard: list[object] = []

        def changed(change: object) -> None:
            heard.append(change)
            library.changed(change)  # type: ignore[arg-type]

        await here.listen(changed)
        loaded = await library.get(1, "leaders")
        [card] = loaded.deck.cards
        key = card_key("leaders", card)
        assert not loaded.aliases
        assert await there.add_alias(CardAlias(1, "leaders", key, "nikita", "Khrushchev", added_by=3))

        async def alias_seen() -> bool:
            return bool((await library.get(1, "leaders")).aliases)

        await _until(alias_seen)
        replaced = YAML_DECK.replace(b"Khrushchev]", b"Khrushchev, Nikita Khrushchev]")
        await there.add_deck(1, "leaders", "deck-yaml", "leaders.yaml", replaced, imported_by=3, card_count=1, replace=True)

        async def new_content() -> bool:
            [now] = (await library.get(1, "leaders")).deck.cards
            return "Nikita Khrushchev" in now.answers

        await _until(new_content)
        kinds = [getattr(c, "kind") for c in heard]
        assert kinds == ["aliases", "deck"], kinds
        await here.add_alias(CardAlias(1, "leaders", key, "khrush", "Khrushchev", added_by=3))
        await asyncio.sleep(0.5)
        assert len(heard) == 2, "a process does not hear its own changes"
    finally:
        await here.close()
        await there.close()


def test_statements_are_spelt_for_postgresql() -> None:
    from bot.storage.postgres.driver import to_postgres

    assert to_postgres("SELECT a FROM t INDEXED BY t_age WHERE x = ? AND y LIKE '5%?'") == (
        "SELECT a FROM t WHERE x = %s AND y LIKE '5%%?'"
    )
    assert to_postgres("SELECT TOTAL(max(0, a - b) / 2), (SELECT group_concat(t.x) FROM t)") == (
        "SELECT COALESCE(0.0 + SUM(GREATEST(0, a - b) / 2), 0.0), (SELECT string_agg(t.x::text, ',') FROM t)"
    )


async def test_identify_turns_are_shared_by_every_process_in_a_bucket(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second process waits for the first's turn in the same rate-limit bucket to end; another bucket does not."""
    import time

    import bot.storage.postgres.connection as connection

    monkeypatch.setattr(connection, "IDENTIFY_SECONDS", 3.0)
    one, two = await open_store(postgres_url), await open_store(postgres_url)
    try:
        began = time.perf_counter()
        await one.identify_turn(0, initial=True)
        await two.identify_turn(1, initial=True)
        assert time.perf_counter() - began < 2.5, "another bucket goes without waiting for the turn"
        await two.identify_turn(0, initial=True)
        assert time.perf_counter() - began >= 2.9, "the same bucket waits for the first turn to end"
    finally:
        await one.close()
        await two.close()
