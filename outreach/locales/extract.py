"""Babel's extraction method for our sources, on Python's own parser: it finds `t`, `tn`, `pt`,
`N_`, `NP_` calls also inside f-strings (Babel's tokenizer-based `python` method cannot see
them on Python 3.11) and both texts of `t("…" if done else "…")`.

pyproject.toml's `[[tool.babel.mappings]]` names it as `outreach.locales.extract:extract`.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator, Mapping
from itertools import product
from typing import IO, Any

Found = tuple[int, str, str | tuple[str | None, ...], list[str]]


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[Found]:
    """(line, function, its string arguments, no comments) per marked call, as Babel wants."""
    for node in ast.walk(ast.parse(fileobj.read())):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if name not in keywords:
            continue
        for texts in product(*(_texts(arg) for arg in node.args)):
            yield node.lineno, name, texts if len(texts) > 1 else texts[0] or "", []


def _texts(node: ast.expr) -> list[str | None]:
    """The literal texts an argument can be: one, both of a conditional's, or none (None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return [*_texts(node.body), *_texts(node.orelse)]
    return [None]
