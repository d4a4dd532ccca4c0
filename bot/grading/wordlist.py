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
import re
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
    try:
        from importlib.metadata import version

        return version("wordfreq")
    except Exception:  # pragma: no cover - wordfreq is a dependency
        return "unknown"


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
    """The kept lines as UTF-8 bytes: a fraction of a text of words in many scripts."""
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
            return build_text().encode("utf-8")
    data = path.read_bytes()
    header, _, body = data.partition(b"\n")
    if header != _FORMAT.encode():
        log.warning("the word list in %s is not one this version made; making it again", path)
        path.unlink(missing_ok=True)
        return build_text().encode("utf-8")
    return body


@lru_cache(maxsize=1)
def _regions() -> dict[bytes, bytes]:
    """The kept lines by their first three bytes, each region framed by line breaks: one search a word."""
    table = _table()
    regions: dict[bytes, bytes] = {}
    start = 0
    prefix = None
    for match in _LINE_START.finditer(table):
        key = match.group(1)
        if key != prefix:
            if prefix is not None:
                regions[prefix] = b"\n" + table[start : match.start()]
            prefix, start = key, match.start()
    if prefix is not None:
        regions[prefix] = b"\n" + table[start:] + b"\n"
    return regions


_LINE_START = re.compile(rb"^([^\t\n]{1,3})", re.MULTILINE)


def zipf_of(word: str) -> float:
    """The word's Zipf frequency when it is 2 or more, else 0.0 (as wordfreq says for an unknown word)."""
    key = word.encode("utf-8", "replace")
    region = _regions().get(key[:3])
    if region is None or b"\t" in key or b"\n" in key:
        return 0.0
    at = region.find(b"\n" + key + b"\t")
    if at < 0:
        return 0.0
    value = at + len(key) + 2
    return int(region[value : region.index(b"\n", value)]) / 100


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m bot.grading.wordlist PATH")
    write(Path(sys.argv[1]))
