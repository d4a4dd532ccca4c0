"""The wording and limits of the leaderboard and stats embeds, without Discord."""

from __future__ import annotations

from datetime import date, datetime, timezone


from bot.boards import texts
from bot.storage import CardStat, LeaderboardPage, MemberStats, Season, Standing, Streak, Streaks


def standing(member: int, rank: int, points: int, correct: int = 1, attempts: int = 1) -> Standing:
    return Standing(member, rank, points, correct, attempts)


def stats(**changes: object) -> MemberStats:
    values: dict[str, object] = dict(
        member_id=42, period="all", points=120, correct=8, attempts=10, rank=3,
        streaks=Streaks(), strongest_cards=[], weakest_cards=[],
    )
    values.update(changes)
    return MemberStats(**values)  # type: ignore[arg-type]


def test_ranked_rows_line_up_in_one_column() -> None:
    from bot.shared.text import ranked_columns

    columns = ranked_columns([(1, 1240), (1, 1240), (4, 10), (10, 1), (11, 0)])
    assert columns == [
        "🥇 `#1   1,240 points`",
        "🥇 `#1   1,240 points`",
        "▫️ `#4      10 points`",
        "▫️ `#10      1 point`",
        "▫️ `#11      0 points`",
    ]
    assert {len(c.split("`")[1].split(" point")[0]) for c in columns} == {len("#10  1,240")}, "places and numbers line up"
    assert ranked_columns([]) == []


def test_percent_rounds_down_so_100_means_perfect() -> None:
    assert texts.percent(199, 200) == "99%"
    assert texts.percent(2, 3) == "66%"
    assert texts.percent(5, 5) == "100%"
    assert texts.percent(0, 0) == "—"


def test_points_and_pages() -> None:
    assert texts.points_text(1) == "1 point"
    assert texts.points_text(0) == "0 points"
    assert texts.points_text(12345) == "12,345 points"
    assert [texts.page_count(n) for n in (0, 1, 10, 11, 25)] == [1, 1, 1, 2, 3]


def test_standing_line_and_own_line() -> None:
    lines = texts.standing_lines([standing(7, 2, 1500, 12, 15), standing(8, 4, 90, 3, 4)])
    assert lines == ["🥈 `#2  1,500 points` <@7> · 12 correct · 80%", "▫️ `#4     90 points` <@8> · 3 correct · 75%"]
    assert texts.own_line(standing(7, 37, 120, 8, 10), "week") == "You: #37 · 120 points · 80% accuracy"
    assert texts.own_line(None, "week") == "You have no answers this week yet."
    assert texts.own_line(None, "all", None, 2) == "You have no answers this season yet."
    assert texts.own_line(None, "all", 1, 2) == "You had no answers in season 1."
    assert texts.own_line(None, "all", 2, 2) == "You have no answers this season yet."


def test_titles_and_empty_boards() -> None:
    assert texts.board_title("week", None, None, 1) == "🏆 Leaderboard · This week"
    assert texts.board_title("today", "capitals", None, 1) == "🏆 Leaderboard · Today · capitals"
    assert texts.board_title("all", None, None, 3) == "🏆 Leaderboard · Season 3"
    assert texts.board_title("all", None, 1, 3) == "🏆 Leaderboard · Season 1 (final standings)"
    assert len(texts.board_title("month", "d" * 500, None, 1)) < 256
    assert texts.empty_board_text("week", None) == "No answers yet this week. Start one with /quiz start."
    assert texts.empty_board_text("month", "capitals") == "No answers in capitals yet this month. Start one with /quiz start."
    assert texts.empty_board_text("all", None, 1, 2) == "Nobody answered in season 1."


def test_board_footer_names_zone_page_and_archive() -> None:
    assert texts.board_footer("Europe/Paris", 0, 3) == "Page 1 of 3 · Days run on Europe/Paris time"
    old = Season(1, 1, datetime(2025, 1, 1, tzinfo=timezone.utc), datetime(2025, 2, 1, tzinfo=timezone.utc))
    assert texts.board_footer("UTC", 1, 2, old, "all") == "Page 2 of 2 · Season 1 ended 01 February 2025"
    assert texts.board_footer("UTC", 0, 1, None, "week") == "Days run on UTC time", "one page: no page count"
    assert texts.board_footer("UTC", 0, 1, None, "all") == ""


def test_board_embed_second_page() -> None:
    rows = [standing(100 + i, 11 + i, 500 - i) for i in range(10)]
    page = LeaderboardPage("week", rows, total=23, offset=10, limit=10)
    embed = texts.board_embed(page, standing(5, 23, 30), time_zone="UTC", current_season=1)
    lines = embed.description.split("\n")
    assert lines[0] == "▫️ `#11  500 points` <@100> · 1 correct · 100%"
    assert lines[9].startswith("▫️ `#20  491 points` <@109>")
    assert lines[-1] == "You: #23 · 30 points · 100% accuracy"
    assert embed.footer == "Page 2 of 3 · Days run on UTC time"


