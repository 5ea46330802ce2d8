"""The machine-readable exports: ClaimReview ratings and Web Annotation selectors (in-process, fast)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from bs4 import BeautifulSoup

from .conftest import ann, render_site

# The quote of "cure" is within a few characters of the page's start.
PAGE = "# P\n\nOur cure works for everyone. It is approved. It is safe. It is new. It is cheap.\n"
QUOTES = {"accurate": "It is new", "needs-context": "It is cheap", "misleading": "It is approved",
          "unsupported": "It is safe", "inaccurate": "cure works"}
# ClaimReview's ratingValue: 5 is the best of the scale, 1 the worst (DESIGN.md, "Verdict scale")
RATINGS = {"accurate": 5, "needs-context": 4, "misleading": 3, "unsupported": 2, "inaccurate": 1}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    from .conftest import RepoBuilder

    root = tmp_path_factory.mktemp("export")
    project = RepoBuilder(root)
    project.source("s", PAGE)
    project.annotations("s", "".join(ann(v, quote, verdict=v) for v, quote in QUOTES.items())
                        + ann("note", "Our", verdict=None))
    render_site(root, root / "site")
    return root / "site"


def claim_review(site: Path, aid: str) -> dict[str, Any] | None:
    page = BeautifulSoup((site / "claims" / "s" / aid / "index.html").read_text("utf-8"), "html.parser")
    script = page.select_one('script[type="application/ld+json"]')
    return json.loads(script.string) if script else None


def test_every_verdict_has_its_claimreview_rating(site: Path) -> None:
    got = {v: claim_review(site, v)["reviewRating"] for v in QUOTES}
    assert {v: r["ratingValue"] for v, r in got.items()} == RATINGS
    assert all((r["bestRating"], r["worstRating"]) == (5, 1) for r in got.values())
    assert claim_review(site, "note") is None  # a context note rates nothing


def selectors(value: Any, kind: str) -> Iterator[dict]:
    """Every selector of ``kind`` in an exported annotation, wherever its targets put it."""
    if isinstance(value, dict):
        if value.get("type") == kind:
            yield value
        for item in value.values():
            yield from selectors(item, kind)
    elif isinstance(value, list):
        for item in value:
            yield from selectors(item, kind)


def exported(site: Path) -> dict[str, dict]:
    data = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    return {i["id"].rstrip("/").rsplit("/", 1)[-1]: i for i in data["first"]["items"]}


def test_quote_selector_near_the_page_start_keeps_what_comes_before(site: Path) -> None:
    found = list(selectors(exported(site)["inaccurate"], "TextQuoteSelector"))
    assert found
    for selector in found:
        assert selector["exact"] == "cure works"
        # everything before the quote: the heading, then the words before it
        assert selector["prefix"].startswith("P") and selector["prefix"].endswith("Our ")
        assert selector["suffix"].startswith(" for everyone.")


def test_quote_selectors_carry_their_context_and_re_anchor(site: Path) -> None:
    items = exported(site)
    assert set(items) == {*QUOTES, "note"}
    for aid, item in items.items():
        for selector in selectors(item, "TextQuoteSelector"):
            exact = selector["exact"]
            assert exact == (QUOTES.get(aid) or "Our")
            assert 0 < len(selector["prefix"]) <= 32 and len(selector["suffix"]) <= 32
            # prefix, exact and suffix stand together in the page's text, and only once
            whole = "P\n" + PAGE.split("\n\n", 1)[1]
            assert whole.count(selector["prefix"] + exact + selector["suffix"]) == 1, aid
