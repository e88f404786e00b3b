"""A parent's own words in an e-mail reply: our letter quoted back under them (the mail app's
quote header — Mail.ru, Yandex, Gmail, Outlook, Apple Mail, Thunderbird, in Russian or English —
and all after it, or a trailing block of «>» lines) and the app's signature («Отправлено из
Почты Mail.ru») are cut. An inline answer (the parent's lines between «>» lines) stays, and a
reply that is nothing but a quote stays whole.

Outlook (and Samsung, a forward) quote our letter under their header with no «>» at all, so
answers written into it look like the letter: `mark_ours` marks with «>» the header and the
lines that are our letter's, given its text; without it such a quote is cut whole and the
reply says the quote may hold answers (`Reply.unchecked`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_ADDRESS = re.compile(r"[^\s<>\"():]+@[^\s<>\"():]+\.[^\s<>\"():]+")
_WROTE = re.compile(r"(?:написал\(а\)|написала|написал|пишет|wrote|schrieb)\s*:$", re.IGNORECASE)
_HEADER_LINES = 3  # a long «… от Учитель <teacher@school7.ru>:» may be wrapped
_HEADER_LENGTH = 300
_SEPARATOR = re.compile(
    r"-{2,}\s*(?:original message|исходное сообщение|пересылаемое сообщение|переадресованное сообщение"
    r"|forwarded message)\s*-{2,}|(?:begin forwarded message|начало переадресованного сообщения):", re.IGNORECASE)
_RULE = re.compile(r"_{10,}")
_FROM = re.compile(r"\*?(?:от|from)\*?\s*:\s*\S", re.IGNORECASE)
_SENT = re.compile(r"\*?(?:отправлено|дата|sent|date)\*?\s*:", re.IGNORECASE)
_TO = re.compile(r"\*?(?:кому|тема|to|subject)\*?\s*:", re.IGNORECASE)
_OUTLOOK_LINES = 6
_CLIENT_SIGNATURE = re.compile(
    r"(?:отправлено (?:из|с) (?:мобильной )?почты mail\.?ru"
    r"|отправлено из (?:мобильной )?яндекс[ .]?почты(?: для \w+)?"
    r"|отправлено (?:с|из) (?:моего |устройства )?(?:iphone|ipad|android|galaxy|samsung galaxy|huawei|honor|xiaomi)"
    r"|отправлено из приложения (?:почта|mail\.ru|яндекс[ .]?почта)(?: для [\w ]+)?"
    r"|sent from my (?:iphone|ipad|android|galaxy|huawei)|sent from (?:mail\.ru app|yandex mail)(?: for [\w ]+)?"
    r"|(?:get|получить|скачайте) outlook (?:for|для) (?:ios|android))[.!]?")
_DASHES = {"--", "—", "–"}
_LINK = re.compile(r"\s*[<(\[](?:https?://|mailto:)[^>)\]\s]*[>)\]]")
_BULLET = re.compile(r"^(?:[•·*\-–—]|\d{1,2}[.)])\s+")
_PIECE = 16  # a line this long found inside one of ours: ours, wrapped by the mail app


@dataclass(frozen=True)
class Reply:
    """A reply cut in two: what the parent wrote (`own`; '' when the reply is only a quote) and
    the signature and quote after it (`rest`)."""

    own: str
    rest: str = ""
    unchecked: bool = False
    """The quote is a letter without «>» marks not compared with ours: it may hold answers."""

    @property
    def quoted(self) -> bool:
        """Something was cut (and the parent wrote something above it)."""
        return bool(self.own and self.rest)

    @property
    def text(self) -> str:
        """What to show: the parent's own text, or the whole reply when it is only a quote."""
        return self.own or self.rest


def split_reply(body: str) -> Reply:
    """The parent's own text of an e-mail `body`, and the signature and quote cut after it."""
    lines = body.strip().splitlines()
    start = _quote_start(lines)
    end = _signature_start(lines, start)
    own = "\n".join(lines[:end]).strip()
    if not own:
        return Reply("", body.strip())
    return Reply(own, "\n".join(lines[end:]).strip(), _unmarked_quote(lines, start))


def own_text(channel: str, body: str) -> str:
    """What the parent wrote, to read answers and absences from: an e-mail without its quote,
    its signature and the lines of our letter between her answers ('' when it is only a
    quote); a chat's message whole."""
    if channel != "email":
        return body
    lines = (line.rstrip() for line in split_reply(body).own.splitlines() if not _quoted(line))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def mark_ours(body: str, letters: list[str]) -> str:
    """`body` with a quote that has no «>» marks (Outlook's) marked line by line: its header
    block and each line found in one of our `letters` get «> », an older letter quoted under a
    further header all of it; the parent's lines written into the quote stay as they are."""
    lines = body.splitlines()
    found = _unmarked_header(lines)
    if found is None:
        return body
    start, end = found
    ours = _lines_of(letters)
    marked = [*lines[:start], *(_mark(line) for line in lines[start:end])]
    for index in range(end, len(lines)):
        if _header_at(lines, index):
            return "\n".join([*marked, *(_mark(line) for line in lines[index:])])
        marked.append(_mark(lines[index]) if _is_ours(lines[index], ours) else lines[index])
    return "\n".join(marked)


