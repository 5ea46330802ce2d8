"""A real HTTP server on 127.0.0.1 that misbehaves in every way cited links do."""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections import Counter
from contextlib import contextmanager
from typing import Iterator


class Handler(http.server.BaseHTTPRequestHandler):
    hits: Counter  # (method, path) -> count, set per server
    slow_seconds = 3.0

    def log_message(self, *args) -> None:
        pass

    def _send(self, code: int, headers: dict[str, str] | None = None, body: bytes = b"") -> None:
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.hits[("HEAD", self.path)] += 1
        if self.path.startswith("/no-head"):
            self._send(405)
        else:
            self._route()

    def do_GET(self) -> None:
        self.hits[("GET", self.path)] += 1
        self._route()

    def _route(self) -> None:  # noqa: C901 - one branch per case is the point
        p, n = self.path, self.hits[("GET", self.path)]
        ok = b"<html><head><title>ok</title></head><body>ok</body></html>"
        if p in ("/ok", "/no-head", "/robots-disallowed") or p.startswith("/page/"):
            self._send(200, body=ok)
        elif p == "/robots.txt":
            self._send(200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")
        elif p == "/moved":
            self._send(301, {"Location": "/ok"})
        elif p in ("/moved-to-missing", "/moved-to-gone", "/moved-to-error"):  # a redirect that ends badly
            self._send(301, {"Location": {"missing": "/missing", "gone": "/gone", "error": "/server-error"}[
                p.rsplit("-", 1)[1]]})
        elif p == "/server-error":
            self._send(500)
        elif p in ("/loop-a", "/loop-b"):
            self._send(302, {"Location": "/loop-b" if p == "/loop-a" else "/loop-a"})
        elif p == "/missing":
            self._send(404)
        elif p == "/gone":
            self._send(410)
        elif p == "/rate-limited-once":
            self._send(429, {"Retry-After": "1"}) if n == 1 else self._send(200, body=ok)
        elif p == "/rate-limited":
            self._send(429, {"Retry-After": "1"})
        elif p == "/bot-wall":
            self._send(403, {"cf-mitigated": "challenge"}, b"<html>Just a moment...</html>")
        elif p == "/error-once":
            self._send(500) if n == 1 else self._send(200, body=ok)
        elif p == "/unavailable":
            self._send(503)
        elif p == "/slow":
            time.sleep(self.slow_seconds)
            self._send(200, body=ok)
        else:
            self._send(404)


def free_port() -> int:
    """A port with nothing listening (for "connection refused")."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free port of 127.0.0.1 (threads that never block the test's exit); yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def link_server() -> Iterator[tuple[str, Counter]]:
    hits: Counter = Counter()
    with running(type("CountingHandler", (Handler,), {"hits": hits})) as base:
        yield base, hits
