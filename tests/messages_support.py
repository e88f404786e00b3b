"""Real local servers for the delivery tests: an aiosmtpd SMTP server and an HTTP server
speaking Telegram's sendMessage. Both bind 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import sqlite_utils
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult

from outreach.roster import guardians as roster
from outreach.settings.values import set_setting


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mailbox:
    """An aiosmtpd handler that keeps what arrives; scripted refusals for the tests."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refuse: dict[str, str] = {}         # recipient -> RCPT reply
        self.data_replies: list[str] = []        # replies used (in order) before '250'
        self.arrived = threading.Event()
        self.arrive_after = 0
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: ANN001, ANN201
        if address in self.refuse:
            return self.refuse[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201
        with self.lock:
            if self.data_replies:
                return self.data_replies.pop(0)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))  # type: ignore[arg-type]
            if self.arrive_after and len(self.messages) >= self.arrive_after:
                self.arrived.set()
        return "250 Message accepted"

    def recipients(self) -> Counter[str]:
        return Counter(r for _, rcpts in self.envelopes for r in rcpts)


class SlowSMTP(SMTP):
    """Waits before every reply, like a provider across a real network."""

    delay = 0.0

    async def push(self, status):  # noqa: ANN001, ANN201
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().push(status)


class SmtpServer(Controller):
    def __init__(self, handler: Mailbox, delay: float = 0.0, logins: dict[str, str] | None = None,
                 size_limit: int | None = None):
        self.delay = delay
        self.logins = logins
        self.auth_seen: list[bytes] = []
        kwargs: dict[str, object] = {} if size_limit is None else {"data_size_limit": size_limit}  # EHLO says SIZE
        if logins is not None:
            kwargs.update(auth_require_tls=False, authenticator=self._authenticate)
        super().__init__(handler, hostname="127.0.0.1", port=free_port(), ready_timeout=5, **kwargs)

    def _authenticate(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
        login = auth_data.login.decode()
        password = auth_data.password.decode()
        ok = self.logins is not None and self.logins.get(login) == password
        return AuthResult(success=ok, handled=False)

    def factory(self) -> SMTP:
        smtp = SlowSMTP(self.handler, **self.SMTP_kwargs)
        smtp.delay = self.delay
        return smtp


def mail_through(port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The teacher's mail settings pointing at a plain SMTP server on 127.0.0.1:`port`."""
    for key, value in {"HOST": "127.0.0.1", "PORT": str(port), "SECURITY": "none",
                       "FROM": "teacher@school7.ru"}.items():
        monkeypatch.setenv(f"OUTREACH_SMTP_{key}", value)


@contextmanager
def local_smtp(monkeypatch: pytest.MonkeyPatch, box: Mailbox) -> Iterator[SmtpServer]:
    """An aiosmtpd server on 127.0.0.1 delivering into `box`, with outreach's SMTP settings
    pointed at it (plain, no login) for the test."""
    server = SmtpServer(box)
    server.start()
    mail_through(server.port, monkeypatch)
    try:
        yield server
    finally:
        server.stop()


class TelegramApi:
    """A local Bot API: sendMessage answers 200 with a message id, 429 with retry_after once,
    403 for blocked chats, the given refusal for `refused` ones; getUpdates returns the updates from `offset` on (kept, never
    deleted, so a client that forgets its offset would see them again)."""

    def __init__(self, token: str):
        self.token = token
        self.received: list[dict[str, object]] = []
        self.blocked: set[str] = set()
        self.refused: dict[str, tuple[int, str]] = {}  # chat → (status, description) answered instead
        self.slow_down_once: set[str] = set()
        self.updates: list[dict[str, object]] = []
        self.offsets: list[object] = []  # the offset of every getUpdates call
        self.answered: list[dict[str, object]] = []  # every answerCallbackQuery
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])) or b"{}")
                chat = str(body.get("chat_id"))
                if self.path == f"/bot{api.token}/getUpdates":
                    api.offsets.append(body.get("offset"))
                    offset = int(body.get("offset") or 0)
                    limit = int(body.get("limit") or 100)
                    fresh = [u for u in api.updates if int(u["update_id"]) >= offset]  # type: ignore[call-overload]
                    return self._answer(200, {"ok": True, "result": fresh[:limit]})
                if self.path == f"/bot{api.token}/answerCallbackQuery":
                    api.answered.append(body)
                    return self._answer(200, {"ok": True, "result": True})
                if self.path != f"/bot{api.token}/sendMessage":
                    return self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                if chat in api.slow_down_once:
                    api.slow_down_once.discard(chat)
                    return self._answer(429, {"ok": False, "error_code": 429,
                                              "description": "Too Many Requests: retry after 1",
                                              "parameters": {"retry_after": 1}})
                if chat in api.blocked:
                    return self._answer(403, {"ok": False, "error_code": 403,
                                              "description": "Forbidden: bot was blocked by the user"})
                if chat in api.refused:
                    status, description = api.refused[chat]
                    return self._answer(status, {"ok": False, "error_code": status, "description": description})
                api.received.append(body)
                self._answer(200, {"ok": True, "result": {"message_id": len(api.received), "chat": {"id": chat}}})

            def _answer(self, code: int, document: dict[str, object]) -> None:
                data = json.dumps(document).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def message(self, chat_id: int, text: str, chat_type: str = "private", reply_to: int | None = None) -> int:
        """Queue an incoming message (as a parent pressing Start would send), `reply_to` the
        bot's message of that id when the parent used Reply; its update id."""
        update_id = 500000 + len(self.updates)
        message: dict[str, object] = {
            "message_id": len(self.updates) + 1, "date": 1700000000, "text": text,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Анна"},
            "chat": {"id": chat_id, "type": chat_type, "first_name": "Анна"}}
        if reply_to is not None:
            message["reply_to_message"] = {"message_id": reply_to, "date": 1700000000,
                                           "chat": {"id": chat_id, "type": chat_type}}
        self.updates.append({"update_id": update_id, "message": message})
        return update_id

    def press(self, chat_id: int, data: str) -> str:
        """Queue a press of an inline button carrying `data`; the callback query's id."""
        query_id = f"q{len(self.updates)}"
        self.updates.append({"update_id": 500000 + len(self.updates), "callback_query": {
            "id": query_id, "data": data, "chat_instance": "1",
            "from": {"id": chat_id, "is_bot": False, "first_name": "Анна"},
            "message": {"message_id": 1, "date": 1700000000, "chat": {"id": chat_id, "type": "private"}}}})
        return query_id

    def __enter__(self) -> "TelegramApi":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


