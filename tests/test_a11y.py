"""WCAG 2.1 AA: axe-core (shipped by axe-playwright-python) in Debian's Chromium, on every page type.

Each page is checked at 1280 and 390 px: as loaded, with every ``<details>``
toggled, and with every one open.
"""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

from .browser import require_chromium
from .conftest import ROOT

pytestmark = pytest.mark.browser
require_chromium()

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
SOURCES = sorted(p.stem for p in (ROOT / "annotations").glob("*.yml"))


def page_types(site: Path) -> dict[str, str]:
    claim = sorted((site / "claims" / SOURCES[0]).iterdir())[0].name
    return {"home": "", "source": f"sources/{SOURCES[0]}/", "claim": f"claims/{SOURCES[0]}/{claim}/",
            "verdicts": "verdicts/", "topics": "topics/", "links": "links/", "methodology": "methodology/",
            "404": "404.html"}


def violations(page) -> list[str]:
    page.evaluate(AXE)
    result = page.evaluate("options => axe.run(document, options)", WCAG_AA)
    return [f"{v['id']} ({v['impact']}) x{len(v['nodes'])}: {v['nodes'][0]['target']} "
            f"{(v['nodes'][0]['any'] or v['nodes'][0]['all'] or [{'message': ''}])[0]['message']}"
            for v in result["violations"]]


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_no_wcag_aa_violation_on_any_page_type(browser, base, site, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    found = {}
    for kind, path in page_types(site).items():
        page.goto(base + path)
        found[f"{kind}, details as loaded"] = violations(page)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = !d.open; })")
        found[f"{kind}, details toggled"] = violations(page)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        found[f"{kind}, details all open"] = violations(page)
    page.close()
    assert {k: v for k, v in found.items() if v} == {}


@pytest.mark.parametrize("kind", ["home", "source", "claim", "verdicts", "404"])
def test_every_page_starts_with_a_skip_link_to_its_content(browser, base, site, kind: str) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 800})
    page.goto(base + page_types(site)[kind])
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => { const a = document.activeElement, r = a.getBoundingClientRect();
        return {skip: a.classList.contains('md-skip'), href: a.getAttribute('href'), visible: r.top >= 0 && r.left >= 0 && r.width > 0}; }""")
    assert focused["skip"] and focused["visible"], focused
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # past the header, the tabs and the drawer
    assert page.evaluate("!document.activeElement.closest('.md-header, .md-tabs, .md-sidebar') && "
                         "document.activeElement !== document.body")
    page.close()
