"""Read Anki packages (.apkg and .colpkg) into a :class:`Deck`.

Anki has written three package layouts over the years: a plain SQLite
``collection.anki2``; a ``collection.anki21`` beside a placeholder
``collection.anki2``; and today's zstd-compressed ``collection.anki21b``, also
beside that placeholder. The placeholder holds a single "please update Anki"
note, so the newest collection in the package is always the one read.

Packages come from strangers, so every step is bounded: the unpacked size
(zip and zstd alike, whatever the headers claim), the time SQLite may spend,
and the number of notes read. The collection is unpacked into a private
temporary folder and opened read-only; nothing else on disk is touched.
"""

from __future__ import annotations

import io
import json
import sqlite3
import struct
import tempfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import zstandard

from bot.cards import Card, Deck, DeckError, Source, clean_space
from bot.decks.readers import cloze, limits
from bot.decks.readers.text import NoteLog, deck_tag, strip_html, title_from_file

__all__ = ["MAX_NOTES", "read_anki_package"]

_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
"""Newest first: an older file beside a newer one is only the placeholder."""

MAX_NOTES = limits.MAX_CARDS * 2
"""Most notes read; well above MAX_CARDS so decks with some empty notes still load."""

_READ_SECONDS = 30.0
"""Wall-clock budget for SQLite queries and turning notes into cards."""
_CHUNK = 1 << 20
_ZSTD_WINDOW = 1 << 27
_MAX_RAW_NOTE_CHARS = 1_000_000
_MAX_FIELDS = 64
"""Fields read per note; the rest are ignored. Far above any real note type, and
it keeps a note of a million one-letter fields from costing a million strips."""
_MAX_FIELD_ENTITIES = limits.MAX_FIELD_CHARS
"""A field with more ``&`` than this cannot be short enough to keep (each entity
is at least one character), and unescaping it costs a call per entity."""
_RENDER_BUDGET = 50_000_000
"""Characters of cloze text rendered per package: one render per card, so a long
note with thousands of deletions cannot take minutes."""
_SQLITE_MAGIC = b"SQLite format 3\x00"
_STUB_MARKERS = ("update to the latest anki version", "requires a newer version of anki", ".colpkg/.apkg")
_EXPORT_HINT = "export it again from Anki with File > Export > Anki Deck Package"


