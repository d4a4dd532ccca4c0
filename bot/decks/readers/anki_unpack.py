"""Unpacking a package's collection with every size bounded, whatever its headers claim (zip and zstd alike)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

import zstandard

from bot.cards import DeckError
from bot.decks.readers import limits

_COLLECTIONS = ("collection.anki21b", "collection.anki21", "collection.anki2")
"""Newest first: an older file beside a newer one is only the placeholder."""

_CHUNK = 1 << 20
_ZSTD_WINDOW = 1 << 27

EXPORT_HINT = "export it again from Anki with File > Export > Anki Deck Package"

# --- unpacking -------------------------------------------------------------


def pick_collection(archive: zipfile.ZipFile, file: str) -> zipfile.ZipInfo:
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


def unpack(archive: zipfile.ZipFile, member: zipfile.ZipInfo, dest: Path, file: str) -> None:
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
        raise DeckError(file, f"has a damaged {name} (not valid zstd data: {brief(exc)}); {EXPORT_HINT}") from None
    except NotImplementedError as exc:
        raise DeckError(file, f"uses a zip compression Anki does not write ({exc}); {EXPORT_HINT}") from None
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, RuntimeError, struct.error) as exc:
        if "encrypted" in str(exc) or "password" in str(exc):
            raise DeckError(file, "is password-protected; export it again from Anki without a password") from None
        raise DeckError(file, f"is damaged and cannot be unpacked ({brief(exc)}); {EXPORT_HINT}") from None
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


def brief(exc: BaseException) -> str:
    """A library's error text, made safe to show: printable and short."""
    text = "".join(ch if ch.isprintable() else "?" for ch in str(exc))
    return text if len(text) <= 80 else text[:77] + "..."
