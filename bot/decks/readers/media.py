"""Pictures and sounds inside Anki packages, read within fixed limits.

A package holds its media as numbered zip members and a ``media`` map from
member to file name: JSON in older packages, a zstd-compressed protobuf list
(the members zstd-compressed too) in ``collection.anki21b`` packages. Only
files a card refers to (``<img src>``, ``[sound:]``) are read.

Limits, so a package from a stranger cannot fill the memory of the bot:

- a file is read only up to :data:`MAX_FILE_BYTES` unpacked;
- pictures are re-encoded with Pillow: the longest side at most
  :data:`MAX_SIDE` pixels and at most :data:`MAX_IMAGE_BYTES` each, so
  Discord shows them and nothing odd (a script in an SVG, a huge canvas)
  survives; a file Pillow cannot read is left out with a note;
- sounds are kept as they are, up to :data:`MAX_SOUND_BYTES` each;
- all media of a deck together stay within :data:`MAX_DECK_MEDIA_BYTES`.

Names are made safe: no folders, no control characters, at most 100
characters, so a name can be a Discord attachment's file name.
"""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from collections.abc import Iterable
from urllib.parse import unquote

import zstandard

from bot.cards.model import PICTURE_SUFFIXES
from bot.decks.readers.anki_collection import varint
from bot.decks.readers.text import NoteLog

MAX_FILE_BYTES = 20 << 20
MAX_SIDE = 1600
MAX_IMAGE_BYTES = 2 << 20
MAX_SOUND_BYTES = 8 << 20
MAX_DECK_MEDIA_BYTES = 50 << 20
MAX_PIXELS = 40_000_000
"""Pillow refuses images above this many pixels: a tiny file can claim a gigantic canvas."""

SOUND_SUFFIXES = (".mp3", ".ogg", ".oga", ".wav", ".m4a", ".opus", ".flac", ".aac")
_IMG = re.compile(r"<\s*img\b[^>]*?\bsrc\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+))", re.IGNORECASE)
_SOUND = re.compile(r"\[sound:([^\]]+)\]")
_UNSAFE = re.compile(r"[^\w.\-()+]")
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def media_refs(field: str) -> tuple[list[str], list[str]]:
    """The pictures and sounds a raw Anki field refers to, in order: (images, sounds)."""
    images = []
    if "<" in field:
        for match in _IMG.finditer(field):
            name = match.group(1) or match.group(2) or match.group(3) or ""
            name = unquote(html.unescape(name)).strip()
            if name and not name.lower().startswith(("http://", "https://", "data:")):
                images.append(name)
    sounds = [s.strip() for s in _SOUND.findall(field)] if "[sound:" in field else []
    return images, sounds


def safe_name(name: str) -> str:
    """A file name with no folder and nothing Discord or a file system would mind."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _UNSAFE.sub("_", base).strip(" .") or "media"
    if len(cleaned) > 100:
        stem, dot, suffix = cleaned.rpartition(".")
        cleaned = (stem[: 99 - len(suffix)] + "." + suffix) if dot and len(suffix) <= 8 else cleaned[:100]
    return cleaned


def is_image(name: str) -> bool:
    return name.lower().endswith(PICTURE_SUFFIXES)


def is_sound(name: str) -> bool:
    return name.lower().endswith(SOUND_SUFFIXES)


def read_media(
    archive: zipfile.ZipFile, wanted: Iterable[str], notes: NoteLog, mapping: dict[str, zipfile.ZipInfo] | None = None
) -> dict[str, bytes]:
    """The wanted files (by their name in the notes), as safe name -> bytes, within every limit.

    ``mapping`` is name -> zip member; by default the Anki package's own ``media`` map."""
    names = sorted(set(wanted))
    if not names:
        return {}
    if mapping is None:
        mapping = _media_map(archive)
    found: dict[str, bytes] = {}
    total = 0
    for name in names:
        member = mapping.get(name)
        if member is None:
            notes.add(f"media {name!r} is referred to but not in the package")
            continue
        data = _read_member(archive, member)
        if data is None:
            notes.add(f"media {name!r} is over {MAX_FILE_BYTES >> 20} MB; left out")
            continue
        if is_image(name):
            data = reencode(data)
            if data is None:
                notes.add(f"media {name!r} is not a picture Deckhand can read; left out")
                continue
        elif is_sound(name):
            if len(data) > MAX_SOUND_BYTES:
                notes.add(f"sound {name!r} is over {MAX_SOUND_BYTES >> 20} MB; left out")
                continue
        else:
            continue
        if total + len(data) > MAX_DECK_MEDIA_BYTES:
            notes.add(f"the deck's media passed {MAX_DECK_MEDIA_BYTES >> 20} MB; {name!r} and later files left out")
            break
        total += len(data)
        found[safe_name(name)] = data
    return found


