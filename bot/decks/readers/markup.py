"""Markup inside card fields that is not HTML: Anki's furigana and LaTeX.

- Furigana ``日本[にほん]の 映画[えいが]``: shown as the kanji (``日本の映画``);
  :func:`kana_reading` gives the reading (``にほんのえいが``), which a marker
  accepts too.
- LaTeX ``\\(...\\)``, ``\\[...\\]``, ``[$]...[/$]`` and ``[latex]...[/latex]``:
  Discord has no maths renderer, so each formula becomes inline code with
  the common commands written as the symbols they stand for
  (``\\(\\alpha \\leq \\frac{1}{2}\\)`` reads `` `α ≤ (1)/(2)` ``).

Each pattern runs only when its opening character is in the text, so plain
fields cost nothing.
"""

from __future__ import annotations

import re

__all__ = ["has_math", "kana_reading", "show_furigana", "show_math"]

_KANJI = "\u3005\u3006\u303b\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_KANA = "\u3040-\u30ffー・"
_FURIGANA = re.compile(rf" ?([{_KANJI}]+)\[([{_KANA}]+)\]")
"""Anki's ``base[reading]``: a space before the base only separates it from the text before."""


def show_furigana(text: str) -> str:
    """The text as it reads, with each reading in brackets dropped: ``私[わたし]は`` -> ``私は``."""
    return _FURIGANA.sub(r"\1", text) if "[" in text else text


def kana_reading(text: str) -> str | None:
    """The text with each furigana base replaced by its reading, or None when it has no furigana."""
    if "[" not in text or not _FURIGANA.search(text):
        return None
    return _FURIGANA.sub(r"\2", text)


_MATH = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]|\[\$\$?\](.+?)\[/\$\$?\]|\[latex\](.+?)\[/latex\]", re.DOTALL | re.IGNORECASE)
_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "equiv": "≡",
    "sim": "∼", "propto": "∝", "times": "×", "cdot": "·", "div": "÷", "pm": "±", "mp": "∓", "infty": "∞",
    "sum": "Σ", "prod": "Π", "int": "∫", "partial": "∂", "nabla": "∇", "in": "∈", "notin": "∉",
    "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "emptyset": "∅", "forall": "∀", "exists": "∃",
    "neg": "¬", "land": "∧", "lor": "∨", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "Longrightarrow": "⟹", "Longleftarrow": "⟸", "leftrightarrow": "↔", "iff": "⟺",
    "Leftrightarrow": "⇔", "mapsto": "↦", "ldots": "…", "cdots": "⋯", "dots": "…", "circ": "∘",
    "degree": "°", "perp": "⊥", "parallel": "∥", "angle": "∠", "hat": "", "bar": "", "vec": "", "tilde": "",
    "log": "log", "ln": "ln", "exp": "exp", "sin": "sin", "cos": "cos", "tan": "tan", "max": "max", "min": "min",
    "lim": "lim", "det": "det", "arg": "arg", "sup": "sup", "inf": "inf", "Pr": "Pr", "E": "E",
}
_SPACING = {"quad": " ", "qquad": " ", ",": " ", ";": " ", ":": " ", "!": "", " ": " ", "left": "", "right": "",
            "big": "", "Big": "", "bigg": "", "Bigg": "", "displaystyle": "", "limits": "", "nolimits": ""}
_SETS = {"R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ"}
_TEXT_COMMANDS = ("text", "textbf", "textit", "mathrm", "mathbf", "mathit", "mathcal", "mathsf", "operatorname",
                  "boldsymbol", "mathbb", "hat", "bar", "vec", "tilde", "overline", "underline", "mbox")
_BRACED = r"\{([^{}]*)\}"
_COMMAND = re.compile(r"\\([A-Za-z]+|[,;:! ])")


def has_math(text: str) -> bool:
    """True when the text holds a LaTeX formula (before :func:`show_math`)."""
    return ("\\" in text or "[$" in text or "[latex]" in text.lower()) and _MATH.search(text) is not None


def show_math(text: str) -> str:
    """Every formula in the text as readable inline code."""
    if "\\" not in text and "[" not in text:
        return text
    return _MATH.sub(lambda m: _code(next(g for g in m.groups() if g is not None)), text)


def _code(latex: str) -> str:
    readable = _readable(latex)
    return f"`{readable.replace('`', 'ʼ')}`" if readable else ""


def _readable(latex: str) -> str:
    text = latex
    for _ in range(6):  # innermost braces first, a few levels deep
        before = text
        text = re.sub(r"\\mathbb\s*" + _BRACED, lambda m: _SETS.get(m.group(1).strip(), m.group(1)), text)
        text = re.sub(r"\\(?:d|t)?frac\s*" + _BRACED + r"\s*" + _BRACED, r"(\1)/(\2)", text)
        text = re.sub(r"\\sqrt\s*" + _BRACED, r"√(\1)", text)
        text = re.sub(r"\\(?:" + "|".join(_TEXT_COMMANDS) + r")\s*" + _BRACED, r"\1", text)
        text = re.sub(r"([_^])\{([^{}]*)\}", r"\1\2", text)
        if text == before:
            break
    text = _COMMAND.sub(_command, text)
    text = text.replace("{", "").replace("}", "").replace("&", " ").replace("\\\\", " ")
    return " ".join(text.split())


def _command(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _SPACING:
        return _SPACING[name]
    return _SYMBOLS.get(name, name)
