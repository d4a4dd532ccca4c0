"""The layering, per feature: cogs -> core features -> storage, grading, questions, cards, shared; nothing back.

Only bot.app.client and cogs/ import discord; no core module imports a cog;
storage imports no feature package; features import only the layers below
them (and never each other, except what a table here allows).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
"""Found here rather than from tests.helpers, which imports the core this file checks."""

LONG = 350
"""Lines a core module may have before its docstring must say why it is longer."""

# Where each part of the core may import from (prefixes of module names); a module
# matches its longest prefix. bot.app holds the front ends and may use any of it.
ALLOWED = {
    "bot.shared": {"bot.shared"},
    "bot.cards": {"bot.cards"},
    "bot.grading": {"bot.grading", "bot.shared"},
    "bot.questions": {"bot.questions", "bot.cards", "bot.grading", "bot.shared"},
    "bot.settings.guild": {"bot.shared"},
    "bot.storage": {"bot.storage", "bot.shared", "bot.cards", "bot.settings.guild"},
    "bot.settings": {"bot.settings", "bot.shared", "bot.storage", "bot.decks"},
    "bot.srs": {"bot.srs", "bot.storage", "bot.shared"},
    "bot.decks": {"bot.decks", "bot.cards", "bot.questions", "bot.grading", "bot.storage", "bot.shared"},
    "bot.quiz": {"bot.quiz", "bot.srs", "bot.decks", "bot.cards", "bot.questions", "bot.grading", "bot.storage", "bot.settings", "bot.shared"},
    "bot.daily": {"bot.daily", "bot.srs", "bot.decks", "bot.cards", "bot.questions", "bot.grading", "bot.storage", "bot.settings", "bot.shared"},
    "bot.study": {"bot.study", "bot.srs", "bot.decks", "bot.cards", "bot.questions", "bot.grading", "bot.storage", "bot.shared"},
    "bot.disputes": {"bot.disputes", "bot.srs", "bot.decks", "bot.cards", "bot.questions", "bot.grading", "bot.storage", "bot.settings", "bot.shared"},
    "bot.pictures": {"bot.pictures", "bot.storage", "bot.shared"},
    "bot.boards": {"bot.boards", "bot.srs", "bot.decks", "bot.cards", "bot.pictures", "bot.storage", "bot.shared"},
    "bot.app": {"bot"},
}
FEATURES = ("quiz", "daily", "boards", "decks", "settings", "study", "disputes")


def module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


def imports(path: Path) -> set[str]:
    """Every module a file imports from bot or cogs, including imports only made for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names if node.module in ("bot", "cogs"))
    return {name for name in found if name.split(".")[0] in ("bot", "cogs", "discord")}


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def rule_for(module: str) -> set[str] | None:
    matches = [prefix for prefix in ALLOWED if within(module, prefix)]
    return ALLOWED[max(matches, key=len)] if matches else None


CORE = sorted((ROOT / "bot").rglob("*.py"))


def test_bot_root_holds_only_the_package_face_and_entry_point() -> None:
    assert sorted(p.name for p in (ROOT / "bot").glob("*.py")) == ["__init__.py", "__main__.py"]
    packages = {p.name for p in (ROOT / "bot").iterdir() if (p / "__init__.py").exists()}
    assert set(FEATURES) <= packages and {"storage", "shared", "cards", "grading", "questions", "app"} <= packages


def test_every_core_module_imports_only_the_layers_below_it() -> None:
    broken = []
    for path in CORE:
        module = module_name(path)
        if module in ("bot", "bot.__main__"):
            continue
        allowed = rule_for(module)
        assert allowed is not None, f"{module} belongs to no layer: add its package to ALLOWED"
        for name in imports(path):
            if within(name, "discord") and module == "bot.app.client":
                continue
            if not any(within(name, prefix) for prefix in allowed):
                broken.append(f"{module} imports {name}")
    assert broken == []


def test_the_table_itself_keeps_storage_and_features_apart() -> None:
    assert not any(within(p, f"bot.{f}") for f in FEATURES if f != "settings" for p in ALLOWED["bot.storage"])
    assert ALLOWED["bot.storage"] & {f"bot.{f}" for f in FEATURES} == set()
    for feature in ("quiz", "daily", "boards", "study"):
        others = {f"bot.{f}" for f in ("quiz", "daily", "boards", "study") if f != feature}
        assert ALLOWED[f"bot.{feature}"] & others == set(), f"bot.{feature} may not use another feature"


def test_cogs_hold_the_discord_layer_only() -> None:
    broken = []
    for path in sorted((ROOT / "cogs").rglob("*.py")):
        module = module_name(path)
        text = path.read_text()
        for keyword in ("SELECT ", "INSERT ", "UPDATE ", "DELETE FROM"):
            if keyword in text:
                broken.append(f"{module} has SQL ({keyword.strip()})")
        own = module if path.name == "__init__.py" or module.count(".") == 1 else module.rsplit(".", 1)[0]
        for name in imports(path):
            if within(name, "cogs") and not (within(name, "cogs.shared") or within(name, own)):
                broken.append(f"{module} imports another cog: {name}")
            if within(name, "bot.storage.sqlite"):
                broken.append(f"{module} reaches into a storage backend: {name}")
    assert broken == []


def test_long_core_modules_say_why() -> None:
    long = []
    for path in CORE:
        lines = path.read_text().count("\n")
        if lines > LONG and "Long because" not in (ast.get_docstring(ast.parse(path.read_text())) or ""):
            long.append(f"{module_name(path)}: {lines} lines")
    assert long == []


def test_core_never_imports_discord():
    modules = sorted(module_name(path) for path in CORE if path.name != "__main__.py" and module_name(path) != "bot.app.client")
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