def read_anki_package(data: bytes, file: str) -> Deck:
    """Parse an Anki package; ``file`` names it in errors and card sources."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, struct.error):
        raise DeckError(file, "is not a valid Anki package (not a zip file)") from None
    except NotImplementedError as exc:
        raise DeckError(
            file, f"is a damaged zip file or uses a zip feature Anki does not write ({exc}); {_EXPORT_HINT}"
        ) from None
    with archive:
        member = _pick_collection(archive, file)
        with tempfile.TemporaryDirectory(prefix="deckhand-anki-", ignore_cleanup_errors=True) as folder:
            path = Path(folder) / "collection.db"
            _unpack(archive, member, path, file)
            deadline = time.monotonic() + _READ_SECONDS
            collection = _read_collection(path, file, member.filename, deadline)
    return _build_deck(collection, file, deadline)


# --- unpacking -------------------------------------------------------------


def _pick_collection(archive: zipfile.ZipFile, file: str) -> zipfile.ZipInfo:
    members = {info.filename: info for info in archive.infolist()}
    for name in _COLLECTIONS:
        if name in members:
            return members[name]
    raise DeckError(
        file,
        "is a zip file but not an Anki package: no collection.anki2/anki21/anki21b inside; "
        "export from Anki with File > Export > Anki Deck Package",
    )


class _TooBig(Exception):
    pass


class _CountingReader(io.RawIOBase):
    """Passes reads through, refusing once more than ``limit`` bytes came out."""

    def __init__(self, source: BinaryIO, limit: int) -> None:
        self._source = source
        self._limit = limit
        self._count = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(_CHUNK if size is None or size < 0 else min(size, _CHUNK))
        self._count += len(chunk)
        if self._count > self._limit:
            raise _TooBig
        return chunk

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def _unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, dest: Path, file: str) -> None:
    limit = limits.MAX_UNPACKED_BYTES
    name = member.filename
    too_big = (
        f"unpacks to more than {limit // 1_048_576} MB ({name}); it is too large "
        "or not a real Anki package, so split the deck and export it again"
    )
    if member.file_size > limit:
        raise DeckError(file, too_big)
    try:
        with archive.open(member) as raw, dest.open("wb") as out:
            source: BinaryIO = _CountingReader(raw, limit)  # type: ignore[assignment]
            if name.endswith("b"):
                head = raw.peek(18)[:18] if hasattr(raw, "peek") else b""
                declared = _zstd_declared_size(head)
                if declared is not None and declared > limit:
                    raise _TooBig
                source = zstandard.ZstdDecompressor(max_window_size=_ZSTD_WINDOW).stream_reader(
                    source, read_across_frames=True
                )
            _copy_bounded(source, out, limit)
    except _TooBig:
        raise DeckError(file, too_big) from None
    except zstandard.ZstdError as exc:
        raise DeckError(file, f"has a damaged {name} (not valid zstd data: {_brief(exc)}); {_EXPORT_HINT}") from None
    except NotImplementedError as exc:
        raise DeckError(file, f"uses a zip compression Anki does not write ({exc}); {_EXPORT_HINT}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, struct.error) as exc:
        if "encrypted" in str(exc) or "password" in str(exc):
            raise DeckError(file, "is password-protected; export it again from Anki without a password") from None
        raise DeckError(file, f"is damaged and cannot be unpacked ({_brief(exc)}); {_EXPORT_HINT}") from None
    except OSError as exc:
        raise DeckError(file, f"could not be unpacked ({exc.strerror or exc}); try again later") from None


def _zstd_declared_size(head: bytes) -> int | None:
    try:
        size = zstandard.frame_content_size(head)
    except zstandard.ZstdError:
        return None
    return size if size >= 0 else None


def _copy_bounded(source: BinaryIO, out: BinaryIO, limit: int) -> None:
    total = 0
    while chunk := source.read(_CHUNK):
        total += len(chunk)
        if total > limit:
            raise _TooBig
        out.write(chunk)


# --- reading the collection ------------------------------------------------


@dataclass
class _Note:
    nid: int
    mid: int | None
    tags: tuple[str, ...]
    fields: list[str] | None
    """None when the raw note is too long to be a flashcard."""
    did: int | None


@dataclass
class _Collection:
    notes: list[_Note]
    cloze: dict[int, bool | None] = field(default_factory=dict)
    """Note type id to whether it is a cloze type; None when unknown."""
    decks: dict[int, str] = field(default_factory=dict)


def _read_collection(path: Path, file: str, member: str, deadline: float) -> _Collection:
    with path.open("rb") as handle:
        if handle.read(16) != _SQLITE_MAGIC:
            raise DeckError(
                file, f"holds a {member} that is not an SQLite database; the package is damaged, so {_EXPORT_HINT}"
            )
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error as exc:
        raise DeckError(file, f"holds a {member} that cannot be opened ({_brief(exc)}); {_EXPORT_HINT}") from None
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
            raise DeckError(file, f"took too long to read ({member}); {_EXPORT_HINT}") from None
        raise DeckError(file, f"holds a damaged {member} ({_brief(exc)}); {_EXPORT_HINT}") from None
    except sqlite3.Error as exc:
        raise DeckError(file, f"holds a damaged {member} ({_brief(exc)}); {_EXPORT_HINT}") from None
    except UnicodeDecodeError:  # SQLite's own message about a garbled schema
        raise DeckError(file, f"holds a damaged {member} (garbled table definitions); {_EXPORT_HINT}") from None
    finally:
        con.close()


def _decode(raw: bytes) -> str:
    """Damaged or hand-made collections may hold text that is not UTF-8."""
    return raw.decode("utf-8", errors="replace")


def _unicase(a: str, b: str) -> int:
    a, b = a.casefold(), b.casefold()
    return (a > b) - (a < b)


def _query_collection(con: sqlite3.Connection, file: str, member: str) -> _Collection:
    tables = {row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [name for name in ("col", "notes", "cards") if name not in tables]
    if missing:
        raise DeckError(
            file,
            f"holds a {member} without the {', '.join(missing)} table(s) of an Anki collection; "
            f"the package is damaged or not from Anki, so {_EXPORT_HINT}",
        )
    row = con.execute("SELECT ver, models, decks FROM col LIMIT 1").fetchone()
    if row is None:
        raise DeckError(file, f"holds a {member} with an empty col table; {_EXPORT_HINT}")
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
            f"deck itself; the real collection is missing, so {_EXPORT_HINT}",
        )
    collection = _Collection(notes=_read_notes(con, file))
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


def _read_notes(con: sqlite3.Connection, file: str) -> list[_Note]:
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
        (_MAX_RAW_NOTE_CHARS, MAX_NOTES),
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
            _Note(
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
        raise DeckError(file, f"holds a {member} whose {what} cannot be read (bad JSON); {_EXPORT_HINT}") from None
    if not isinstance(value, dict):
        raise DeckError(file, f"holds a {member} whose {what} cannot be read (not a JSON object); {_EXPORT_HINT}")
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
        key, pos = _varint(config, pos)
        if key is None:
            return None
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(config, pos)
            if value is None:
                return None
            if number == 1:
                return value == 1
        elif wire == 2:
            length, pos = _varint(config, pos)
            if length is None:
                return None
            pos += length
        elif wire in (1, 5):
            pos += 8 if wire == 1 else 4
        else:
            return None
    return False if pos == len(config) else None


def _varint(data: bytes, pos: int) -> tuple[int | None, int]:
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


def _brief(exc: BaseException) -> str:
    """A library's error text, made safe to show: printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(exc))
    return text if len(text) <= 80 else text[:77] + "..."


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


