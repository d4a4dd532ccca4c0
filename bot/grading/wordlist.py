"""English word frequencies in a few megabytes instead of thirty.

The grader asks one thing of word frequencies: is a reply word common
enough (Zipf 2 or more) to be a real word of its own? wordfreq answers it
from its full English list, which holds 321,000 words and costs the process
about 32 MB for as long as it runs. Only the 96,000 words at Zipf 2 or above
can change a verdict (a rarer word is never "real" by frequency, see
:func:`bot.grading.lexicon.is_other_word`), so those are kept, as one sorted
text of ``word<TAB>zipf*100`` lines searched by bisection, with no object per
word.

The text is made once per machine from wordfreq's own data by a separate
process (so the big list never enters the bot's memory) and kept in a cache
folder (``DECKHAND_CACHE_DIR``, else ``~/.cache/deckhand``, else the system's
temporary folder). Run ``python -m bot.grading.wordlist PATH`` to make it by
hand.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

log = logging.getLogger(__name__)

MIN_ZIPF = 2.0
"""Words rarer than this are left out: no rule compares a rarer frequency with anything."""
_FORMAT = "deckhand-zipf-1"


def _wordfreq_version() -> str:
    """wordfreq's version, from its installed metadata folder's name.

    Read from the folder name rather than through ``importlib.metadata``, which
    costs the bot 2 MB of modules it would load for this one answer."""
    import importlib.util

    spec = importlib.util.find_spec("wordfreq")
    if spec is None or not spec.origin:  # pragma: no cover - wordfreq is a dependency
        return "unknown"
    site = Path(spec.origin).resolve().parent.parent
    for folder in sorted(site.glob("wordfreq-*.dist-info")):
        return folder.name.removeprefix("wordfreq-").removesuffix(".dist-info")
    return "unknown"  # pragma: no cover - an install without its metadata


def build_text() -> str:
    """The kept words and their frequencies, from wordfreq's English list: sorted ``word<TAB>zipf*100`` lines."""
    from wordfreq import get_frequency_list

    lines = []
    for index, bucket in enumerate(get_frequency_list("en", wordlist="large")):
        zipf = round(9 - index / 100, 2)
        if zipf < MIN_ZIPF:
            break
        value = int(round(zipf * 100))
        lines.extend(f"{word}\t{value}" for word in bucket if "\t" not in word and "\n" not in word)
    lines.sort()
    return "\n".join(lines)


def cache_path() -> Path:
    folder = os.environ.get("DECKHAND_CACHE_DIR")
    if folder:
        base = Path(folder)
    elif os.environ.get("HOME"):
        base = Path(os.environ["HOME"]) / ".cache" / "deckhand"
    else:  # pragma: no cover
        base = Path(tempfile.gettempdir()) / f"deckhand-{os.getuid()}"
    return base / f"zipf-en-{_wordfreq_version()}.txt"


def write(path: Path) -> None:
    """Make the kept text at ``path``, atomically, so two processes making it at once do no harm."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".zipf-")
    with os.fdopen(fd, "wb") as out:
        out.write((_FORMAT + "\n" + build_text()).encode("utf-8"))
    os.replace(tmp, path)


@lru_cache(maxsize=1)
def _table() -> bytes:
    """The file as it is kept: its format line, then the sorted lines, each after a line break ("\\nword\\t").

    The only copy of the words in memory: lookups search it in place."""
    path = cache_path()
    if not path.is_file():
        log.info("making the English word list once, in %s", path)
        root = str(Path(__file__).resolve().parents[2])
        try:
            subprocess.run(
                [sys.executable, "-m", "bot.grading.wordlist", str(path)], check=True, timeout=120,
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))},
            )
        except (OSError, subprocess.SubprocessError) as error:
            log.warning("could not keep the word list in %s (%s); making it in this process", path, error)
            return (_FORMAT + "\n" + build_text()).encode("utf-8")
    data = path.read_bytes()
    if not data.startswith(_FORMAT.encode() + b"\n"):
        log.warning("the word list in %s is not one this version made; making it again", path)
        path.unlink(missing_ok=True)
        return (_FORMAT + "\n" + build_text()).encode("utf-8")
    return data


@lru_cache(maxsize=1)
def _regions() -> dict[bytes, int]:
    """Where each run of lines with the same first three bytes is in the table, as ``start << 32 | end``.

    Offsets, not copies, found line by line with no object kept per line."""
    table = _table()
    regions: dict[bytes, int] = {}
    size = len(table)
    pos = table.index(b"\n")  # the line break before the first line
    prefix, start = b"", pos
    while pos < size:
        tab = table.find(b"\t", pos + 1)
        if tab < 0:
            break
        key = table[pos + 1 : min(tab, pos + 4)]
        if key != prefix:
            if prefix:
                regions[prefix] = start << 32 | pos
            prefix, start = key, pos
        pos = table.find(b"\n", tab)
        if pos < 0:
            pos = size
    if prefix:
        regions[prefix] = start << 32 | size
    return regions


def zipf_of(word: str) -> float:
    """The word's Zipf frequency when it is 2 or more, else 0.0 (as wordfreq says for an unknown word)."""
    key = word.encode("utf-8", "replace")
    region = _regions().get(key[:3])
    if region is None or b"\t" in key or b"\n" in key:
        return 0.0
    table = _table()
    at = table.find(b"\n" + key + b"\t", region >> 32, region & 0xFFFFFFFF)
    if at < 0:
        return 0.0
    value = at + len(key) + 2
    end = table.find(b"\n", value)
    return int(table[value : end if end >= 0 else len(table)]) / 100


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m bot.grading.wordlist PATH")
    write(Path(sys.argv[1]))
