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


def _pdf(page, url: str) -> PdfReader:
    page.goto(url)
    return PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))


def _fill(page) -> float:
    """How far down the page its lowest line of text sits, as a fraction of the page's height."""
    lows = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            lows.append(cm[3] * tm[5] + cm[5] if cm[3] else tm[5])

    page.extract_text(visitor_text=visit)
    height = float(page.mediabox.height)
    return (height - min(lows)) / height if lows else 0.0


def test_printed_claim_pages_have_their_evidence_addresses_and_no_blank_page(browser, base) -> None:
    """Every claim page: a page whose content ends near the foot of the paper is where a blank one appeared."""
    page = browser.new_page()
    for sid in SOURCES:
        fc = yaml.safe_load((ROOT / "annotations" / f"{sid}.yml").read_text("utf-8"))
        for ann in fc["annotations"]:
            pdf = _pdf(page, base + f"claims/{sid}/{ann['id']}/")
            texts = [p.extract_text() for p in pdf.pages]
            assert all(t.strip() for t in texts), (sid, ann["id"], [i + 1 for i, t in enumerate(texts) if not t.strip()])
            flat = re.sub(r"\s+", "", "".join(texts))
            for citation in ann.get("citations") or ():
                assert "<" + citation["url"] + ">" in flat, (sid, ann["id"], citation["url"])
    page.close()


@pytest.mark.parametrize("sid", SOURCES)
def test_a_printed_source_page_has_no_half_empty_page(browser, base, sid: str) -> None:
    page = browser.new_page()
    pdf = _pdf(page, base + f"sources/{sid}/")
    page.close()
    fills = [round(_fill(p), 2) for p in pdf.pages]
    assert all(f >= MIN_FILL for f in fills[:-1]), fills
    assert "<http" in "".join(p.extract_text() for p in pdf.pages)  # folded evidence prints, with its addresses
