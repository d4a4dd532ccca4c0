"""Anki packages in all three layouts, and every way a package can be bad."""

from __future__ import annotations

import io
import random
import sqlite3
import struct
import time
import zipfile
from pathlib import Path

import genanki
import pytest
import zstandard

from bot.cards import Card, Deck, DeckError
from bot.decks.readers import anki, anki_collection, limits, read_deck
from bot.decks.readers.anki import MAX_NOTES, read_anki_package

from .anki_builders import (
    PLACEHOLDER_TEXT,
    Note,
    build_package,
    collection_bytes,
    package_members,
    placeholder_collection,
    zip_members,
)

EUROPE_ID = 2_059_400_110
ASIA_ID = 2_059_400_111


def _genanki_package(tmp_path: Path) -> bytes:
    """Two decks under one parent, with every stock note type genanki has."""
    europe = genanki.Deck(EUROPE_ID, "Geography::Europe")
    asia = genanki.Deck(ASIA_ID, "Geography::Asia")
    europe.add_note(
        genanki.Note(
            model=genanki.BASIC_MODEL,
            fields=["Capital of <b>France</b>?", "Paris&nbsp;&amp; nowhere else[sound:paris.mp3]"],
            tags=["capitals", "eu"],
        )
    )
    europe.add_note(
        genanki.Note(
            model=genanki.BASIC_AND_REVERSED_CARD_MODEL,
            fields=["Largest city of <i>Germany</i>", "<div>Berlin</div><div>(3.7 million)</div>"],
        )
    )
    europe.add_note(
        genanki.Note(
            model=genanki.CLOZE_MODEL,
            fields=["{{c1::Rome}} is the capital of {{c2::Italy::country}}.", "Founded in <b>753 BC</b>"],
            tags=["capitals"],
        )
    )
    europe.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=['<img src="flag.png">', "A flag"]))
    asia.add_note(genanki.Note(model=genanki.BASIC_MODEL, fields=["Capital of Japan?", "Tokyo"]))
    path = tmp_path / "geo.apkg"
    genanki.Package([europe, asia]).write_to_file(str(path))
    return path.read_bytes()


def _expected_genanki_cards() -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    return [
        (
            "Capital of France?",
            ("Paris & nowhere else",),
            ("Paris & nowhere else",),
            ("capitals", "eu", "deck:Geography::Europe"),
        ),
        (
            "Largest city of Germany",
            ("Berlin\n(3.7 million)",),
            ("Berlin (3.7 million)",),
            ("deck:Geography::Europe",),
        ),
        (
            "[...] is the capital of Italy.",
            ("Rome is the capital of Italy.", "Founded in 753 BC"),
            ("Rome",),
            ("capitals", "deck:Geography::Europe"),
        ),
        (
            "Rome is the capital of [country].",
            ("Rome is the capital of Italy.", "Founded in 753 BC"),
            ("Italy",),
            ("capitals", "deck:Geography::Europe"),
        ),
        ("Capital of Japan?", ("Tokyo",), ("Tokyo",), ("deck:Geography::Asia",)),
    ]


def _summary(deck: Deck) -> list[tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]]:
    return [(card.front, card.back, card.answers, card.tags) for card in deck.cards]


def _rezip(data: bytes, rename: dict[str, str], add: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new:
        for info in old.infolist():
            new.writestr(rename.get(info.filename, info.filename), old.read(info))
        for name, content in add.items():
            new.writestr(name, content)
    return out.getvalue()


def _error(data: bytes, file: str = "bad.apkg") -> str:
    with pytest.raises(DeckError) as caught:
        read_anki_package(data, file)
    assert caught.value.file == file
    return caught.value.message


# --- the three layouts -----------------------------------------------------


def test_genanki_package_old_layout(tmp_path: Path) -> None:
    deck = read_anki_package(_genanki_package(tmp_path), "geo.apkg")
    assert deck.format == "anki-package"
    assert deck.title == "Geography"
    assert _summary(deck) == _expected_genanki_cards()
    assert all(card.explicit and str(card.source) == "geo.apkg" for card in deck.cards)
    assert len(deck.notes) == 3
    assert deck.notes[0].startswith("note ") and deck.notes[0].endswith(
        ": skipped, empty front (a picture that is not in the package, or none)"
    )
    assert deck.notes[1:] == (
        "media 'flag.png' is referred to but not in the package",
        "media 'paris.mp3' is referred to but not in the package",
    )


def test_anki21_beside_placeholder_is_read_not_the_placeholder(tmp_path: Path) -> None:
    legacy = _genanki_package(tmp_path)
    data = _rezip(legacy, {"collection.anki2": "collection.anki21"}, {"collection.anki2": placeholder_collection()})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"collection.anki2", "collection.anki21"} <= set(archive.namelist())
    deck = read_anki_package(data, "geo.apkg")
    assert _summary(deck) == _expected_genanki_cards()
    assert all(PLACEHOLDER_TEXT not in card.front for card in deck.cards)


