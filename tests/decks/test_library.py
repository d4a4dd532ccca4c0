"""Which deck a command plays and whether an upload may be imported: rules the cogs ask for."""

from __future__ import annotations

import pytest

from bot.cards import DeckError
from bot.decks import (
    SAMPLES,
    DeckLibrary,
    ImportRefused,
    choose_deck,
    import_name,
    is_builtin_name,
    plan_import,
    sample_questions,
)
from bot.decks.readers import MAX_FILE_BYTES, read_deck
from tests.helpers import ROOT, SEED

BUILTIN = ["sino-soviet-relations", "Space Race"]


def test_choose_deck_takes_the_first_name_given_then_the_first_builtin() -> None:
    assert choose_deck("mine", "default", builtin=BUILTIN) == "mine"
    assert choose_deck(None, "default", builtin=BUILTIN) == "default"
    assert choose_deck("", None, builtin=BUILTIN) == "sino-soviet-relations"
    assert choose_deck(builtin=BUILTIN) == "sino-soviet-relations"
    assert choose_deck(None, None, builtin=[]) is None


def test_builtin_names_match_without_case_or_outer_spaces() -> None:
    assert is_builtin_name("  space race ", BUILTIN)
    assert not is_builtin_name("space  race", BUILTIN)
    assert not is_builtin_name("Space Race 2", BUILTIN)


def test_the_library_reserves_its_shipped_names() -> None:
    library = DeckLibrary(ROOT / "data")
    assert not library.is_builtin("Sino-Soviet-Relations"), "nothing is reserved before the decks are loaded"
    library.load_builtins()
    assert library.is_builtin("Sino-Soviet-Relations")
    assert not library.is_builtin("my deck")


@pytest.mark.parametrize(
    ("filename", "name", "expected"),
    [
        ("Cold War  leaders.csv", None, "Cold War leaders"),
        ("leaders.apkg", "  My   deck ", "My deck"),
        ("notes", None, "notes"),
        ("leaders.txt", "", "leaders"),
    ],
)
def test_import_name_from_option_or_file_stem(filename: str, name: str | None, expected: str) -> None:
    assert import_name(filename, name) == expected


def test_plan_import_keeps_only_the_file_name() -> None:
    plan = plan_import("../../uploads/Cold War.yaml", 100, None, BUILTIN)
    assert (plan.filename, plan.name) == ("Cold War.yaml", "Cold War")
    assert plan_import("", 100, "Mine", BUILTIN).filename == "deck"


def test_plan_import_refuses_an_oversize_file_with_the_readers_words() -> None:
    size = MAX_FILE_BYTES + 1_048_576
    with pytest.raises(ImportRefused) as caught:
        plan_import("big.apkg", size, "Big", BUILTIN)
    assert caught.value.reason == "too_big"
    assert caught.value.detail.startswith("big.apkg")
    assert f"is {size / 1_048_576:.1f} MB" in caught.value.detail
    assert f"the limit is {MAX_FILE_BYTES // 1_048_576} MB" in caught.value.detail
    assert plan_import("ok.apkg", MAX_FILE_BYTES, "Ok", BUILTIN).name == "Ok", "exactly the limit is allowed"
    with pytest.raises(DeckError) as read:
        read_deck(b"x" * size, "big.apkg")
    assert caught.value.detail == str(read.value), "refused before download in the reader's own words"


def test_plan_import_refuses_a_blank_name() -> None:
    with pytest.raises(ImportRefused) as caught:
        plan_import("   .txt", 10, "   ", BUILTIN)
    assert caught.value.reason == "unnamed"


def test_plan_import_refuses_a_builtin_name_whatever_the_case() -> None:
    with pytest.raises(ImportRefused) as caught:
        plan_import("space RACE.csv", 10, None, BUILTIN)
    assert (caught.value.reason, caught.value.detail) == ("builtin", "space RACE")


def test_sample_questions_are_the_same_every_time() -> None:
    deck = read_deck(SEED.read_bytes(), "sino-soviet-relations.txt")
    first = sample_questions(deck)
    assert len(first) == SAMPLES
    assert [q.prompt for q in sample_questions(deck)] == [q.prompt for q in first]
    assert len({q.card.front for q in first}) == SAMPLES, "samples come from different cards"


def test_sample_questions_of_a_small_deck() -> None:
    deck = read_deck(b"title: One\ncards:\n  - front: Who led the USSR in 1962?\n    answers: [Khrushchev]\n", "one.yaml")
    assert len(sample_questions(deck)) == 1


# -- the cache of loaded imported decks ------------------------------------------------------------


def yaml_deck(title: str, cards: int) -> bytes:
    lines = [f"title: {title}", "cards:"]
    for n in range(cards):
        lines += [f"  - front: {title} question number {n} about the treaty?", f"    answers: [{title} answer {n}]"]
    return ("\n".join(lines) + "\n").encode()


