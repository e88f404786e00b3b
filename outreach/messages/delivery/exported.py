"""Files for the channels the tool does not deliver itself: a folder per message with the
news post (Markdown and HTML), group post texts, sms.csv, vk.csv / max.csv, calls.csv,
handouts.csv and a printable one-page paper memo with QR codes of the school's groups."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Self

import sqlite_utils

from outreach.channels.call_list import COPIES, MESSAGE_LISTS, write_message_lists
from outreach.channels.preferences import Reach, reachability
from outreach.common import paths
from outreach.common.collation import russian_order_key
from outreach.common.i18n import N_, t
from outreach.common.private_files import private_dir, write_private_text
from outreach.common.safe_csv import write_csv
from outreach.messages.compose import (
    Message,
    audience_meant,
    broadcast_context,
    recipient_contexts,
    school_links,
)
from outreach.messages.delivery.senders import Letter, Outcome, Part, Setup
from outreach.messages.markup import to_html, to_text
from outreach.messages.templates import render
from outreach.settings.values import all_settings

_MESSAGES_FILE_CALL = {"unreachable": N_("no channel reaches this parent"), "prefers_call": N_("prefers a phone call")}

POST_CHANNELS = ("site", "forum", "blog")
GROUP_POSTS = ("vk_group", "max_group", "telegram_group")
EXPORTED_PERSONAL = ("vk", "max", "sms", "phone", "paper")


def default_folder(db: sqlite_utils.Database, message: Message) -> Path:
    """The message's own folder among its database's (see `paths.messages_dir`)."""
    slug = re.sub(r"[^\w-]+", "-", message.template or "message").strip("-")[:40] or "message"
    return paths.messages_dir(paths.database_file(db)) / f"{message.id:04d}-{slug}"


def _write_text(path: Path, text: str) -> None:
    write_private_text(path, text, newline="\n")


def write_folder(db: sqlite_utils.Database, message: Message, folder: Path, *,
                 statuses: tuple[str, ...] = ("exported",), everything: bool = False,
                 reach: Mapping[int, Reach] | None = None) -> list[str]:
    """Write the message's files; personal lists hold the rows in `statuses`, each list as the
    CSV scripts read and, beside it, an XLSX and a printable page for the teacher. `reach`:
    the parents' contacts already read (a batch's); the others are read here. Returns file
    names."""
    private_dir(folder)
    settings = all_settings(db)
    base = message.base(settings)
    public_context = broadcast_context(base, message.lang)
    public_md = render(message.body, public_context)
    title = render(message.subject or message.title, public_context).strip() or message.title
    rows = db.execute(
        "SELECT guardian_id, kind, channel FROM deliveries WHERE message_id = ? AND channel <> ''"
        " AND status IN (SELECT value FROM json_each(?)) ORDER BY id",
        [message.id, json.dumps(list(statuses))]).fetchall()
    broadcast = {c for g, k, c in rows if k == "broadcast"}
    if everything:
        broadcast |= set(message.broadcast) | {"site"}
    written: list[str] = []
    if broadcast & set(POST_CHANNELS):
        _write_text(folder / "post.md", f"# {title}\n\n{public_md.strip()}\n")
        _write_text(folder / "post.html", _page(title, to_html(public_md), memo=False))
        written += ["post.md", "post.html"]
    for channel in GROUP_POSTS:
        if channel in broadcast:
            _write_text(folder / f"{channel}.txt", f"{title}\n\n{to_text(public_md)}\n")
            written.append(f"{channel}.txt")
    personal = [(g, c) for g, k, c in rows if k == "personal" and c in EXPORTED_PERSONAL]
    if "paper" in broadcast or any(c == "paper" for _, c in personal):
        write_memo(folder / "memo.html", title, to_html(public_md), school_links(settings))
        written.append("memo.html")
    written += _personal_files(db, message, folder, personal, base, reach or {})
    return written


def _personal_files(db: sqlite_utils.Database, message: Message, folder: Path,
                    personal: list[tuple[int, str]], base: dict[str, object],
                    known: Mapping[int, Reach]) -> list[str]:
    ids = sorted({g for g, _ in personal})
    contexts = recipient_contexts(db, ids, base, message.lang, audience_meant(message.audience)) if ids else {}
    unread = [g for g in ids if g not in known]
    reach = {**known, **reachability(db, unread)} if unread else known
    texts: dict[int, str] = {}

    def text_for(gid: int) -> str:
        if gid not in texts:
            texts[gid] = to_text(render(message.body, contexts[gid]))
        return texts[gid]

    by_channel: dict[str, list[int]] = {}
    for gid, channel in personal:
        if gid in contexts:
            by_channel.setdefault(channel, []).append(gid)
    written = []
    for name in MESSAGE_LISTS:  # a forgotten family must leave no stale list (or copy) behind
        for suffix in (".csv", *COPIES):
            folder.joinpath(name).with_suffix(suffix).unlink(missing_ok=True)
    if by_channel.get("sms"):
        write_csv(folder / "sms.csv", [t("phone"), t("text")],
                  ([reach[g].addresses.get("sms", ""), text_for(g)] for g in by_channel["sms"]))
        written.append("sms.csv")
    for channel in ("vk", "max"):
        if by_channel.get(channel):
            write_csv(folder / f"{channel}.csv",
                      [t("parent"), t("address"), t("text")],
                      ([reach[g].name, reach[g].addresses.get(channel, ""), text_for(g)] for g in by_channel[channel]))
            written.append(f"{channel}.csv")
    if by_channel.get("phone"):
        def call_row(g: int) -> list[str]:
            students = _students(contexts[g])
            why = "prefers_call" if "phone" in reach[g].channels else "unreachable"
            return [reach[g].name, reach[g].addresses.get("phone", ""),
                    ", ".join(s["full_name"] for s in students), ", ".join(sorted({s["group"] for s in students}, key=russian_order_key)),
                    t(_MESSAGES_FILE_CALL[why]), message.title]
        write_csv(folder / "calls.csv",
                  [t("parent"), t("phone"), t("children"),
                   t("class"), t("why a call"), t("topic")],
                  (call_row(g) for g in by_channel["phone"]))
        written.append("calls.csv")
    if by_channel.get("paper"):
        write_csv(folder / "handouts.csv",
                  [t("student"), t("class"), t("parent")],
                  ([s["full_name"], s["group"], reach[g].name]
                   for g in by_channel["paper"] for s in _students(contexts[g])[:1]))
        written.append("handouts.csv")
    for copy in write_message_lists(folder):
        written += [copy.html.name, copy.xlsx.name]
    return written


def _students(context: dict[str, object]) -> list[dict[str, str]]:
    """The children in a recipient context (see `compose.recipient_contexts`)."""
    students = context.get("students")
    return students if isinstance(students, list) else []


def qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return image.to_string(encoding="unicode")


_LINK_LABELS = {"vk_group": "VK", "telegram_group": "Telegram", "max_group": "MAX", "site": "site",
                "forum": "forum", "blog": "blog"}


def write_memo(path: Path, title: str, body_html: str, links: dict[str, str]) -> None:
    """The printable one-page paper memo: large type, then a QR code per school group link
    (`links` as in the template context: settings `links.*` without the prefix)."""
    _write_text(path, _page(title, body_html, memo=True, links=links))


def _page(title: str, body_html: str, memo: bool, links: dict[str, str] | None = None) -> str:
    style = ("body{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}"
             if not memo else
             "@page{size:A4;margin:15mm}body{font-family:sans-serif;font-size:20pt;line-height:1.35;margin:0}"
             "h1{font-size:30pt;margin:0 0 .4em}.links{display:flex;flex-wrap:wrap;gap:12mm;margin-top:8mm}"
             ".link{text-align:center;font-size:14pt}.link svg{width:38mm;height:38mm;display:block;margin:auto}")
    parts = [f'<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
             f"<style>{style}</style></head><body>", f"<h1>{html.escape(title)}</h1>", body_html]
    if memo and links:
        parts.append(f'<h2>{html.escape(t("Stay in touch with the school"))}</h2><div class="links">')
        for key, url in links.items():
            label = _LINK_LABELS.get(key, key)
            parts.append(f'<div class="link">{qr_svg(url)}<b>{html.escape(label)}</b><br>{html.escape(url)}</div>')
        parts.append("</div>")
    parts.append("</body></html>\n")
    return "".join(parts)


class FilesSender:
    """The channels the tool does not deliver itself, as a `Sender`: each row is marked
    `exported` as it is taken, and the message's folder is written when the batch ends."""

    channel = "files"
    rate = 0.0
    attempts = 1
    multipart = False
    in_flight = False
    status = "exported"

    def __init__(self, setup: Setup):
        self.db = setup.db
        self.message = setup.message
        self.target = setup.folder or (Path(self.message.folder) if self.message.folder
                                       else default_folder(self.db, self.message))
        self.reach = setup.reach
        self.place: str | None = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.place is not None:
            write_folder(self.db, self.message, self.target, reach=self.reach)

    def parts(self, letter: Letter) -> list[Part[None]]:
        return [Part(letter, 0, None)]

    def send(self, part: Part[None]) -> Outcome:
        if self.place is None:
            with self.db.atomic():
                self.db.execute("UPDATE messages SET folder = ? WHERE id = ?", [str(self.target), self.message.id])
            self.place = str(self.target)
        return Outcome.sent("")


def refresh_folders(db: sqlite_utils.Database) -> int:
    """Rewrite the message folders the tool keeps (after `roster forget`: a forgotten family
    must not stay in an SMS or call list). Returns the number of folders rewritten."""
    from outreach.messages.compose import get_message

    count = 0
    for message_id, folder in db.execute("SELECT id, folder FROM messages WHERE folder IS NOT NULL").fetchall():
        if Path(folder).is_dir():
            write_folder(db, get_message(db, message_id), Path(folder))
            count += 1
    return count
