"""Quizlet, CSV/TSV and Anki text exports, read from files shaped like the real ones."""

from __future__ import annotations

import pytest

from bot.cards import DeckError
from bot.decks.readers import read_deck
from bot.decks.readers.delimited import read_delimited, sniff
from bot.decks.readers.limits import MAX_FIELD_CHARS
from tests.helpers import READER_FIXTURES, SEED, card_rows, reader_fixture

# --- Quizlet ----------------------------------------------------------------


def test_quizlet_tab_export_is_term_cards_one_per_line():
    deck = read_delimited(reader_fixture("delimited_quizlet.txt"), "exports/cold-war_terms.txt")
    assert deck.format == "quizlet"
    assert deck.title == "Cold war terms"
    assert card_rows(deck) == [
        (1, "Sino-Soviet Treaty of Friendship (1950)",
         ("Alliance signed by Mao and Stalin in Moscow, February 1950",),
         ("Sino-Soviet Treaty of Friendship (1950)", "Sino-Soviet Treaty of Friendship"), (), False),
        # Quizlet does not quote: a definition starting with a quote mark stays as typed.
        (2, "Paper tiger", ("\"Paper tiger\" was Mao's phrase for the US; he later used it against Khrushchev",),
         ("Paper tiger",), (), False),
        (3, "Zhenbao Island incident", ("Border clash on the Ussuri River, March 1969",),
         ("Zhenbao Island incident",), (), False),
        (6, "Great Leap Forward (1958-1962)", ("Mao's campaign to industrialise rapidly", "ended in famine"),
         ("Great Leap Forward (1958-1962)", "Great Leap Forward"), (), False),
        (8, "Khrushchev's secret speech", ("1956 denunciation of Stalin that Mao resented",),
         ("Khrushchev's secret speech",), (), False),
    ]
    assert deck.notes == ("line 4: skipped, only one column", "line 7: skipped, the definition is empty")
    assert {c.source.file for c in deck.cards} == {"exports/cold-war_terms.txt"}


def test_quizlet_custom_semicolon_separator_splits_at_the_first_one():
    deck = read_delimited(reader_fixture("delimited_quizlet_semicolon.txt"), "comecon.txt")
    assert deck.format == "quizlet"
    assert [(c.front, c.back) for c in deck.cards] == [
        ("Comecon", ("Soviet-led economic council, 1949; China only an observer",)),
        ("Taiwan Strait Crisis (1958)", ("PLA shelled Kinmen; the USSR gave only cautious support",)),
        ("Sino-Indian War", ("1962 border war; Moscow stayed neutral",)),
        ("Ussuri River", ("border river where the 1969 clashes happened",)),
    ]
    assert deck.cards[1].answers == ("Taiwan Strait Crisis (1958)", "Taiwan Strait Crisis")


def test_quizlet_comma_export_keeps_extra_commas_in_the_definition():
    deck = read_delimited("Comecon,Soviet economic council, founded 1949\nLop Nur,Chinese nuclear test site\n", "q.csv")
    assert deck.format == "csv"
    assert [(c.front, c.back, c.explicit) for c in deck.cards] == [
        ("Comecon", ("Soviet economic council, founded 1949",), False),
        ("Lop Nur", ("Chinese nuclear test site",), False),
    ]


# --- CSV / TSV with a header row ------------------------------------------------


