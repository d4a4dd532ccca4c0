"""Reading an unpacked Anki collection: notes, note types and decks, whichever layout wrote it.

Every query runs under a deadline and every note is bounded (fields per
note, characters per field), because packages come from strangers."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.cards import DeckError
from bot.decks.readers import limits
from bot.decks.readers.anki_unpack import EXPORT_HINT, brief

MAX_NOTES = limits.MAX_CARDS * 2
"""Most notes read; well above MAX_CARDS so decks with some empty notes still load."""

MAX_RAW_NOTE_CHARS = 1_000_000
_MAX_FIELDS = 64
"""Fields read per note; the rest are ignored. Far above any real note type, and
it keeps a note of a million one-letter fields from costing a million strips."""
MAX_FIELD_ENTITIES = limits.MAX_FIELD_CHARS
"""A field with more ``&`` than this cannot be short enough to keep (each entity
is at least one character), and unescaping it costs a call per entity."""

_SQLITE_MAGIC = b"SQLite format 3\x00"
_STUB_MARKERS = ("update to the latest anki version", "requires a newer version of anki", ".colpkg/.apkg")

# --- reading the collection ------------------------------------------------


@dataclass
class Note:
    nid: int
    mid: int | None
    tags: tuple[str, ...]
    fields: list[str] | None
    """None when the raw note is too long to be a flashcard."""
    did: int | None


@dataclass
class Collection:
    notes: list[Note]
    cloze: dict[int, bool | None] = field(default_factory=dict)
    """Note type id to whether it is a cloze type; None when unknown."""
    decks: dict[int, str] = field(default_factory=dict)


def read_collection(path: Path, file: str, member: str, deadline: float) -> Collection:
    with path.open("rb") as handle:
        if handle.read(16) != _SQLITE_MAGIC:
            raise DeckError(
                file, f"holds a {member} that is not an SQLite database; the package is damaged, so {EXPORT_HINT}"
            )
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise DeckError(file, f"holds a {member} that cannot be opened ({brief(exc)}); {EXPORT_HINT}") from None
    try:
        con.create_collation("unicase", _unicase)
        con.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        con.execute("PRAGMA trusted_schema = OFF")
        try:
            return _query_collection(con, file, member)
        except sqlite3.OperationalError as exc:
            if "decode" not in str(exc):
                raise
        con.text_factory = _decode  # slower, so only once strict decoding has failed
        return _query_collection(con, file, member)
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise DeckError(file, f"took too long to read ({member}); {EXPORT_HINT}") from None
        raise DeckError(file, f"holds a damaged {member} ({brief(exc)}); {EXPORT_HINT}") from None
    except sqlite3.Error as exc:
        raise DeckError(file, f"holds a damaged {member} ({brief(exc)}); {EXPORT_HINT}") from None
    except UnicodeDecodeError:  # SQLite's own message about a garbled schema
        raise DeckError(file, f"holds a damaged {member} (garbled table definitions); {EXPORT_HINT}") from None
    finally:
        con.close()


def _decode(raw: bytes) -> str:
    """Damaged or hand-made collections may hold text that is not UTF-8."""
    return raw.decode("utf-8", errors="replace")


def _unicase(a: str, b: str) -> int:
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def _query_collection(con: sqlite3.Connection, file: str, member: str) -> Collection:
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [name for name in ("col", "notes", "cards") if name not in tables]
    if missing:
        raise DeckError(
            file,
            f"holds a {member} without the {', '.join(missing)} table(s) of an Anki collection; "
            f"the package is damaged or not from Anki, so {EXPORT_HINT}",
        )
    row = con.execute("SELECT ver, models, decks FROM col LIMIT 1").fetchone()
    if row is None:
        raise DeckError(file, f"holds a {member} with an empty col table; {EXPORT_HINT}")
    version, models, decks = row
    count = con.execute("SELECT count(*) FROM notes").fetchone()[0]
    if count > MAX_NOTES:
        raise DeckError(
            file,
            f"has {count:,} notes; at most {MAX_NOTES:,} notes and {limits.MAX_CARDS:,} cards are read, "
            "so split it into smaller decks",
        )
    if count == 1 and _is_placeholder(con):
        raise DeckError(
            file,
            "holds only Anki's placeholder note (\"Please update to the latest Anki version\") and not the "
            f"deck itself; the real collection is missing, so {EXPORT_HINT}",
        )
    collection = Collection(notes=_read_notes(con, file))
    if {"notetypes", "decks"} <= tables and (_int(version) >= 15 or not _text(models).strip("{} ")):
        for ntid, config in con.execute("SELECT id, config FROM notetypes"):
            collection.cloze[_int(ntid)] = _notetype_is_cloze(config)
        for did, name in con.execute("SELECT id, name FROM decks"):
            collection.decks[_int(did)] = _text(name).replace("\x1f", "::")
    else:
        collection.cloze = _legacy_models(models, file, member)
        collection.decks = _legacy_decks(decks, file, member)
    return collection


def _is_placeholder(con: sqlite3.Connection) -> bool:
    row = con.execute("SELECT substr(flds, 1, 1000) FROM notes LIMIT 1").fetchone()
    text = _text(row[0]).lower() if row else ""
    return any(marker in text for marker in _STUB_MARKERS)


def _read_notes(con: sqlite3.Connection, file: str) -> list[Note]:
    """Notes in id order, each with the deck of its first card.

    SQLite gives a bare column the row of the min() beside it, so ``did`` is the
    first card's. A join, not a subquery per note: a package without Anki's
    index on ``cards.nid`` would make that subquery scan every card per note.
    """
    rows = con.execute(
        """
        SELECT n.id, n.mid, n.tags,
               CASE WHEN length(n.flds) > ? THEN NULL ELSE n.flds END,
               c.did
        FROM notes n
        LEFT JOIN (SELECT nid, did, min(ord) FROM cards GROUP BY nid) c ON c.nid = n.id
        ORDER BY n.id LIMIT ?
        """,
        (MAX_RAW_NOTE_CHARS, MAX_NOTES),
    )
    notes = []
    total = 0
    for nid, mid, tags, flds, did in rows:
        tags = tags if type(tags) is str else _text(tags)
        if flds is None:
            fields = None
        else:
            flds = flds if type(flds) is str else _text(flds)
            fields = flds.split("\x1f", _MAX_FIELDS)
            del fields[_MAX_FIELDS:]
        total += len(tags) + (len(flds) if flds is not None else 0)
        if total > limits.MAX_TEXT_CHARS:
            raise DeckError(
                file,
                f"holds more than {limits.MAX_TEXT_CHARS:,} characters of note text, "
                "far more than a study deck; split it into smaller decks",
            )
        notes.append(
            Note(
                nid if type(nid) is int else _int(nid),
                mid if type(mid) is int else _int_or_none(mid),
                tuple(tags.split()),
                fields,
                did if type(did) is int else _int_or_none(did),
            )
        )
    return notes


def _legacy_models(raw: object, file: str, member: str) -> dict[int, bool | None]:
    models = _json_object(raw, file, member, "note types")
    result: dict[int, bool | None] = {}
    for key, model in models.items():
        kind = model.get("type") if isinstance(model, dict) else None
        result[_int(key)] = kind == 1 if isinstance(kind, int) else None
    return result


def _legacy_decks(raw: object, file: str, member: str) -> dict[int, str]:
    decks = _json_object(raw, file, member, "decks")
    return {
        _int(key): deck["name"]
        for key, deck in decks.items()
        if isinstance(deck, dict) and isinstance(deck.get("name"), str)
    }


def _json_object(raw: object, file: str, member: str, what: str) -> dict:
    text = _text(raw).strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise DeckError(file, f"holds a {member} whose {what} cannot be read (bad JSON); {EXPORT_HINT}") from None
    if not isinstance(value, dict):
        raise DeckError(file, f"holds a {member} whose {what} cannot be read (not a JSON object); {EXPORT_HINT}")
    return value


def _notetype_is_cloze(config: object) -> bool | None:
    """Read ``kind`` (field 1; 1 means cloze) from the protobuf note type config.

    Protobuf leaves out default values, so a config without field 1 is a
    normal note type. None means the blob is not protobuf as expected.
    """
    if not isinstance(config, bytes):
        return None
    pos = 0
    while pos < len(config):
        key, pos = varint(config, pos)
        if key is None:
            return None
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(config, pos)
            if value is None:
                return None
            if number == 1:
                return value == 1
        elif wire == 2:
            length, pos = varint(config, pos)
            if length is None:
                return None
            pos += length
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            return None
    return False if pos == len(config) else None


def varint(data: bytes, pos: int) -> tuple[int | None, int]:
    value = 0
    for shift in range(0, 70, 7):
        if pos >= len(data):
            return None, pos
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return value, pos
    return None, pos


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def _int(value: object) -> int:
    result = _int_or_none(value)
    return 0 if result is None else result


def _int_or_none(value: object) -> int | None:
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None
