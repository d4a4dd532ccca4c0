"""Build Anki packages in all three layouts, for tests and benchmarks.

The collections are written with sqlite3 directly (genanki is far slower and
only writes the oldest layout), using the table definitions of Anki's own
schema 11 and schema 18, so 20,000 notes build in well under two seconds.
Only the standard library and zstandard are imported, so the benchmarks can
use this without the test dependencies.
"""

from __future__ import annotations

import io
import json
import re
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import zstandard

PLACEHOLDER_TEXT = "Please update to the latest Anki version, then import the .colpkg/.apkg file again."
"""What Anki puts in the collection.anki2 it ships beside a newer collection."""

LAYOUTS = ("anki2", "anki21", "anki21b")
FIRST_NOTE_ID = 1_600_000_000_000

_SCHEMA11 = """
CREATE TABLE col (id integer PRIMARY KEY, crt integer NOT NULL, mod integer NOT NULL,
  scm integer NOT NULL, ver integer NOT NULL, dty integer NOT NULL, usn integer NOT NULL,
  ls integer NOT NULL, conf text NOT NULL, models text NOT NULL, decks text NOT NULL,
  dconf text NOT NULL, tags text NOT NULL);
CREATE TABLE notes (id integer PRIMARY KEY, guid text NOT NULL, mid integer NOT NULL,
  mod integer NOT NULL, usn integer NOT NULL, tags text NOT NULL, flds text NOT NULL,
  sfld integer NOT NULL, csum integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE cards (id integer PRIMARY KEY, nid integer NOT NULL, did integer NOT NULL,
  ord integer NOT NULL, mod integer NOT NULL, usn integer NOT NULL, type integer NOT NULL,
  queue integer NOT NULL, due integer NOT NULL, ivl integer NOT NULL, factor integer NOT NULL,
  reps integer NOT NULL, lapses integer NOT NULL, left integer NOT NULL, odue integer NOT NULL,
  odid integer NOT NULL, flags integer NOT NULL, data text NOT NULL);
CREATE TABLE revlog (id integer PRIMARY KEY, cid integer NOT NULL, usn integer NOT NULL,
  ease integer NOT NULL, ivl integer NOT NULL, lastIvl integer NOT NULL, factor integer NOT NULL,
  time integer NOT NULL, type integer NOT NULL);
CREATE INDEX ix_notes_usn ON notes (usn);
CREATE INDEX ix_cards_usn ON cards (usn);
CREATE INDEX ix_revlog_usn ON revlog (usn);
CREATE INDEX ix_cards_nid ON cards (nid);
CREATE INDEX ix_cards_sched ON cards (did, queue, due);
CREATE INDEX ix_revlog_cid ON revlog (cid);
CREATE INDEX ix_notes_csum ON notes (csum);
"""

_GRAVES11 = "CREATE TABLE graves (usn integer NOT NULL, oid integer NOT NULL, type integer NOT NULL);"

# Tables added by schema 14, 15, 17 and 18, as Anki's upgrade scripts create them.
_SCHEMA18 = """
CREATE TABLE graves (oid integer NOT NULL, type integer NOT NULL, usn integer NOT NULL,
  PRIMARY KEY (oid, type)) WITHOUT ROWID;
CREATE INDEX idx_graves_pending ON graves (usn);
CREATE TABLE deck_config (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE config (key text NOT NULL PRIMARY KEY, usn integer NOT NULL,
  mtime_secs integer NOT NULL, val blob NOT NULL) WITHOUT ROWID;
CREATE TABLE tags (id integer PRIMARY KEY NOT NULL, name text NOT NULL COLLATE unicase,
  usn integer NOT NULL, config blob NOT NULL);
CREATE TABLE fields (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  config blob NOT NULL, PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
CREATE UNIQUE INDEX idx_fields_name_ntid ON fields (name, ntid);
CREATE TABLE templates (ntid integer NOT NULL, ord integer NOT NULL, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL,
  PRIMARY KEY (ntid, ord)) WITHOUT ROWID;
CREATE UNIQUE INDEX idx_templates_name_ntid ON templates (name, ntid);
CREATE INDEX idx_templates_usn ON templates (usn);
CREATE TABLE notetypes (id integer NOT NULL PRIMARY KEY, name text NOT NULL COLLATE unicase,
  mtime_secs integer NOT NULL, usn integer NOT NULL, config blob NOT NULL);
CREATE UNIQUE INDEX idx_notetypes_name ON notetypes (name);
CREATE INDEX idx_notetypes_usn ON notetypes (usn);
CREATE TABLE decks (name text NOT NULL PRIMARY KEY COLLATE unicase, id integer NOT NULL,
  mtime_secs integer NOT NULL, usn integer NOT NULL, common blob NOT NULL, kind blob NOT NULL);
CREATE UNIQUE INDEX idx_decks_id ON decks (id);
"""

