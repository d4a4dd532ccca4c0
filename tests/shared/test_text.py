"""Cutting and cleaning text for messages."""

from __future__ import annotations

from bot.shared.text import clip, display, medal, shorten


def test_clip_marks_the_cut() -> None:
    assert clip("abcdef", 6) == "abcdef"
    assert clip("abcdef", 4) == "abc…"
    assert len(clip("x" * 5000, 4096)) == 4096
    assert clip("abc", 0) == ""


def test_display_makes_card_text_one_safe_line() -> None:
    assert display("  __init__ takes\n*args ", 80) == "\\_\\_init\\_\\_ takes \\*args"
    assert display("[click](http://x)", 80) == "\\[click\\](http://x)"
    long = display("a_" * 100, 10)
    assert long.endswith("…") and long.count("\\") == 4  # cut first, so no escape is split
    assert display("   ", 10) == "(blank)"


def test_shorten_prefers_a_word_boundary() -> None:
    assert shorten("  short  ", 10) == "short"
    assert shorten("the quick brown fox jumps", 20) == "the quick brown…"
    assert shorten("x" * 30, 10) == "x" * 9 + "…"


def test_medals_for_the_first_three_places_only() -> None:
    assert [medal(rank) for rank in range(5)] == [None, "🥇", "🥈", "🥉", None]


def test_no_medal_for_a_score_of_zero_or_less() -> None:
    assert [medal(1, 10), medal(1, 0), medal(3, -5), medal(2, 1)] == ["🥇", None, None, "🥈"]


def test_ties_share_the_better_place() -> None:
    from bot.shared.text import competition_ranks

    assert competition_ranks([30, 20, 20, 5]) == [1, 2, 2, 4]
    assert competition_ranks([10, 10, 10]) == [1, 1, 1]
    assert competition_ranks([]) == [] and competition_ranks(["1.2 s"]) == [1]


def test_card_text_is_escaped_outside_code_spans_and_keeps_its_lines() -> None:
    from bot.shared.text import card_markdown

    assert card_markdown("Mao's _____ campaign") == "Mao's \\_\\_\\_\\_\\_ campaign"
    assert card_markdown("`__init__` takes *args") == "`__init__` takes \\*args"
    assert card_markdown("one\n- two\n# three\n1. four\n-# five") == "one\n\\- two\n\\# three\n1\\. four\n\\-# five"
    assert card_markdown("<@123> and ||spoiler|| and [a](b)") == "\\<@123\\> and \\|\\|spoiler\\|\\| and \\[a\\](b)"
    assert card_markdown("3.5 kg, e.g. a. b") == "3.5 kg, e.g. a. b", "nothing to escape: nothing added"
    assert card_markdown("an `open span") == "an \\`open span"


def test_card_text_fits_its_limit_after_escaping() -> None:
    from bot.shared.text import card_markdown, fit_card_markdown

    text = "a_b " * 100
    fitted = fit_card_markdown(text, 50)
    assert len(fitted) <= 50 and fitted.endswith("…") and not fitted.endswith("\\…")
    assert fit_card_markdown("short_one", 50) == card_markdown("short_one")


def test_names_as_people_say_them() -> None:
    from bot.shared.text import FORMAT_NAMES, code_span, deck_path, format_name

    assert deck_path("Cold War::Sino-Soviet") == "Cold War › Sino-Soviet" and deck_path("Plain") == "Plain"
    assert format_name("anki-text") == "Anki text export" and format_name("trivia-yaml") == "Red trivia list"
    assert set(FORMAT_NAMES.values()).isdisjoint(FORMAT_NAMES), "no format id shows"
    assert code_span("anki_export.txt") == "`anki_export.txt`" and code_span("a`b") == "`` a`b ``"


def test_one_way_to_write_a_day_and_a_moment() -> None:
    from datetime import UTC, date, datetime

    from bot.shared.text import day_text, relative_time

    assert day_text(date(2026, 12, 1)) == "Tuesday 1 December"
    assert relative_time(datetime(2026, 12, 1, 9, tzinfo=UTC)) == "<t:1796115600:R>"
