"""The text a reader sees on a rendered ``page.md``, with token offsets.

Each text-bearing token gets ``meta["v"]``: where its characters start in
``SourceText.text``. Anchoring works on that text; rendering walks the same
tokens and wraps ranges of it in ``<mark>``, so both always agree.

``page.md`` never changes once annotated and is identified by its SHA-256,
so its visible text is cached by that hash (``visible_text``): anchoring then
needs no Markdown parse, and the tokens are parsed only to render the page.
"""

from __future__ import annotations

import os
import tempfile
from functools import cached_property
from pathlib import Path
from typing import Callable

from markdown_it.token import Token

from .markdown import parser
from .normalise import Normalised, normalise

TEXT_INLINE = ("text", "code_inline")
BREAKS = ("softbreak", "hardbreak")
TEXT_BLOCKS = ("fence", "code_block")
CACHE_VERSION = "1"  # change when the visible-text rules change
MIN_BACKGROUND_PAGES = 50  # fewer are parsed in less time than starting another process takes
BACKGROUND_TIMEOUT = 120.0  # seconds; far more than any real repository needs


class SourceText:
    """A page's visible text; its Markdown tokens are parsed only when asked for.

    ``markdown`` is the page's Markdown, or a function that reads it again
    (so that thousands of pages need not stay in memory between checking
    and rendering).
    """

    def __init__(self, markdown: str | Callable[[], str], text: str | None = None,
                 tokens: list[Token] | None = None):
        self._markdown = markdown
        self._text = text
        self._tokens = tokens

    @property
    def markdown(self) -> str:
        return self._markdown() if callable(self._markdown) else self._markdown

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens, self._text = _parse(self.markdown)
        return self._tokens

    @property
    def text(self) -> str:
        if self._text is None:
            self._tokens, self._text = _parse(self.markdown)
        return self._text

    @cached_property
    def normalised(self) -> Normalised:
        return normalise(self.text)

    def release_tokens(self) -> None:
        """Forget the tokens (after rendering); they are parsed again if needed."""
        self._tokens = None

    def release_normalised(self) -> None:
        """Forget the normalised form (after anchoring); it is computed again if needed."""
        self.__dict__.pop("normalised", None)


def _parse(markdown: str) -> tuple[list[Token], str]:
    tokens = parser().parse(markdown)
    parts: list[str] = []
    length = 0

    def add(token: Token, text: str) -> None:
        nonlocal length
        token.meta["v"] = length
        parts.append(text)
        length += len(text)

    for block in tokens:
        if block.type == "inline" or block.type in TEXT_BLOCKS:
            if length:
                parts.append("\n")
                length += 1
        if block.type == "inline":
            for child in block.children or ():
                if child.type in TEXT_INLINE:
                    add(child, child.content)
                elif child.type in BREAKS:
                    add(child, "\n")
        elif block.type in TEXT_BLOCKS:
            add(block, block.content)
    return tokens, "".join(parts)


def parse_source(markdown: str) -> SourceText:
    """Parse ``page.md`` and compute its visible text."""
    tokens, text = _parse(markdown)
    return SourceText(markdown, text, tokens)


def cache_file(cache: Path, sha256: str) -> Path:
    import markdown_it

    return cache / f"{sha256}-{markdown_it.__version__}-{CACHE_VERSION}.txt"


def cached_source(markdown: str, sha256: str, cache: Path | None,
                  reload: Callable[[], str] | None = None) -> SourceText:
    """The page's SourceText, its visible text read from (or written to) ``cache``.

    With ``reload``, the Markdown itself is not kept: it is read again when the
    page is rendered.
    """
    if cache is None:
        return SourceText(reload or markdown)
    path = cache_file(cache, sha256)
    try:
        return SourceText(reload or markdown, path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        pass
    source = parse_source(markdown)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(source.text)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout only loses the speed-up
    source.release_tokens()  # anchoring needs only the text
    if reload is not None:
        source._markdown = reload
    return source


def fill_cache_in_background(pages: list[tuple[str, Callable[[], str | None]]], cache: Path) -> Callable[[], None]:
    """Start caching the visible text of pages in another process.

    ``pages`` holds (SHA-256, function returning the Markdown or ``None``)
    pairs. On a first run (a fresh clone, CI) parsing every page is most of
    the work of a check; another process parses the pages while this one
    loads the YAML. Returns a function that waits for it. When no process is
    started (one core, a few pages, threads that make forking unsafe),
    waiting does nothing: pages not cached are parsed as they are loaded.
    """
    import threading

    missing = [(sha, read) for sha, read in pages if not cache_file(cache, sha).exists()]
    if len(missing) < MIN_BACKGROUND_PAGES or _cores() < 2 or threading.active_count() > 1:
        return lambda: None
    import multiprocessing

    # fork: the child has the parser loaded already, and the functions need no pickling.
    process = multiprocessing.get_context("fork").Process(target=_fill_cache, args=(missing, cache), daemon=True)
    process.start()

    def wait() -> None:
        process.join(timeout=BACKGROUND_TIMEOUT)
        if process.is_alive():  # should never happen; the pages are parsed here instead
            process.kill()
    return wait


def _cores() -> int:
    """CPUs this process may run on (fewer than the machine's in a container)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _fill_cache(pages: list[tuple[str, Callable[[], str | None]]], cache: Path) -> None:
    for sha, read in pages:
        try:
            markdown = read()
            if markdown is not None:
                cached_source(markdown, sha, cache)
        except Exception:  # noqa: BLE001 - the main process parses this page itself and reports any failure
            continue
