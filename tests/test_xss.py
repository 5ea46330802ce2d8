"""Script injection: payloads in every field; none reaches the built site in executable form.

Checked twice: by parsing every built HTML page, and in headless Chromium (no dialog,
no console error, no request leaving 127.0.0.1, the marker variable never set).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.check import check
from factcheck.sourcetext import parse_source

from .browser import CHROMIUM_ARGS, Watch, chromium_path, require_chromium, serve
from .conftest import ROOT, make_project, mkdocs_build
from .xss_payloads import REFUSED_URLS, TEXT, URLS

ARTIFACTS = ROOT / "test-artifacts"
PAYLOAD = " ".join(TEXT).replace("\n", " ")  # one line holding every payload
DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.I)


def project_with_payloads(root: Path):
    project = make_project(root)
    blocks = [f"Payload {i}: {text}" for i, text in enumerate(TEXT)]
    page = "# Offer\n\nOur cure works.\n\n" + "\n\n".join(blocks) + "\n\nAsk us today.\n"
    # what a reader sees of each payload paragraph is what an annotation quotes
    seen = [parse_source(block).text.split("\n")[0] for block in blocks]
    dump = lambda v: json.dumps(v, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML strings
    project.source("evil", page, title=dump(PAYLOAD), publisher=dump(PAYLOAD), note=dump(PAYLOAD),
                   url=dump(URLS[0]), appearances=dump(URLS[1:]), archived=dump(URLS),
                   topics="[spinal-cord-injury]")
    citations = "".join(f"""
      - title: {dump(PAYLOAD)}
        url: {dump(url)}
        publisher: {dump(PAYLOAD)}
        quote: {dump(PAYLOAD)}
        archived: {dump(url)}""" for url in URLS)
    items = "".join(f"""
  - id: payload-{i}
    quote: {dump(seen[i])}
    claim: {dump(PAYLOAD)}
    verdict: inaccurate
    comment: {dump(text + chr(10) + chr(10) + PAYLOAD)}
    citations:{citations}
      - title: The comment, quoted (its quotation marks must be quotations)
        url: https://example.org/quoted
        quote: {dump(text + chr(10) + chr(10) + PAYLOAD)}
    tags: [xss]""" for i, text in enumerate(TEXT))
    project.raw("annotations/evil.yml", f"""\
source: evil
verdict: inaccurate
headline: {dump(PAYLOAD)}
takeaways: {dump(TEXT[:5])}
authors: [tester]
reviewers: [reviewer]
reviewed: 2026-11-21
published: 2026-11-21
annotations:{items}
""")
    return project


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    project_with_payloads(root)
    checked = check(root)
    assert checked.ok, checked.problems[:5]
    run = mkdocs_build(root)
    assert run.returncode == 0, run.stderr
    return root / "site"


THEME_INLINE = ("__md_scope=new URL(", "var target=document.getElementById(location.hash.slice(1))")


def our_script(tag) -> bool:
    """The only scripts a page may have: the theme's and ours, and JSON data that parses."""
    if tag.get("type") in ("application/ld+json", "application/json"):
        json.loads(tag.string)  # valid JSON, so nothing broke out of it
        return True
    src = tag.get("src", "")
    if src:
        return "assets/javascripts/" in src or src.endswith(("assets/factcheck.js", "assets/margin-notes.js"))
    return (tag.string or "").startswith(THEME_INLINE)


def test_payload_corpus_size() -> None:
    assert len(TEXT) + len(URLS) + len(REFUSED_URLS) >= 45


def test_no_page_contains_a_payload_in_executable_form(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        html = page.read_text("utf-8")
        soup = BeautifulSoup(html, "html.parser")
        for tag in soup.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), f"{page}: {tag.name} {attr}"
                values = value if isinstance(value, list) else [value]
                if attr.lower() in ("href", "src", "action", "formaction", "xlink:href", "content", "data"):
                    assert not any(DANGEROUS_SCHEME.match(v) for v in values), f"{page}: {tag}"
        assert all(our_script(s) for s in soup.find_all("script")), page
        content = soup.select_one("article.md-content__inner, .md-content")
        assert content is not None
        assert not content.select("script, iframe, object, embed, img, svg, math, form, base, style, meta, "
                                  "details:not(.fc-evidence):not(.fc-provenance)"), page


def test_payload_text_is_shown_not_hidden(hostile_site: Path) -> None:
    soup = BeautifulSoup((hostile_site / "sources" / "evil" / "index.html").read_text("utf-8"), "html.parser")
    text = soup.select_one(".fc-source-text").get_text()
    for i, payload in enumerate(TEXT):
        seen = parse_source(f"Payload {i}: {payload}").text.split("\n")[0]
        assert seen in text  # shown as the page had it, as text
    assert "{{7*7}}" in text and "{% include 'base.html' %}" in text  # template syntax is never evaluated
    for raw in ("<script>window.__xss=1;alert(1)</script>", "<img src=x onerror=", "<svg onload=alert(1)>"):
        assert raw in text  # raw HTML in a clinic page is visible text, never markup


def test_json_ld_cannot_be_broken_out_of(hostile_site: Path) -> None:
    page = (hostile_site / "claims" / "evil" / "payload-0" / "index.html").read_text("utf-8")
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block
    reviewed = json.loads(block)["claimReviewed"]  # the claim, cut at a word within 75 characters
    assert reviewed.endswith("…") and " ".join(PAYLOAD.split()).startswith(reviewed[:-1])


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_dangerous_addresses_are_refused_before_building(repo, url: str) -> None:
    repo.source("s", "# P\n\nOur cure works.\n")
    repo.raw("annotations/s.yml", f"""\
source: s
verdict: inaccurate
headline: H.
takeaways: [a, b]
authors: [tester]
published: 2026-11-21
annotations:
  - id: a
    quote: Our cure works
    claim: C
    verdict: inaccurate
    comment: C.
    citations:
      - title: T
        url: {json.dumps(url)}
""")
    problems = check(repo.root).problems
    assert any(p.line == 15 and "is not an http(s) address" in p.message for p in problems), problems


@pytest.mark.browser
def test_payloads_do_not_run_in_chromium(hostile_site: Path) -> None:
    from playwright.sync_api import sync_playwright

    require_chromium()
    ARTIFACTS.mkdir(exist_ok=True)
    pages = ["", "sources/evil/", "verdicts/", "topics/", "links/", "verdicts/inaccurate/"]
    pages += sorted(str(p.parent.relative_to(hostile_site)) + "/" for index in ("topics", "links")
                    for p in (hostile_site / index).rglob("*/index.html"))  # each section's own pages
    claims = [f"claims/evil/{p.name}/" for p in sorted((hostile_site / "claims" / "evil").iterdir())]
    with serve(hostile_site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for width in (1280, 390):
            page = browser.new_page(viewport={"width": width, "height": 900})
            watch = Watch(page)
            for path in pages + (claims if width == 1280 else claims[:3]):
                page.goto(base + path)
                page.wait_for_timeout(50)
                assert page.evaluate("window.__xss") is None, path
                for link in page.locator("a[href]").all():
                    assert not DANGEROUS_SCHEME.match(link.get_attribute("href") or ""), path
                page.locator("mark[data-annotation]").first.click() if path == "sources/evil/" else None
            page.goto(base + "sources/evil/")
            page.screenshot(path=str(ARTIFACTS / f"xss-fixture-{width}.png"), full_page=True)
            assert watch.dialogs == [] and watch.errors == [], (watch.dialogs, watch.errors)
            assert watch.foreign == [], watch.foreign
            page.close()
        browser.close()
