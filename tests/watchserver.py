"""A real HTTP server on 127.0.0.1 that serves successive versions of clinic pages.

A test sets what each path answers next: ``server.script("/sci", (503, "..."), (200, html))``
answers the first request with 503 and every later one with the last answer given.
"""

from __future__ import annotations

import http.server
import threading
from contextlib import contextmanager
from typing import Iterator

Answer = tuple  # (status, body text or b"", optional headers dict)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: "WatchServer"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        queue = self.server.answers.get(self.path) or [(404, "<p>not here</p>")]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        status, body, headers = (*answer, {})[:3]
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        for k, v in {"Content-Type": "text/html; charset=utf-8", **headers}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)


class WatchServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answers: dict[str, list[Answer]] = {}
        self.requests: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def script(self, path: str, *answers: Answer) -> None:
        self.answers[path] = list(answers)


@contextmanager
def watch_server() -> Iterator[WatchServer]:
    server = WatchServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def clinic_html(*paragraphs: str, title: str = "Stem cell therapy for spinal cord injury") -> str:
    """A clinic page as clinics make them: navigation, cookie banner, article, footer, scripts."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<script>var tracking = 1;</script></head><body>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/treatments">Treatments</a></li>
<li><a href="/contact">Contact</a></li></ul></nav></header>
<main><article><h1>{title}</h1>
{body}
</article></main>
<footer><p>Copyright 2026 Example Clinic. All rights reserved.</p></footer></body></html>"""
