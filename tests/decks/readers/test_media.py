"""Pictures and sounds in Anki packages and trivia lists: read within their limits, shown with their questions."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from bot.cards import PICTURE_ANSWER
from bot.decks.readers import read_deck
from bot.decks.readers.anki import read_anki_package
from bot.decks.readers.media import MAX_IMAGE_BYTES, MAX_SIDE, media_refs, reencode, safe_name
from bot.questions import FLIP, generate_questions
from tests.decks.readers.anki_builders import Note, build_package


def png(width: int, height: int, colour: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


@pytest.mark.parametrize("layout", ["anki2", "anki21", "anki21b"])
def test_pictures_and_sounds_come_with_their_cards(layout: str) -> None:
    notes = [
        Note(("Which flag is this? <img src=\"flag.png\">", "Japan")),
        Note(('<img src="map%20of%20peru.png">', "Peru")),
        Note(("Capital of Kenya?", '<img src="nairobi.png">')),
        Note(("Say hello", "Bonjour [sound:bonjour.mp3]")),
        Note(("Missing?", '<img src="nowhere.png"> Lima')),
    ]
    media = {"flag.png": png(40, 30), "map of peru.png": png(30, 40), "nairobi.png": png(20, 20), "bonjour.mp3": b"ID3fake"}
    deck = read_anki_package(build_package(None, notes, layout, media=media), "world.apkg")
    cards = {card.front: card for card in deck.cards}
    assert cards["Which flag is this?"].media == ("flag.png",) and cards["Which flag is this?"].image == "flag.png"
    # A front that is only a picture is asked about the picture; an answer that is only a picture is a flip card.
    assert cards["What does the picture show?"].media == ("map_of_peru.png",)
    assert cards["Capital of Kenya?"].answers == (PICTURE_ANSWER,) and cards["Capital of Kenya?"].media == ("nairobi.png",)
    assert cards["Say hello"].media == ("bonjour.mp3",) and cards["Say hello"].image is None
    assert cards["Missing?"].media == () and cards["Missing?"].answers == ("Lima",)
    assert set(deck.media) == {"flag.png", "map_of_peru.png", "nairobi.png", "bonjour.mp3"}
    assert deck.media["bonjour.mp3"] == b"ID3fake"
    assert Image.open(io.BytesIO(deck.media["flag.png"])).size == (40, 30)
    assert "media 'nowhere.png' is referred to but not in the package" in deck.notes
    kenya = [q for q in generate_questions(deck, seed=0) if q.card.front == "Capital of Kenya?"]
    assert [q.kind for q in kenya] == [FLIP] and kenya[0].image == "nairobi.png"
    flag = next(q for q in generate_questions(deck, seed=0) if q.card.front == "Which flag is this?")
    assert flag.to_json()["image"] == "flag.png"


def test_pictures_are_shrunk_and_re_encoded() -> None:
    big = reencode(png(4000, 1000))
    assert big is not None and len(big) <= MAX_IMAGE_BYTES
    assert max(Image.open(io.BytesIO(big)).size) == MAX_SIDE
    assert reencode(b"<svg onload='alert(1)'></svg>") is None
    assert reencode(b"not a picture at all") is None


def test_a_picture_that_cannot_be_read_is_left_out_with_a_note() -> None:
    notes = [Note(("Flag? <img src=\"bad.png\">", "France")), Note(("Capital of Peru?", "Lima"))]
    deck = read_anki_package(build_package(None, notes, media={"bad.png": b"\x89PNG broken"}), "bad.apkg")
    assert all(not card.media for card in deck.cards) and deck.media == {}
    assert "media 'bad.png' is not a picture Deckhand can read; left out" in deck.notes


def test_names_are_safe_and_references_are_found() -> None:
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("C:\\\\photos\\\\a b.png") == "a_b.png"
    assert safe_name("x" * 300 + ".png").endswith(".png") and len(safe_name("x" * 300 + ".png")) == 100
    images, sounds = media_refs('<img class=a src="a&amp;b.png"><IMG SRC=c.jpg> [sound:d.mp3] <img src="https://x/y.png">')
    assert images == ["a&b.png", "c.jpg"] and sounds == ["d.mp3"]


def test_picture_addresses_in_trivia_become_the_questions_picture() -> None:
    text = "AUTHOR: x\nWho's that Pokémon? https://cdn.example.org/i/1.png:\n- Bulbasaur\nWho's that Pokémon? https://cdn.example.org/i/2.png:\n- Ivysaur\n"
    deck = read_deck(text.encode(), "pokemon.yaml")
    assert [(c.front, c.media) for c in deck.cards] == [
        ("Who's that Pokémon?", ("https://cdn.example.org/i/1.png",)),
        ("Who's that Pokémon?", ("https://cdn.example.org/i/2.png",)),
    ]
    questions = generate_questions(deck, seed=0)
    assert {q.image for q in questions} == {"https://cdn.example.org/i/1.png", "https://cdn.example.org/i/2.png"}
    assert all("https://" not in q.prompt for q in questions)
