"""Message figures: 1,000 personalised e-mails to a local aiosmtpd that waits 10 ms before
every reply (a provider across a real network), and planning + rendering for 100,000 parents.

`python -m bench.messages` alone, or as part of `python -m bench`.

- e-mail: `outreach message send` (in-process `send_message`: render, Markdown → text and
  HTML, one reused SMTP connection, a committed status row before and after each message)
  against, in the same run and to the same server, the `mailmerge` tool (PyPI; one new
  connection per message; needs `pip install mailmerge`, not a project dependency) sending
  the same template to the same recipients, and a bare smtplib loop over one connection.
  The server runs in its own process so it does not share the GIL with the sender.
- planning: `create_message` for 100,000 consenting parents (audience, reachability,
  sandboxed Jinja rendering of every personal text, the delivery rows written).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import os
import shutil
import smtplib
import subprocess
import sys
import time
from email.message import EmailMessage
from pathlib import Path

from bench.run import Row, run_part

ROOT = Path(__file__).resolve().parent.parent
EMAILS = 1_000
DELAY = 0.010
RECIPIENTS = 100_000
SUBJECT = "Памятка: станьте заметнее на дороге"
BODY = """{greeting}!

Рано темнеет, и {child} идёт в школу и домой в сумерках. Водитель с ближним светом видит пешехода
в тёмной одежде примерно за 25–30 метров, а со **световозвращателем** — за 130–150 метров.

- прикрепите световозвращатели на рюкзак и куртку;
- выберите одежду со светоотражающими вставками;
- перед выходом на дорогу — остановиться, посмотреть и убедиться, что машина остановилась.

{teacher}
"""


# --- the SMTP server, in its own process -------------------------------------------------

def serve(port: int, delay: float) -> None:
    """Run aiosmtpd on 127.0.0.1:port; answer `count` lines on stdin with the messages received."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import SMTP

    received = [0]

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802
            received[0] += len(envelope.rcpt_tos)
            return "250 Message accepted"

    class Slow(SMTP):
        async def push(self, status):  # noqa: ANN001, ANN201
            await asyncio.sleep(delay)
            return await super().push(status)

    class Server(Controller):
        def factory(self) -> SMTP:
            return Slow(self.handler, **self.SMTP_kwargs)

    controller = Server(Handler(), hostname="127.0.0.1", port=port, ready_timeout=10)
    controller.start()
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "count":
            print(received[0], flush=True)
    controller.stop()