def test_question_answer_csv_with_bom_quotes_aliases_and_explanations():
    data = (READER_FIXTURES / "delimited_questions.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    deck = read_deck(data, "questions.csv")
    assert deck.format == "csv"
    assert card_rows(deck) == [
        (2, "Who led the USSR during the Cuban Missile Crisis?", ("Nikita Khrushchev", "First Secretary 1953-1964"),
         ("Nikita Khrushchev", "Khrushchev", "N. Khrushchev"), ("people", "cold-war"), True),
        (3, "In which year did the Soviet advisors leave China?",
         ("1960", "Recalled in July 1960, with their blueprints"), ("1960",), ("events",), True),
        (4, "Which treaty, signed in Moscow, allied the PRC and the USSR?",
         ("Treaty of Friendship, Alliance and Mutual Assistance", "Signed 14 February 1950.", "Lasted until 1979."),
         ("Treaty of Friendship, Alliance and Mutual Assistance", "Sino-Soviet Treaty", "Treaty of Friendship"),
         ("treaties",), True),
        (8, "Which river saw the 1969 border clashes?", ("Ussuri",), ("Ussuri", "Wusuli"), ("geography", "events"), True),
    ]
    assert deck.notes == ("line 6: skipped, only one column", "line 7: skipped, the answer is empty")


def test_bom_left_in_text_is_handled():
    deck = read_delimited("\ufeffFront,Back\nMao,Chairman of the CCP\n", "x.csv")
    assert [(c.front, c.answers, c.explicit) for c in deck.cards] == [("Mao", ("Chairman of the CCP",), True)]


def test_term_definition_csv_makes_term_cards():
    deck = read_delimited(reader_fixture("delimited_terms.csv"), "split.csv")
    assert deck.format == "csv"
    assert card_rows(deck) == [
        (2, "Sino-Soviet split", ("Break between the PRC and the USSR, 1956-1966",), ("Sino-Soviet split",), (), False),
        (3, "Peaceful coexistence (1956)", ("Khrushchev's policy of avoiding war with the West",),
         ("Peaceful coexistence (1956)", "Peaceful coexistence"), (), False),
        (4, "Revisionism", ("Mao's charge against Soviet policy after Stalin",), ("Revisionism",), (), False),
    ]


def test_header_names_are_matched_generously_and_unknown_columns_reported():
    text = "ID\tTERM\tMeaning\tSynonyms\tExample\tColour\n7\tKomintern\tCommunist International\tComintern\tDissolved 1943\tred\n"
    deck = read_delimited(text, "sheet.tsv")
    assert deck.format == "tsv"
    (card,) = deck.cards
    assert (card.front, card.back, card.answers, card.explicit) == (
        "Komintern", ("Communist International", "Dissolved 1943"), ("Komintern", "Comintern"), False,
    )
    assert deck.notes == ("columns not used: Colour",)


def test_semicolon_csv_from_a_european_spreadsheet():
    text = 'question;answer;tags\n"Who followed Stalin; as First Secretary?";Khrushchev;people\n'
    deck = read_delimited(text, "export.csv")
    assert [(c.front, c.answers, c.tags) for c in deck.cards] == [
        ("Who followed Stalin; as First Secretary?", ("Khrushchev",), ("people",)),
    ]


def test_answers_column_alone_gives_answer_and_aliases():
    deck = read_delimited("question,answers\nLeader of the PRC in 1949?,Mao Zedong|Mao|Mao Tse-tung\n", "a.csv")
    (card,) = deck.cards
    assert card.answers == ("Mao Zedong", "Mao", "Mao Tse-tung")
    assert card.back == ("Mao Zedong",)


# --- Anki text exports ----------------------------------------------------------


def test_anki_notes_export_with_meta_columns_html_and_cloze():
    deck = read_deck((READER_FIXTURES / "delimited_anki_notes.txt").read_bytes(), "Cold War.txt")
    assert deck.format == "anki-text"
    assert deck.title == "History::Cold War"
    assert card_rows(deck) == [
        (7, "Who signed the 1950 treaty for the USSR?", ("Joseph Stalin",), ("Joseph Stalin",),
         ("people", "treaties"), True),
        (8, "What did Mao call the US in 1956?", ('a "paper tiger"', "said to American journalists"),
         ('a "paper tiger" said to American journalists',), ("quotes",), True),
        (9, "In [...] the USSR withdrew its technical advisors from China.",
         ("In 1960 the USSR withdrew its technical advisors from China.", "About 1,400 experts left"),
         ("1960",), ("events",), True),
        (9, "In 1960 the USSR withdrew its [experts] from China.",
         ("In 1960 the USSR withdrew its technical advisors from China.", "About 1,400 experts left"),
         ("technical advisors",), ("events",), True),
        (11, "Who denounced Stalin in 1956?", ("Nikita Khrushchev",), ("Nikita Khrushchev",), ("people",), True),
    ]
    assert deck.notes == ("line 10: skipped, the front is empty (pictures and sounds are not shown)",)


def test_anki_cards_export_without_html():
    deck = read_delimited(reader_fixture("delimited_anki_cards.txt"), "cards.txt")
    assert deck.format == "anki-text"
    assert card_rows(deck) == [
        (3, "Zhenbao Island incident", ("Border clash on the Ussuri River, March 1969",),
         ("Border clash on the Ussuri River, March 1969",), (), True),
        (4, "Sino-Indian War", ("1962",), ("1962",), (), True),
    ]


def test_anki_semicolon_separator_named_columns_and_tags_column():
    deck = read_delimited(reader_fixture("delimited_anki_semicolon.txt"), "semi.txt")
    assert card_rows(deck) == [
        (5, "Capital of the PRC in 1949?", ("Beijing",), ("Beijing",), ("geography",), True),
        (6, "Treaty signed in 1950; what year did it lapse?", ("1979",), ("1979",), ("treaties", "dates"), True),
    ]


def test_anki_columns_header_may_put_back_before_front_and_html_is_kept_when_false():
    text = "#separator:Pipe\n#html:false\n#columns:Back|Front\n<b>1950</b>|Treaty year?\n"
    (card,) = read_delimited(text, "x.txt").cards
    assert (card.front, card.answers) == ("Treaty year?", ("<b>1950</b>",))


def test_anki_several_decks_become_deck_tags_and_global_tags_apply():
    text = (
        "#separator:comma\n#tags:imported\n#deck column:1\n"
        "History::Cold War,Who led the PRC?,Mao\n"
        "History::Korea,Who led North Korea?,Kim Il-sung\n"
        "# a comment line\n"
    )
    deck = read_delimited(text, "two_decks.txt")
    assert deck.title == "Two decks"
    assert [(c.front, c.tags) for c in deck.cards] == [
        ("Who led the PRC?", ("imported", "deck:History::Cold_War")),
        ("Who led North Korea?", ("imported", "deck:History::Korea")),
    ]


def test_anki_cloze_note_type_with_several_deletions_of_one_number():
    text = "#separator:tab\n#html:false\n#notetype column:1\nCloze\t{{c1::Mao}} and {{c1::Zhou}} met {{c2::Khrushchev}}\t\n"
    deck = read_delimited(text, "c.txt")
    assert [(c.front, c.answers) for c in deck.cards] == [
        ("[...] and [...] met Khrushchev", ("Mao", "Zhou")),
        ("Mao and Zhou met [...]", ("Khrushchev",)),
    ]
    assert deck.cards[0].back == ("Mao and Zhou met Khrushchev",)


def test_anki_cloze_note_type_without_deletions_is_skipped():
    text = "#separator:tab\n#notetype column:1\nCloze\tno deletions here\t\nBasic\tQ?\tA\n"
    deck = read_delimited(text, "c.txt")
    assert [c.front for c in deck.cards] == ["Q?"]
    assert deck.notes == ("line 3: skipped, a cloze note without any {{c1::...}} deletion",)


# --- bad input ------------------------------------------------------------------


def test_one_column_csv_names_the_file_line_and_expected_columns():
    with pytest.raises(DeckError) as err:
        read_deck(b"Khrushchev\nMao\nStalin\n", "names.csv")
    assert err.value.file == "names.csv"
    assert err.value.line == 1
    assert "only one column" in err.value.message
    assert "two columns" in err.value.message and "front,back" in err.value.message


def test_header_only_file_says_it_has_no_rows():
    with pytest.raises(DeckError, match="has no rows; expected"):
        read_delimited("front,back\n", "empty.csv")


def test_unclosed_quote_is_reported_at_the_line_it_opens():
    text = 'front,back\nMao,Chairman\nStalin,"General Secretary\nKhrushchev,First Secretary\nBrezhnev,Leader\n'
    with pytest.raises(DeckError) as err:
        read_delimited(text, "q.csv")
    assert err.value.line == 3
    assert "never closed" in err.value.message


def test_runaway_quote_past_the_field_limit_is_a_deck_error():
    text = 'front,back\nMao,"' + ("x" * 1000 + "\n") * 200
    with pytest.raises(DeckError) as err:
        read_delimited(text, "q.csv")
    assert err.value.line == 2
    assert "never closed" in err.value.message


def test_unknown_anki_separator_names_the_line():
    with pytest.raises(DeckError) as err:
        read_delimited("#separator:Hash\n#html:false\na#b\n", "x.txt")
    assert err.value.line == 1
    assert "tab, comma, semicolon, space, pipe or colon" in err.value.message


def test_bad_anki_column_number_is_noted_not_fatal():
    deck = read_delimited("#separator:tab\n#tags column:three\nQ?\tA\n", "x.txt")
    assert deck.notes == ("line 2: '#tags column:three' is not a column number; ignored",)
    assert [c.front for c in deck.cards] == ["Q?"]


def test_overlong_fields_are_skipped_with_a_note():
    text = f"front,back\nShort?,Yes\nLong?,{'y' * (MAX_FIELD_CHARS + 1)}\n"
    deck = read_delimited(text, "long.csv")
    assert [c.front for c in deck.cards] == ["Short?"]
    assert deck.notes == (f"line 3: skipped, a field is longer than {MAX_FIELD_CHARS:,} characters",)


def test_notes_are_capped_for_huge_broken_files():
    text = "front,back\nQ?,A\n" + "lonely\n" * 500
    deck = read_delimited(text, "big.csv")
    assert len(deck.notes) == 101
    assert deck.notes[-1] == "... and 400 more"


def test_all_rows_unusable_is_an_error_with_the_first_line():
    with pytest.raises(DeckError) as err:
        read_delimited("Term\tDefinition\n\tno term\nno tab here\n", "x.tsv")
    assert err.value.line == 2
    assert "the term is empty" in err.value.message


# --- sniffing and dispatch ----------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["delimited_quizlet.txt", "delimited_quizlet_semicolon.txt", "delimited_questions.csv",
     "delimited_terms.csv", "delimited_anki_notes.txt", "delimited_anki_cards.txt", "delimited_anki_semicolon.txt"],
)
def test_sniff_accepts_every_export(name):
    assert sniff(reader_fixture(name))


