"""The words and layout of the /leaderboard and /stats embeds.

Kept apart from discord so every line, and Discord's embed limits, can be
tested without a bot. The cog turns an :class:`EmbedText` into a
``discord.Embed`` field for field; :func:`fit` guarantees Discord accepts it,
whatever a member named themselves or a deck author put on a card.

Members appear as mentions (``<@id>``): they show the server nickname, cost
no member lookups, and never ping inside an embed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from bot.storage.models import CardStat, LeaderboardPage, MemberStats, Season, Standing, Streak

# Discord's embed limits.
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
MAX_FIELDS = 25
TOTAL_LIMIT = 6000

PAGE_SIZE = 10
DEFAULT_PERIOD = "week"
"""What /leaderboard shows without a period: a board everyone can still climb this week."""
MIN_CARD_ATTEMPTS = 2
"""A card needs this many answers before it counts as strong or weak: one lucky guess says little."""
CARDS_SHOWN = 5
FRONT_LIMIT = 80
NAME_LIMIT = 64

MEDALS = {1: "🥇", 2: "🥈", 3: "🥉"}
PERIOD_TITLES = {"today": "Today", "week": "This week", "month": "This month", "all": "This season"}
PERIOD_PHRASES = {"today": "today", "week": "this week", "month": "this month", "all": "this season"}
START_HINT = "Start one with /quiz start."

_MARKDOWN = re.compile(r"([\\*_~`|\[\]])")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Field:
    name: str
    value: str
    inline: bool = False


@dataclass(frozen=True)
class EmbedText:
    title: str
    description: str = ""
    fields: tuple[Field, ...] = ()
    footer: str = ""

    def size(self) -> int:
        """What Discord counts against the 6000-character total."""
        return len(self.title) + len(self.description) + len(self.footer) + sum(len(f.name) + len(f.value) for f in self.fields)


# -- small pieces -------------------------------------------------------------


def truncate(text: str, limit: int) -> str:
    """At most ``limit`` characters, ending in an ellipsis when cut."""
    if limit <= 0:
        return ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def escape_markdown(text: str) -> str:
    """So a card front like ``__init__`` or ``*args`` shows as typed."""
    return _MARKDOWN.sub(r"\\\1", text)


def display(text: str, limit: int) -> str:
    """User-supplied text made safe for an embed: one line, cut, then escaped (so no escape is cut in half)."""
    return escape_markdown(truncate(one_line(text), limit)) or "(blank)"


def rank_label(rank: int) -> str:
    return MEDALS.get(rank, f"**#{rank}**")


def percent(correct: int, attempts: int) -> str:
    """Rounded down, so 100% means every answer was right."""
    if attempts <= 0:
        return "—"
    return f"{correct * 100 // attempts}%"


def points_text(points: int) -> str:
    return f"{points:,} pt" if abs(points) == 1 else f"{points:,} pts"


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


def standing_line(s: Standing) -> str:
    return (
        f"{rank_label(s.rank)} <@{s.member_id}> — **{points_text(s.points)}**"
        f" · {s.correct:,} correct · {percent(s.correct, s.attempts)}"
    )


def own_line(mine: Standing | None, period: str, season: int | None = None, current_season: int | None = None) -> str:
    """The caller's place, shown on every page so they need not hunt for it."""
    if mine is None:
        past = period == "all" and season is not None and season != current_season
        return f"You had no answers {scope_phrase(period, season, current_season)}." if past else (
            f"You have no answers {scope_phrase(period, season, current_season)} yet."
        )
    return f"You: #{mine.rank} · {points_text(mine.points)} · {percent(mine.correct, mine.attempts)} accuracy"


def board_title(period: str, deck: str | None, season: int | None, current_season: int | None) -> str:
    if period == "all":
        number = season if season is not None else current_season
        if season is not None and season != current_season:
            label = f"Season {number} (final standings)"
        else:
            label = f"Season {number}" if number is not None else "This season"
    else:
        label = PERIOD_TITLES[period]
    title = f"🏆 Leaderboard · {label}"
    if deck:
        title += f" · {display(deck, NAME_LIMIT)}"
    return title


