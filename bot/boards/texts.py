"""The words and layout of the /leaderboard and /stats embeds.

Kept apart from discord so every line, and Discord's embed limits, can be
tested without a bot. Each text is an :class:`bot.shared.embeds.EmbedText`,
fitted to Discord's limits, that the cog turns into a ``discord.Embed``.

Members appear as mentions (``<@id>``): they show the server nickname, cost
no member lookups, and never ping inside an embed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from bot.pictures import Row, Summary, kind_share, recent_line
from bot.srs import MemorySummary
from bot.shared.embeds import EmbedText, Field, fit_embed
from bot.shared.text import clip, display, one_line, points_text, ranked_columns
from bot.storage import CardStat, LeaderboardPage, MemberStats, Season, Standing, Streak

PAGE_SIZE = 10
DEFAULT_PERIOD = "week"
"""What /leaderboard shows without a period: a board everyone can still climb this week."""
MIN_CARD_ATTEMPTS = 2
"""A card needs this many answers before it counts as strong or weak: one lucky guess says little."""
CARDS_SHOWN = 5
FRONT_LIMIT = 80
NAME_LIMIT = 64

PERIOD_TITLES = {"today": "Today", "week": "This week", "month": "This month", "all": "This season"}
PERIOD_PHRASES = {"today": "today", "week": "this week", "month": "this month", "all": "this season"}
START_HINT = "Start one with /quiz start."



# -- small pieces -------------------------------------------------------------


def percent(correct: int, attempts: int) -> str:
    """Rounded down, so 100% means every answer was right."""
    if attempts <= 0:
        return "—"
    return f"{correct * 100 // attempts}%"


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    return max(1, math.ceil(total / page_size))


def scope_phrase(period: str, season: int | None = None, current_season: int | None = None) -> str:
    """How a sentence names the board: "this week", "this season", "in season 2"."""
    if period == "all" and season is not None and season != current_season:
        return f"in season {season}"
    return PERIOD_PHRASES[period]


def _in_deck(deck: str | None) -> str:
    return f" in {display(deck, NAME_LIMIT)}" if deck else ""


# -- the leaderboard ------------------------------------------------------------


def standing_lines(rows: Sequence[Standing]) -> list[str]:
    """A page's rows, lined up: medal, place and points, then who, then how often they were right."""
    columns = ranked_columns([(s.rank, s.points) for s in rows])
    return [
        f"{column} <@{s.member_id}> · {s.correct:,} correct · {percent(s.correct, s.attempts)}"
        for column, s in zip(columns, rows)
    ]


def own_line(mine: Standing | None, period: str, season: int | None = None, current_season: int | None = None) -> str:
    """The caller's place, shown on every page so they need not hunt for it."""
    if mine is None:
        past = period == "all" and season is not None and season != current_season
        return f"You had no answers {scope_phrase(period, season, current_season)}." if past else (
            f"You have no answers {scope_phrase(period, season, current_season)} yet."
        )
    return f"You: #{mine.rank} · {points_text(mine.points)} · {percent(mine.correct, mine.attempts)} accuracy"


def board_title(period: str, deck: str | None, season: int | None, current_season: int | None) -> str:
    return f"🏆 {board_heading(period, deck, season, current_season)}"


def board_heading(period: str, deck: str | None, season: int | None, current_season: int | None) -> str:
    """The board's title without its emoji: the standings picture's heading (its font has no emoji)."""
    if period == "all":
        number = season if season is not None else current_season
        if season is not None and season != current_season:
            label = f"Season {number} (final standings)"
        else:
            label = f"Season {number}" if number is not None else "This season"
    else:
        label = PERIOD_TITLES[period]
    title = f"Leaderboard · {label}"
    if deck:
        title += f" · {display(deck, NAME_LIMIT)}"
    return title


def empty_board_text(period: str, deck: str | None, season: int | None = None, current_season: int | None = None) -> str:
    where = _in_deck(deck)
    if period == "all" and season is not None and season != current_season:
        return f"Nobody answered{where} in season {season}."
    return f"No answers{where} yet {scope_phrase(period)}. {START_HINT}"


def board_footer(time_zone: str, page: int, pages: int, season: Season | None = None, period: str = "today") -> str:
    """The page (when there are several), an archived season's end, and the clock a day, week or month keeps."""
    parts = [f"Page {page + 1} of {pages}"] if pages > 1 else []
    if season is not None and season.ended_at is not None:
        parts.append(f"Season {season.number} ended {season.ended_at:%d %B %Y}")
    if period != "all":
        parts.append(f"Days run on {time_zone} time")
    return " · ".join(parts)


def board_embed(
    board: LeaderboardPage,
    mine: Standing | None,
    *,
    time_zone: str,
    current_season: int | None,
    archived: Season | None = None,
    page_size: int = PAGE_SIZE,
) -> EmbedText:
    """One page of a board, with the caller's own line under it."""
    page = board.offset // page_size
    pages = page_count(board.total, page_size)
    if board.total == 0:
        description = empty_board_text(board.period, board.deck, board.season, current_season)
    else:
        lines = standing_lines(board.rows)
        description = "\n".join(lines) + "\n\n" + own_line(mine, board.period, board.season, current_season)
    return fit_embed(EmbedText(
        title=board_title(board.period, board.deck, board.season, current_season),
        description=description,
        footer=board_footer(time_zone, page, pages, archived, board.period),
    ))


# -- member stats -----------------------------------------------------------------