def _anki21b_notes() -> list[Note]:
    return [
        Note(("Who led the USSR in 1950?", "Stalin", "Died 1953"), tags=("ussr", "leaders"), deck="History::USSR"),
        Note(
            ("The {{c1::Sino-Soviet Treaty}} was signed in {{c2::1950}}; {{c1::it}} lapsed in 1979.", ""),
            deck="History::China",
            cloze=True,
        ),
        Note(("   ", "<br>"), deck="History::China"),
        Note(("Mao's title?", "Chairman"), tags=("china",), deck="History::China"),
    ]


def test_anki21b_zstd_schema18() -> None:
    data = build_package(None, _anki21b_notes(), layout="anki21b")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        raw = archive.read("collection.anki21b")
    assert {"collection.anki2", "collection.anki21b", "media", "meta"} <= names
    assert raw.startswith(b"\x28\xb5\x2f\xfd")  # zstd frame magic

    deck = read_anki_package(data, "history.apkg")
    assert deck.title == "History"
    assert _summary(deck) == [
        (
            "Who led the USSR in 1950?",
            ("Stalin", "Died 1953"),
            ("Stalin",),
            ("ussr", "leaders", "deck:History::USSR"),
        ),
        (
            "The [...] was signed in 1950; [...] lapsed in 1979.",
            ("The Sino-Soviet Treaty was signed in 1950; it lapsed in 1979.",),
            ("Sino-Soviet Treaty", "it"),
            ("deck:History::China",),
        ),
        (
            "The Sino-Soviet Treaty was signed in [...]; it lapsed in 1979.",
            ("The Sino-Soviet Treaty was signed in 1950; it lapsed in 1979.",),
            ("1950",),
            ("deck:History::China",),
        ),
        ("Mao's title?", ("Chairman",), ("Chairman",), ("china", "deck:History::China")),
    ]
    assert deck.notes == (f"note {1_600_000_000_002}: skipped, empty front (a picture that is not in the package, or none)",)


def test_anki21b_preferred_over_anki21_and_anki2() -> None:
    newest = collection_bytes([Note(("From anki21b", "yes"))], schema=18, deck_name="New")
    older = collection_bytes([Note(("From anki21", "no"))], schema=11, deck_name="Old")
    members = {
        "collection.anki2": placeholder_collection(),
        "collection.anki21": older,
        "collection.anki21b": zstandard.ZstdCompressor().compress(newest),
    }
    deck = read_anki_package(zip_members(members), "both.colpkg")
    assert [card.front for card in deck.cards] == ["From anki21b"]
    assert deck.title == "New"


def test_schema18_deck_hierarchy_uses_separator_and_single_deck_has_no_deck_tag() -> None:
    data = build_package(None, [Note(("Q", "A"), tags=("t",), deck="Lang::Russian::Verbs")], layout="anki21b")
    con = sqlite3.connect(":memory:")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        con.deserialize(zstandard.ZstdDecompressor().decompress(archive.read("collection.anki21b")))
    stored = {row[0] for row in con.execute("SELECT name FROM decks")}
    assert "Lang\x1fRussian\x1fVerbs" in stored
    assert con.execute("SELECT models, decks FROM col").fetchone() == ("", "")
    deck = read_anki_package(data, "verbs.apkg")
    assert deck.title == "Lang::Russian::Verbs"
    assert deck.cards[0].tags == ("t",)


