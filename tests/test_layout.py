"""The core runs without Discord: nothing in bot/ but bot.app.client imports discord."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT


def test_core_never_imports_discord():
    modules = sorted(
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "bot").rglob("*.py")
        if path.name != "__main__.py" and path.stem != "client"
    )
    assert len(modules) > 30
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'discord' or m.startswith('discord.')))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
