"""Export: any deck as the native YAML file (a zip with its media), which imports back exactly."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from bot.decks import card_key
from bot.decks.export import export_deck
from bot.decks.readers import load_deck, read_deck
from bot.grading import grade
from tests.decks.readers.anki_builders import Note, build_package
from tests.decks.readers.test_media import png
from tests.helpers import DATA, READER_FIXTURES

FIXTURES = sorted(p for p in [*READER_FIXTURES.iterdir(), *DATA.iterdir()] if p.suffix in {".txt", ".csv", ".yaml", ".tsv"})

ALIASED = b"""\
title: Aliased
description: Leaders and places
author: Deckhand club
cards:
  - front: Who founded the People's Republic of China?
    answers: [Mao Zedong]
    aliases: [Chairman Mao]
    back: |
      Chairman from 1943
      Died in 1976
    tags: [people, china]
  - front: Great Leap Forward (1958-1962)
    back: A campaign of forced industrialisation
    aliases: [the Leap]
  - front: Overview
    back: How the split came about
    asked: no
  - front: "Answer: yes or no?"
    answers: ["yes", "010", "1.5"]
"""


def package_with_media() -> bytes:
    notes = [
        Note(("Which flag is this? <img src=\"flag.png\">", "Japan")),
        Note(("Say hello", "Bonjour [sound:bonjour.mp3]")),
        Note(("Capital of Kenya?", "Nairobi"), tags=("africa",)),
    ]
    return build_package(None, notes, media={"flag.png": png(40, 30), "bonjour.mp3": b"ID3fake"})


def shape(deck) -> list[tuple]:
    """What an export must keep: cards, answers, aliases, tags and media names."""
    return [(c.front, c.answers, c.aliases, c.tags, c.media) for c in deck.cards]


def decks() -> list[tuple[str, object]]:
    found = [(p.name, load_deck(p)) for p in FIXTURES]
    found.append(("aliased.yaml", read_deck(ALIASED, "aliased.yaml")))
    found.append(("world.apkg", read_deck(package_with_media(), "world.apkg")))
    return found


@pytest.mark.parametrize(("name", "deck"), decks(), ids=lambda v: v if isinstance(v, str) else "")
def test_export_import_export_is_byte_identical(name: str, deck) -> None:
    first = export_deck(deck, Path(name).stem)
    again = read_deck(first.data, first.filename)
    assert shape(again) == shape(deck), "the import is the deck: cards, answers, aliases, tags, media names"
    assert again.title == deck.title and again.description == deck.description and again.author == deck.author
    assert {m: again.media[m] for m in again.media} == dict(deck.media), "the media too, byte for byte"
    second = export_deck(again, Path(name).stem)
    assert (second.filename, second.data) == (first.filename, first.data)


def test_a_deck_with_pictures_is_a_zip_of_its_file_and_media() -> None:
    deck = read_deck(package_with_media(), "world.apkg")
    exported = export_deck(deck, "World flags")
    assert exported.zipped and exported.filename == "World-flags.zip" and exported.media == 2
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        assert archive.namelist() == ["World-flags.yaml", "bonjour.mp3", "flag.png"]
        text = archive.read("World-flags.yaml").decode()
    import yaml

    cards = {c["front"]: c for c in yaml.safe_load(text)["cards"]}
    assert cards["Which flag is this?"]["media"] == ["flag.png"] and cards["Say hello"]["media"] == ["bonjour.mp3"]
    assert cards["Capital of Kenya?"]["tags"] == ["africa"]


def test_learned_aliases_are_written_as_aliases_and_count_once_imported() -> None:
    deck = read_deck(ALIASED, "aliased.yaml")
    mao = deck.cards[0]
    assert mao.answers == ("Mao Zedong", "Chairman Mao") and mao.aliases == ("Chairman Mao",)
    learned = {card_key("aliased", mao): ["The Great Helmsman"]}
    exported = export_deck(deck, "aliased", learned)
    assert exported.aliases == 3
    text = exported.data.decode()
    assert "aliases:\n  - Chairman Mao\n  - The Great Helmsman" in text
    again = read_deck(exported.data, exported.filename)
    assert again.cards[0].aliases == ("Chairman Mao", "The Great Helmsman")
    assert grade("the great helmsman", again.cards[0].answers).correct
    assert again.cards[2].answers == (), "a context card stays one: shown, never asked"


def test_the_cli_exports_a_deck_file(tmp_path) -> None:
    from bot.app.cli import main

    source = tmp_path / "aliased.yaml"
    source.write_bytes(ALIASED)
    out = io.StringIO()
    target = tmp_path / "out.yaml"
    assert main(["cards", str(source), "--export", str(target)], out=out) == 0
    assert "4 cards" in out.getvalue() and str(target) in out.getvalue()
    assert target.read_bytes() == export_deck(read_deck(ALIASED, "aliased.yaml"), "aliased").data
    assert main(["cards", str(tmp_path / "missing.yaml"), "--export", str(target)], out=io.StringIO()) != 0