@pytest.mark.parametrize(
    "text",
    [
        SEED.read_text(encoding="utf-8"),
        "Causes of the split\nMao disliked Khrushchev, who disliked Mao.\nBorders, ideology, and pride.\n",
        "Front, back and sides of the argument\nThe treaty, signed in 1950, lasted.\n",
        "Notes\n\tindented with a tab\n\tand another\nplain line\nplain line\n",
        "| Leader | Years |\n|---|---|\n| Mao | 1949-1976 |\n",
    ],
)
def test_sniff_rejects_notes(text):
    assert not sniff(text)


def test_markdown_table_with_a_term_header_reads_as_rows():
    text = "| Term | Definition |\n|:---|---:|\n| Comecon | Soviet economic council |\n| Lop Nur | Nuclear test site |\n"
    assert sniff(text)
    deck = read_deck(text.encode(), "table.md")
    assert [(c.source.line, c.front, c.back) for c in deck.cards] == [
        (3, "Comecon", ("Soviet economic council",)),
        (4, "Lop Nur", ("Nuclear test site",)),
    ]


def test_quizlet_saved_as_txt_is_dispatched_by_content():
    deck = read_deck((READER_FIXTURES / "delimited_quizlet.txt").read_bytes(), "my terms.txt")
    assert deck.format == "quizlet"
    assert deck.title == "My terms"
    assert len(deck.cards) == 5