class ServerProcess:
    def __init__(self, delay: float):
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.proc = subprocess.Popen([sys.executable, "-m", "bench.messages", "--serve", str(self.port),
                                      "--delay", str(delay)], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout and self.proc.stdout.readline().strip() == "ready"

    def count(self) -> int:
        assert self.proc.stdin and self.proc.stdout
        self.proc.stdin.write("count\n")
        self.proc.stdin.flush()
        return int(self.proc.stdout.readline())

    def stop(self) -> None:
        assert self.proc.stdin
        self.proc.stdin.close()
        self.proc.wait(10)


# --- a database of parents ---------------------------------------------------------------

FEMALE = [("Петрова", "Анна", "Викторовна"), ("Иванова", "Светлана", "Павловна"), ("Кузнецова", "Елена", "Ивановна")]
MALE = [("Петров", "Сергей", "Николаевич"), ("Волков", "Андрей", "Викторович"), ("Смирнов", "Олег", "Петрович")]


def fill_parents(db, count: int, email: bool = True) -> None:  # type: ignore[no-untyped-def]
    """`count` consenting parents, each with one child, inserted directly (fast)."""
    from outreach.settings.values import set_setting

    now = "2026-09-01T09:00:00+03:00"
    with db.atomic():
        groups = [f"{grade}{letter}" for grade in range(1, 12) for letter in "АБВ"]
        db.conn.executemany("INSERT INTO groups(name) VALUES (?)", [(g,) for g in groups])
        guardians, students, links = [], [], []
        for i in range(1, count + 1):
            surname, name, patronymic = (FEMALE if i % 2 else MALE)[i % 3]
            guardians.append((i, surname, name, patronymic, f"+7912{i:07d}", f"parent{i}@example.ru" if email else None,
                              "2026-09-01", f"{surname} {name}".lower(), now, now))
            students.append((i, surname.rstrip("а"), f"Ученик{i % 50}", "", 1 + i % len(groups), "k", now, now))
            links.append((i, i, "mother" if i % 2 else "father"))
        db.conn.executemany("INSERT INTO guardians(id, surname, name, patronymic, phone, email, consent_given_at,"
                            " name_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", guardians)
        db.conn.executemany("INSERT INTO students(id, surname, name, patronymic, group_id, name_key, created_at,"
                            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", students)
        db.conn.executemany("INSERT INTO student_guardians(student_id, guardian_id, relation) VALUES (?, ?, ?)", links)
    for key, value in {"default_channels": "email", "quiet_hours": "off", "smtp.rate": "0",
                       "teacher_name": "Ольга Николаевна Белова"}.items():
        set_setting(db, key, value)


def _template(work: Path):  # type: ignore[no-untyped-def]
    from outreach.messages import templates

    text = ("---\ntitle: Световозвращатели\nsubject: \"" + SUBJECT + "\"\n---\n"
            + BODY.format(greeting="{{ guardian.dear }}",
                          child="{% if student %}{{ student.name }}{% else %}ребёнок{% endif %}",
                          teacher="{{ teacher }}"))
    return templates.parse(text, "bench-reflectors", "ru")


# --- the three senders -------------------------------------------------------------------

def ours(work: Path, port: int) -> float:
    from outreach.messages import compose
    from outreach.messages.delivery.send import send_message
    from outreach.store import db as storage

    os.environ.update(OUTREACH_SMTP_HOST="127.0.0.1", OUTREACH_SMTP_PORT=str(port), OUTREACH_SMTP_SECURITY="none",
                      OUTREACH_SMTP_FROM="teacher@school7.ru")
    path = work / "messages-ours.db"
    for leftover in work.glob("messages-ours.db*"):
        leftover.unlink()
    db = storage.open_db(path)
    try:
        fill_parents(db, EMAILS)
        message_id = compose.create_message(db, _template(work))
        start = time.perf_counter()
        report = send_message(db, message_id)
        elapsed = time.perf_counter() - start
        assert report.sent == EMAILS, report
    finally:
        db.close()
    return elapsed


def bare_loop(port: int) -> float:
    start = time.perf_counter()
    conn = smtplib.SMTP("127.0.0.1", port)
    for i in range(1, EMAILS + 1):
        surname, name, patronymic = (FEMALE if i % 2 else MALE)[i % 3]
        mail = EmailMessage()
        mail["Subject"] = SUBJECT
        mail["From"] = "teacher@school7.ru"
        mail["To"] = f"parent{i}@example.ru"
        mail.set_content(BODY.format(greeting=f"Уважаемая {name} {patronymic}", child=f"Ученик{i % 50}",
                                     teacher="Ольга Николаевна Белова"))
        conn.send_message(mail)
    conn.quit()
    return time.perf_counter() - start


def mailmerge(work: Path, port: int) -> float | None:
    exe = shutil.which("mailmerge") or str(Path(sys.executable).parent / "mailmerge")
    if not Path(exe).exists():
        return None
    folder = work / "mailmerge"
    folder.mkdir(exist_ok=True)
    (folder / "server.conf").write_text(f"[smtp_server]\nhost = 127.0.0.1\nport = {port}\nsecurity = Never\n"
                                        "ratelimit = 0\n", encoding="utf-8")
    (folder / "template.txt").write_text(
        "TO: {{email}}\nSUBJECT: " + SUBJECT + "\nFROM: teacher@school7.ru\nCONTENT-TYPE: text/markdown\n\n"
        + BODY.format(greeting="{{greeting}}", child="{{child}}", teacher="{{teacher}}"), encoding="utf-8")
    with open(folder / "database.csv", "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["email", "greeting", "child", "teacher"])
        for i in range(1, EMAILS + 1):
            surname, name, patronymic = (FEMALE if i % 2 else MALE)[i % 3]
            writer.writerow([f"parent{i}@example.ru", f"Уважаемая {name} {patronymic}", f"Ученик{i % 50}",
                             "Ольга Николаевна Белова"])
    start = time.perf_counter()
    subprocess.run([exe, "--no-dry-run", "--no-limit", "--output-format", "raw", "--template",
                    str(folder / "template.txt"), "--database", str(folder / "database.csv"),
                    "--config", str(folder / "server.conf")], check=True, stdout=subprocess.DEVNULL, cwd=folder)
    return time.perf_counter() - start


def planning(work: Path) -> tuple[float, float]:
    """(create_message for RECIPIENTS parents, a bare unsandboxed Jinja render loop over as many)."""
    from jinja2 import Environment

    from outreach.messages import compose
    from outreach.store import db as storage

    path = work / "messages-plan.db"
    for leftover in work.glob("messages-plan.db*"):
        leftover.unlink()
    db = storage.open_db(path)
    try:
        fill_parents(db, RECIPIENTS)
        tpl = _template(work)
        start = time.perf_counter()
        message_id = compose.create_message(db, tpl, broadcast=["site", "vk_group"])
        ours_s = time.perf_counter() - start
        rows = db.execute("SELECT count(*) FROM deliveries WHERE message_id = ?", [message_id]).fetchone()[0]
        assert rows == RECIPIENTS + 2, rows
    finally:
        db.close()
    bare = Environment().from_string(tpl.body)
    start = time.perf_counter()
    for i in range(RECIPIENTS):
        bare.render(guardian={"dear": f"Уважаемая Анна {i}"}, student={"name": "Иван"}, teacher="О. Н. Белова")
    return ours_s, time.perf_counter() - start


def bench_messages(work: Path) -> list[Row]:
    os.environ.setdefault("OUTREACH_HOME", str(work / "home"))
    rows: list[Row] = []
    server = ServerProcess(DELAY)
    try:
        ours_s = ours(work, server.port)
        after_ours = server.count()
        bare_s = bare_loop(server.port)
        after_bare = server.count()
        merge_s = mailmerge(work, server.port)
        after_merge = server.count()
    finally:
        server.stop()
    assert after_ours == EMAILS and after_bare == 2 * EMAILS, (after_ours, after_bare)
    if merge_s is not None:
        assert after_merge == 3 * EMAILS, after_merge
        row = Row(f"{EMAILS:,} e-mails, 10 ms/reply: ours vs mailmerge (new connection each)", ours_s, merge_s, "s",
                  "≤ 0.67× (≥ 1.5× throughput)")
        row.passed = merge_s / ours_s >= 1.5
        rows.append(row)
    else:
        rows.append(Row("mailmerge not installed (pip install mailmerge): comparison skipped", None, None, "s"))
    row = Row(f"{EMAILS:,} e-mails, 10 ms/reply: ours vs bare smtplib loop, one connection", ours_s, bare_s, "s",
              "≤ 1.2×")
    row.passed = ours_s <= 1.2 * bare_s
    rows.append(row)
    plan_s, jinja_s = planning(work)
    row = Row(f"plan + render {RECIPIENTS:,} parents vs bare Jinja render loop", plan_s, jinja_s, "s", "≤ 5 s")
    row.passed = plan_s <= 5.0
    rows.append(row)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.messages", description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--delay", type=float, default=DELAY, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.delay)
        return
    run_part("messages", bench_messages, args.markdown)


if __name__ == "__main__":
    main()
