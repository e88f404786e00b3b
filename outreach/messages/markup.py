"""A message's Markdown as HTML (e-mail, news post), plain text (e-mail, SMS, VK/MAX
posts) and the small HTML subset Telegram's `parse_mode=HTML` accepts."""

from __future__ import annotations

import html
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # breaks: a line break typed in the message stays one in HTML, as the preview shows it
    return MarkdownIt("commonmark", {"html": False, "typographer": False, "breaks": True}).enable(
        "strikethrough")


def to_html(markdown: str) -> str:
    """Full HTML (raw HTML in the source is escaped, never passed through)."""
    return str(_parser().render(markdown))


def to_text(markdown: str) -> str:
    """Readable plain text: markup removed, links as `text (url)`, lists with bullets."""
    return _Walker(telegram=False).run(_parser().parse(markdown))


def to_telegram(markdown: str) -> str:
    """Telegram HTML: <b>, <i>, <s>, <a>, <code>, <pre>, <blockquote> and line breaks."""
    return _Walker(telegram=True).run(_parser().parse(markdown))


class _Walker:
    INLINE_TAGS = {"strong": "b", "em": "i", "s": "s"}

    def __init__(self, telegram: bool):
        self.telegram = telegram
        self.blocks: list[tuple[str, bool]] = []
        self.lists: list[list[int]] = []  # per open list: [ordered, counter]
        self.prefix = ""

    def esc(self, text: str) -> str:
        return html.escape(text, quote=False) if self.telegram else text

    def run(self, tokens: list[Token]) -> str:
        for token in tokens:
            kind = token.type
            if kind in ("bullet_list_open", "ordered_list_open"):
                start = int(token.attrGet("start") or 1)
                self.lists.append([kind == "ordered_list_open", start])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "list_item_open":
                indent = "  " * (len(self.lists) - 1)
                ordered, counter = self.lists[-1]
                self.prefix = f"{indent}{counter}. " if ordered else f"{indent}• "
                self.lists[-1][1] = counter + 1
            elif kind == "inline":
                text = self.inline(token.children or [])
                heading = token.map is not None and self._heading
                if heading and self.telegram:
                    text = f"<b>{text}</b>"
                self.blocks.append((self.prefix + text, bool(self.lists)))
                self.prefix = ""
                self._heading = False
            elif kind == "heading_open":
                self._heading = True
            elif kind in ("fence", "code_block"):
                code = token.content.rstrip("\n")
                self.blocks.append((f"<pre>{self.esc(code)}</pre>" if self.telegram else code, False))
            elif kind == "hr":
                self.blocks.append(("———", False))
        return self._join()

    _heading = False

    def _join(self) -> str:
        parts: list[str] = []
        previous_in_list = False
        for text, in_list in self.blocks:
            if not text.strip():
                continue
            if parts:
                parts.append("\n" if in_list and previous_in_list else "\n\n")
            parts.append(text)
            previous_in_list = in_list
        return "".join(parts)

    def inline(self, children: list[Token]) -> str:
        out: list[str] = []
        links: list[tuple[int, str]] = []
        for child in children:
            kind = child.type
            if kind == "text":
                out.append(self.esc(child.content))
            elif kind in ("softbreak", "hardbreak"):
                out.append("\n")
            elif kind == "code_inline":
                out.append(f"<code>{self.esc(child.content)}</code>" if self.telegram else child.content)
            elif kind.endswith("_open") and kind[:-5] in self.INLINE_TAGS:
                if self.telegram:
                    out.append(f"<{self.INLINE_TAGS[kind[:-5]]}>")
            elif kind.endswith("_close") and kind[:-6] in self.INLINE_TAGS:
                if self.telegram:
                    out.append(f"</{self.INLINE_TAGS[kind[:-6]]}>")
            elif kind == "link_open":
                href = str(child.attrGet("href") or "")
                links.append((len(out), href))
                if self.telegram:
                    out.append(f'<a href="{html.escape(href, quote=True)}">')
            elif kind == "link_close":
                at, href = links.pop() if links else (len(out), "")
                if self.telegram:
                    out.append("</a>")
                else:
                    label = "".join(out[at:])
                    del out[at:]
                    out.append(href if label.strip() in ("", href) else f"{label} ({href})")
            elif kind == "image":
                out.append(self.esc(child.content or str(child.attrGet("src") or "")))
        return "".join(out)