_CLOZE_NUMBER = re.compile(r"\{\{c(\d+)::")
_CSS = b".card { font-family: arial; }"


@dataclass(frozen=True)
class Note:
    """One note to write; ``deck`` None means the package's deck."""

    fields: tuple[str, ...]
    tags: tuple[str, ...] = ()
    deck: str | None = None
    cloze: bool = False


def _unicase(a: str, b: str) -> int:
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def collection_bytes(notes: Sequence[Note], schema: int = 11, deck_name: str = "Default") -> bytes:
    """An uncompressed Anki collection (schema 11 or 18) holding ``notes``."""
    if schema not in (11, 18):
        raise ValueError("schema must be 11 or 18")
    con = sqlite3.connect(":memory:")
    con.create_collation("unicase", _unicase)
    con.executescript(_SCHEMA11 + (_SCHEMA18 if schema == 18 else _GRAVES11))

    decks = _deck_ids([note.deck or deck_name for note in notes])
    notetypes: dict[tuple[bool, int], int] = {}
    note_rows = []
    card_rows = []
    card_id = FIRST_NOTE_ID
    for index, note in enumerate(notes):
        nid = FIRST_NOTE_ID + index
        mid = notetypes.setdefault((note.cloze, len(note.fields)), 1_500_000_000_000 + len(notetypes))
        tags = f" {' '.join(note.tags)} " if note.tags else ""
        flds = "\x1f".join(note.fields)
        note_rows.append((nid, f"g{nid:x}", mid, 0, -1, tags, flds, note.fields[0] if note.fields else "", 0, 0, ""))
        did = decks[note.deck or deck_name]
        if note.cloze:
            ords = sorted({max(1, int(n)) - 1 for n in _CLOZE_NUMBER.findall(flds)}) or [0]
        else:
            ords = [0]
        for ord_ in ords:
            card_rows.append((card_id, nid, did, ord_, 0, -1, 0, 0, index, 0, 0, 0, 0, 0, 0, 0, 0, ""))
            card_id += 1
    con.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
    con.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)

    if schema == 11:
        models = json.dumps({str(mid): _legacy_model(mid, cloze, count) for (cloze, count), mid in notetypes.items()})
        deck_json = json.dumps({str(did): _legacy_deck(did, name) for name, did in decks.items()})
        con.execute("INSERT INTO col VALUES (1,0,0,0,11,0,0,0,'{}',?,?,'{}','{}')", (models, deck_json))
    else:
        con.execute("INSERT INTO col VALUES (1,0,0,0,18,0,0,0,'','','','','')")
        for (cloze, count), mid in notetypes.items():
            config = (b"\x08\x01" if cloze else b"") + b"\x1a" + bytes([len(_CSS)]) + _CSS
            con.execute("INSERT INTO notetypes VALUES (?,?,0,0,?)", (mid, _model_name(cloze, count), config))
            names = _field_names(cloze, count)
            con.executemany("INSERT INTO fields VALUES (?,?,?,?)", [(mid, i, n, b"") for i, n in enumerate(names)])
            con.execute("INSERT INTO templates VALUES (?,0,'Card 1',0,0,?)", (mid, b""))
        con.executemany(
            "INSERT INTO decks VALUES (?,?,0,0,?,?)",
            [(name.replace("::", "\x1f"), did, b"", b"\x0a\x00") for name, did in decks.items()],
        )
        con.execute("INSERT INTO deck_config VALUES (1,'Default',0,0,?)", (b"",))
    con.commit()
    data = con.serialize()
    con.close()
    return data