def test_title_for_unrelated_top_level_decks_and_empty_default_ignored() -> None:
    notes = [Note(("a", "1"), deck="Maths"), Note(("b", "2"), deck="Physics"), Note(("c", "3"), deck="Maths")]
    for layout in ("anki2", "anki21b"):
        deck = read_anki_package(build_package(None, notes, layout=layout), "mixed.apkg")
        assert deck.title == "Maths, Physics"
        assert [card.tags for card in deck.cards] == [("deck:Maths",), ("deck:Physics",), ("deck:Maths",)]


@pytest.mark.parametrize("layout", ["anki2", "anki21", "anki21b"])
def test_every_layout_through_read_deck(layout: str, tmp_path: Path) -> None:
    notes = [("Capital of Mongolia?", "Ulaanbaatar"), ("<b>1949</b> event?", "PRC founded &mdash; Oct 1")]
    path = tmp_path / "asia.apkg"
    data = build_package(path, notes, layout=layout, deck_name="Asia")
    assert path.read_bytes() == data
    deck = read_deck(data, "asia.apkg")
    assert deck.title == "Asia"
    assert deck.cards == (
        Card("Capital of Mongolia?", ("Ulaanbaatar",), ("Ulaanbaatar",), (), deck.cards[0].source, True),
        Card("1949 event?", ("PRC founded — Oct 1",), ("PRC founded — Oct 1",), (), deck.cards[1].source, True),
    )
    assert str(deck.cards[0].source) == "asia.apkg"


def test_collection_saved_in_wal_mode_reads_without_side_files(tmp_path: Path) -> None:
    collection = bytearray(collection_bytes([Note(("Q", "A"))]))
    collection[18:20] = b"\x02\x02"  # header bytes that mark write-ahead logging
    deck = read_anki_package(zip_members({"collection.anki2": bytes(collection)}), "wal.apkg")
    assert [card.front for card in deck.cards] == ["Q"]


def test_zip_magic_is_enough_without_package_suffix() -> None:
    data = build_package(None, [("Q", "A")], layout="anki21b")
    assert read_deck(data, "download.bin").cards[0].front == "Q"


def test_cloze_hints_nesting_and_unclosed_text() -> None:
    text = "{{c1::Lenin {{c2::died::year event}} in 1924::leader}} and {{c3::oops"
    deck = read_anki_package(build_package(None, [Note((text, "extra"), cloze=True)]), "c.apkg")
    assert _summary(deck) == [
        ("[leader] and {{c3::oops", ("Lenin died in 1924 and {{c3::oops", "extra"), ("Lenin died in 1924",), ()),
        ("Lenin [year event] in 1924 and {{c3::oops", ("Lenin died in 1924 and {{c3::oops", "extra"), ("died",), ()),
    ]


def test_cloze_without_deletions_and_image_occlusion_are_skipped() -> None:
    notes = [
        Note(("No deletions here", ""), cloze=True),
        Note(("{{c1::image-occlusion:rect:left=.1:top=.2:width=.3:height=.4}}", ""), cloze=True),
        Note(("{{c1::<img src='x.png'>}} and {{c2::kept}}", ""), cloze=True),
    ]
    deck = read_anki_package(build_package(None, notes), "c.apkg")
    assert [card.answers for card in deck.cards] == [("kept",)]
    first = 1_600_000_000_000
    assert deck.notes == (
        f"note {first}: skipped, cloze note without any {{{{c1::...}}}} deletion",
        f"note {first + 1}: skipped, image occlusion needs the picture, which is not shown",
        f"note {first + 2}: skipped, cloze c1 has an empty answer (pictures and sounds are not shown)",
        "media 'x.png' is referred to but not in the package",
    )


