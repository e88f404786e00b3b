"""Babel's extraction method for our sources, on Python's own parser: it finds `t`, `tn`, `pt`,
`N_`, `NP_` calls also inside f-strings (Babel's tokenizer-based `python` method cannot see
them on Python 3.11) and both texts of `t("…" if done else "…")`; and the CLI's help, which
typer takes from `help=` and from a command's docstring (their prose, and a trailing
`Example: outreach …`'s command on its own, in the context `help example`: its Russian spells
the values as a Russian teacher types them, «--fault конус=2»), and an
explicit `metavar=`; and the texts click and typer ask the standard gettext for (their
`_("…")` and `ngettext` calls, read from the installed source of the modules a
`GETTEXT_SOURCES = (…)` tuple names, as if marked with `N_`/`tn` where that tuple is).

pyproject.toml's `[[tool.babel.mappings]]` names it as `outreach.locales.extract:extract`.
"""

from __future__ import annotations

import ast
import importlib.util
import re
from collections.abc import Collection, Iterator, Mapping
from itertools import product
from typing import IO, Any

Found = tuple[int, str, str | tuple[str | None, ...], list[str]]
EXAMPLE = re.compile(r"(?s)^(.*?)(\s*Example: .*)?$")
_HELP_CALLS = {"Option", "Argument", "command", "callback", "Typer", "Commands", "add_typer",
               "decimal_option", "decimal_argument"}
_DECORATORS = {"command", "callback"}
_LIBRARY_CALLS = {"_": "N_", "gettext": "N_", "ngettext": "tn"}  # a library's call → our keyword


EXAMPLE_CONTEXT = "help example"  # an example command's msgid: the Russian spells the values in Russian


def help_prose(text: str) -> tuple[str, str]:
    """(the help's prose, its trailing `Example: outreach …` as written, or "")."""
    match = EXAMPLE.match(text)
    if match is None:  # the pattern matches any text; mypy cannot know
        return text, ""
    return match.group(1).strip(), match.group(2) or ""


def example_command(example: str) -> str:
    """The command of a help's `Example: outreach …` ("" without one)."""
    return example.strip().removeprefix("Example:").strip()


def extract(fileobj: IO[bytes], keywords: Mapping[str, Any], comment_tags: Collection[str],
            options: Mapping[str, Any]) -> Iterator[Found]:
    """(line, function, its string arguments, no comments) per marked call, as Babel wants."""
    for node in ast.walk(ast.parse(fileobj.read())):
        if isinstance(node, ast.Call) and node.args and _name(node.func) in keywords:
            for texts in product(*(_texts(arg) for arg in node.args)):
                if len(texts) > 1:
                    yield node.lineno, _name(node.func), texts, []
                elif texts[0] is not None:
                    yield node.lineno, _name(node.func), texts[0], []
        if "N_" in keywords:
            yield from _help(node)
            yield from _library_texts(node)


def _help(node: ast.AST) -> Iterator[Found]:
    """A CLI help text's prose, as if it were marked with `N_`."""
    texts: list[tuple[int, str]] = []
    if isinstance(node, ast.Call) and _name(node.func) in _HELP_CALLS:
        texts = [(k.value.lineno, k.value.value) for k in node.keywords
                 if k.arg in {"help", "short_help", "metavar"} and isinstance(k.value, ast.Constant)
                 and isinstance(k.value.value, str)]
    elif isinstance(node, ast.FunctionDef) and any(
            isinstance(d, ast.Call) and _name(d.func) in _DECORATORS for d in node.decorator_list):
        doc = ast.get_docstring(node)
        texts = [(node.lineno, doc)] if doc else []
    for line, text in texts:
        prose, example = help_prose(text)
        yield line, "N_", prose, []
        if example:
            yield line, "NP_", (EXAMPLE_CONTEXT, example_command(example)), []


def _library_texts(node: ast.AST) -> Iterator[Found]:
    """The gettext texts of the modules `GETTEXT_SOURCES = ("click.core", …)` names, at its line."""
    if not (isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == "GETTEXT_SOURCES" for target in node.targets)):
        return
    modules = ast.literal_eval(node.value)
    for module in modules:
        spec = importlib.util.find_spec(module)
        if spec is None or spec.origin is None:
            raise LookupError(f"GETTEXT_SOURCES names {module}, which is not installed")
        with open(spec.origin, encoding="utf-8") as source:
            tree = ast.parse(source.read())
        for call in ast.walk(tree):
            if isinstance(call, ast.Call) and _name(call.func) in _LIBRARY_CALLS:
                texts = tuple(a.value for a in call.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
                if texts and len(texts) == len(call.args[:2]):
                    yield node.lineno, _LIBRARY_CALLS[_name(call.func)], texts if len(texts) > 1 else texts[0], []


def _name(func: ast.expr) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _texts(node: ast.expr) -> list[str | None]:
    """The literal texts an argument can be: one, both of a conditional's, or none (None)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return [*_texts(node.body), *_texts(node.orelse)]
    return [None]
