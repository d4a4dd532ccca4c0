"""/leaderboard and /stats, end to end: the real bot against the fake Discord,
scores seeded straight into a real SQLite file at fixed times."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import bot.app.client
from bot.app.client import Deckhand
from bot.decks import DeckLibrary, card_key
from bot.storage import Attempt, open_store
from tests.cogs.conftest import TIME_SCALE, make_settings
from tests.fake_discord.fixtures import ErrorLogCollector, running_bot
from tests.fake_discord.server import FakeDiscord
from tests.helpers import EPHEMERAL, Clock

NOW = datetime(2025, 3, 12, 15, 0, tzinfo=timezone.utc)  # a Wednesday; the week began Monday 10 March
DECK = "sino-soviet-relations"


@pytest.fixture
async def deckhand(fake_discord: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Deckhand]:
    """The bot with only this cog loaded and a store whose clock reads NOW."""
    monkeypatch.setattr(bot.app.client, "EXTENSIONS", ("cogs.errors", "cogs.boards"))
    settings = make_settings(fake_discord, tmp_path)
    store = await open_store(settings.database_url, now=Clock(NOW))
    library = DeckLibrary(settings.decks_dir, store)
    library.load_builtins()
    client = Deckhand(settings, store, library, guild_ready_timeout=0.1, time_scale=TIME_SCALE, question_gap=0.0)
    try:
        async with running_bot(client, fake_discord):
            yield client
            assert_never_pings(fake_discord)
    finally:
        await store.close()


def assert_never_pings(fake: FakeDiscord) -> None:
    """Every message the bot sent or edited carried "no allowed mentions"."""
    bodies: list[dict[str, Any]] = []
    for call in fake.calls:
        body = call.json or {}
        if call.method == "POST" and call.path.endswith("/callback"):
            if body.get("type") in (4, 7):
                bodies.append(body.get("data") or {})
        elif call.method in ("POST", "PATCH") and (call.path.startswith("/webhooks/") or call.path.endswith("/messages")
                                                   or "/messages/" in call.path):
            bodies.append(body)
    assert bodies, "the test sent no messages to check"
    for body in bodies:
        assert body.get("allowed_mentions", {}).get("parse") == [], body
        assert not body["allowed_mentions"].get("users") and not body["allowed_mentions"].get("roles"), body


def attempt(member: int, points: int, *, at: datetime = NOW, deck: str = DECK, card: str = "card-1",
            correct: bool = True, source: str = "quiz", guild: int) -> Attempt:
    return Attempt(
        guild_id=guild, channel_id=1, member_id=member, deck=deck,
        card_key=card if ":" in card else f"{deck}:{card}", question_kind="recall",
        reply="yes" if correct else "no", verdict="exact" if correct else "wrong",
        correct=correct, points=points, time_ms=1200, source=source, at=at,  # type: ignore[arg-type]
    )


async def seed(client: Deckhand, fake: FakeDiscord, scores: dict[str, int], **kw: Any) -> None:
    for name, points in scores.items():
        await client.store.record_attempt(attempt(fake.member(name).id, points, guild=fake.guild.id, **kw))


async def run(fake: FakeDiscord, name: str, by: str | int = "alice", **options: Any) -> tuple[Any, dict[str, Any]]:
    """`by` runs /name with options and the bot answers."""
    handle = await fake.invoke_command(name, member=by, options=options)
    response = await handle.wait_response()
    return handle, response


def embed_of(response: dict[str, Any]) -> dict[str, Any]:
    assert response["type"] in (4, 7), response
    [embed] = response["data"]["embeds"]
    return embed


def board_lines(embed: dict[str, Any]) -> list[str]:
    return embed["description"].split("\n\n")[0].split("\n")


def points_of(line: str) -> int:
    """The points a board row shows, from its lined-up column ("🥇 `#1  30 points` <@…>")."""
    found = re.search(r"`#\d+ +([\d,]+) points?`", line)
    assert found, line
    return int(found.group(1).replace(",", ""))


def buttons(message: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """label -> button, for the pager under a board."""
    return {b["label"]: b for row in message["components"] for b in row["components"]}


def assert_picture(fake: FakeDiscord, handle: Any, name: str) -> tuple[int, int]:
    """The reply carries one PNG that its embed shows; returns the picture's size."""
    import io

    from PIL import Image

    message = handle.original_message()
    [embed] = message["embeds"]
    assert embed["image"]["url"] == f"attachment://{name}", embed.get("image")
    [attachment] = [a for a in message["attachments"] if a["filename"] == name]
    data, kind = fake.files[attachment["url"].removeprefix(fake.base_url)]
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), kind
    with Image.open(io.BytesIO(data)) as picture:
        return picture.size