def test_cloze_detected_from_text_when_note_type_is_unknown() -> None:
    collection = collection_bytes([Note(("{{c1::Moscow}} is big", "x"), cloze=True)], schema=18)
    con = sqlite3.connect(":memory:")
    con.deserialize(collection)
    con.execute("DELETE FROM notetypes")
    con.commit()
    members = package_members(con.serialize(), "anki2")
    deck = read_anki_package(zip_members({"collection.anki21": members["collection.anki2"]}), "x.apkg")
    assert _summary(deck) == [("[...] is big", ("Moscow is big", "x"), ("Moscow",), ())]


def test_overlong_field_is_skipped_with_a_note() -> None:
    notes = [("Long one", "x" * (limits.MAX_FIELD_CHARS + 1)), ("Short", "fine")]
    deck = read_anki_package(build_package(None, notes), "long.apkg")
    assert [card.front for card in deck.cards] == ["Short"]
    assert deck.notes == (
        f"note {1_600_000_000_000}: skipped, a field is longer than {limits.MAX_FIELD_CHARS:,} characters",
    )


# --- bad input -------------------------------------------------------------


def test_not_a_zip() -> None:
    assert _error(b"this is plain text, not a package") == "is not a valid Anki package (not a zip file)"
    with pytest.raises(DeckError, match="not a zip file"):
        read_deck(b"hello", "cards.apkg")


def test_zip_without_collection() -> None:
    message = _error(zip_members({"notes.txt": b"hello", "media": b"{}"}))
    assert "no collection.anki2/anki21/anki21b inside" in message
    assert "File > Export > Anki Deck Package" in message


def test_placeholder_only_is_refused() -> None:
    message = _error(zip_members({"collection.anki2": placeholder_collection()}))
    assert "placeholder note" in message and "real collection is missing" in message


def test_collection_that_is_not_sqlite() -> None:
    message = _error(zip_members({"collection.anki2": b"definitely not a database" * 10}))
    assert message.startswith("holds a collection.anki2 that is not an SQLite database")


def test_corrupt_sqlite() -> None:
    good = collection_bytes([Note((f"Q{i}", f"A{i}")) for i in range(200)])
    broken = good[:100] + random.Random(7).randbytes(len(good) - 100)
    message = _error(zip_members({"collection.anki2": broken}))
    assert message.startswith("holds a damaged collection.anki2 (")


def test_sqlite_without_anki_tables() -> None:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE notes (id integer)")
    message = _error(zip_members({"collection.anki21": con.serialize()}))
    assert message.startswith("holds a collection.anki21 without the col, cards table(s) of an Anki collection")


def test_bad_note_type_json() -> None:
    con = sqlite3.connect(":memory:")
    con.deserialize(collection_bytes([Note(("Q", "A"))]))
    con.execute("UPDATE col SET models = '{not json'")
    con.commit()
    message = _error(zip_members({"collection.anki2": con.serialize()}))
    assert "note types cannot be read (bad JSON)" in message


def test_zstd_member_that_is_not_zstd() -> None:
    message = _error(zip_members({"collection.anki21b": b"SQLite format 3\x00 but not compressed"}))
    assert message.startswith("has a damaged collection.anki21b (not valid zstd data")


def _patch_central_size(data: bytes, size: int) -> bytes:
    """Make the central directory claim ``size`` uncompressed bytes for the first member."""
    at = data.index(b"PK\x01\x02")
    return data[: at + 24] + struct.pack("<I", size) + data[at + 28 :]


def test_zip_member_declaring_too_much_is_refused_before_reading() -> None:
    data = _patch_central_size(zip_members({"collection.anki2": b"x" * 1000}), limits.MAX_UNPACKED_BYTES + 1)
    assert _error(data).startswith("unpacks to more than 200 MB (collection.anki2)")


def test_zip_member_lying_small_is_caught() -> None:
    data = _patch_central_size(zip_members({"collection.anki2": collection_bytes([Note(("Q", "A"))])}), 512)
    assert _error(data).startswith("is damaged and cannot be unpacked (")


def test_encrypted_zip_member() -> None:
    data = bytearray(zip_members({"collection.anki2": collection_bytes([Note(("Q", "A"))])}))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 1
    assert _error(bytes(data)) == "is password-protected; export it again from Anki without a password"


