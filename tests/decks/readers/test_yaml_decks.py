"""Red-DiscordBot trivia lists and the native YAML deck format."""

from __future__ import annotations

import pytest

from bot.cards import DeckError
from bot.decks.readers import read_deck
from bot.decks.readers.limits import MAX_FIELD_CHARS
from bot.decks.readers.yaml_decks import read_yaml, sniff
from tests.helpers import READER_FIXTURES, SEED, card_rows, reader_fixture


def error(text: str, name: str = "deck.yaml") -> DeckError:
    with pytest.raises(DeckError) as err:
        read_yaml(text, name)
    assert err.value.file == name
    return err.value


# --- trivia lists ---------------------------------------------------------------


def test_trivia_list_keeps_answers_exactly_as_typed():
    deck = read_yaml(reader_fixture("yaml_trivia.yaml"), "trivia/sino_soviet.yaml")
    assert deck.format == "trivia-yaml"
    assert deck.title == "Sino soviet"
    t = ("trivia",)
    assert card_rows(deck) == [
        (9, "In which year was the People's Republic of China founded?", ("1949",), ("1949",), t, True),
        (11, "In which year did the Soviet Union recall its advisors from China?", ("1960",), ("1960",), t, True),
        (14, "Did the USSR support China in the 1962 Sino-Indian War?", ("no",), ("no", "No"), t, True),
        (17, "What was the Soviet ambassador's car registration, with leading zero?", ("010",), ("010",), t, True),
        (19, "How many Soviet advisors worked in China at the peak, written with an underscore?",
         ("1_000",), ("1_000",), t, True),
        (21, "What ratio did the 1958 Great Leap target, as a decimal?", ("1.5",), ("1.5",), t, True),
        (23, "On which date was the Sino-Soviet treaty signed?", ("1950-02-14",), ("1950-02-14",), t, True),
        (25, "Mao said: imperialism is a what?", ("paper tiger",), ("paper tiger", "a paper tiger"), t, True),
        (28, "Which island did Soviet and Chinese troops clash over in 1969?", ("Zhenbao",),
         ("Zhenbao", "Damansky", "Zhenbao Island"), t, True),
        (29, "Who was the Chinese premier during the split?", ("Zhou Enlai",), ("Zhou Enlai", "Zhou"), t, True),
    ]
    assert deck.notes == ("line 32: skipped, 'Which answer is missing?' has no answers",)
    assert deck.author == "Deckhand history club", "who made it is the deck's, not a note on what was left out"


def test_scalar_keys_and_values_of_every_yaml_type_stay_text():
    text = "yes:\n- true\n1950:\n- null\n0x1F:\n- ~\n2024-01-01:\n- .inf\n"
    deck = read_yaml(text, "odd.yaml")
    assert [(c.front, c.answers) for c in deck.cards] == [
        ("yes", ("true",)), ("1950", ("null",)), ("0x1F", ("~",)), ("2024-01-01", (".inf",)),
    ]


def test_explicit_tags_are_not_resolved():
    deck = read_yaml("Q?:\n- !!int 010\n- !!python/object:os.system echo\n", "t.yaml")
    assert deck.cards[0].answers == ("010", "echo")


def test_a_single_answer_without_a_list_is_accepted():
    deck = read_yaml("AUTHOR: me\nCapital of the PRC?: Beijing\n", "t.yaml")
    assert deck.cards[0].answers == ("Beijing",)


def test_a_repeated_question_keeps_its_later_answers_as_red_does():
    deck = read_yaml("Q?:\n- a\nOther?:\n- c\nQ?:\n- b\nQ?:\n- d\n", "t.yaml")
    assert [(c.front, c.answers, c.source.line) for c in deck.cards] == [("Q?", ("d",), 7), ("Other?", ("c",), 3)]
    assert deck.notes == (
        "line 5: repeats the question of line 1; its later answers are kept, as in Red",
        "line 7: repeats the question of line 1; its later answers are kept, as in Red",
    )


def test_red_metadata_keys_are_never_cards() -> None:
    text = (
        "AUTHOR: Quiz club\nDESCRIPTION: Capitals of the world.\n$schema: https://example.org/trivia.json\n"
        "CONFIG:\n  max_score: 5\n  delay: 4\n  use_spoilers: true\nCapital of Peru?:\n- Lima\n"
    )
    deck = read_yaml(text, "capitals.yaml")
    assert [c.front for c in deck.cards] == ["Capital of Peru?"]
    assert deck.description == "Capitals of the world."
    assert deck.notes == () and deck.author == "Quiz club"


@pytest.mark.parametrize(
    "text",
    ["AUTHOR: me\nDESCRIPTION: only words\n", "DESCRIPTION: x\nCONFIG:\n  max_score: 3\n", "CONFIG: {}\n$schema: s\n"],
)
def test_a_list_of_only_metadata_is_refused_in_reds_words(text: str) -> None:
    with pytest.raises(DeckError, match="the trivia list does not contain any questions"):
        read_yaml(text, "empty.yaml")


