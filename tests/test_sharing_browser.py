"""Shared links in Debian's Chromium: permalink landings, verdict-first claim pages, copy tools, preview images."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from .browser import Watch, require_chromium
from .conftest import ROOT

# the fixtures (a local build, without an address) come from conftest.py, as for every browser module
require_chromium()

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def permalinks(site: Path) -> list[tuple[str, str]]:
    """(source id, annotation id) of every annotation on the built site."""
    export = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    return [tuple(item["id"].strip("/").split("/")[1:3]) for item in export["first"]["items"]]


LANDING = """id => {
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const mark = document.getElementById('__passage-' + id).getBoundingClientRect();
  const card = document.getElementById(id).getBoundingClientRect();
  return {header, markTop: mark.top, markBottom: mark.bottom, cardTop: card.top, height: innerHeight};
}"""


def landed(box: dict) -> bool:
    """The passage's first line and the top of its card are on screen, below the sticky header."""
    return (box["markTop"] >= box["header"] - 1 and box["markTop"] + 16 <= box["height"]
            and box["header"] - 1 <= box["cardTop"] <= box["height"] - 48)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390x844", "1280x900"])
def test_every_permalink_lands_on_its_passage_and_card(browser, base, site, viewport, javascript) -> None:
    links = permalinks(site)
    assert len(links) >= 50
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    page = context.new_page()
    watch = Watch(page)
    missed = []
    for sid, aid in links:
        page.goto("about:blank")
        page.goto(f"{base}sources/{sid}/#{aid}")
        if javascript:
            page.wait_for_load_state("load")
        box = page.evaluate(LANDING, aid)
        if not landed(box):
            missed.append((sid, aid, box))
    name = f"landing-{viewport['width']}-{'js' if javascript else 'nojs'}.png"
    page.screenshot(path=str(ARTIFACTS / name))
    assert watch.errors == [] and watch.foreign == []
    context.close()
    assert missed == [], f"{len(missed)} of {len(links)} permalinks miss their passage: {missed[:3]}"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_read_it_in_context_lands_on_the_passage_on_a_phone(browser, base, site, javascript) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    page = context.new_page()
    for sid, aid in permalinks(site)[::7]:
        page.goto(f"{base}claims/{sid}/{aid}/")
        page.get_by_role("link", name="Read it in context").click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"sources/{sid}/#{aid}")
        assert landed(page.evaluate(LANDING, aid)), (sid, aid)
    context.close()


FIRST_SCREEN = """() => {
  const box = sel => { const el = document.querySelector(sel); return el && el.getBoundingClientRect(); };
  const order = [...document.querySelector('h1').children].map(e => e.className);  // the verdict, then the claim
  return {verdict: box('.fc-verdict-line'), h1: box('h1'), label: box('h1 .fc-claim-label'),
          finding: box('.fc-finding'), height: innerHeight, order,
          text: (document.querySelector('.fc-claim-head') || document.body).innerText};
}"""


def test_claim_pages_lead_with_the_verdict_on_a_phone(browser, base, site) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    for sid, aid in permalinks(site):
        page.goto(f"{base}claims/{sid}/{aid}/")
        first = page.evaluate(FIRST_SCREEN)
        context_link = page.get_by_role("link", name="Read it in context").get_attribute("href")
        assert context_link.endswith(f"sources/{sid}/#{aid}")  # the permalink, whose landings are tested above
        assert first["order"][:2] == ["fc-verdict-line", "fc-claim-label"], (sid, aid, first["order"])
        for part in ("verdict", "label", "finding"):
            assert 0 <= first[part]["top"] and first[part]["bottom"] <= first["height"], (sid, aid, part, first)
        rated = page.locator("script[type='application/ld+json']").count() == 1
        if rated:
            assert first["text"].startswith("OUR VERDICT") and "WHAT THE CLINIC CLAIMS:" in first["text"]
        else:  # a context note is never called a verdict
            assert "verdict" not in first["text"].lower().replace("not a verdict", ""), first["text"]
    page.screenshot(path=str(ARTIFACTS / "claim-first-screen-390.png"))
    context.close()


def test_copy_link_and_copy_for_a_forum(browser, base, site) -> None:
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    watch = Watch(page)
    sid, aid = permalinks(site)[0]
    page.goto(f"{base}sources/{sid}/")
    card = page.locator(f"#{aid}")
    claim = card.locator(".fc-claim").inner_text()
    copy = card.get_by_role("button", name=f"Copy link to the check of: {claim[:40]}")
    assert copy.is_visible() and copy.inner_text() == "Copy link"
    copy.click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}sources/{sid}/#{aid}"
    page.wait_for_function("document.getElementById('fc-announce').textContent === 'Link copied'")
    assert page.get_by_role("status").inner_text() == "Link copied"
    assert copy.inner_text().startswith("Copy link")  # the label stays

    card.get_by_role("button", name="Copy for a forum").click()
    page.wait_for_function("document.getElementById('fc-announce').textContent.startsWith('Forum post copied')")
    snippet = page.evaluate("navigator.clipboard.readText()")
    html = MarkdownIt("commonmark").render(snippet)  # Discourse's parser; Reddit's follows CommonMark too
    from bs4 import BeautifulSoup

    doc = BeautifulSoup(html, "html.parser")
    assert doc.blockquote and doc.strong.get_text().startswith("Our verdict:")
    assert [a["href"] for a in doc.select("a")] == [f"{base}claims/{sid}/{aid}/"]
    (ARTIFACTS / "forum-snippet.md").write_text(snippet, "utf-8")

    page.goto(f"{base}claims/{sid}/{aid}/")
    page.get_by_role("button", name="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}claims/{sid}/{aid}/"
    assert watch.errors == [] and watch.foreign == []
    context.close()


def test_preview_images_exist_have_their_size_and_show_the_verdict(browser, base, site) -> None:
    from PIL import Image

    from factcheck.verdicts import BY_ID, NOTE

    page = browser.new_page()
    pages = sorted(p.parent for p in (site / "claims").rglob("index.html"))
    pages += sorted(p.parent for p in (site / "sources").glob("*/index.html"))
    keep = {*pages[:3], pages[-1]}  # a few to look at: three claims and a source page
    for folder in pages:
        path = folder.relative_to(site).as_posix() + "/"
        page.goto(base + path)
        image = page.locator("meta[property='og:image']").get_attribute("content")
        alt = page.locator("meta[property='og:image:alt']").get_attribute("content")
        size = page.evaluate("""src => new Promise(ok => { const i = new Image(); i.onload = () => ok([i.naturalWidth,
                                i.naturalHeight]); i.onerror = () => ok(null); i.src = src; })""", image)
        assert size == [1200, 630], (path, image)
        shown = page.locator(".fc-verdict-line .fc-badge, #summary .fc-badge").first.inner_text()
        verdict = next(v for v in (*BY_ID.values(), NOTE) if shown.endswith(v.label))  # the page's own badge
        assert alt.startswith((verdict.label if verdict is not NOTE else "Context note") + ". "), (path, alt)
        png = Image.open(io.BytesIO((site / path / "preview.png").read_bytes())).convert("RGB")
        assert png.getpixel((10, 315)) == tuple(int(verdict.colour[i:i + 2], 16) for i in (1, 3, 5)), path
        if folder in keep:
            (ARTIFACTS / f"preview-{folder.parent.name}-{folder.name}.png").write_bytes((folder / "preview.png").read_bytes())
    page.close()
