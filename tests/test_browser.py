"""Real-browser tests in Debian's Chromium (Playwright, executable_path) at 1280 and 390 px."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .browser import CHROMIUM_ARGS, Watch, chromium_path, serve
from .conftest import ROOT, mkdocs_build

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
WIDE, NARROW = 1280, 390

if chromium_path() is None:  # ./dev test installs it; without it these tests cannot mean anything
    if os.environ.get("CI"):
        raise RuntimeError("Debian's chromium is not installed; run ./dev test")
    pytest.skip("chromium is not installed (./dev test installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    run = mkdocs_build(ROOT, "-d", str(out))
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base(site: Path):
    with serve(site) as url:
        yield url


def source_pages(site: Path) -> list[str]:
    return sorted(f"sources/{p.name}/" for p in (site / "sources").iterdir()
                  if (ROOT / "annotations" / f"{p.name}.yml").exists())


GEOMETRY = """() => {
  const abs = r => ({top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right});
  return [...document.querySelectorAll('[data-annotation-card]')].map(card => {
    const id = card.dataset.annotationCard;
    const mark = document.getElementById('__passage-' + id);
    const row = card.closest('.fc-row');
    const before = [...row.querySelectorAll('.fc-card')].indexOf(card);
    const text = row.querySelector('.fc-text').textContent;
    const passage = mark.textContent;
    return {id, card: abs(card.getBoundingClientRect()), mark: abs(mark.getBoundingClientRect()),
            sameRow: row.contains(mark), indexInRow: before,
            prev: before > 0 ? abs(row.querySelectorAll('.fc-card')[before - 1].getBoundingClientRect()) : null,
            after: text.length - text.indexOf(passage) - passage.length};
  });
}"""


def overlaps(a: dict, b: dict) -> bool:
    return a["top"] < b["bottom"] - 0.5 and b["top"] < a["bottom"] - 0.5 and a["left"] < b["right"] and b["left"] < a["right"]


@pytest.mark.parametrize("width", [WIDE, NARROW])
def test_cards_sit_by_their_passages_and_never_overlap(browser, base, site, width: int) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    pages = source_pages(site)
    assert pages
    for path in pages:
        page = browser.new_page(viewport={"width": width, "height": 900})
        watch = Watch(page)
        page.goto(base + path)
        cards = page.evaluate(GEOMETRY)
        page.screenshot(path=str(ARTIFACTS / f"{path.strip('/').replace('/', '-')}-{width}.png"), full_page=True)
        assert cards, path
        for c in cards:
            assert c["sameRow"], c["id"]
            if width == WIDE:
                if c["indexInRow"] == 0:
                    assert abs(c["card"]["top"] - c["mark"]["top"]) <= 40, (path, c["id"], c["card"], c["mark"])
                else:  # passages that begin together: the card follows the one before it
                    assert 0 <= c["card"]["top"] - c["prev"]["bottom"] <= 24, (path, c["id"])
                assert c["card"]["left"] > c["mark"]["right"] - 1  # beside the text, not over it
            else:
                assert c["card"]["top"] >= c["mark"]["bottom"] - 1, (path, c["id"])  # after its passage
                assert c["after"] <= 400, (path, c["id"], c["after"])  # within the passage's sentence or paragraph
        for i, a in enumerate(cards):
            for b in cards[i + 1:]:
                assert not overlaps(a["card"], b["card"]), (path, a["id"], b["id"])
        assert watch.errors == [] and watch.foreign == [], (watch.errors, watch.foreign)
        page.close()


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
