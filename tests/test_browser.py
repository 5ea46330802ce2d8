"""Real-browser tests in Debian's Chromium (Playwright, executable_path) at 1280 and 390 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from .browser import Watch, require_chromium
from .conftest import ROOT

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
WIDE, NARROW = 1280, 390

require_chromium()


def source_pages(site: Path) -> list[str]:
    return sorted(f"sources/{p.name}/" for p in (site / "sources").iterdir()
                  if (ROOT / "annotations" / f"{p.name}.yml").exists())


def test_permalink_scrolls_to_and_marks_its_card(browser, base, site) -> None:
    path = source_pages(site)[0]
    page = browser.new_page(viewport={"width": WIDE, "height": 900})
    watch = Watch(page)
    page.goto(base + path)
    ids = page.eval_on_selector_all("[data-annotation-card]", "els => els.map(e => e.id)")
    target = ids[-1]
    page.goto(base + path + "#" + target)
    card = page.locator(f"#{target}")
    box = card.bounding_box()
    assert 0 <= box["y"] < 900, box  # scrolled into view
    assert "fc-target" in card.get_attribute("class")
    marks = page.locator(f'mark[data-annotation="{target}"]')
    assert marks.count() >= 1
    assert all("fc-target" in marks.nth(i).get_attribute("class") for i in range(marks.count()))
    page.screenshot(path=str(ARTIFACTS / "permalink.png"))
    assert watch.errors == [] and watch.foreign == []
    page.close()


def test_clicking_a_passage_focuses_its_card_and_back(browser, base, site) -> None:
    path = source_pages(site)[0]
    page = browser.new_page(viewport={"width": WIDE, "height": 900})
    watch = Watch(page)
    page.goto(base + path)
    first = page.locator("mark[id^='__passage-']").first
    aid = first.get_attribute("data-annotation")
    first.click()
    assert page.evaluate("document.activeElement.dataset.annotationCard") == aid
    assert page.evaluate("location.hash") == "#" + aid
    page.locator(f"#{aid} .fc-to-passage").click()
    assert page.evaluate("document.activeElement.id") == f"__passage-{aid}"
    assert watch.errors == []
    page.close()


def test_pages_read_without_javascript(browser, base, site) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": WIDE, "height": 900})
    page = context.new_page()
    path = source_pages(site)[0]
    page.goto(base + path)
    assert page.locator(".fc-card").count() == page.locator("[data-annotation-card]").count() > 0
    first = page.locator(".fc-card").first
    assert first.is_visible()
    page.goto(base + path + "#" + first.get_attribute("id"))
    assert 0 <= page.locator(".fc-card:target").bounding_box()["y"] < 900  # the fragment still works
    page.screenshot(path=str(ARTIFACTS / "no-javascript.png"))
    context.close()


def test_every_page_makes_no_foreign_request_and_no_console_error(browser, base, site) -> None:
    page = browser.new_page(viewport={"width": NARROW, "height": 800})
    watch = Watch(page)
    paths = ["", "verdicts/", "topics/", "links/", "watch/", "methodology/", "about/", "verdicts/misleading/"]
    paths += [str(p.parent.relative_to(site)) + "/" for p in sorted((site / "claims").rglob("index.html"))[:5]]
    for path in paths:
        page.goto(base + path)
    page.screenshot(path=str(ARTIFACTS / "claim-390.png"), full_page=True)
    assert watch.errors == [] and watch.foreign == [] and watch.dialogs == []
    page.close()
