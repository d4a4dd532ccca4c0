"""The compact English word list says what wordfreq says wherever a verdict can depend on it."""

from __future__ import annotations

import random

import pytest
from wordfreq import get_frequency_list, zipf_frequency

from bot.grading import wordlist


def test_every_sampled_word_has_wordfreqs_frequency_at_zipf_2_and_above():
    words = [w for bucket in get_frequency_list("en", wordlist="large") for w in bucket if w.isalpha() and w == w.lower()]
    sample = random.Random(7).sample(words, 5000) + ["the", "iran", "iraq", "yalta", "khrushchev", "thier", "kruschev"]
    for word in sample:
        z = zipf_frequency(word, "en")
        assert wordlist.zipf_of(word) == (z if z >= wordlist.MIN_ZIPF else 0.0), word
    # Only single letter runs reach it (the grader splits replies into words first).
    for unknown in ("qzxv", "khrushchevvv", "zzzzzzzz"):
        assert wordlist.zipf_of(unknown) == (zipf_frequency(unknown, "en") if zipf_frequency(unknown, "en") >= 2 else 0.0)


def test_the_list_is_made_once_in_its_own_process_and_a_bad_copy_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("DECKHAND_CACHE_DIR", str(tmp_path))
    wordlist._table.cache_clear()
    wordlist._regions.cache_clear()
    try:
        path = wordlist.cache_path()
        assert not path.exists()
        assert wordlist.zipf_of("iran") == zipf_frequency("iran", "en")
        assert path.is_file() and path.read_bytes().startswith(b"deckhand-zipf-1\n")
        assert len(path.read_bytes()) < 3_000_000, "a few megabytes, not thirty"
        path.write_bytes(b"something else\nfoo\t300")
        wordlist._table.cache_clear()
        wordlist._regions.cache_clear()
        assert wordlist.zipf_of("iran") == zipf_frequency("iran", "en")
        assert not path.exists() or path.read_bytes().startswith(b"deckhand-zipf-1\n")
    finally:
        wordlist._table.cache_clear()
        wordlist._regions.cache_clear()


@pytest.mark.parametrize("word", ["the", "a", "zebra", "zzz"])
def test_short_and_edge_words(word):
    z = zipf_frequency(word, "en")
    assert wordlist.zipf_of(word) == (z if z >= 2 else 0.0)


def test_the_cache_is_named_for_the_installed_wordfreq() -> None:
    from importlib.metadata import version

    assert wordlist._wordfreq_version() == version("wordfreq")
    assert wordlist.cache_path().name == f"zipf-en-{version('wordfreq')}.txt"
