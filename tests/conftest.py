"""Shared fixtures: the project root and a builder for small fixture repositories."""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "seeds"  # the five clinic texts as first captured, kept so CI checks them everywhere

pytest_plugins = ["tests.ci_no_skips"]


def source_yml(page: bytes, **fields: str) -> str:
    values = {"title": "A clinic page", "publisher": "Example Clinic", "url": "null", "captured": "2026-11-21",
              "sha256": hashlib.sha256(page).hexdigest(), **fields}
    return "".join(f"{k}: {v}\n" for k, v in values.items())


REVIEW = {"reviewers": "[reviewer]", "reviewed": "2026-11-21"}


def annotation_yml(source: str, body: str, **fields: str | None) -> str:
    """A valid, reviewed annotation file around ``body`` (the indented list under ``annotations:``).

    The review record comes last, so that it moves no line above it; for a draft,
    pass ``reviewers=None, reviewed=None`` (or other values to write them at the top).
    """
    head = {"source": source, "verdict": "misleading", "headline": "A headline.",
            "takeaways": "\n  - one\n  - two", "authors": "[tester]", "published": "2026-11-21", **fields}
    tail = {k: v for k, v in REVIEW.items() if k not in fields}
    text = "".join(f"{k}: {v}\n" for k, v in head.items() if v is not None)
    body = textwrap.indent(textwrap.dedent(body).strip("\n") + "\n", "  ")
    return text + "annotations:\n" + body + "".join(f"{k}: {v}\n" for k, v in tail.items())


class RepoBuilder:
    def __init__(self, root: Path):
        self.root = root

    def source(self, sid: str, page: str, **fields: str) -> Path:
        folder = self.root / "sources" / sid
        folder.mkdir(parents=True, exist_ok=True)
        raw = page.encode("utf-8")
        (folder / "page.md").write_bytes(raw)
        (folder / "source.yml").write_text(source_yml(raw, **fields), "utf-8")
        return folder

    def annotations(self, sid: str, body: str, **fields: str | None) -> Path:
        path = self.root / "annotations" / f"{sid}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(annotation_yml(sid, body, **fields), "utf-8")
        return path

    def raw(self, relpath: str, content: str | bytes) -> Path:
        path = self.root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path


@pytest.fixture
def repo(tmp_path: Path) -> RepoBuilder:
    return RepoBuilder(tmp_path)


CITATION = """\
citations:
  - title: A study
    url: https://example.org/study
"""


def ann(id: str, quote: str, *, verdict: str | None = "misleading", extra: str = "") -> str:
    """One annotation item as YAML (for ``RepoBuilder.annotations``)."""
    # a JSON string is a valid YAML double-quoted scalar
    lines = [f"- id: {id}", f"  quote: {json.dumps(quote, ensure_ascii=False)}", "  claim: A claim",
             "  comment: A comment."]
    if verdict:
        lines.append(f"  verdict: {verdict}")
        lines += ["  " + l for l in CITATION.splitlines()]
    lines += ["  " + l for l in textwrap.dedent(extra).splitlines() if l.strip()]
    return "\n".join(lines) + "\n"


# ---- whole-build helpers ------------------------------------------------------------
import os
import shutil
import subprocess
import sys

SITE_FILES = ("mkdocs.yml", "docs", "overrides", "hooks")
PUBLISHED = "https://stemcell-checks.github.io/factcheck/"  # an address a deploy would pass in FACTCHECK_SITE_URL


def make_project(root: Path) -> RepoBuilder:
    """A fixture project: this repository's site configuration, with no sources yet."""
    for name in SITE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, root / name)
    (root / "sources").mkdir(exist_ok=True)
    (root / "annotations").mkdir(exist_ok=True)
    return RepoBuilder(root)


def mkdocs_build(root: Path, *extra: str, env: dict | None = None, strict: bool = True) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of a project (or a plain ``mkdocs build``), as a contributor would run it."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "FACTCHECK_LINKS": "off", **(env or {})}
    target = [] if "-d" in extra else ["-d", str(root / "site")]
    mode = ["--strict"] if strict else []
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *mode, "-f", str(root / "mkdocs.yml"),
                           *target, *extra], capture_output=True, text=True, timeout=300, env=environment, cwd=root)


@pytest.fixture
def project(tmp_path: Path) -> RepoBuilder:
    return make_project(tmp_path)


# ---- the hostile-input corpus, counted at the end of every run ---------------------
def pytest_collection_modifyitems(session, config, items) -> None:
    config._factcheck_properties = sorted({item.nodeid.split("[")[0] for item in items
                                           if getattr(getattr(item, "obj", None), "is_hypothesis_test", False)})


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    from .test_malformed import corpus_size
    from .xss_payloads import REFUSED_URLS, TEXT, URLS

    properties = getattr(config, "_factcheck_properties", [])
    terminalreporter.write_sep("-", "hostile-input corpus")
    terminalreporter.write_line(f"malformed files: {corpus_size()} (tests/malformed/, plus those made at run time)")
    terminalreporter.write_line(f"script payloads: {len(TEXT)} text, {len(URLS)} addresses, "
                                f"{len(REFUSED_URLS)} refused addresses (tests/xss_payloads.py)")
    terminalreporter.write_line(f"property-based tests: {len(properties)} ({', '.join(p.split('::')[-1] for p in properties)})")


def render_site(root: Path, site_dir: Path, site_url: str = "https://factcheck.example/"):
    """Every generated page's body and the export, written by the engine in-process, without MkDocs.

    For fast tests (and mutation testing, which only a test in this process can see). Returns the renderer.
    """
    from factcheck.check import check
    from factcheck.render import SiteRenderer

    checked = check(root)
    assert checked.ok, checked.problems
    renderer = SiteRenderer(checked, site_url=site_url)
    for page in renderer.pages():
        out = site_dir / page.url / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(renderer.head(page) + "\n" + renderer.content(page), "utf-8")
    renderer.write_exports(site_dir)
    return renderer

# ---- real-browser fixtures (tests/browser.py), defined once so one site and one Chromium serve a run ----
from .browser import base, browser, site  # noqa: E402,F401
