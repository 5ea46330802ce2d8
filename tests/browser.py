"""Helpers for real-browser tests: a static server on 127.0.0.1 and Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def require_chromium() -> None:
    """Skip a browser test when chromium is missing, except in CI (``CI`` set), where that fails it."""
    if chromium_path() is not None:
        return
    if os.environ.get("CI"):
        pytest.fail("Debian's chromium is not installed, and CI must run every browser test (./dev test installs it)")
    pytest.skip("chromium is not installed (./dev test installs it)", allow_module_level=True)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Watch:
    """Records what a page does that it must not: console errors, dialogs, requests off 127.0.0.1."""

    def __init__(self, page) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", self._dialog)
        page.route("**/*", self._route)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


# ---- fixtures shared by the browser test modules (import them: one build, one browser per run) ----
@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """This repository's site, built once with ``mkdocs build --strict``."""
    from .conftest import ROOT, mkdocs_build

    out = tmp_path_factory.mktemp("site") / "site"
    run = mkdocs_build(ROOT, "-d", str(out))
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")  # per module: other modules may start Playwright themselves
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")  # per module: a live server thread stops other tests from forking
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url