TELEGRAM_TOKEN = "123456789:AAHsecretTOKENvalue_for-tests"


@contextmanager
def local_telegram(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramApi]:
    """A Bot API on 127.0.0.1 with outreach's Telegram settings pointed at it for the test."""
    with TelegramApi(TELEGRAM_TOKEN) as server:
        monkeypatch.setenv("OUTREACH_TELEGRAM_TOKEN", TELEGRAM_TOKEN)
        monkeypatch.setenv("OUTREACH_TELEGRAM_API", server.url)
        yield server


def parents(db: sqlite_utils.Database, count: int, channel: str = "email", group: str = "10А") -> list[int]:
    """`count` consenting parents reachable on `channel` (e-mail or a Telegram chat id); a
    second call adds other people (numbered on: the roster refuses a parent twice)."""
    ids = []
    first = db.execute("SELECT count(*) FROM guardians").fetchone()[0]
    for i in range(first, first + count):
        sid = roster.add_student(db, "Петров", f"Иван{i}", "", group)
        values = {"surname": "Петрова", "name": "Анна", "patronymic": "Викторовна",
                  "email": f"parent{i}@example.ru", "telegram": str(100000 + i),
                  "phone": f"+7912000{i:04d}"}
        ids.append(roster.add_guardian(db, values, [(sid, "mother")]))
    roster.set_consent(db, ids, True)
    set_setting(db, "default_channels", channel)
    set_setting(db, "quiet_hours", "off")
    set_setting(db, "smtp.rate", "0")
    set_setting(db, "teacher_name", "Ольга Николаевна Белова")
    return ids
