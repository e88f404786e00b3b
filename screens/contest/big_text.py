"""Capital letters three lines tall, drawn with box-drawing characters like Textual's Digits,
for team names on the projector (Digits draws only digits)."""

from __future__ import annotations

_GLYPHS: dict[str, tuple[str, str, str]] = {
    "А": ("╭─╮", "├─┤", "╵ ╵"), "Б": ("┌─╴", "├─╮", "└─╯"), "В": ("┌─╮", "├─┤", "└─╯"),
    "Г": ("┌─╴", "│  ", "╵  "), "Д": ("╭─╮", "│ │", "┴─┴"), "Е": ("┌─╴", "├─ ", "└─╴"),
    "Ж": ("╲│╱", " │ ", "╱│╲"), "З": ("╶─╮", " ─┤", "╶─╯"), "И": ("╷ ╷", "│╱│", "╵ ╵"),
    "Й": ("╷˘╷", "│╱│", "╵ ╵"), "К": ("│ ╱", "├╱ ", "│ ╲"), "Л": ("╭─╮", "│ │", "╯ ╵"),
    "М": ("┌┬┐", "│╵│", "╵ ╵"), "Н": ("╷ ╷", "├─┤", "╵ ╵"), "О": ("╭─╮", "│ │", "╰─╯"),
    "П": ("┌─┐", "│ │", "╵ ╵"), "Р": ("┌─╮", "├─╯", "╵  "), "С": ("╭─╴", "│  ", "╰─╴"),
    "Т": ("╶┬╴", " │ ", " ╵ "), "У": ("╷ ╷", "╰─┤", "╶─╯"), "Ф": ("╭┼╮", "╰┼╯", " ╵ "),
    "Х": ("╲ ╱", " ╳ ", "╱ ╲"), "Ц": ("╷ ╷", "│ │", "└─┼"), "Ч": ("╷ ╷", "╰─┤", "  ╵"),
    "Ш": ("╷╷╷", "│││", "└┴┘"), "Щ": ("╷╷╷", "│││", "└┴┼"), "Ъ": ("╶┐ ", " ├╮", " └╯"),
    "Ы": ("╷ ╷", "├╮│", "└╯╵"), "Ь": ("╷  ", "├─╮", "└─╯"), "Э": ("╶─╮", " ╶┤", "╶─╯"),
    "Ю": ("╷╭╮", "├┤│", "╵╰╯"), "Я": ("╭─┐", "╰─┤", "╱ ╵"), "D": ("┌─╮", "│ │", "└─╯"),
    " ": ("  ", "  ", "  "), "-": ("   ", "╶─╴", "   "),
}
_SAME = {"Ё": "Е", "A": "А", "B": "В", "C": "С", "E": "Е", "H": "Н", "K": "К", "M": "М",
         "O": "О", "P": "Р", "T": "Т", "X": "Х", "Y": "У"}


def glyph(char: str) -> tuple[str, str, str]:
    """A letter's three lines; a character without a drawing stays small, on the middle line."""
    upper = char.upper()
    return _GLYPHS.get(_SAME.get(upper, upper)) or (" " * len(char), char, " " * len(char))


def big_text(text: str) -> str:
    """`text` in capitals three lines tall, one column between letters."""
    glyphs = [glyph(char) for char in text]
    return "\n".join(" ".join(g[row] for g in glyphs) for row in range(3))


def big_width(text: str) -> int:
    return len(big_text(text).split("\n")[0])
