"""The command line as a deck author meets it: real processes, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.decks.readers.limits import MAX_FILE_BYTES
from tests.helpers import ROOT, SEED


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "HOME": str(cwd)},
    )


def test_help_lists_subcommands():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "cards" in result.stdout


def test_cards_shows_every_seed_card():
    result = run_cli("cards", str(SEED))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "13 cards" in out
    assert "13. Border Clashes between Chinese and Soviet Forces (1960-1963)" in out
    assert "with the two sides no longer able to effectively collaborate" in out
    assert "answers: none (overview" in out


def test_cards_json_has_exact_shape():
    result = run_cli("cards", str(SEED), "--json")
    assert result.returncode == 0, result.stderr
    deck = json.loads(result.stdout)
    assert set(deck) == {"title", "format", "cards"}
    assert deck["format"] == "notes"
    assert len(deck["cards"]) == 13
    for card in deck["cards"]:
        assert set(card) == {"front", "back", "answers", "tags", "source", "media"}
        assert card["media"] == []
        assert isinstance(card["back"], list) and all(isinstance(x, str) for x in card["back"])
        assert isinstance(card["answers"], list)
        assert card["source"].endswith(f":{card['source'].rsplit(':', 1)[1]}")
    assert deck["cards"][0]["source"].endswith("sino-soviet-relations.txt:2")


def _bad_files(tmp: Path) -> dict[str, Path]:
    files = {
        "empty": tmp / "empty.txt",
        "blank": tmp / "blank.txt",
        "binary": tmp / "junk.txt",
        "latin1": tmp / "latin1.txt",
        "oversized": tmp / "huge.txt",
        "folder": tmp / "folder.txt",
        "missing": tmp / "missing.txt",
    }
    files["empty"].write_bytes(b"")
    files["blank"].write_bytes(b"\n  \n\t\n")
    files["binary"].write_bytes(bytes(range(256)) * 40)
    files["latin1"].write_bytes("Vocabulaire\nCaf\u00e9 (1900)\nUne boisson\n".encode("latin-1"))
    with files["oversized"].open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    files["folder"].mkdir()
    return files


@pytest.mark.parametrize(
    "case, expected",
    [
        ("empty", "is empty"),
        ("blank", "is empty"),
        ("binary", "binary"),
        ("latin1", "line 2: is not UTF-8"),
        ("oversized", "the limit is 10 MB"),
        ("folder", "is a folder"),
        ("missing", "no such file"),
    ],
)
def test_bad_input_gives_one_clear_line(tmp_path, case, expected):
    path = _bad_files(tmp_path)[case]
    result = run_cli("cards", str(path))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert expected in lines[0]
    assert "Traceback" not in result.stderr


def test_cards_says_how_cards_are_asked_and_names_those_that_cannot_be(tmp_path):
    deck = tmp_path / "bio.tsv"
    deck.write_text("Photosynthesis\tphotosynthesis\nOsmosis\tWater moving across a membrane, dilute to concentrated\n")
    result = run_cli("cards", str(deck))
    assert result.returncode == 0, result.stderr
    assert "How cards are asked: 1 typed · 0 choice only · 0 flip cards · 1 not asked" in result.stdout
    assert result.stdout.rstrip().endswith("Not asked (each side gives the other away, or there is nothing to ask):\n  - Photosynthesis")