async def test_an_import_is_read_once_and_the_same_file_is_shared(tmp_path):
    from bot.decks.readers import read_deck
    from bot.storage import open_store

    store = await open_store(f"sqlite:///{tmp_path / 'lib.db'}")
    try:
        library = DeckLibrary(tmp_path / "none", store)
        content = yaml_deck("Alpha", 30)
        deck = read_deck(content, "alpha.yaml")
        info = await store.add_deck(1, "Alpha", deck.format, "alpha.yaml", content, imported_by=1, card_count=30)
        adopted = await library.adopt(1, info.name, content, "alpha.yaml", deck)
        assert library.is_ready(1, "alpha")
        got = await library.get(1, "ALPHA")
        assert got.deck is adopted.deck is deck and library.reads == 1, "the import's own read is the only one"
        # Another server uploads the very same file: one copy in memory.
        await store.add_deck(2, "Same", deck.format, "same.yaml", content, imported_by=1, card_count=30)
        other = await library.get(2, "same")
        assert other.deck is deck and other.name == "Same" and library.reads == 1
        library.forget(1, "alpha")
        assert not library.is_ready(1, "alpha") and library.is_ready(2, "same")
    finally:
        await store.close()


async def test_the_least_recently_used_deck_is_forgotten_past_the_byte_budget(tmp_path):
    from bot.decks.library import deck_bytes
    from bot.decks.readers import read_deck
    from bot.storage import open_store

    store = await open_store(f"sqlite:///{tmp_path / 'lib.db'}")
    try:
        contents = {name: yaml_deck(name, 40) for name in ("One", "Two", "Three")}
        size = deck_bytes(read_deck(contents["One"], "one.yaml"))
        library = DeckLibrary(tmp_path / "none", store, cache_bytes=int(size * 2.5))
        for name, content in contents.items():
            await store.add_deck(1, name, "deck-yaml", f"{name}.yaml", content, imported_by=1, card_count=40)
        await library.get(1, "One")
        await library.get(1, "Two")
        await library.get(1, "One")  # One is now the most recently used
        await library.get(1, "Three")
        assert library.reads == 3 and library.cached_bytes <= library.cache_bytes
        assert library.is_ready(1, "one") and library.is_ready(1, "three") and not library.is_ready(1, "two")
        again = await library.get(1, "Two")
        assert library.reads == 4 and again.deck.title == "Two"
        assert not library.is_ready(1, "one"), "One was then the least recently used"
    finally:
        await store.close()


def term_file(cards: int) -> bytes:
    rows = ["term\tdefinition"]
    for n in range(cards):
        rows.append(f"Treaty of Place{n} ({1900 + n})\tSigned by Minister Name{n} with {n * 7} delegates at \"Hall {n}\"")
    return ("\n".join(rows) + "\n").encode()


async def test_a_restart_restores_the_stored_index_and_asks_and_grades_the_same(tmp_path):
    """The import stores what indexing worked out; after a restart the deck is read again but not indexed again."""
    import random

    from bot.grading import grade
    from bot.questions import pick_questions
    from bot.storage import open_store

    content = term_file(60)
    store = await open_store(f"sqlite:///{tmp_path / 'lib.db'}")
    try:
        deck = read_deck(content, "terms.tsv")
        info = await store.add_deck(1, "Terms", deck.format, "terms.tsv", content, imported_by=1, card_count=60)
        built = await DeckLibrary(tmp_path / "none", store).adopt(1, info.name, content, "terms.tsv", deck)
        restarted = DeckLibrary(tmp_path / "none", store)
        restored = await restarted.get(1, "terms")
        assert restarted.reads == 1 and restarted.restored == 1
        assert restored.deck == built.deck and restored.deck is not built.deck
        asked = [q.prompt for q in pick_questions(restored.deck, random.Random(4), 10)]
        assert asked == [q.prompt for q in pick_questions(built.deck, random.Random(4), 10)]
        assert restored.context.words == built.context.words
        for answer in ("Treaty of Place7", "treaty of place 7", "Treaty of Plaice7"):
            assert grade(answer, ("Treaty of Place8",), context=restored.context) == grade(
                answer, ("Treaty of Place8",), context=built.context
            ), answer
    finally:
        await store.close()


async def test_an_index_stored_by_other_code_or_broken_is_made_again(tmp_path, caplog):
    from bot.decks.library import content_key, index_code
    from bot.storage import open_store

    content = term_file(12)
    key = content_key(content, "terms.tsv")
    store = await open_store(f"sqlite:///{tmp_path / 'lib.db'}")
    try:
        await store.add_deck(1, "Terms", "tsv", "terms.tsv", content, imported_by=1, card_count=12)
        await store.save_deck_index(key, "older code", b"{}")
        library = DeckLibrary(tmp_path / "none", store)
        await library.get(1, "terms")
        assert library.restored == 0 and await store.load_deck_index(key, "older code") is None
        assert await store.load_deck_index(key, index_code()) is not None, "the new index was stored"
        await store.save_deck_index(key, index_code(), b'{"index": {"size": 12}, "context": {}}')
        again = DeckLibrary(tmp_path / "none", store)
        loaded = await again.get(1, "terms")
        assert again.restored == 0 and len(loaded.deck.cards) == 12
        assert "a stored deck index could not be used" in caplog.text
    finally:
        await store.close()


async def test_a_deck_loads_when_its_index_cannot_be_stored(tmp_path, caplog):
    from bot.storage import open_store
    from tests.helpers import make_read_only

    content = term_file(12)
    path = tmp_path / "lib.db"
    store = await open_store(f"sqlite:///{path}")
    try:
        await store.add_deck(1, "Terms", "tsv", "terms.tsv", content, imported_by=1, card_count=12)
        await make_read_only(store)
        loaded = await DeckLibrary(tmp_path / "none", store).get(1, "terms")
        assert len(loaded.deck.cards) == 12
        assert "could not store a deck index" in caplog.text
    finally:
        await store.close()