def _zstd_of_zeros(total: int, declare: bool) -> bytes:
    out = io.BytesIO()
    compressor = zstandard.ZstdCompressor(level=1)
    with compressor.stream_writer(out, size=total if declare else -1, closefd=False) as writer:
        chunk = bytes(1 << 20)
        for start in range(0, total, len(chunk)):
            writer.write(chunk[: min(len(chunk), total - start)])
    return out.getvalue()


def test_zstd_bomb_declared_in_frame_header() -> None:
    bomb = _zstd_of_zeros(limits.MAX_UNPACKED_BYTES + 1, declare=True)
    assert len(bomb) < 100_000
    assert _error(zip_members({"collection.anki21b": bomb})).startswith("unpacks to more than 200 MB")


def test_zstd_bomb_without_declared_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_UNPACKED_BYTES", 3 << 20)
    bomb = _zstd_of_zeros(4 << 20, declare=False)
    assert _error(zip_members({"collection.anki21b": bomb})).startswith("unpacks to more than 3 MB")


def test_too_many_notes_stops_before_reading_them() -> None:
    data = build_package(None, [("Q", "A")] * (MAX_NOTES + 1), layout="anki21b")
    assert _error(data) == (
        f"has {MAX_NOTES + 1:,} notes; at most {MAX_NOTES:,} notes and {limits.MAX_CARDS:,} cards are read, "
        "so split it into smaller decks"
    )


def test_too_many_cards() -> None:
    data = build_package(None, [("Q", "A")] * (limits.MAX_CARDS + 1))
    assert _error(data) == (
        f"has more than {limits.MAX_CARDS:,} cards; the limit is {limits.MAX_CARDS:,}, so split it into smaller decks"
    )


def test_cloze_render_budget_bounds_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki, "_RENDER_BUDGET", 200_000)
    text = " ".join(f"{{{{c{n}::word{n}}}}}" for n in range(1, 2001))
    data = build_package(None, [("Q", "A"), Note((text, ""), cloze=True)])
    assert _error(data) == (
        f"has cloze notes too long to read (note {1_600_000_000_001} and before); split them into smaller notes"
    )


def test_slow_collection_is_interrupted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(anki, "_READ_SECONDS", -1.0)
    data = build_package(None, [(f"Q{i}", f"A{i}") for i in range(3000)])
    assert _error(data) == (
        "took too long to read (collection.anki2); export it again from Anki with File > Export > Anki Deck Package"
    )


def test_slow_card_building_is_stopped(tmp_path: Path) -> None:
    package = zipfile.ZipFile(io.BytesIO(build_package(None, [(f"Q{i}", f"A{i}") for i in range(600)])))
    path = tmp_path / "collection.db"
    path.write_bytes(package.read("collection.anki2"))
    collection = anki.read_collection(path, "slow.apkg", "collection.anki2", time.monotonic() + 60)
    assert len(collection.notes) == 600
    with pytest.raises(DeckError) as caught:
        anki._build_deck(collection, "slow.apkg", deadline=time.monotonic() - 1)
    assert caught.value.message == (
        f"took too long to read (stopped at note {1_600_000_000_255}); split it into smaller decks"
    )


def test_only_empty_notes() -> None:
    data = build_package(None, [("<br>", "x"), ("&nbsp;", "y")])
    assert _error(data) == (
        f"has no usable cards: all 2 notes were skipped (note {1_600_000_000_000}: skipped, "
        "empty front (a picture that is not in the package, or none))"
    )


def test_no_notes() -> None:
    data = zip_members({"collection.anki2": collection_bytes([])})
    assert _error(data).startswith("holds no notes")