def pick_cards(stats: Iterable[CardStat], *, min_attempts: int = MIN_CARD_ATTEMPTS, count: int = CARDS_SHOWN) -> tuple[list[CardStat], list[CardStat]]:
    """(strongest, weakest): never the same card in both, and only cards answered often enough to judge.

    A card is weak only if it was missed at least once; strong only if it was
    answered right at least once.
    """
    unique = {(c.deck, c.card_key): c for c in stats if c.attempts >= min_attempts}
    weak = sorted((c for c in unique.values() if c.correct < c.attempts), key=lambda c: (c.accuracy, -c.attempts, c.card_key))
    weakest = weak[:count]
    shown = {(c.deck, c.card_key) for c in weakest}
    strong = [c for key, c in unique.items() if c.correct and key not in shown]
    strongest = sorted(strong, key=lambda c: (-c.accuracy, -c.correct, c.card_key))[:count]
    return strongest, weakest


def card_line(stat: CardStat, fronts: Mapping[str, str]) -> str:
    front = fronts.get(stat.card_key, stat.card_key)
    return f"• {display(front, FRONT_LIMIT)} — {stat.correct}/{stat.attempts} ({percent(stat.correct, stat.attempts)})"


def streak_text(streak: Streak) -> str:
    if streak.current:
        days = "day" if streak.current == 1 else "days"
        return f"🔥 {streak.current} {days} (best {streak.best})"
    return f"none now (best {streak.best})" if streak.best else "none yet"


def rank_text(rank: int | None, phrase: str) -> str:
    return f"#{rank} {phrase}" if rank is not None else f"unranked {phrase}"


def has_history(stats: MemberStats) -> bool:
    """Anything at all to show: answers this season, card records or a streak from earlier seasons."""
    return bool(stats.attempts or stats.strongest_cards or stats.weakest_cards or stats.streaks.any.best or stats.streaks.daily.best)


def no_history_text(member_id: int, *, self_view: bool) -> str:
    if self_view:
        return f"You have not answered any questions yet. {START_HINT}"
    return f"<@{member_id}> has not answered any questions yet."


def picture_rows(board: LeaderboardPage, names: Mapping[int, str]) -> list[Row]:
    """A board page as the standings picture shows it: the same figures as the embed's lines."""
    return [
        Row(s.rank, names.get(s.member_id) or "A former member", s.points,
            f"{s.correct:,} correct · {percent(s.correct, s.attempts)}")
        for s in board.rows
    ]


def recent_fields(recent: Summary) -> list[Field]:
    """The figures of the progress picture, in words: the last 30 days, and accuracy by kind over the year."""
    fields = [Field("Last 30 days", recent_line(recent))]
    if recent.kinds:
        lines = [f"{kind}: {kind_share(correct, attempts)}" for kind, correct, attempts in recent.kinds[:4]]
        fields.append(Field("Accuracy by kind (12 months)", "\n".join(lines)))
    return fields


def stats_embed(
    name: str,
    stats: MemberStats,
    week: Standing | None,
    *,
    fronts: Mapping[str, str],
    time_zone: str,
    season: int | None,
    recent: Summary | None = None,
    memory: MemorySummary | None = None,
) -> EmbedText:
    """A member's season in numbers, their streaks, their memory of the cards, and the cards to practise."""
    strongest, weakest = pick_cards([*stats.strongest_cards, *stats.weakest_cards])
    label = f"season {season}" if season is not None else "this season"
    fields = [
        Field("Points", points_text(stats.points), inline=True),
        Field("Correct", f"{stats.correct:,}/{stats.attempts:,} ({percent(stats.correct, stats.attempts)})", inline=True),
        Field("Rank", f"{rank_text(stats.rank, label)}\n{rank_text(week.rank if week else None, 'this week')}", inline=True),
        Field(
            "Streaks",
            f"Daily question: {streak_text(stats.streaks.daily)}\nAny answer: {streak_text(stats.streaks.any)}",
        ),
    ]
    if recent is not None:
        fields.extend(recent_fields(recent))
    if memory is not None and memory.cards:
        fields.append(memory_field(memory))
    if strongest:
        fields.append(Field("Strongest cards", "\n".join(card_line(c, fronts) for c in strongest)))
    if weakest:
        fields.append(Field("Weakest cards", "\n".join(card_line(c, fronts) for c in weakest)))
    description = f"<@{stats.member_id}> · {label}"
    if not stats.attempts:
        description += "\nNo answers this season yet."
    return fit_embed(EmbedText(
        title=f"📊 Stats for {clip(one_line(name), NAME_LIMIT) or 'member'}",
        description=description,
        fields=tuple(fields),
        footer=stats_footer(time_zone, listed=bool(strongest or weakest), answered=bool(stats.attempts)),
    ))


def memory_field(memory: MemorySummary) -> Field:
    """Spaced repetition in numbers: the member's cards by stage, what is due today, and predicted retention."""
    retention = f"{int(memory.retention * 100)}%" if memory.retention is not None else "not known yet"
    return Field(
        "Memory",
        f"**{memory.cards:,}** cards: {memory.learning:,} learning, {memory.review:,} review, {memory.mature:,} mature\n"
        f"**{memory.due_today:,}** due today · predicted retention {retention}",
    )


def stats_footer(time_zone: str, *, listed: bool, answered: bool) -> str:
    """Why no card is listed, when that is so and the member has answered; and the clock days keep."""
    why = f"Cards are listed after {MIN_CARD_ATTEMPTS} answers · " if answered and not listed else ""
    return f"{why}Days run on {time_zone} time"


def season_choice_name(season: Season) -> str:
    """How a season is offered in autocomplete."""
    start = season.started_at.date().isoformat()
    if season.ended_at is None:
        return f"Season {season.number} (current, since {start})"
    return f"Season {season.number} ({start} to {season.ended_at.date().isoformat()})"