async def test_week_board_ranks_ties_with_medals_and_shows_the_caller(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    await seed(deckhand, fake_discord, {"alice": 30, "bob": 20, "carol": 20, "mod": 10})
    await seed(deckhand, fake_discord, {"mod": 500}, at=NOW - timedelta(days=7))  # last week: not on this board
    await deckhand.store.record_attempt(attempt(fake_discord.member("mod").id, 0, correct=False, guild=fake_discord.guild.id))
    board_handle, response = await run(fake_discord, "leaderboard", by="carol")
    embed = embed_of(response)
    ids = {n: fake_discord.member(n).id for n in ("alice", "bob", "carol", "mod")}
    assert board_lines(embed) == [
        f"🥇 `#1  30 points` <@{ids['alice']}> · 1 correct · 100%",
        f"🥈 `#2  20 points` <@{ids['bob']}> · 1 correct · 100%",
        f"🥈 `#2  20 points` <@{ids['carol']}> · 1 correct · 100%",
        f"▫️ `#4  10 points` <@{ids['mod']}> · 1 correct · 50%",
    ]
    assert embed["description"].endswith("You: #2 · 20 points · 100% accuracy")
    assert embed["title"] == "🏆 Leaderboard · This week"
    assert embed["footer"]["text"] == "Days run on UTC time"
    assert response["data"].get("components", []) == []
    assert "flags" not in response["data"] or not response["data"]["flags"] & EPHEMERAL
    width, height = assert_picture(fake_discord, board_handle, "standings.png")
    assert width == 800 and height > 4 * 40, "a row for each of the four members"


async def test_each_period_counts_only_its_own_days(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    days = {
        3: NOW - timedelta(hours=1),                         # today
        5: datetime(2025, 3, 10, 9, tzinfo=timezone.utc),   # Monday, this week
        9: datetime(2025, 3, 3, 9, tzinfo=timezone.utc),    # this month, last week
        17: datetime(2025, 2, 20, 9, tzinfo=timezone.utc),  # last month
    }
    for points, at in days.items():
        await seed(deckhand, fake_discord, {"alice": points}, at=at)
    await seed(deckhand, fake_discord, {"bob": 4}, at=days[5])
    expected = {"today": (3, None), "week": (8, 4), "month": (17, 4), "all": (34, 4)}
    alice, bob = fake_discord.member("alice").id, fake_discord.member("bob").id
    for period, (alice_points, bob_points) in expected.items():
        _, response = await run(fake_discord, "leaderboard", period=period)
        lines = board_lines(embed_of(response))
        shown = {line.split("<@")[1].split(">")[0]: line for line in lines}
        assert points_of(shown[str(alice)]) == alice_points, (period, lines)
        if bob_points is None:
            assert str(bob) not in shown, (period, lines)
        else:
            assert points_of(shown[str(bob)]) == bob_points, (period, lines)
    _, response = await run(fake_discord, "leaderboard", period="all")
    assert embed_of(response)["title"] == "🏆 Leaderboard · Season 1"


async def test_days_follow_the_guild_time_zone(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    await deckhand.store.update_settings(fake_discord.guild.id, time_zone="Pacific/Auckland")
    # 10:00 UTC is 23:00 on 12 March in Auckland; NOW is already 04:00 on 13 March there.
    await seed(deckhand, fake_discord, {"alice": 10}, at=NOW - timedelta(hours=5))
    _, today = await run(fake_discord, "leaderboard", period="today")
    embed = embed_of(today)
    assert embed["description"] == "No answers yet today. Start one with /quiz start."
    assert "Pacific/Auckland" in embed["footer"]["text"]
    _, week = await run(fake_discord, "leaderboard", period="week")
    assert points_of(board_lines(embed_of(week))[0]) == 10


async def test_an_empty_board_says_how_to_start(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    _, response = await run(fake_discord, "leaderboard")
    embed = embed_of(response)
    assert embed["description"] == "No answers yet this week. Start one with /quiz start."
    assert response["data"].get("components", []) == []


async def _big_board(client: Deckhand, fake: FakeDiscord) -> list[int]:
    """25 members with 250, 240, ... 10 points; returns their ids best first."""
    names = ["alice", "bob", "carol", "mod", "manager"] + [f"student{i:02d}" for i in range(20)]
    ids = []
    for name in names[5:]:
        fake.add_member(name)
    attempts = []
    for i, name in enumerate(names):
        member = fake.member(name).id
        ids.append(member)
        attempts.append(attempt(member, 250 - 10 * i, guild=fake.guild.id))
    await client.store.record_attempts_batch(attempts)
    return ids


async def test_pages_turn_and_only_the_caller_can_turn_them(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    ids = await _big_board(deckhand, fake_discord)
    caller = "student17"  # 23rd place: not on the first page
    handle, response = await run(fake_discord, "leaderboard", by=caller)
    first = board_lines(embed_of(response))
    assert len(first) == 10 and first[0].startswith(f"🥇 `#1   250 points` <@{ids[0]}>") and first[9].startswith(f"▫️ `#10  160 points` <@{ids[9]}>")
    assert embed_of(response)["description"].endswith("You: #23 · 30 points · 100% accuracy")
    message = handle.original_message()
    assert message is not None
    controls = buttons(message)
    assert controls["◀"].get("disabled") and controls["1/3"].get("disabled") and not controls["▶"].get("disabled")

    turn = await fake_discord.click_button(int(message["id"]), controls["▶"]["custom_id"], caller)
    second = embed_of(await turn.wait_response())
    assert board_lines(second)[0].startswith(f"▫️ `#11  150 points` <@{ids[10]}>")
    assert second["description"].endswith("You: #23 · 30 points · 100% accuracy")
    assert second["footer"]["text"].startswith("Page 2 of 3")
    message = handle.original_message()
    assert message is not None and message["embeds"][0] == second
    assert [a["filename"] for a in message["attachments"]] == ["standings.png"], "the new page's picture replaced the old"
    controls = buttons(message)
    assert not controls["◀"].get("disabled") and "2/3" in controls

    refused = await fake_discord.click_button(int(message["id"]), controls["▶"]["custom_id"], "bob")
    answer = await refused.wait_response()
    assert answer["type"] == 4 and answer["data"]["flags"] & EPHEMERAL
    assert answer["data"]["content"] == "Run /leaderboard yourself to browse."
    assert handle.original_message()["embeds"][0] == second  # type: ignore[index]

    turn = await fake_discord.click_button(int(message["id"]), controls["▶"]["custom_id"], caller)
    third = embed_of(await turn.wait_response())
    lines = board_lines(third)
    assert len(lines) == 5 and lines[-1].startswith(f"▫️ `#25  10 points` <@{ids[24]}>")
    last = buttons(handle.original_message())  # type: ignore[arg-type]
    assert last["▶"].get("disabled") and not last["◀"].get("disabled")
    back = await fake_discord.click_button(int(message["id"]), last["◀"]["custom_id"], caller)
    assert board_lines(embed_of(await back.wait_response()))[0].startswith("▫️ `#11  150 points`")


async def test_caller_without_answers_is_told_so(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    await _big_board(deckhand, fake_discord)
    newcomer = fake_discord.add_member("newcomer")
    _, response = await run(fake_discord, "leaderboard", by=newcomer.id, period="month")
    assert embed_of(response)["description"].endswith("You have no answers this month yet.")


async def test_page_buttons_switch_off_after_the_timeout(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    await _big_board(deckhand, fake_discord)
    cog = deckhand.get_cog("Leaderboard")
    cog.page_timeout = 0.2  # type: ignore[union-attr]
    handle, _ = await run(fake_discord, "leaderboard")

    def all_disabled() -> bool:
        message = handle.original_message()
        return message is not None and all(b.get("disabled") for b in buttons(message).values())

    await fake_discord.wait_until(all_disabled, 3.0, "the page buttons to be disabled")


async def test_deck_filter_and_autocomplete(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    await seed(deckhand, fake_discord, {"alice": 10, "bob": 40})
    await seed(deckhand, fake_discord, {"alice": 50}, deck="world-capitals")
    _, response = await run(fake_discord, "leaderboard", deck="Sino-Soviet-Relations")
    embed = embed_of(response)
    assert embed["title"] == "🏆 Leaderboard · This week · sino-soviet-relations"
    lines = board_lines(embed)
    assert [points_of(line) for line in lines] == [40, 10]
    assert f"<@{fake_discord.member('bob').id}>" in lines[0]

    _, response = await run(fake_discord, "leaderboard", deck="world-capitals")
    line = board_lines(embed_of(response))[0]
    assert points_of(line) == 50 and line.endswith(" · 1 correct · 100%")

    _, response = await run(fake_discord, "leaderboard", deck="sino-soviet-relations", period="today", by="bob")
    assert "You: #1 · 40 points" in embed_of(response)["description"]

    _, response = await run(fake_discord, "leaderboard", deck="nothing-here")
    assert embed_of(response)["description"] == "No answers in nothing-here yet this week. Start one with /quiz start."

    typing = await fake_discord.invoke_autocomplete("leaderboard", member="alice", focused="deck", options={"deck": "SOVIET"})
    await typing.wait_response()
    assert typing.choices == [{"name": DECK, "value": DECK}]


async def test_old_seasons_stay_readable(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    guild = fake_discord.guild.id
    await seed(deckhand, fake_discord, {"alice": 10, "bob": 70}, at=NOW - timedelta(days=40))
    ended = await deckhand.store.start_season(guild, at=NOW - timedelta(days=30))
    assert ended.number == 2
    await seed(deckhand, fake_discord, {"alice": 25, "carol": 5})

    _, current = await run(fake_discord, "leaderboard", period="all")
    embed = embed_of(current)
    assert embed["title"] == "🏆 Leaderboard · Season 2"
    assert [points_of(line) for line in board_lines(embed)] == [25, 5]

    _, old = await run(fake_discord, "leaderboard", period="all", season=1)
    embed = embed_of(old)
    assert embed["title"] == "🏆 Leaderboard · Season 1 (final standings)"
    lines = board_lines(embed)
    assert lines[0].startswith(f"🥇 `#1  70 points` <@{fake_discord.member('bob').id}>")
    assert lines[1].startswith(f"🥈 `#2  10 points` <@{fake_discord.member('alice').id}>")
    assert embed["description"].endswith("You: #2 · 10 points · 100% accuracy")
    assert "Season 1 ended 10 February 2025" in embed["footer"]["text"]

    _, carol_old = await run(fake_discord, "leaderboard", by="carol", season=1)  # season alone means all time
    assert embed_of(carol_old)["description"].endswith("You had no answers in season 1.")

    for options, message in (
        ({"season": 5}, "There is no season 5 on this server; seasons so far: 1–2."),
        ({"season": 1, "period": "week"}, "Seasons are all-time boards"),
    ):
        _, refused = await run(fake_discord, "leaderboard", **options)
        assert refused["type"] == 4 and refused["data"]["flags"] & EPHEMERAL
        assert refused["data"]["content"].startswith(message)

    typing = await fake_discord.invoke_autocomplete("leaderboard", member="alice", focused="season")
    await typing.wait_response()
    assert [c["value"] for c in typing.choices or []] == [2, 1]
    assert typing.choices[1]["name"] == "Season 1 (2025-01-31 to 2025-02-10)"  # type: ignore[index]


async def test_stats_for_self_and_for_another_member(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    guild, alice, bob = fake_discord.guild.id, fake_discord.member("alice").id, fake_discord.member("bob").id
    cards = (await deckhand.library.get(guild, DECK)).deck.cards
    strong, weak, once = (card_key(DECK, c) for c in cards[:3])
    record = deckhand.store.record_attempt
    for _ in range(3):
        await record(attempt(alice, 10, card=strong, guild=guild))
    for correct in (True, False, False):
        await record(attempt(alice, 10 if correct else 0, card=weak, correct=correct, guild=guild))
    await record(attempt(alice, 0, card=once, correct=False, guild=guild))  # one answer: too few to judge
    for days_ago in (1, 0):
        await record(attempt(alice, 5, source="daily", card=strong, at=NOW - timedelta(days=days_ago), guild=guild))
    await record(attempt(alice, 1, deck="gone-deck", card="gone-deck:abc", at=NOW - timedelta(days=20), guild=guild))
    await record(attempt(alice, 1, deck="gone-deck", card="gone-deck:abc", at=NOW - timedelta(days=20), guild=guild))
    await seed(deckhand, fake_discord, {"bob": 100}, at=NOW - timedelta(days=20))

    mine_handle, mine = await run(fake_discord, "stats", by="alice")
    embed = embed_of(mine)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert embed["title"] == "📊 Stats for alice"
    assert embed["description"] == f"<@{alice}> · season 1"
    assert fields["Points"] == "52 points"
    assert fields["Correct"] == "8/11 (72%)"
    assert fields["Rank"] == "#2 season 1\n#1 this week"
    assert fields["Streaks"] == "Daily question: 🔥 2 days (best 2)\nAny answer: 🔥 2 days (best 2)"
    strongest = fields["Strongest cards"].split("\n")
    assert strongest == [
        "• Initial Cooperation and Alliance (1947-1953) — 5/5 (100%)",
        "• gone-deck:abc — 2/2 (100%)",  # a deck no longer loaded falls back to the card key
    ]
    assert fields["Weakest cards"] == "• Emerging Tensions and the Sino-Soviet Split (1953-1960) — 1/3 (33%)"
    assert fields["Last 30 days"] == "52 points · 72% correct · 3 days active", "the picture's figures, in words"
    assert fields["Accuracy by kind (12 months)"] == "Recall: 72% of 11"
    assert assert_picture(fake_discord, mine_handle, "progress.png") == (800, 560)

    _, theirs = await run(fake_discord, "stats", by="bob", member=alice)
    assert embed_of(theirs) == embed  # the same record, whoever asks
    _, bobs = await run(fake_discord, "stats", by="alice", member=bob)
    bob_fields = {f["name"]: f["value"] for f in embed_of(bobs)["fields"]}
    assert bob_fields["Rank"] == "#1 season 1\nunranked this week"
    assert "Weakest cards" not in bob_fields


async def test_stats_without_history(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    _, own = await run(fake_discord, "stats", by="carol")
    assert own["data"]["content"] == "You have not answered any questions yet. Start one with /quiz start."
    handle, other = await run(fake_discord, "stats", by="bob", member=fake_discord.member("carol").id)
    carol = fake_discord.member("carol").id
    assert other["data"]["content"] == f"<@{carol}> has not answered any questions yet."
    message = handle.original_message()
    assert message is not None and message["mentions"] == []  # shown, not pinged


async def test_long_card_fronts_fit_discord_limits(deckhand: Deckhand, fake_discord: FakeDiscord) -> None:
    guild, alice = fake_discord.guild.id, fake_discord.member("alice").id
    rows = [f"Question {i} " + "x_y*z " * 300 + f"\tanswer{i}" for i in range(12)]
    content = "\n".join(rows).encode()
    await deckhand.store.add_deck(guild, "long-cards", "delimited", "long.tsv", content, imported_by=alice, card_count=12)
    loaded = await deckhand.library.get(guild, "long-cards")
    attempts = []
    for i, card in enumerate(loaded.deck.cards):
        for correct in (True, i % 2 == 0):
            attempts.append(attempt(alice, 10, deck="long-cards", card=card_key("long-cards", card), correct=correct, guild=guild))
    await deckhand.store.record_attempts_batch(attempts)
    long_name = fake_discord.add_member("x" * 32)
    await deckhand.store.record_attempt(attempt(long_name.id, 1, guild=guild))

    _, response = await run(fake_discord, "stats", by="alice")
    embed = embed_of(response)
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    first = fields["Strongest cards"].split("\n")[0]
    assert re.fullmatch(r"• Question \d+ (x\\_y\\\*z ){10,}x\S*… — 2/2 \(100%\)", first), first
    assert len(fields["Strongest cards"].split("\n")) == 5 and len(fields["Weakest cards"].split("\n")) == 5
    assert all(len(v) <= 1024 for v in fields.values())
    _, response = await run(fake_discord, "stats", by="alice", member=long_name.id)
    assert embed_of(response)["title"] == "📊 Stats for " + "x" * 32


async def test_command_errors_are_private_and_logged(
    deckhand: Deckhand, fake_discord: FakeDiscord, error_logs: ErrorLogCollector, monkeypatch: pytest.MonkeyPatch
) -> None:
    error_logs.allow("command leaderboard failed")
    error_logs.allow("leaderboard page button failed")
    await _big_board(deckhand, fake_discord)
    handle, _ = await run(fake_discord, "leaderboard")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database went away")

    monkeypatch.setattr(deckhand.store, "leaderboard", broken)
    _, response = await run(fake_discord, "leaderboard")
    assert response["type"] == 4 and response["data"]["flags"] & EPHEMERAL
    assert response["data"]["content"].startswith("Something went wrong on my side")

    message = handle.original_message()
    assert message is not None
    click = await fake_discord.click_button(int(message["id"]), buttons(message)["▶"]["custom_id"], "alice")
    answer = await click.wait_response()
    assert answer["data"]["flags"] & EPHEMERAL and answer["data"]["content"].startswith("Something went wrong")
    logged = [r.getMessage() for r in error_logs.records]
    assert "command leaderboard failed" in logged and "leaderboard page button failed" in logged
