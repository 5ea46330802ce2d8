"""`mkdocs serve` rebuilds when sources/ or annotations/ change, and shows problems instead of freezing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

from .conftest import ROOT, ann, make_project, mkdocs_build
from .linkserver import free_port

ARTIFACTS = ROOT / "test-artifacts"


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


def serve(root: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTCHECK_LINKS": "off"}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(root / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return server, f"http://127.0.0.1:{port}/"


def test_serve_rebuilds_when_an_annotation_changes(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.source("s", "# P\n\nThe rate has reached 96%.\n")
    file = project.annotations("s", ann("rate", "reached 96%"))
    server, base = serve(tmp_path)
    try:
        url = base + "claims/s/rate/"
        assert wait_for(url, "A claim"), "the first build was not served"
        file.write_text(file.read_text("utf-8").replace("claim: A claim", "claim: A changed claim"), "utf-8")
        assert wait_for(url, "A changed claim"), "editing annotations/ did not rebuild the site"
        page = tmp_path / "sources" / "s" / "page.md"
        page.write_text("# P\n\nThe rate has reached 96%. New words.\n", "utf-8")  # now the hash is wrong
        subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(tmp_path), "hash", "s", "--force"],
                       check=True, capture_output=True)
        assert wait_for(base + "sources/s/", "New words."), "editing sources/ did not rebuild"
    finally:
        server.terminate()
        server.wait(timeout=20)


def text_of(url: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(fetch(url), "html.parser").get_text(" ")


def check_output(root: Path) -> list[str]:
    """What ``factcheck check`` prints: the problems the preview must show, word for word."""
    run = subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(root), "check"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    return run.stdout.splitlines()


def test_a_broken_fact_check_shows_its_problems_in_the_preview_and_reloads_when_fixed(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    from .browser import CHROMIUM_ARGS, chromium_path, require_chromium

    require_chromium()
    project = make_project(tmp_path)
    project.source("s", "# P\n\nThe rate has reached 96%.\n")
    project.source("t", "# T\n\nAnother clinic page.\n")
    file = project.annotations("s", ann("rate", "reached 96%"))
    good = file.read_text("utf-8")
    file.write_text(good.replace("reached 96%", "reached 97%"), "utf-8")  # a quote that is not on the page
    server, base = serve(tmp_path)
    try:
        assert wait_for(base, "Preview only"), "a broken fact-check stopped the preview"
        problems = check_output(tmp_path)
        assert len(problems) == 1 and problems[0].startswith("annotations/s.yml:11:5: quote of 'rate' not found")
        for path in ("", "sources/s/", "claims/s/rate/", "sources/t/", "methodology/"):
            assert problems[0] in text_of(base + path), path  # the banner on every page, in place on s's
        assert "The fact-check of “A clinic page” is not shown" in text_of(base + "claims/s/rate/")
        assert "Another clinic page." in text_of(base + "sources/t/")  # the rest of the site is still there

        file.write_text("source: s\nverdict: [unclosed\n", "utf-8")  # not even YAML
        assert wait_for(base, "YAML syntax"), "a YAML error was not shown"
        assert check_output(tmp_path)[0] in text_of(base)

        file.write_text(good.replace("reached 96%", "reached 97%"), "utf-8")
        assert wait_for(base + "claims/s/rate/", "is not shown")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for width in (390, 1280):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(base + "sources/s/")
                ARTIFACTS.mkdir(exist_ok=True)
                page.screenshot(path=str(ARTIFACTS / f"preview-problems-{width}.png"), full_page=True)
                page.close()
            page = browser.new_page()
            page.goto(base + "sources/s/")
            assert page.locator(".fc-problems").count() == 1
            file.write_text(good, "utf-8")  # fixed: MkDocs' live reload shows the fact-check, no click needed
            page.locator('[data-annotation-card="rate"]').wait_for(timeout=60_000)
            assert page.locator(".fc-problems").count() == 0
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=20)


def site_files(site: Path) -> dict[str, object]:
    """Every file of a built site, comparable between `mkdocs serve` and `mkdocs build`: the sitemap unzipped
    (its archive holds a date), the search index parsed."""
    import gzip
    import json

    found: dict[str, object] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        data = gzip.decompress(path.read_bytes()) if name.endswith(".gz") else path.read_bytes()
        text = data.decode("utf-8", "replace")
        found[name] = json.loads(text) if name.endswith(".json") else text
    return found


def test_serve_dirty_equals_a_full_build_after_edits(tmp_path: Path) -> None:
    """`./dev serve` rebuilds only what an edit changes (mkdocs serve --dirty); what it serves is a full build."""
    root = tmp_path / "p"
    root.mkdir()
    project = make_project(root)
    for sid in "abc":
        project.source(sid, f"# Page {sid}\n\nThe rate has reached 96%. Cells cure {sid} palsy.\n")
    a = project.annotations("a", ann("rate", "reached 96%") + ann("cure", "Cells cure"))
    b = project.annotations("b", ann("rate", "reached 96%"))
    (tmp_path / "tmp").mkdir()
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTCHECK_LINKS": "off", "TMPDIR": str(tmp_path / "tmp")}
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty", "-f", str(root / "mkdocs.yml"),
                               "-a", f"127.0.0.1:{port}"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(base + "claims/a/rate/", "A claim"), "the first build was not served"
        a.write_text(a.read_text("utf-8").replace("claim: A claim", "claim: An edited claim", 1), "utf-8")
        assert wait_for(base + "claims/a/rate/", "An edited claim")
        project.annotations("c", ann("cells", "Cells cure c"))  # a fact-check added
        assert wait_for(base + "claims/c/cells/", "A claim")
        b.unlink()  # a fact-check removed
        assert wait_for(base + "sources/b/", "not yet fact-checked")
        kept = a.read_text("utf-8").split("  - id: cure")[0]
        a.write_text(kept + textwrap.indent(ann("palsy", "a palsy"), "  "), "utf-8")
        assert wait_for(base + "claims/a/palsy/", "A claim")  # an annotation removed, another added
        project.source("d", "# Page d\n\nA new clinic page.\n")  # a source added
        assert wait_for(base + "sources/d/", "A new clinic page.")
        c = root / "annotations" / "c.yml"  # last, an edit that keeps every page: the lean rebuild (see the hooks)
        c.write_text(c.read_text("utf-8").replace("claim: A claim", "claim: A last claim", 1), "utf-8")
        assert wait_for(base + "claims/c/cells/", "A last claim")
        served = next((tmp_path / "tmp").glob("mkdocs_*"))
        built = mkdocs_build(root, "-d", str(tmp_path / "built"), env={"FACTCHECK_SITE_URL": base})
        assert built.returncode == 0, built.stderr
        want, got = site_files(tmp_path / "built"), site_files(served)
        assert sorted(got) == sorted(want)  # no page left over from before an edit, none missing
        different = [name for name in want if got[name] != want[name]]
        assert different == []
        for gone in ("claims/a/cure/", "claims/b/rate/"):
            assert fetch(base + gone) == "" or "404" in fetch(base + gone)
    finally:
        server.terminate()
        server.wait(timeout=20)
