"""A real HTTP server on 127.0.0.1 serving cited pages as they come in the wild: re-typeset, moved, PDF,
written by a script, behind a login, huge, slow, and compressed into a bomb."""

from __future__ import annotations

import gzip
import http.server
import time
from collections import Counter
from contextlib import contextmanager
from typing import Iterator

from .linkserver import running

QUOTE = "Seven of the ten patients' conditions \"improved\" after treatment - a 70% rate"
# the same words as a typesetter would publish them: curly quotes, a no-break space, a dash, markup inside
TYPESET = ("<p>Results. Seven of the ten patients\u2019 conditions \u201c<em>improved</em>\u201d after"
           "\u00a0treatment \u2013 a <b>70%</b> rate. Follow-up was short.</p>")


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose text layer holds ``text`` (Helvetica, no compression)."""
    stream = f"BT /F1 12 Tf 40 700 Td ({text.replace('(', '[').replace(')', ']')}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_BOMB: list[bytes] = []


def _bomb() -> bytes:
    """About 60 kB on the wire that inflate to 60 MB (made once)."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b"<p>" + b"0" * 60_000_000 + b"</p>", 6))
    return _BOMB[0]


class QuoteHandler(http.server.BaseHTTPRequestHandler):
    hits: Counter

    def log_message(self, *args) -> None:
        pass

    def _send(self, code: int, body: bytes = b"", kind: str = "text/html; charset=utf-8",
              headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_HEAD(self) -> None:  # LinkChecker's status check
        self.hits[("HEAD", self.path)] += 1
        self._send(200)

    def do_GET(self) -> None:  # noqa: C901 - one branch per kind of page
        self.hits[("GET", self.path)] += 1
        p = self.path
        if p == "/typeset":
            self._send(200, f"<html><body><h1>Trial</h1>{TYPESET}</body></html>".encode())
        elif p == "/changed":
            self._send(200, b"<html><body><p>Results. Five of the ten patients improved after treatment.</p>"
                            b"</body></html>")
        elif p == "/paper.pdf":
            self._send(200, pdf_with_text(QUOTE), "application/pdf")
        elif p == "/moved":
            self._send(301, headers={"Location": "/typeset"})
        elif p == "/scripted":
            self._send(200, b"<html><body><div id=app></div><script>document.getElementById('app')"
                            b".textContent = 'Seven of the ten patients';</script></body></html>")
        elif p == "/login":
            self._send(200, b"<html><body><h1>Sign in</h1><form><input name=u>"
                            b"<input type=password name=p></form></body></html>")
        elif p == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/png")
        elif p == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(2000):  # 20 MB, no Content-Length: only the reader's limit stops it
                    self.wfile.write(b"<p>" + b"x" * 10_000 + b"</p>")
            except OSError:
                pass
        elif p == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            try:
                for _ in range(600):  # a byte every 0.1 s: never a read time-out, 60 s in all
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        elif p == "/bomb":
            self._send(200, _bomb(), headers={"Content-Encoding": "gzip"})
        else:
            self._send(404, b"not found")


@contextmanager
def quote_server() -> Iterator[tuple[str, Counter]]:
    hits: Counter = Counter()
    with running(type("CountingQuoteHandler", (QuoteHandler,), {"hits": hits})) as base:
        yield base, hits
