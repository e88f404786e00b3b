"""Servers that misbehave on cue, for the delivery fault suite. Both bind 127.0.0.1 only
and count what they really received, so a test can prove nothing arrived twice.

`ScriptedSmtp` speaks just enough SMTP for smtplib (aiosmtpd cannot drop the connection
after the final dot or answer after the client's timeout). `ScriptedBotApi` speaks the Bot
API's sendMessage with a script of replies per chat.
"""

from __future__ import annotations

import json
import re
import socket
import socketserver
import threading
import time
from collections import Counter
from dataclasses import dataclass
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OK = "ok"
DROP = "drop"          # after the final dot: keep the message, close without a reply
LATE = "late"          # after the final dot: keep the message, answer 250 after `late_by` seconds
GARBLED = "garbled"    # after the final dot: keep the message, answer a line with no reply code (a broken relay)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class ScriptedSmtp:
    """Per recipient, a list of what to do at the end of DATA, one entry per try (then OK):
    OK, DROP, LATE, or a reply such as "451 4.3.0 busy" (a 421 also closes the connection).
    `at_mail` and `at_rcpt` hold replies to the next MAIL / RCPT commands ("421 …" closes, DROP
    closes silently)."""

    def __init__(self, late_by: float = 1.0, pace: float = 0.0):
        self.script: dict[str, list[str]] = {}
        self.pace = pace  # seconds before each answer to the end of DATA, like a real network
        self.at_mail: list[str] = []
        self.at_rcpt: list[str] = []
        self.late_by = late_by
        self.received: list[tuple[str, str]] = []   # (recipient, Message-ID) of every kept message
        self.connections = 0
        self.lock = threading.Lock()
        self.arrived = threading.Event()
        self.arrive_after = 0
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                with server.lock:
                    server.connections += 1
                server._session(self.rfile, self.connection)

        self.server = _Server(("127.0.0.1", 0), Handler)
        self.port = int(self.server.server_address[1])
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> "ScriptedSmtp":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(rcpt for rcpt, _ in self.received)

    def _next(self, queue: list[str]) -> str:
        with self.lock:
            return queue.pop(0) if queue else OK

    def _session(self, rfile, conn: socket.socket) -> None:  # noqa: ANN001
        def say(line: str) -> None:
            try:
                conn.sendall(line.encode() + b"\r\n")
            except OSError:
                pass

        say("220 127.0.0.1 scripted ESMTP")
        rcpts: list[str] = []
        while line := rfile.readline():
            verb = line.decode("ascii", "replace").strip().split(" ")[0].upper()
            if verb in ("EHLO", "HELO"):
                say("250-127.0.0.1\r\n250 8BITMIME")
            elif verb in ("MAIL", "RCPT"):
                reply = self._next(self.at_mail if verb == "MAIL" else self.at_rcpt)
                if reply == DROP:
                    return
                if verb == "MAIL":
                    rcpts = []
                elif reply == OK:
                    rcpts.append(re.search(rb"<([^>]*)>", line).group(1).decode())  # type: ignore[union-attr]
                say("250 OK" if reply == OK else reply)
                if reply.startswith("421"):
                    return
            elif verb == "DATA":
                say("354 End data with <CR><LF>.<CR><LF>")
                body = b""
                while (chunk := rfile.readline()) not in (b".\r\n", b""):
                    body += chunk
                if not self._end_of_data(rcpts, body, say):
                    return
            elif verb == "RSET" or verb == "NOOP":
                say("250 OK")
            elif verb == "QUIT":
                say("221 Bye")
                return
            else:
                say("502 Command not implemented")

    def _end_of_data(self, rcpts: list[str], body: bytes, say) -> bool:  # noqa: ANN001
        """Act out the script for this message; False when the connection is to close."""
        action = self._next(self.script.setdefault(rcpts[0], []))
        time.sleep(self.pace)
        if action in (OK, DROP, LATE, GARBLED):
            mail = message_from_bytes(body, policy=policy.default)
            with self.lock:
                self.received.extend((r, str(mail["Message-ID"])) for r in rcpts)
                if self.arrive_after and len(self.received) >= self.arrive_after:
                    self.arrived.set()
        if action == DROP:
            return False
        if action == GARBLED:
            say("Queued OK")
            return True
        if action == LATE:
            time.sleep(self.late_by)
            say("250 OK queued")
            return True
        say("250 OK queued" if action == OK else action)
        return not action.startswith("421")



@dataclass
class Reply:
    """One scripted Bot API answer: `delivered` says whether the server keeps the message."""
    status: int = 200
    body: bytes | None = None     # None: Telegram's usual {"ok": true, "result": {...}}
    delivered: bool = True
    delay: float = 0.0
    close: bool = False           # close the connection without answering


def bad_json(document: object) -> bytes:
    return json.dumps(document).encode()


class ScriptedBotApi:
    """sendMessage with a script of replies per chat id (then the usual 200)."""

    def __init__(self, token: str, pace: float = 0.0):
        self.token = token
        self.script: dict[str, list[Reply]] = {}
        self.pace = pace  # seconds before each answer, like a real network
        self.received: list[tuple[str, str]] = []    # (chat id, text) of every delivered message
        self.requests = 0
        self.lock = threading.Lock()
        self.arrived = threading.Event()
        self.arrive_after = 0
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if self.path != f"/bot{api.token}/sendMessage":
                    return self._send(404, bad_json({"ok": False, "error_code": 404, "description": "Not Found"}))
                chat = str(body["chat_id"])
                message_id = 0
                with api.lock:
                    api.requests += 1
                    queue = api.script.get(chat) or []
                    reply = queue.pop(0) if queue else Reply()
                    if reply.delivered:
                        api.received.append((chat, str(body["text"])))
                        message_id = len(api.received)
                        if api.arrive_after and len(api.received) >= api.arrive_after:
                            api.arrived.set()
                time.sleep(reply.delay or api.pace)
                if reply.close:
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return None
                document = reply.body if reply.body is not None else bad_json(
                    {"ok": True, "result": {"message_id": message_id, "chat": {"id": chat}}})
                return self._send(reply.status, document)

            def _send(self, code: int, data: bytes) -> None:
                try:
                    self.send_response(code)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:  # the client gave up waiting
                    self.close_connection = True

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(chat for chat, _ in self.received)

    def texts(self, chat: str) -> list[str]:
        with self.lock:
            return [text for c, text in self.received if c == chat]

    def __enter__(self) -> "ScriptedBotApi":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
