"""`python -m bench.inbox`: fetching 1,000 new parents' messages (600 e-mail from a real Dovecot,
300 Telegram updates from a local Bot API, 100 MAX messages through `store.keep`) and matching
them to 10,000 guardians; and opening the Inbox section with 50,000 stored messages against
50, measured in the same run (from pressing 6 until the threads table holds its rows)."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import time
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from bench.run import ROOT, Row, run_part
from bench.tui_case import fill

GUARDIANS = 10_000
EMAILS, TELEGRAMS, MAXES = 600, 300, 100
FETCH_REPEATS = 3
OPEN_REPEATS = 7
TOKEN = "123456789:AAHbenchTOKEN_inbox"
SIZE = (80, 24)


def _dovecot_port() -> int:
    done = subprocess.run(["bash", str(ROOT / "scripts" / "dovecot.sh")], capture_output=True, text=True,
                          check=True, timeout=600)
    return int(done.stdout.split()[-1])


def _prepare(path: Path) -> None:
    from outreach.store import db as storage

    db = storage.open_db(path)
    with db.atomic():
        db.execute("UPDATE guardians SET telegram = CAST(500000000 + id AS TEXT) WHERE id % 3 = 0")
        db.execute("UPDATE guardians SET max = CAST(700000000 + id AS TEXT) WHERE id % 7 = 0")
    db.close()


def _parents(path: Path) -> tuple[list[str], list[int], list[str]]:
    from outreach.store import db as storage

    db = storage.open_db(path)
    emails = [e for (e,) in db.execute("SELECT email FROM guardians WHERE email IS NOT NULL ORDER BY id")]
    chats = [int(c) for (c,) in db.execute("SELECT telegram FROM guardians WHERE telegram IS NOT NULL ORDER BY id")]
    maxes = [m for (m,) in db.execute("SELECT max FROM guardians WHERE max IS NOT NULL ORDER BY id")]
    db.close()
    return emails[:EMAILS], chats[:TELEGRAMS], maxes[:MAXES]


def _mail_folder(port: int, emails: list[str], tag: str) -> str:
    import imap_tools

    folder = f"bench{tag}{time.time_ns()}"
    with imap_tools.MailBoxUnencrypted("127.0.0.1", port) as box:
        box.login("teacher", "teacher-secret")
        box.folder.create(folder)
        for i, address in enumerate(emails):
            mail = EmailMessage()
            mail["From"], mail["To"], mail["Subject"] = address, "teacher@school.test", "Re: собрание"
            mail["Message-ID"] = f"<bench{tag}.{i}@parents.test>"
            mail.set_content(f"Здравствуйте! Ответ номер {i}: придём.")
            box.append(mail.as_bytes(), folder)
    return folder


def _one_fetch(base: Path, work: Path, port: int, run: int) -> float:
    from outreach.inbox.fetch import fetch
    from outreach.inbox.model import Incoming
    from outreach.inbox.store import keep
    from outreach.settings.values import save_settings
    from outreach.store import db as storage
    from tests.messages_support import TelegramApi

    path = work / f"fetch{run}.db"
    shutil.copy(base, path)
    emails, chats, maxes = _parents(path)
    folder = _mail_folder(port, emails, str(run))
    db = storage.open_db(path)
    save_settings(db, {"imap.host": "127.0.0.1", "imap.port": str(port), "imap.security": "none",
                       "imap.user": "teacher", "imap.folder": folder})
    os.environ["OUTREACH_IMAP_PASSWORD"] = "teacher-secret"
    now = datetime.now().astimezone()
    max_items = [Incoming("max", f"mid.{run}.{i}", m, "Привет из MAX", now - timedelta(minutes=i))
                 for i, m in enumerate(maxes)]
    with TelegramApi(TOKEN) as api:
        for chat in chats:
            api.message(chat, "Спасибо, всё получили")
        os.environ["OUTREACH_TELEGRAM_TOKEN"], os.environ["OUTREACH_TELEGRAM_API"] = TOKEN, api.url
        start = time.perf_counter()
        report = fetch(db)
        kept = keep(db, max_items)
        elapsed = time.perf_counter() - start
    db.close()
    expected = {"email": len(emails), "telegram": len(chats)}
    assert report.new == expected and kept.new == {"max": len(maxes)}, (report, kept)
    return elapsed


def bench_fetch(work: Path, guardians: int) -> list[Row]:
    base = work / "guardians.db"
    fill(base, guardians)
    _prepare(base)
    port = _dovecot_port()
    times = [_one_fetch(base, work, port, run) for run in range(FETCH_REPEATS)]
    ours = statistics.median(times)
    return [Row(f"fetch {EMAILS + TELEGRAMS + MAXES:,} new messages (IMAP {EMAILS}, Telegram {TELEGRAMS},"
                f" MAX {MAXES}) matched to {guardians:,} guardians, median of {FETCH_REPEATS}",
                ours, None, "s", "≤ 2 s", ours <= 2.0)]


def _stored(base: Path, path: Path, messages: int) -> None:
    """`messages` stored messages spread over the parents (up to 10 a parent)."""
    from outreach.inbox.model import Incoming
    from outreach.inbox.store import keep
    from outreach.store import db as storage

    shutil.copy(base, path)
    db = storage.open_db(path)
    emails = [e for (e,) in db.execute("SELECT email FROM guardians WHERE email IS NOT NULL ORDER BY id")]
    start = datetime(2026, 9, 1, 9).astimezone()
    keep(db, (Incoming("email", f"<{i}@stored>", emails[i % len(emails)], f"Сообщение {i}",
                       start + timedelta(minutes=i)) for i in range(messages)))
    db.close()


async def _open_inbox(path: Path) -> tuple[float, int]:
    from outreach_screens.app import make_app
    from outreach_screens.inbox.screen import InboxScreen

    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        await pilot.press("6")
        while not (isinstance(app.screen, InboxScreen) and app.screen.table.loaded_row_count
                   and not app.screen.table.is_loading):
            await pilot.pause(0.002)
        await pilot.pause()  # let the frame with the rows be rendered
        return time.perf_counter() - start, app.screen.table.row_count


def bench_open(work: Path, guardians: int) -> list[Row]:
    base = work / "open-base.db"
    fill(base, guardians)
    small, large = work / "inbox50.db", work / "inbox50000.db"
    _stored(base, small, 50)
    _stored(base, large, 50_000)
    figures: dict[Path, list[float]] = {small: [], large: []}
    for _ in range(OPEN_REPEATS):
        for path in (small, large):
            figures[path].append(asyncio.run(_open_inbox(path))[0])
    few, many = statistics.median(figures[small]), statistics.median(figures[large])
    ratio = many / few
    return [Row(f"open the Inbox (key 6 → threads shown) with 50,000 messages vs 50, median of {OPEN_REPEATS}",
                many, few, "ms", "ratio ≤ 1.2", ratio <= 1.2)]


def bench_inbox(work: Path, guardians: int = GUARDIANS) -> list[Row]:
    os.environ.setdefault("OUTREACH_LANG", "en")
    return [*bench_fetch(work, guardians), *bench_open(work, guardians)]


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.inbox", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--guardians", type=int, default=GUARDIANS)
    args = parser.parse_args()
    run_part("inbox", lambda work: bench_inbox(work, args.guardians), args.markdown)


if __name__ == "__main__":
    main()