def _deck_ids(names: Sequence[str]) -> dict[str, int]:
    """Ids for the used decks, their parents, and the always-present Default deck."""
    decks = {"Default": 1}
    for name in names:
        parts = name.split("::")
        for depth in range(1, len(parts) + 1):
            decks.setdefault("::".join(parts[:depth]), 1_700_000_000_000 + len(decks))
    return decks


def _model_name(cloze: bool, count: int) -> str:
    return f"{'Cloze' if cloze else 'Basic'} ({count} fields)"


def _field_names(cloze: bool, count: int) -> list[str]:
    first = ["Text", "Back Extra"] if cloze else ["Front", "Back"]
    return (first + [f"Extra {i}" for i in range(3, count + 1)])[:count]


def _legacy_model(mid: int, cloze: bool, count: int) -> dict:
    return {
        "id": mid,
        "name": _model_name(cloze, count),
        "type": 1 if cloze else 0,
        "flds": [{"name": name, "ord": i} for i, name in enumerate(_field_names(cloze, count))],
        "tmpls": [{"name": "Card 1", "ord": 0, "qfmt": "{{Front}}", "afmt": "{{Back}}"}],
        "css": _CSS.decode(),
        "sortf": 0,
    }


def _legacy_deck(did: int, name: str) -> dict:
    return {"id": did, "name": name, "dyn": 0, "conf": 1, "desc": "", "collapsed": False}


def placeholder_collection() -> bytes:
    """The one-note collection.anki2 that newer Anki exports ship for old versions."""
    return collection_bytes([Note((PLACEHOLDER_TEXT, ""))], schema=11)


def zip_members(members: dict[str, bytes]) -> bytes:
    """Zip the members as Anki does: zstd data stored, the rest deflated."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            method = zipfile.ZIP_STORED if name.endswith("b") or name == "meta" else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method, compresslevel=1 if method else None)
    return buffer.getvalue()


def package_members(collection: bytes, layout: str, media: dict[str, bytes] | None = None) -> dict[str, bytes]:
    """The zip members of a package in ``layout`` around an uncompressed collection, with its media files."""
    media = media or {}
    numbered = {str(i): data for i, data in enumerate(media.values())}
    if layout in ("anki2", "anki21"):
        listing = json.dumps({str(i): name for i, name in enumerate(media)}).encode()
        members = {"collection.anki2": collection} if layout == "anki2" else {
            "collection.anki2": placeholder_collection(), "collection.anki21": collection,
        }
        return {**members, "media": listing, **numbered}
    if layout == "anki21b":
        compressor = zstandard.ZstdCompressor()
        entries = b"".join(_field(1, _field(1, name.encode()) + _varint_field(2, len(data))) for name, data in media.items())
        return {
            "collection.anki2": placeholder_collection(),
            "collection.anki21b": compressor.compress(collection),
            "media": compressor.compress(entries),
            "meta": b"\x08\x03",
            **{name: compressor.compress(data) for name, data in numbered.items()},
        }
    raise ValueError(f"layout must be one of {LAYOUTS}")


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field, as Anki's MediaEntries are written."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def build_package(
    path: str | Path | None,
    notes: Sequence[tuple[str, str] | Note],
    layout: str = "anki2",
    deck_name: str = "Deckhand Test",
    media: dict[str, bytes] | None = None,
) -> bytes:
    """A whole .apkg in ``layout``; written to ``path`` too unless it is None.

    ``notes`` are (front, back) pairs for Basic notes, or :class:`Note` objects
    for cloze notes, tags, extra fields and several decks.
    """
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    full = [note if isinstance(note, Note) else Note(tuple(note)) for note in notes]
    collection = collection_bytes(full, schema=18 if layout == "anki21b" else 11, deck_name=deck_name)
    data = zip_members(package_members(collection, layout, media))
    if path is not None:
        Path(path).write_bytes(data)
    return data