def test_header_csv_saved_as_txt_is_dispatched_by_content():
    deck = read_deck(b"term,definition\nComecon,Soviet economic council\n", "download.txt")
    assert (deck.format, deck.cards[0].front, deck.cards[0].explicit) == ("csv", "Comecon", False)


def test_seed_deck_is_not_taken_for_a_delimited_file():
    assert read_deck(SEED.read_bytes(), "sino-soviet-relations.txt").format == "notes"


# --- bounded work on hostile input ------------------------------------------------


def test_long_blank_runs_in_cells_and_tags_read_in_one_pass():
    # Patterns with white space on both sides of a separator used to
    # backtrack over such runs: seconds for 20,000 blanks, minutes for more.
    blanks = " " * 100_000
    text = f"front,back,tags\n{blanks}Q?,A,one{blanks}two; three\n|---|---|---|\n"
    (card,) = read_delimited(text, "blanks.csv").cards
    assert (card.front, card.answers, card.tags) == ("Q?", ("A",), ("one two", "three"))


def test_run_of_unclosed_cloze_openers_in_a_text_export():
    text = "#separator:tab\n#notetype column:1\nCloze\t" + "{{c1::" * 3_000 + "\t\nBasic\tQ?\tA\n"
    deck = read_delimited(text, "openers.txt")
    assert [c.front for c in deck.cards] == ["Q?"]
    assert deck.notes == ("line 3: skipped, a cloze note without any {{c1::...}} deletion",)


def test_overlong_cloze_note_in_a_text_export_is_skipped():
    text = "#separator:tab\n#notetype column:1\nCloze\t{{c1::x}} " + "y" * MAX_FIELD_CHARS + "\t\nBasic\tQ?\tA\n"
    deck = read_delimited(text, "long.txt")
    assert [c.front for c in deck.cards] == ["Q?"]
    assert deck.notes == (f"line 3: skipped, a field is longer than {MAX_FIELD_CHARS:,} characters",)


