"""Print, on PDFs rendered by Chromium: claim pages keep their evidence addresses and print no blank
page; source pages print no half-empty page."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from pypdf import PdfReader

from .browser import require_chromium
from .conftest import ROOT

pytestmark = pytest.mark.browser
require_chromium()

SOURCES = sorted(p.stem for p in (ROOT / "annotations").glob("*.yml"))
MIN_FILL = 0.6  # every printed page but the last reaches at least this far down


def _pdf(browser, url: str) -> PdfReader:
    page = browser.new_page()
    page.goto(url)
    data = page.pdf(format="A4", print_background=True)
    page.close()
    return PdfReader(io.BytesIO(data))


def _fill(page) -> float:
    """How far down the page its lowest line of text sits, as a fraction of the page's height."""
    lows = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            lows.append(cm[3] * tm[5] + cm[5] if cm[3] else tm[5])

    page.extract_text(visitor_text=visit)
    height = float(page.mediabox.height)
    return (height - min(lows)) / height if lows else 0.0


@pytest.mark.parametrize("sid", SOURCES)
def test_a_printed_claim_page_has_its_evidence_addresses_and_no_blank_page(browser, base, site, sid: str) -> None:
    fc = yaml.safe_load((ROOT / "annotations" / f"{sid}.yml").read_text("utf-8"))
    ann = next(a for a in fc["annotations"] if a.get("citations"))
    pdf = _pdf(browser, base + f"claims/{sid}/{ann['id']}/")
    texts = [p.extract_text() for p in pdf.pages]
    assert all(t.strip() for t in texts), [i + 1 for i, t in enumerate(texts) if not t.strip()]  # no blank page
    flat = re.sub(r"\s+", "", "".join(texts))
    for citation in ann["citations"]:
        assert "<" + citation["url"] + ">" in flat, citation["url"]


@pytest.mark.parametrize("sid", SOURCES)
def test_a_printed_source_page_has_no_half_empty_page(browser, base, sid: str) -> None:
    pdf = _pdf(browser, base + f"sources/{sid}/")
    fills = [round(_fill(p), 2) for p in pdf.pages]
    assert all(f >= MIN_FILL for f in fills[:-1]), fills
    assert "<http" in "".join(p.extract_text() for p in pdf.pages)  # folded evidence prints, with its addresses