def test_what_red_would_refuse_but_can_be_read_loads_with_a_note() -> None:
    text = (
        "AUTHOR: " + "a" * 1001 + "\nDESCRIPTION: " + "d" * 201 + "\n"
        "CONFIG:\n  max_score: 0\n  delay: 2\n  timeout: soon\n  bot_plays: maybe\n  colour: blue\n"
        "Capital of Peru?: Lima\n"
    )
    deck = read_yaml(text, "lenient.yaml")
    assert [(c.front, c.answers) for c in deck.cards] == [("Capital of Peru?", ("Lima",))]
    red = [n for n in deck.notes if n.endswith("(Red would refuse this list)")]
    assert red == [
        "line 1: AUTHOR must be a text value not longer than 1000 characters (Red would refuse this list)",
        "line 2: DESCRIPTION must be a text value not longer than 200 characters (Red would refuse this list)",
        "line 4: 'max_score' in CONFIG must be a positive integer (Red would refuse this list)",
        "line 5: 'delay' in CONFIG must be a positive number greater than or equal to 4 (Red would refuse this list)",
        "line 6: 'timeout' in CONFIG must be a positive number (Red would refuse this list)",
        "line 7: 'bot_plays' in CONFIG must be either true or false (Red would refuse this list)",
        "line 8: 'colour' is not a key that can be specified in CONFIG (Red would refuse this list)",
        "line 9: the answer to 'Capital of Peru?' is not a list ('- answer'); read as one answer (Red would refuse this list)",
    ]


# --- native deck files ------------------------------------------------------------


def test_native_deck_file():
    deck = read_yaml(reader_fixture("yaml_deck.yaml"), "cold.yaml")
    assert deck.format == "deck-yaml"
    assert deck.title == "Cold War basics"
    assert card_rows(deck) == [
        (5, "Who led the USSR during the Cuban Missile Crisis?", ("First Secretary 1953-1964",),
         ("Nikita Khrushchev", "Khrushchev"), ("history", "cold-war", "people"), True),
        (10, "Zhenbao Island incident (1969)", ("Border clash in March 1969 on the Ussuri river",),
         ("Zhenbao Island incident (1969)", "Zhenbao Island incident"), ("history", "cold-war"), False),
        (13, "In which year was the Sino-Soviet treaty signed?", ("1950",), ("1950",),
         ("history", "cold-war", "dates", "treaties"), True),
        (17, "Great Leap Forward (1958-1962)", ("Mao's campaign to industrialise China quickly.", "It ended in a famine."),
         ("Great Leap Forward (1958-1962)", "Great Leap Forward"), ("history", "cold-war"), False),
    ]
    assert deck.notes == ()


def test_shared_tags_through_an_anchor_are_fine():
    text = "cards:\n- front: A\n  back: x\n  tags: &t [one, two]\n- front: B\n  back: y\n  tags: *t\n"
    deck = read_yaml(text, "a.yaml")
    assert [c.tags for c in deck.cards] == [("one", "two"), ("one", "two")]


def test_title_defaults_to_the_file_name_and_unknown_top_keys_are_noted():
    deck = read_yaml("version: 2\ncards:\n- front: Q?\n  answers: A\n", "decks/cold_war.yml")
    assert deck.title == "Cold war"
    assert deck.notes == ("line 1: unknown key 'version' ignored; a deck file has author, cards, description, tags, title",)


def test_empty_front_and_overlong_fields_are_skipped_with_notes():
    long = "x" * (MAX_FIELD_CHARS + 1)
    text = f"cards:\n- front: ''\n  back: x\n- front: Long\n  back: {long}\n- front: Ok\n  back: fine\n"
    deck = read_yaml(text, "a.yaml")
    assert [c.front for c in deck.cards] == ["Ok"]
    assert deck.notes == (
        "line 2: skipped, the front is empty",
        f"line 4: skipped, a field is longer than {MAX_FIELD_CHARS:,} characters",
    )


# --- bad input ------------------------------------------------------------------


def test_syntax_error_names_the_line_and_suggests_quotes():
    err = error("AUTHOR: me\nWho said: paper tiger?:\n- Mao\n")
    assert err.line == 2
    assert err.message.startswith("YAML syntax error: mapping values are not allowed")
    assert "put that text in quotes" in err.message


def test_tab_indentation_is_explained():
    err = error("Q?:\n- a\nR?:\n\t- b\n")
    assert err.line == 4
    assert "use spaces" in err.message


def test_broken_flow_list_is_a_syntax_error():
    err = error("cards:\n- front: A\n  answers: [a, b\n- front: B\n")
    assert err.line is not None and err.message.startswith("YAML syntax error:")
    assert "check the indentation" in err.message


