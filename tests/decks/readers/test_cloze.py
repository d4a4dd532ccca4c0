"""Cloze deletions as Anki renders them, shared by package and text-export readers."""

from __future__ import annotations

import pytest

from bot.decks.readers import cloze, read_deck
from bot.decks.readers.anki import read_anki_package
from bot.decks.readers.cloze import NO_DELETION, Budget, BudgetSpent, ClozeCard, render_note
from bot.decks.readers.delimited import read_delimited

from .anki_builders import Note, build_package


def _render(text: str, budget: int = 10_000_000) -> cloze.ClozeNote | str:
    return render_note(text, Budget(budget))


def test_one_card_per_number_with_hints_and_other_deletions_shown() -> None:
    note = _render("{{c1::Mao}} met {{c2::Stalin::a leader}} in {{c1::Moscow}}")
    assert note.revealed == "Mao met Stalin in Moscow"
    assert note.cards == (
        ClozeCard(1, "[...] met Stalin in [...]", ("Mao", "Moscow")),
        ClozeCard(2, "Mao met [a leader] in Moscow", ("Stalin",)),
    )


def test_c0_counts_as_c1_and_repeated_answers_appear_once() -> None:
    note = _render("{{c0::Mao}} and {{c1::Mao}} and {{c2::Zhou}}")
    assert [(card.number, card.answers) for card in note.cards] == [(1, ("Mao",)), (2, ("Zhou",))]


def test_nested_deletions_and_unclosed_text_stay_as_anki_shows_them() -> None:
    note = _render("{{c1::Lenin {{c2::died::year event}} in 1924::leader}} and {{c3::oops")
    assert note.revealed == "Lenin died in 1924 and {{c3::oops"
    assert [(card.front, card.answers) for card in note.cards] == [
        ("[leader] and {{c3::oops", ("Lenin died in 1924",)),
        ("Lenin [year event] in 1924 and {{c3::oops", ("died",)),
    ]


def test_html_is_stripped_from_fronts_answers_hints_and_back() -> None:
    note = _render("<b>{{c1::Beijing&nbsp;}}</b> is the capital<br>of {{c2::China::<i>a country</i>}}")
    assert note.revealed == "Beijing is the capital\nof China"
    assert note.cards[0] == ClozeCard(1, "[...] is the capital\nof China", ("Beijing",))
    assert note.cards[1] == ClozeCard(2, "Beijing is the capital\nof [a country]", ("China",))


def test_notes_left_out_whole_or_per_card() -> None:
    assert _render("no deletions {{c1::unclosed") == NO_DELETION
    assert _render("{{c1::image-occlusion:rect:left=.1}}") == "image occlusion needs the picture, which is not shown"
    note = _render("{{c1::<img src='x.png'>}} and {{c2::kept}}")
    assert note.cards == (
        "cloze c1 has an empty answer (pictures and sounds are not shown)",
        ClozeCard(2, "and [...]", ("kept",)),
    )


def test_budget_is_charged_before_rendering_and_stays_spent() -> None:
    text = " ".join(f"{{{{c{n}::word{n}}}}}" for n in range(1, 101))
    budget = Budget(len(text) * 50)
    with pytest.raises(BudgetSpent):
        render_note(text, budget)
    assert budget.left < 0
    with pytest.raises(BudgetSpent):
        render_note("{{c1::small}}", budget)


def test_budget_counts_parsing_so_a_note_dense_with_markers_is_refused_unparsed() -> None:
    text = "::" * 50_000  # short, but one token every two characters
    with pytest.raises(BudgetSpent):
        render_note(text, Budget(len(text) * 10))


def test_runs_of_unclosed_openers_parse_in_one_pass() -> None:
    # A regular expression over whole deletions took seconds on a few
    # thousand of these; the tokenizer reads them once.
    text = "{{c1::" * 50_000
    assert _render(text, budget=100_000_000) == NO_DELETION
    note = _render("{{c1::" * 30 + "x" + "}}" * 30, budget=100_000_000)
    assert note.revealed.startswith("{{c1::" * 10)  # past the depth limit the openers stay text
    assert [card.answers for card in note.cards] == [("{{c1::" * 10 + "x",)]


def test_package_and_text_export_give_the_same_cards() -> None:
    text = "The {{c1::Treaty of Friendship}} was signed in {{c2::1950::year}} by <b>{{c1::Mao}}</b>"
    package = read_anki_package(build_package(None, [Note((text, "Back extra"), cloze=True)]), "c.apkg")
    export = read_delimited(f"#separator:tab\n#html:true\n#notetype column:1\nCloze\t{text}\tBack extra\n", "c.txt")
    assert [(c.front, c.back, c.answers) for c in package.cards] == [
        (c.front, c.back, c.answers) for c in export.cards
    ]
    assert [c.answers for c in export.cards] == [("Treaty of Friendship", "Mao"), ("1950",)]
    assert export.cards[1].front == "The Treaty of Friendship was signed in [year] by Mao"


def test_text_export_reads_nested_deletions_and_c0() -> None:
    text = "#separator:tab\n#notetype column:1\nCloze\t{{c0::Lenin {{c2::died}}}} in 1924\t\n"
    deck = read_deck(text.encode(), "nested.txt")
    assert [(c.front, c.answers) for c in deck.cards] == [
        ("[...] in 1924", ("Lenin died",)),
        ("Lenin [...] in 1924", ("died",)),
    ]


def test_text_export_over_its_budget_skips_the_rest_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.decks.readers import delimited_cards

    monkeypatch.setattr(delimited_cards, "_CLOZE_RENDER_BUDGET", 2_000)
    rows = "".join(f"Cloze\t{{{{c1::answer {n}}}}} and {{{{c2::more {n}}}}}\t\n" for n in range(40))
    deck = read_delimited("#separator:tab\n#notetype column:1\n" + rows + "Basic\tQ?\tA\n", "many.txt")
    assert deck.cards[-1].front == "Q?"
    assert 2 < len(deck.cards) < 81
    assert any(note.endswith("skipped, too many cloze deletions in this file to show them all") for note in deck.notes)