def _quoted(line: str) -> bool:
    return line.lstrip().startswith(">")


def _quote_start(lines: list[str]) -> int:
    """Where the quote of our letter begins (len(lines) when there is none)."""
    for index in range(len(lines)):
        size = _header_at(lines, index)
        if size and _only_quote_after(lines[index + size:]):
            return _with_rule_above(lines, index)
    return _trailing_quote(lines)


def _header_at(lines: list[str], index: int) -> int:
    """How many lines the quote header at `index` takes (0: none there)."""
    line = lines[index].strip()
    if not line or _quoted(line):
        return 0
    if _SEPARATOR.fullmatch(line):
        return 1
    if _FROM.match(line) and _outlook_block(lines[index + 1:index + 1 + _OUTLOOK_LINES]):
        return 1
    if not (_YEAR.search(line) and _TIME.search(line)):
        return 0
    for size in range(1, min(_HEADER_LINES, len(lines) - index) + 1):
        joined = " ".join(part.strip() for part in lines[index:index + size])
        if len(joined) > _HEADER_LENGTH or (size > 1 and not lines[index + size - 1].strip()):
            return 0
        if joined.endswith(":") and (_ADDRESS.search(joined) or _WROTE.search(joined)):
            return size
    return 0


def _unmarked_header(lines: list[str]) -> tuple[int, int] | None:
    """(start, end) of the first quote header (its «____» rule and field lines up to a blank
    line) above a quote without any «>» line; None when there is none."""
    for index in range(len(lines)):
        size = _header_at(lines, index)
        if size and not any(_quoted(line) for line in lines[index + size:]):
            end = index + size
            while end < len(lines) and lines[end].strip():
                end += 1
            return _with_rule_above(lines, index), end
    return None


def _unmarked_quote(lines: list[str], start: int) -> bool:
    found = _unmarked_header(lines)
    return found is not None and found[0] == start


def _mark(line: str) -> str:
    return f"> {line}".rstrip() if line.strip() else line


def _plain(line: str) -> str:
    """A line as compared with ours: no links' addresses, bullets, case or spacing."""
    return _BULLET.sub("", _normal(_LINK.sub("", line)).strip("> "))


def _lines_of(letters: list[str]) -> set[str]:
    return {plain for letter in letters for line in letter.splitlines() if (plain := _plain(line))}


def _is_ours(line: str, ours: set[str]) -> bool:
    plain = _plain(line)
    return bool(plain) and (plain in ours or (len(plain) >= _PIECE and any(plain in our for our in ours)))


def _outlook_block(after: list[str]) -> bool:
    """Outlook's «От: … Отправлено: … Кому: … Тема: …» fields under a «От:» line."""
    fields = [line.strip() for line in after if line.strip()]
    return any(_SENT.match(f) for f in fields) and any(_TO.match(f) for f in fields)


def _only_quote_after(rest: list[str]) -> bool:
    """After the header: a quote whose «>» lines run to the end, or one without «>» at all
    (Outlook, an HTML letter); not the parent's answers between «>» lines."""
    first = next((i for i, line in enumerate(rest) if _quoted(line)), None)
    return first is None or all(_quoted(line) or not line.strip() for line in rest[first:])


def _with_rule_above(lines: list[str], index: int) -> int:
    """The header's start, with Outlook's «________» line above it."""
    above = index - 1
    while above >= 0 and not lines[above].strip():
        above -= 1
    return above if above >= 0 and _RULE.fullmatch(lines[above].strip()) else index


def _trailing_quote(lines: list[str]) -> int:
    """The start of the «>» lines that end the text (len(lines) when it ends otherwise)."""
    start = len(lines)
    while start > 0 and (_quoted(lines[start - 1]) or not lines[start - 1].strip()):
        start -= 1
    return start if any(_quoted(line) for line in lines[start:]) else len(lines)


def _signature_start(lines: list[str], end: int) -> int:
    """`end`, moved up over a mail app's signature (and its «-- » line) just above it."""
    start = _blank_above(lines, end)
    found = start
    while found > 0 and _CLIENT_SIGNATURE.fullmatch(_normal(lines[found - 1])):
        found = _blank_above(lines, found - 1)
    if found == start:
        return end
    return found - 1 if found > 0 and lines[found - 1].strip() in _DASHES else found


def _blank_above(lines: list[str], end: int) -> int:
    while end > 0 and not lines[end - 1].strip():
        end -= 1
    return end


def _normal(line: str) -> str:
    return " ".join(line.casefold().replace("ё", "е").split())