# --- notes to cards --------------------------------------------------------


def _build_deck(collection: _Collection, file: str, deadline: float) -> Deck:
    if not collection.notes:
        raise DeckError(
            file, "holds no notes; export a deck that has cards from Anki with File > Export > Anki Deck Package"
        )
    pending: list[tuple[_Result, _Note, str | None]] = []
    skipped = NoteLog()
    budget = cloze.Budget(_RENDER_BUDGET)
    decks, kinds = collection.decks, collection.cloze
    for index, note in enumerate(collection.notes):
        if index % 256 == 255 and time.monotonic() > deadline:
            raise DeckError(file, f"took too long to read (stopped at note {note.nid}); split it into smaller decks")
        deck = decks.get(note.did) if note.did is not None else None
        try:
            results = _note_cards(note, kinds.get(note.mid) if note.mid is not None else None, budget)
        except cloze.BudgetSpent:
            raise DeckError(
                file,
                f"has cloze notes too long to read (note {note.nid} and before); split them into smaller notes",
            ) from None
        for result in results:
            if isinstance(result, str):
                skipped.add(f"note {note.nid}: skipped, {result}")
                continue
            pending.append((result, note, deck))
            if len(pending) > limits.MAX_CARDS:
                raise DeckError(
                    file,
                    f"has more than {limits.MAX_CARDS:,} cards; the limit is {limits.MAX_CARDS:,}, "
                    "so split it into smaller decks",
                )
    if not pending:
        raise DeckError(
            file, f"has no usable cards: all {len(collection.notes):,} notes were skipped ({skipped.items[0]})"
        )
    names = list(dict.fromkeys(deck for _, _, deck in pending if deck))
    tag_decks = len(names) > 1
    source = Source(file=file, line=None)
    cards = tuple(
        Card(front, back, answers, note.tags + (deck_tag(deck),) if tag_decks and deck else note.tags, source, True)
        for (front, back, answers), note, deck in pending
    )
    return Deck(title=_title(names, file), cards=cards, format="anki-package", source=file, notes=skipped.result())


def _title(decks: list[str], file: str) -> str:
    if not decks:
        return title_from_file(file)
    if len(decks) == 1:
        return decks[0]
    paths = [deck.split("::") for deck in decks]
    common: list[str] = []
    for parts in zip(*paths):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    if common:
        return "::".join(common)
    return ", ".join(dict.fromkeys(path[0] for path in paths))


_Result = tuple[str, tuple[str, ...], tuple[str, ...]]


def _note_cards(note: _Note, is_cloze: bool | None, budget: cloze.Budget) -> list[_Result | str]:
    """Cards for one note, or a reason string for each card left out."""
    fields = note.fields
    if fields is None:
        return [f"longer than {_MAX_RAW_NOTE_CHARS:,} characters"]
    if max(map(len, fields)) > _MAX_FIELD_ENTITIES and any(
        value.count("&") > _MAX_FIELD_ENTITIES for value in fields
    ):
        return [_TOO_LONG]
    if is_cloze is None:
        is_cloze = cloze.has_cloze(fields[0])
    if is_cloze:
        return _cloze_cards(fields[0], tuple(value for raw in fields[1:] if (value := strip_html(raw))), budget)
    front = strip_html(fields[0])
    if not front:
        return ["empty front (pictures and sounds are not shown)"]
    answer = strip_html(fields[1]) if len(fields) > 1 else ""
    if not answer:
        return ["empty answer"]
    if len(fields) > 2:
        back = (answer, *(value for raw in fields[2:] if (value := strip_html(raw))))
    else:
        back = (answer,)
    if _too_long(front, back):
        return [_TOO_LONG]
    return [(front, back, (clean_space(answer),))]


def _cloze_cards(text: str, extras: tuple[str, ...], budget: cloze.Budget) -> list[_Result | str]:
    rendered = cloze.render_note(text, budget)
    if isinstance(rendered, str):
        return [rendered]
    back = (rendered.revealed, *extras)
    results: list[_Result | str] = []
    for card in rendered.cards:
        if isinstance(card, str):
            results.append(card)
        elif _too_long(card.front, back):
            results.append(_TOO_LONG)
        else:
            results.append((card.front, back, card.answers))
    return results


_TOO_LONG = f"a field is longer than {limits.MAX_FIELD_CHARS:,} characters"


def _too_long(front: str, back: tuple[str, ...]) -> bool:
    return len(front) > limits.MAX_FIELD_CHARS or max(map(len, back)) > limits.MAX_FIELD_CHARS
