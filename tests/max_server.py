"""A local MAX Bot API on 127.0.0.1 with scripted parents.

It checks the `Authorization` header, answers `POST /messages` (403 for users who blocked the
bot, a 429 with `Retry-After` once for users in `slow_down_once` and every time for those in
`slow_down`, a 502 or a dropped connection on cue), keeps every update for `GET /updates` from a `marker` on (never deleted,
so a client that forgets its marker would see them again), and records `POST /answers`.
Parents start the bot with a payload, press buttons and write text.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TIME = 1764540000000  # milliseconds, as MAX stamps updates


class MaxServer:
    def __init__(self, token: str):
        self.token = token
        self.sent: list[dict[str, object]] = []      # every message kept: body plus its recipient
        self.answers: list[dict[str, object]] = []   # every POST /answers: callback_id plus body
        self.events: list[dict[str, object]] = []
        self.markers: list[str | None] = []          # the marker of every GET /updates
        self.blocked: set[str] = set()
        self.refused: dict[str, tuple[int, str]] = {}  # user id → (status, message) answered instead
        self.slow_down_once: dict[str, str] = {}    # user id → the Retry-After header to send once
        self.slow_down: dict[str, str] = {}         # user id → the Retry-After header to send every time
        self.gateway_error: set[str] = set()         # users whose message is kept but answered 502
        self.drop: set[str] = set()                  # users whose message is kept, connection closed
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                server._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                server._handle(self, "POST")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> MaxServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # the scripted parents

    def start(self, user_id: int, payload: str | None) -> None:
        """The parent opens the bot (through a deep link when `payload` is given)."""
        event: dict[str, object] = {"update_type": "bot_started", "timestamp": self._now(), "chat_id": user_id + 1,
                                    "user": self._user(user_id), "user_locale": "ru"}
        if payload is not None:
            event["payload"] = payload
        self._event(event)

    def press(self, user_id: int, payload: str) -> str:
        """The parent presses a callback button; the callback id the bot must answer."""
        callback_id = f"cb.{len(self.events)}"
        self._event({"update_type": "message_callback", "timestamp": self._now(),
                     "callback": {"timestamp": self._now(), "callback_id": callback_id, "payload": payload,
                                  "user": self._user(user_id)},
                     "message": {"body": {"mid": "mid.x", "text": "…"}}})
        return callback_id

    def write(self, user_id: int, text: str, chat_type: str = "dialog", at: int | None = None) -> None:
        """The parent writes in their dialog with the bot (or in a group chat the bot is in);
        `at` stamps the message (milliseconds), else the server's clock."""
        stamp = self._now() if at is None else at
        self._event({"update_type": "message_created", "timestamp": stamp,
                     "message": {"sender": self._user(user_id), "timestamp": stamp,
                                 "recipient": {"chat_id": user_id + 1, "chat_type": chat_type},
                                 "body": {"mid": f"mid.in.{len(self.events)}", "seq": len(self.events), "text": text}}})

    def texts(self, user_id: int) -> list[str]:
        return [str(m["text"]) for m in self.sent if m["user_id"] == str(user_id)]

    def _user(self, user_id: int) -> dict[str, object]:
        return {"user_id": user_id, "name": "Анна", "is_bot": False}

    def _now(self) -> int:
        return TIME + len(self.events) * 1000

    def _event(self, event: dict[str, object]) -> None:
        with self.lock:
            self.events.append(event)

    # the API

    def _handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        url = urlsplit(request.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        length = int(request.headers.get("Content-Length") or 0)
        body = json.loads(request.rfile.read(length) or b"{}")
        if request.headers.get("Authorization") != self.token:
            return _answer(request, 401, {"code": "verify.token", "message": "Invalid access_token"})
        if "access_token" in query:
            return _answer(request, 400, {"code": "proto.param", "message": "access_token in query"})
        if (method, url.path) == ("POST", "/messages"):
            return self._message(request, query, body)
        if (method, url.path) == ("GET", "/updates"):
            return self._updates(request, query)
        if (method, url.path) == ("POST", "/answers"):
            with self.lock:
                self.answers.append({"callback_id": query.get("callback_id"), **body})
            return _answer(request, 200, {"success": True})
        _answer(request, 404, {"code": "not.found", "message": "Path not found"})

    def _message(self, request: BaseHTTPRequestHandler, query: dict[str, str], body: dict[str, object]) -> None:
        user = query.get("user_id") or query.get("chat_id") or ""
        if user in self.slow_down_once or user in self.slow_down:
            wait = self.slow_down_once.pop(user, None) or self.slow_down[user]
            return _answer(request, 429, {"code": "too.many.requests", "message": "Too many requests"},
                           {"Retry-After": wait})
        if user in self.blocked:
            return _answer(request, 403, {"code": "chat.denied", "message": "dialog.suspended"})
        if user in self.refused:
            status, message = self.refused[user]
            return _answer(request, status, {"code": "bad.request", "message": message})
        with self.lock:
            self.sent.append({"user_id": user, **body})
            mid = f"mid.{len(self.sent)}"
        if user in self.drop:
            request.close_connection = True
            request.connection.close()
            return None
        if user in self.gateway_error:
            return _answer(request, 502, {"code": "internal", "message": "Bad gateway"})
        _answer(request, 200, {"message": {"recipient": {"user_id": int(user)}, "timestamp": self._now(),
                                           "body": {"mid": mid, "seq": len(self.sent), "text": body.get("text")}}})

    def _updates(self, request: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        self.markers.append(query.get("marker"))
        start = int(query.get("marker") or 0)
        limit = int(query.get("limit") or 100)
        types = set((query.get("types") or "").split(",")) - {""}
        with self.lock:
            fresh = self.events[start:start + limit]
            marker = start + len(fresh)
        _answer(request, 200, {"updates": [e for e in fresh if not types or e["update_type"] in types],
                               "marker": marker})


def _answer(request: BaseHTTPRequestHandler, code: int, document: dict[str, object],
            headers: dict[str, str] | None = None) -> None:
    data = json.dumps(document).encode()
    request.send_response(code)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    for name, value in (headers or {}).items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(data)