def test_damaged_packages_never_escape_as_other_errors() -> None:
    """Flip bytes in the zip, in the zstd stream and in the SQLite pages themselves."""
    notes = [Note((f"Q{i} {{{{c1::x{i}}}}}", f"A{i}"), tags=("t",), cloze=i % 2 == 0) for i in range(80)]
    sqlite_pages = {schema: collection_bytes(notes, schema=schema) for schema in (11, 18)}
    rng = random.Random(1234)
    outcomes = set()
    for round_ in range(90):
        schema = 11 if round_ % 2 else 18
        layer = round_ % 3
        damaged = bytearray(sqlite_pages[schema])
        if layer == 0:  # inside the database, behind a valid header
            for _ in range(rng.randrange(1, 40)):
                damaged[rng.randrange(100, len(damaged))] = rng.randrange(256)
        member = bytes(damaged)
        if schema == 18:
            member = bytearray(zstandard.ZstdCompressor().compress(member))
            if layer == 1:  # inside the zstd stream
                for _ in range(rng.randrange(1, 5)):
                    member[rng.randrange(len(member))] = rng.randrange(256)
            member = bytes(member)
        package = bytearray(zip_members({"collection.anki21b" if schema == 18 else "collection.anki2": member}))
        if layer == 2:  # the zip itself, sometimes cut short
            if rng.random() < 0.5:
                package = package[: rng.randrange(len(package))]
            for _ in range(rng.randrange(1, 10)):
                package[rng.randrange(len(package))] = rng.randrange(256)
        try:
            read_anki_package(bytes(package), "fuzz.apkg")
            outcomes.add("deck")
        except DeckError as exc:
            assert exc.file == "fuzz.apkg" and exc.message
            outcomes.add("error")
    assert outcomes == {"deck", "error"}


def test_temporary_files_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(anki.tempfile, "tempdir", None)
    read_anki_package(build_package(None, [("Q", "A")], layout="anki21b"), "x.apkg")
    with pytest.raises(DeckError):
        read_anki_package(zip_members({"collection.anki2": b"junk" * 10}), "bad.apkg")
    assert list(tmp_path.iterdir()) == []


# --- bounded work on hostile but valid packages ------------------------------


def test_too_much_note_text_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 5_000)
    data = build_package(None, [(f"Q{n}", "<b>answer</b> " * 10) for n in range(40)])
    assert _error(data) == (
        "holds more than 5,000 characters of note text, far more than a study deck; split it into smaller decks"
    )
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50_000)
    assert len(read_anki_package(data, "ok.apkg").cards) == 40


def test_field_dense_with_entities_is_skipped_unread() -> None:
    notes = [("Entities", "&#65;" * (limits.MAX_FIELD_CHARS + 1)), ("Short", "&lt;fine&gt;")]
    deck = read_anki_package(build_package(None, notes), "amp.apkg")
    assert [(card.front, card.answers) for card in deck.cards] == [("Short", ("<fine>",))]
    assert deck.notes == (
        f"note {1_600_000_000_000}: skipped, a field is longer than {limits.MAX_FIELD_CHARS:,} characters",
    )


def test_fields_past_the_cap_are_ignored() -> None:
    fields = ("Q", "A", *(f"extra {n}" for n in range(200)))
    (card,) = read_anki_package(build_package(None, [Note(fields)]), "wide.apkg").cards
    assert card.back[:3] == ("A", "extra 0", "extra 1")
    assert len(card.back) == anki_collection._MAX_FIELDS - 1


def test_decks_found_without_anki_card_index() -> None:
    notes = [Note(("Q1", "A1"), deck="Alpha"), Note(("Q2", "A2"), deck="Beta")]
    con = sqlite3.connect(":memory:")
    con.deserialize(collection_bytes(notes))
    con.execute("DROP INDEX ix_cards_nid")
    con.commit()
    deck = read_anki_package(zip_members(package_members(con.serialize(), "anki2")), "noindex.apkg")
    assert [card.tags for card in deck.cards] == [("deck:Alpha",), ("deck:Beta",)]


def test_text_that_is_not_utf8_is_read_with_replacement_characters() -> None:
    con = sqlite3.connect(":memory:")
    con.deserialize(collection_bytes([Note(("Q1", "A1")), Note(("Q2", "A2"))]))
    con.execute("UPDATE notes SET flds = CAST(X'51C3281F41' AS TEXT) WHERE flds LIKE 'Q1%'")
    con.commit()
    deck = read_anki_package(zip_members(package_members(con.serialize(), "anki2")), "latin.apkg")
    assert [(card.front, card.answers) for card in deck.cards] == [("Q\ufffd(", ("A",)), ("Q2", ("A2",))]
