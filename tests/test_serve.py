"""`mkdocs serve` rebuilds when sources/ or annotations/ change."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from .conftest import ann, make_project
from .linkserver import free_port


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_an_annotation_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.source("s", "# P\n\nThe rate has reached 96%.\n")
    file = project.annotations("s", ann("rate", "reached 96%"))
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTCHECK_LINKS": "off"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(tmp_path / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], cwd=tmp_path, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/claims/s/rate/"
        assert wait_for(url, "A claim"), "the first build was not served"
        file.write_text(file.read_text("utf-8").replace("claim: A claim", "claim: A changed claim"), "utf-8")
        assert wait_for(url, "A changed claim"), "editing annotations/ did not rebuild the site"
        page = tmp_path / "sources" / "s" / "page.md"
        page.write_text("# P\n\nThe rate has reached 96%. New words.\n", "utf-8")  # now the hash is wrong
        subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(tmp_path), "hash", "s", "--force"],
                       check=True, capture_output=True)
        assert wait_for(f"http://127.0.0.1:{port}/sources/s/", "New words."), "editing sources/ did not rebuild"
    finally:
        server.terminate()
        server.wait(timeout=20)