def test_control_character_is_a_syntax_error_with_its_line():
    err = error("Q?:\n- a\nR?:\n- b\x01\n")
    assert err.line == 4


def test_list_at_the_top_is_refused_with_a_hint():
    err = error("- front: A\n  back: B\n")
    assert err.line == 1
    assert "put 'cards:' on a line above the list" in err.message


def test_plain_text_is_not_a_deck():
    assert "not a YAML deck" in error("just some words\n").message


def test_empty_yaml_is_refused():
    assert "empty YAML file" in error("# nothing but a comment\n").message


def test_card_without_front_names_its_line():
    err = error("cards:\n- front: A\n  back: B\n- back: orphan\n  answers: [x]\n")
    assert (err.line, err.message) == (4, "a card has no 'front:'; every card needs one")


def test_misspelt_card_key_is_refused_rather_than_making_a_term_card():
    err = error("cards:\n- front: A\n  anwsers: [x]\n")
    assert err.line == 3 and "unknown key 'anwsers'" in err.message


def test_answers_must_be_text_or_a_list_of_text():
    assert error("cards:\n- front: A\n  answers: {a: b}\n").line == 3
    assert error("cards:\n- front: A\n  answers:\n  - [nested]\n").line == 4
    assert error("Q?:\n  a: b\n").line == 2


def test_card_with_neither_answers_nor_back_is_refused():
    assert "neither answers nor a back" in error("cards:\n- front: A\n").message


def test_empty_answers_list_is_refused():
    assert "'answers' is empty" in error("cards:\n- front: A\n  answers: []\n").message


def test_cards_must_be_a_list_of_mappings():
    assert error("cards: none\n").line == 1
    assert error("cards:\n- just a string\n").line == 2


def test_second_document_is_refused():
    assert error("---\nQ?: [a]\n---\nR?: [b]\n").line == 3


def test_alias_bomb_fails_with_a_deck_error():
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        name, prev = chr(ord("a") + i), chr(ord("a") + i - 1)
        levels.append(f"{name}: &{name} [{', '.join(['*' + prev] * 9)}]")
    err = error("\n".join(levels) + "\n")
    assert "aliases" in err.message
    assert err.line is not None and err.line <= 10


def test_self_referencing_alias_is_refused():
    assert "refers to the list or mapping it is inside" in error("Q?: &a [x, *a]\n").message


def test_undefined_alias_is_refused():
    assert "before any &nope defines it" in error("Q?: [*nope]\n").message


def test_deep_nesting_is_refused_without_a_crash():
    err = error("Q?: " + "[" * 200_000 + "]" * 200_000 + "\n")
    assert "nested more than" in err.message


# --- sniffing and dispatch ----------------------------------------------------------


@pytest.mark.parametrize("name", ["yaml_trivia.yaml", "yaml_deck.yaml"])
def test_sniff_accepts_both_formats(name):
    assert sniff(reader_fixture(name))


def test_sniff_accepts_document_marker_and_red_style_without_author():
    assert sniff("---\ntitle: x\n")
    assert sniff("Who led the PRC?:\n- Mao\nWho led the USSR?:\n- Stalin\n")


@pytest.mark.parametrize(
    "text",
    [
        SEED.read_text(encoding="utf-8"),
        (READER_FIXTURES / "delimited_quizlet.txt").read_text(encoding="utf-8"),
        (READER_FIXTURES / "delimited_questions.csv").read_text(encoding="utf-8"),
        (READER_FIXTURES / "delimited_anki_notes.txt").read_text(encoding="utf-8"),
        "Causes of the split:\n- ideology\n- borders\nResults:\n- war scare\n",
        "---\nSino Soviet relations\nSome notes\n",
        "---\ntitle: front matter\n---\n# Heading\nText\n",
    ],
)
def test_sniff_rejects_notes_and_delimited_text(text):
    assert not sniff(text)


def test_trivia_with_yaml_suffix_is_dispatched():
    deck = read_deck((READER_FIXTURES / "yaml_trivia.yaml").read_bytes(), "sino_soviet.yaml")
    assert deck.format == "trivia-yaml"
    assert len(deck.cards) == 10


def test_trivia_and_deck_files_without_yaml_suffix_are_dispatched_by_content():
    assert read_deck((READER_FIXTURES / "yaml_trivia.yaml").read_bytes(), "trivia.txt").format == "trivia-yaml"
    assert read_deck((READER_FIXTURES / "yaml_deck.yaml").read_bytes(), "deck").format == "deck-yaml"


def test_yaml_error_through_dispatch_is_a_deck_error():
    with pytest.raises(DeckError, match=r"^bad\.yml, line 2: YAML syntax error"):
        read_deck(b"Q?:\n- a: b: c\n", "bad.yml")