def test_board_embed_empty() -> None:
    page = LeaderboardPage("today", [], total=0, offset=0, limit=10, deck="capitals")
    embed = texts.board_embed(page, None, time_zone="UTC", current_season=1)
    assert embed.description == "No answers in capitals yet today. Start one with /quiz start."
    assert embed.footer == "Days run on UTC time"


def card(key: str, correct: int, attempts: int, deck: str = "d") -> CardStat:
    return CardStat(deck, key, correct, attempts)


def test_pick_cards_needs_enough_answers_and_never_repeats_a_card() -> None:
    pool = [
        card("perfect", 5, 5), card("good", 4, 5), card("lucky", 1, 1), card("bad", 0, 4),
        card("so-so", 2, 4), card("never-missed-once", 2, 2), card("bad", 0, 4),
    ]
    strongest, weakest = texts.pick_cards(pool, count=3)
    assert [c.card_key for c in weakest] == ["bad", "so-so", "good"]
    assert [c.card_key for c in strongest] == ["perfect", "never-missed-once"]
    assert not {c.card_key for c in strongest} & {c.card_key for c in weakest}
    assert texts.pick_cards([card("one", 1, 1)]) == ([], [])


def test_card_line_uses_front_or_key() -> None:
    stat = card("d:abc", 2, 3)
    assert texts.card_line(stat, {"d:abc": "What is *this*?"}) == "• What is \\*this\\*? — 2/3 (66%)"
    assert texts.card_line(stat, {}) == "• d:abc — 2/3 (66%)"
    long = texts.card_line(stat, {"d:abc": "w " * 500})
    assert len(long) < 120 and "…" in long


def test_streak_text() -> None:
    assert texts.streak_text(Streak()) == "none yet"
    assert texts.streak_text(Streak(1, 4, date(2025, 1, 1))) == "🔥 1 day (best 4)"
    assert texts.streak_text(Streak(3, 3, date(2025, 1, 1))) == "🔥 3 days (best 3)"
    assert texts.streak_text(Streak(0, 6, date(2024, 1, 1))) == "none now (best 6)"


def test_stats_embed() -> None:
    record = stats(
        streaks=Streaks(daily=Streak(2, 5), any=Streak(0, 9)),
        strongest_cards=[card("d:1", 4, 4), card("d:once", 1, 1)],
        weakest_cards=[card("d:2", 1, 4)],
    )
    embed = texts.stats_embed(
        "Alice\nthe Great", record, standing(42, 1, 40), fronts={"d:1": "Capital of France", "d:2": "Capital of Peru"},
        time_zone="Asia/Tokyo", season=2,
    )
    fields = {f.name: f.value for f in embed.fields}
    assert embed.title == "📊 Stats for Alice the Great"
    assert embed.description == "<@42> · season 2"
    assert fields == {
        "Points": "120 points",
        "Correct": "8/10 (80%)",
        "Rank": "#3 season 2\n#1 this week",
        "Streaks": "Daily question: 🔥 2 days (best 5)\nAny answer: none now (best 9)",
        "Strongest cards": "• Capital of France — 4/4 (100%)",
        "Weakest cards": "• Capital of Peru — 1/4 (25%)",
    }
    assert "Asia/Tokyo" in embed.footer


def test_stats_embed_for_a_member_quiet_this_season() -> None:
    record = stats(points=0, correct=0, attempts=0, rank=None, streaks=Streaks(any=Streak(0, 3)))
    assert texts.has_history(record)
    embed = texts.stats_embed("bob", record, None, fronts={}, time_zone="UTC", season=4)
    fields = {f.name: f.value for f in embed.fields}
    assert embed.description == "<@42> · season 4\nNo answers this season yet."
    assert fields["Rank"] == "unranked season 4\nunranked this week"
    assert fields["Correct"] == "0/0 (—)"
    assert "Strongest cards" not in fields and "Weakest cards" not in fields


def test_no_history() -> None:
    assert not texts.has_history(stats(points=0, correct=0, attempts=0, rank=None))
    assert texts.no_history_text(9, self_view=True) == "You have not answered any questions yet. Start one with /quiz start."
    assert texts.no_history_text(9, self_view=False) == "<@9> has not answered any questions yet."


def test_season_choice_name() -> None:
    start = datetime(2025, 1, 5, tzinfo=timezone.utc)
    assert texts.season_choice_name(Season(1, 2, start, None)) == "Season 2 (current, since 2025-01-05)"
    ended = Season(1, 1, start, datetime(2025, 3, 1, tzinfo=timezone.utc))
    assert texts.season_choice_name(ended) == "Season 1 (2025-01-05 to 2025-03-01)"


def test_the_stats_footer_explains_only_an_empty_card_list() -> None:
    assert texts.stats_footer("UTC", listed=True, answered=True) == "Days run on UTC time"
    assert texts.stats_footer("UTC", listed=False, answered=False) == "Days run on UTC time"
    assert texts.stats_footer("Asia/Tokyo", listed=False, answered=True).startswith("Cards are listed after ")
