"""``factcheck archive``: fetch a clinic page and keep it as a new source.

The raw HTML is kept as ``capture.html`` beside the source (never published:
only ``docs/`` and the generated pages are). The readable main text is
extracted with trafilatura, keeping headings, paragraphs and lists, into
``page.md``; ``source.yml`` records the address, the capture time, and the
publisher and title found in the page. Everything is written to a temporary
folder first, so a failure never leaves half a source behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import tempfile
import urllib.error
import urllib.request
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .linkchecker import USER_AGENT
from .schema import SLUG

MAX_BYTES = 10_000_000
MIN_WORDS = 15  # less is navigation or an empty shell, not a page worth archiving
HTML_TYPES = ("text/html", "application/xhtml+xml")


class ArchiveError(Exception):
    """A clear reason why a page could not be archived."""


@dataclass
class Captured:
    url: str  # the address asked for
    final_url: str  # after redirects
    body: bytes
    charset: str | None


def fetch(url: str, timeout: float = 30.0) -> Captured:
    """GET an HTML page; raise ArchiveError for anything that is not one."""
    if not re.match(r"^https?://", url, re.I):
        raise ArchiveError(f"{url}: only http:// and https:// addresses can be archived")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in HTML_TYPES:
                raise ArchiveError(f"{url}: not an HTML page (content type {kind}); archive web pages only")
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise ArchiveError(f"{url}: page is larger than {MAX_BYTES:,} bytes")
            return Captured(url, response.geturl(), body, response.headers.get_content_charset())
    except urllib.error.HTTPError as err:
        raise ArchiveError(f"{url}: the server answered HTTP {err.code} {err.reason}") from None
    except urllib.error.URLError as err:
        raise ArchiveError(f"{url}: cannot fetch the page ({err.reason})") from None
    except TimeoutError:
        raise ArchiveError(f"{url}: no answer within {timeout:.0f} seconds") from None


class _Head(HTMLParser):
    """The few facts a source.yml needs: title, site name, language."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.lang = ""
        self.title = ""
        self.h1 = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = attrs.get("lang", "")
        elif tag == "meta" and attrs.get("content"):
            key = attrs.get("property") or attrs.get("name") or ""
            self.meta.setdefault(key.lower(), attrs["content"].strip())
        elif tag in ("title", "h1") and not getattr(self, tag):
            self._in = tag

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            setattr(self, self._in, (getattr(self, self._in) + data))


def _decode(captured: Captured) -> str:
    for charset in (captured.charset, "utf-8"):
        if charset:
            try:
                return captured.body.decode(charset)
            except (LookupError, UnicodeDecodeError):
                continue
    return captured.body.decode("utf-8", errors="replace")


def extract_markdown(html: str, *, fast: bool = False) -> str:
    """The page's main text as Markdown (headings, paragraphs, lists), without navigation or banners.

    ``fast`` skips trafilatura's fallback extractors (about half the time); archiving never uses it.
    """
    import trafilatura

    text = trafilatura.extract(html, output_format="markdown", include_formatting=True, include_links=False,
                               include_images=False, include_comments=False, include_tables=True,
                               favor_precision=True, fast=fast)
    return (text or "").strip()


def suggest_id(url: str) -> str:
    """A source id from the address: host and last path segment."""
    parts = urlsplit(url)
    host = (parts.hostname or "page").removeprefix("www.").split(".")[0]
    tail = [p for p in parts.path.split("/") if p][-1:] or ["home"]
    words = re.sub(r"\.[a-z0-9]+$", "", tail[0].lower())
    slug = "-".join(re.findall(r"[a-z0-9]+", f"{host} {words}"))
    return slug[:64].strip("-") or "page"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def archive(url: str, root: Path, source_id: str | None = None, *, now: dt.datetime | None = None,
            timeout: float = 30.0) -> Path:
    """Archive ``url`` as ``sources/<source_id>/``; return the folder."""
    sid = source_id or suggest_id(url)
    if not SLUG.fullmatch(sid) or len(sid) > 64:
        raise ArchiveError(f"bad source id '{sid}': use lower-case letters, digits and single hyphens")
    target = root / "sources" / sid
    if target.exists():
        raise ArchiveError(f"sources/{sid}/ exists already; choose another --id (a changed page is archived "
                           f"as a new source, for example {sid}-{dt.date.today().year})")
    captured = fetch(url, timeout)
    html = _decode(captured)
    markdown = extract_markdown(html)
    words = len(markdown.split())
    if words < MIN_WORDS:
        raise ArchiveError(f"{url}: no readable text found on the page ({words} words; it may be only "
                           "navigation, or need JavaScript to show its text)")
    head = _Head()
    head.feed(html)
    moment = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    page = (markdown + "\n").encode("utf-8")
    source = {
        "title": _one_line(head.meta.get("og:title") or head.h1 or head.title or sid),
        "publisher": _one_line(head.meta.get("og:site_name") or head.meta.get("application-name")
                               or (urlsplit(captured.final_url).hostname or "").removeprefix("www.")),
        "url": url,
        "appearances": [captured.final_url] if captured.final_url != url else [],
        "captured": moment.date().isoformat(),
        "archived": [],
        "language": (head.lang or "en").split("-")[0].lower() or "en",
        "topics": [],
        "sha256": hashlib.sha256(page).hexdigest(),
        "note": f"Archived with factcheck archive at {moment.strftime('%Y-%m-%dT%H:%M:%SZ')}; the raw HTML "
                "is kept in capture.html. The publisher and title were read from the page: check them.",
    }
    (root / "sources").mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{sid}-", dir=root / "sources"))
    try:
        (staging / "capture.html").write_bytes(captured.body)
        (staging / "page.md").write_bytes(page)
        header = "# yaml-language-server: $schema=../../factcheck/schemas/source.schema.json\n"
        (staging / "source.yml").write_text(header + yaml.safe_dump(source, allow_unicode=True, sort_keys=False,
                                                                    width=100), "utf-8")
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return target