def empty_board_text(period: str, deck: str | None, season: int | None = None, current_season: int | None = None) -> str:
    where = _in_deck(deck)
    if period == "all" and season is not None and season != current_season:
        return f"Nobody answered{where} in season {season}."
    return f"No answers{where} yet {scope_phrase(period)}. {START_HINT}"


def board_footer(time_zone: str, page: int, pages: int, season: Season | None = None) -> str:
    parts = [f"Page {page + 1}/{pages}"]
    if season is not None and season.ended_at is not None:
        parts.append(f"season {season.number} ended {season.ended_at.date().isoformat()}")
    parts.append(f"days follow {time_zone} time")
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
        lines = [standing_line(s) for s in board.rows]
        description = "\n".join(lines) + "\n\n" + own_line(mine, board.period, board.season, current_season)
    return fit(EmbedText(
        title=board_title(board.period, board.deck, board.season, current_season),
        description=description,
        footer=board_footer(time_zone, page, pages, archived),
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


def stats_embed(
    name: str,
    stats: MemberStats,
    week: Standing | None,
    *,
    fronts: Mapping[str, str],
    time_zone: str,
    season: int | None,
) -> EmbedText:
    """A member's season in numbers, their streaks, and the cards to practise."""
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
    if strongest:
        fields.append(Field("Strongest cards", "\n".join(card_line(c, fronts) for c in strongest)))
    if weakest:
        fields.append(Field("Weakest cards", "\n".join(card_line(c, fronts) for c in weakest)))
    description = f"<@{stats.member_id}> · {label}"
    if not stats.attempts:
        description += "\nNo answers this season yet."
    return fit(EmbedText(
        title=f"📊 Stats for {truncate(one_line(name), NAME_LIMIT) or 'member'}",
        description=description,
        fields=tuple(fields),
        footer=f"Cards need {MIN_CARD_ATTEMPTS}+ answers to be listed · days follow {time_zone} time",
    ))


# -- limits ---------------------------------------------------------------------------


def fit(embed: EmbedText) -> EmbedText:
    """Cut every part to Discord's limit, then shorten the description and drop
    trailing fields until the whole embed is within 6000 characters."""
    fields = tuple(
        Field(truncate(f.name, FIELD_NAME_LIMIT) or "\u200b", truncate(f.value, FIELD_VALUE_LIMIT) or "\u200b", f.inline)
        for f in embed.fields[:MAX_FIELDS]
    )
    out = EmbedText(
        title=truncate(embed.title, TITLE_LIMIT),
        description=truncate(embed.description, DESCRIPTION_LIMIT),
        fields=fields,
        footer=truncate(embed.footer, FOOTER_LIMIT),
    )
    excess = out.size() - TOTAL_LIMIT
    if excess > 0 and out.description:
        out = replace(out, description=truncate(out.description, max(0, len(out.description) - excess)))
    while out.size() > TOTAL_LIMIT and out.fields:
        out = replace(out, fields=out.fields[:-1])
    return out


def season_choice_name(season: Season) -> str:
    """How a season is offered in autocomplete."""
    start = season.started_at.date().isoformat()
    if season.ended_at is None:
        return f"Season {season.number} (current, since {start})"
    return f"Season {season.number} ({start} to {season.ended_at.date().isoformat()})"


__all__ = [
    "DEFAULT_PERIOD", "MIN_CARD_ATTEMPTS", "PAGE_SIZE", "EmbedText", "Field", "board_embed", "board_footer",
    "board_title", "card_line", "display", "empty_board_text", "escape_markdown", "fit", "has_history",
    "no_history_text", "own_line", "page_count", "percent", "pick_cards", "points_text", "rank_label",
    "scope_phrase", "season_choice_name", "standing_line", "stats_embed", "streak_text", "truncate",
]