# --- Quizlet's custom separators ------------------------------------------------


@pytest.mark.parametrize("sep", ["---", " - ", " — ", " – ", " = ", " -- "])
def test_quizlet_custom_separators_are_detected(sep: str) -> None:
    rows = [("Federal judiciary", "the branch that interprets the laws, as Article III says"),
            ("Judicial review", "the power to declare a law unconstitutional - Marbury v. Madison"),
            ("Writ of certiorari", "an order to send up the record of a case")]
    text = "\n".join(f"{term}{sep}{definition}" for term, definition in rows) + "\n"
    deck = read_deck(text.encode(), "gov.txt")
    assert deck.format == "quizlet"
    assert [(c.front, c.back) for c in deck.cards] == [
        (term, ((definition,) if sep != " - " else (definition,))) for term, definition in rows
    ]


def test_a_comma_file_with_dashes_in_its_definitions_stays_a_comma_file() -> None:
    text = "dog,a pet - loyal\ncat,a pet - aloof\nowl,a bird - wise\n"
    deck = read_deck(text.encode(), "pets.txt")
    assert [(c.front, c.back) for c in deck.cards] == [
        ("dog", ("a pet - loyal",)), ("cat", ("a pet - aloof",)), ("owl", ("a bird - wise",)),
    ]


def test_notes_with_dashes_are_still_notes() -> None:
    text = "Cold War\nThe Split (1960-1969)\n- Khrushchev - Mao quarrels grew\n- Advisors withdrawn in 1960\n"
    assert read_deck(text.encode(), "notes.txt").format == "notes"


@pytest.mark.parametrize("mark", ["=>", "::", "~"])
def test_an_unknown_separator_is_named_with_the_ones_that_work(mark: str) -> None:
    text = f"dog {mark} perro\ncat {mark} gato\nhouse {mark} casa\nto be {mark} ser, estar\n"
    with pytest.raises(DeckError) as caught:
        read_deck(text.encode(), "spanish.txt")
    message = str(caught.value)
    assert message.startswith("spanish.txt: has no cards: its lines seem to be split by")
    assert repr(mark) in message and "tab, comma, ;, |, ---, ' - '" in message


@pytest.mark.parametrize("separator", ["\t", ",", ";", "|", " "])
def test_quote_free_rows_split_as_the_csv_module_splits_them(separator: str) -> None:
    """The quick split of a file without quote marks gives the rows csv.reader gives, line numbers included."""
    import csv
    import random

    from bot.decks.readers.delimited_rows import csv_rows

    rng = random.Random(len(separator) + ord(separator))
    bits = ["a", "b", " ", "\t", ",", ";", "|", "é", "  ", "x y", ""]
    lines = ["".join(rng.choice(bits) for _ in range(rng.randint(0, 10))) for _ in range(3000)]
    skip = separator != " "
    expected = []
    for number, line in enumerate(lines[1:], start=2):
        row = next(csv.reader([line + "\n"], delimiter=separator, skipinitialspace=skip), [])
        if row:
            expected.append((number, row))
    assert list(csv_rows(lines, 1, separator, "f.csv")) == expected
    quoted = [*lines, f'"one{separator}field"{separator}two']  # one quote mark anywhere: the csv module reads it all
    assert list(csv_rows(quoted, 1, separator, "f.csv"))[-1] == (len(quoted), [f"one{separator}field", "two"])


def test_a_front_keeps_its_own_line_breaks_and_its_card_key():
    """An Anki field's <br> and <div> lines stay lines on Discord; the card's key is the same as a one-line front's."""
    from bot.cards import Card
    from bot.decks import card_key

    text = (
        "#separator:tab\n#html:true\n"
        "<div>Topic: Great Leap Forward</div><div>Fill in the years:&nbsp; ____</div>\t1958-1962\n"
        "Two<br>  spaced   lines<br><br>\tanswer\n"
    )
    deck = read_deck(text.encode(), "lines.txt")
    assert [c.front for c in deck.cards] == ["Topic: Great Leap Forward\nFill in the years: ____", "Two\nspaced lines"]
    flat = Card("Two spaced lines", ("answer",), ("answer",), (), deck.cards[1].source, explicit=True)
    assert card_key("d", deck.cards[1]) == card_key("d", flat), "stored scores keep pointing at the card"