def reencode(data: bytes) -> bytes | None:
    """A picture Discord shows, at most MAX_SIDE pixels on its longest side and MAX_IMAGE_BYTES; None if unreadable."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            if image.format in ("PNG", "JPEG") and max(image.size) <= MAX_SIDE and len(data) <= MAX_IMAGE_BYTES:
                return data  # already within the limits (as this function writes them): kept exactly
            picture = image.convert("RGBA" if _has_alpha(image) else "RGB")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError, SyntaxError):
        return None
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    for attempt in range(6):
        out = io.BytesIO()
        if picture.mode == "RGBA":
            picture.save(out, format="PNG", optimize=True)
        else:
            picture.save(out, format="JPEG", quality=max(40, 88 - 10 * attempt), optimize=True)
        if out.tell() <= MAX_IMAGE_BYTES:
            return out.getvalue()
        picture = picture.resize((max(1, picture.width * 3 // 4), max(1, picture.height * 3 // 4)))
    return None


def _has_alpha(image: object) -> bool:
    mode = getattr(image, "mode", "")
    return mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in getattr(image, "info", {}))


def _media_map(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """Name in the notes -> zip member, from the package's ``media`` file in either layout."""
    members = {info.filename: info for info in archive.infolist()}
    raw = _read_member(archive, members["media"]) if "media" in members else None
    if not raw:
        return {}
    mapping: dict[str, zipfile.ZipInfo] = {}
    if raw.startswith(_ZSTD_MAGIC):
        entries = _entries(_unzstd(raw) or b"")
        for index, (name, legacy) in enumerate(entries):
            member = members.get(legacy if legacy is not None else str(index))
            if name and member is not None:
                mapping[name] = member
        return mapping
    try:
        listed = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return {}
    if isinstance(listed, dict):
        for key, name in listed.items():
            if isinstance(name, str) and str(key) in members:
                mapping[name] = members[str(key)]
    return mapping


def _read_member(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> bytes | None:
    """A member's bytes (zstd members decompressed), or None when it is larger than MAX_FILE_BYTES."""
    if member.file_size > MAX_FILE_BYTES:
        return None
    try:
        with archive.open(member) as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    if len(data) > MAX_FILE_BYTES:
        return None
    if data.startswith(_ZSTD_MAGIC) and member.filename != "media":
        return _unzstd(data)
    return data


def _unzstd(data: bytes) -> bytes | None:
    try:
        reader = zstandard.ZstdDecompressor(max_window_size=1 << 27).stream_reader(io.BytesIO(data))
        out = reader.read(MAX_FILE_BYTES + 1)
    except zstandard.ZstdError:
        return None
    return out if len(out) <= MAX_FILE_BYTES else None


def _entries(data: bytes) -> list[tuple[str, str | None]]:
    """Anki's MediaEntries protobuf: repeated entry (1) of name (1), size (2), sha1 (3), legacy zip name (255)."""
    entries: list[tuple[str, str | None]] = []
    for field, value in _fields(data):
        if field != 1 or not isinstance(value, bytes):
            continue
        name, legacy = "", None
        for inner, inner_value in _fields(value):
            if inner == 1 and isinstance(inner_value, bytes):
                name = inner_value.decode("utf-8", "replace")
            elif inner == 255 and isinstance(inner_value, int):
                legacy = str(inner_value)
        entries.append((name, legacy))
    return entries


def _fields(data: bytes) -> list[tuple[int, int | bytes]]:
    """Top-level protobuf fields as (number, int or bytes); stops quietly at anything malformed."""
    out: list[tuple[int, int | bytes]] = []
    pos = 0
    while pos < len(data):
        key, pos = varint(data, pos)
        if key is None:
            break
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(data, pos)
            if value is None:
                break
            out.append((number, value))
        elif wire == 2:
            size, pos = varint(data, pos)
            if size is None or pos + size > len(data):
                break
            out.append((number, data[pos : pos + size]))
            pos += size
        elif wire == 5:
            pos += 4
        elif wire == 1:
            pos += 8
        else:
            break
    return out
