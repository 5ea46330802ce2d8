"""The machine-readable exports: ClaimReview and the Web Annotation collection (in-process, fast).

tests/test_export.py checks the export of a real build against the Web Annotation model; these run the engine
in this process, in a second or so, and are the tests mutation testing runs against ``factcheck/export.py``.

Each test renders its own small site (a module-wide one would let mutation testing credit only the first test
with everything the fixture ran). The Web Annotation tests hold the TextQuoteSelector and the annotation's own
fields, not the shape of its target, which may gain more selectors and targets.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest
from bs4 import BeautifulSoup

from .conftest import RepoBuilder, ann, render_site

SITE = "https://factcheck.example/"
CLINIC = "https://clinic.example/offer"
# The quote of "cure" is within a few characters of the page's start.
PAGE = "# P\n\nOur cure works for everyone. It is approved. It is safe. It is new. It is cheap.\n"
QUOTES = {"accurate": "It is new", "needs-context": "It is cheap", "misleading": "It is approved",
          "unsupported": "It is safe", "inaccurate": "cure works"}
# ClaimReview's ratingValue: 5 is the best of the scale, 1 the worst (DESIGN.md, "Verdict scale")
RATINGS = {"accurate": 5, "needs-context": 4, "misleading": 3, "unsupported": 2, "inaccurate": 1}
LABELS = {"accurate": "Accurate", "needs-context": "Needs context", "misleading": "Misleading",
          "unsupported": "Unsupported", "inaccurate": "Inaccurate"}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    project = RepoBuilder(tmp_path / "repo")
    project.source("s", PAGE, title="Our offer", publisher="Cure Clinic", url=CLINIC,
                   appearances='["https://mirror.example/offer"]')
    project.annotations("s", "".join(ann(v, quote, verdict=v) for v, quote in QUOTES.items())
                        + ann("note", "Our", verdict=None).replace("comment: A comment.", "comment: Café *note*."),
                        updated="2026-11-22", authors="[ada, bo]")
    project.source("bare", "# B\n\nA bare page.\n", title="Bare", publisher="Bare Clinic")
    project.annotations("bare", ann("page", "A bare page"))
    render_site(project.root, tmp_path / "site", site_url=SITE)
    return tmp_path / "site"


def claim_review(site: Path, sid: str, aid: str) -> dict[str, Any] | None:
    page = BeautifulSoup((site / "claims" / sid / aid / "index.html").read_text("utf-8"), "html.parser")
    script = page.select_one('script[type="application/ld+json"]')
    return json.loads(script.string) if script else None


def test_every_verdict_has_its_claimreview_rating(site: Path) -> None:
    got = {v: claim_review(site, "s", v)["reviewRating"] for v in QUOTES}
    assert got == {v: {"@type": "Rating", "ratingValue": RATINGS[v], "bestRating": 5, "worstRating": 1,
                       "alternateName": LABELS[v]} for v in QUOTES}
    assert claim_review(site, "s", "note") is None  # a context note rates nothing


def test_claimreview_names_the_claim_where_it_appeared_and_who_checked_it(site: Path) -> None:
    review = claim_review(site, "s", "accurate")
    assert {k: review[k] for k in ("@context", "@type", "url", "claimReviewed", "datePublished", "author")} == {
        "@context": "https://schema.org", "@type": "ClaimReview", "url": SITE + "claims/s/accurate/",
        "claimReviewed": "A claim", "datePublished": "2026-11-21",
        "author": {"@type": "Organization", "name": "Stem cell claims, checked", "url": SITE}}
    claim = review["itemReviewed"]
    assert (claim["@type"], claim["author"]["name"], claim["text"]) == ("Claim", "Cure Clinic", "It is new")
    assert [(a["@type"], a["url"], a["headline"], a["author"]["name"]) for a in claim["appearance"]] == [
        ("CreativeWork", CLINIC, "Our offer", "Cure Clinic"),
        ("CreativeWork", "https://mirror.example/offer", "Our offer", "Cure Clinic"),
        ("CreativeWork", SITE + "sources/s/", "Archived copy: Our offer", "Cure Clinic")]
    bare = claim_review(site, "bare", "page")
    assert [a["url"] for a in bare["itemReviewed"]["appearance"]] == [SITE + "sources/bare/"]  # address unknown


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else [value] if value is not None else []


def selectors(item: dict, kind: str) -> Iterator[dict]:
    """Every selector of ``kind`` on the annotation's targets (W3C: ``target`` and ``selector``, one or many)."""
    for target in as_list(item.get("target")):
        if isinstance(target, dict):
            yield from (s for s in as_list(target.get("selector")) if s.get("type") == kind)


def resource(target: dict) -> str:
    """The address a target names (its ``source``: an address, or an object with an ``id``)."""
    source = target["source"]
    return source["id"] if isinstance(source, dict) else source


def collection(site: Path) -> dict[str, Any]:
    return json.loads((site / "annotations.jsonld").read_text("utf-8"))


def exported(site: Path) -> dict[str, dict]:
    return {i["id"].removeprefix(SITE + "claims/"): i for i in collection(site)["first"]["items"]}


def test_the_collection_holds_every_annotation(site: Path) -> None:
    data = collection(site)
    items = data["first"].pop("items")
    assert {k: v for k, v in data.items() if k != "first"} == {
        "@context": "http://www.w3.org/ns/anno.jsonld", "id": SITE + "annotations.jsonld",
        "type": "AnnotationCollection", "label": "Fact-check annotations", "total": 7}
    assert data["first"] == {"type": "AnnotationPage", "id": SITE + "annotations.jsonld#page1"}
    assert len(items) == 7
    raw = (site / "annotations.jsonld").read_text("utf-8")
    assert "Café" in raw and '"type":"AnnotationCollection"' in raw  # compact, and the text as it is


def test_an_annotation_carries_its_comment_verdict_claim_citations_and_authors(site: Path) -> None:
    items = exported(site)
    assert set(items) == {f"s/{a}/" for a in [*QUOTES, "note"]} | {"bare/page/"}
    rated, note = items["s/misleading/"], items["s/note/"]
    assert (rated["type"], rated["motivation"], note["motivation"]) == ("Annotation", "assessing", "commenting")
    assert rated["body"] == [
        {"type": "TextualBody", "purpose": "commenting", "format": "text/markdown", "value": "A comment."},
        {"type": "TextualBody", "purpose": "assessing", "value": "Misleading"},
        {"type": "TextualBody", "purpose": "describing", "value": "A claim"},
        {"type": "SpecificResource", "purpose": "linking", "source": "https://example.org/study"}]
    assert note["body"] == [{"type": "TextualBody", "purpose": "commenting", "format": "text/markdown",
                             "value": "Café *note*."}, {"type": "TextualBody", "purpose": "describing",
                                                        "value": "A claim"}]
    assert rated["creator"] == [{"type": "Person", "nickname": "ada"}, {"type": "Person", "nickname": "bo"}]
    assert rated["created"].startswith("2026-11-21") and rated["modified"].startswith("2026-11-22")
    assert "modified" not in items["bare/page/"]
    for item in items.values():  # every target names its resource, ours or the clinic's, by an absolute address
        assert all(resource(t).startswith(("https://", "http://")) for t in as_list(item["target"]))
        assert "null" not in json.dumps(item)  # an unknown value is left out, never written as null
    # our archived copy is a target, and so is the clinic's own address where it is known
    named = {resource(t) for t in as_list(rated["target"])}
    assert CLINIC in named and any(n.startswith(SITE + "sources/s/") for n in named)
    assert {resource(t) for t in as_list(items["bare/page/"]["target"])} == {SITE + "sources/bare/text.txt"}


def test_quote_selector_near_the_page_start_keeps_what_comes_before(site: Path) -> None:
    found = list(selectors(exported(site)["s/inaccurate/"], "TextQuoteSelector"))
    assert found
    for selector in found:
        assert selector["exact"] == "cure works"
        # everything before the quote: the heading, then the words before it
        assert selector["prefix"].startswith("P") and selector["prefix"].endswith("Our ")
        assert selector["suffix"].startswith(" for everyone.")


def test_quote_selectors_carry_their_context_and_re_anchor(site: Path) -> None:
    whole = "P\n" + PAGE.split("\n\n", 1)[1]  # the text a reader sees
    for aid, item in exported(site).items():
        if not aid.startswith("s/"):
            continue
        found = list(selectors(item, "TextQuoteSelector"))
        assert found, aid
        for selector in found:
            assert selector["exact"] == QUOTES.get(aid[2:-1], "Our")
            assert 0 < len(selector["prefix"]) <= 32 and len(selector["suffix"]) <= 32
            # prefix, exact and suffix stand together in the page's text, and only once
            assert whole.count(selector["prefix"] + selector["exact"] + selector["suffix"]) == 1, aid
    last = next(selectors(exported(site)["s/needs-context/"], "TextQuoteSelector"))
    at = whole.index("It is cheap")
    assert last["prefix"] == whole[at - 32:at]  # 32 characters either side, fewer at the end of the text
    assert last["suffix"].rstrip() == "."


def test_without_a_site_address_the_claimreview_names_no_address_for_us(tmp_path: Path) -> None:
    project = RepoBuilder(tmp_path / "repo")
    project.source("s", PAGE)
    project.annotations("s", ann("rate", "It is safe"))
    render_site(project.root, tmp_path / "site", site_url="")
    assert claim_review(tmp_path / "site", "s", "rate")["author"] == {"@type": "Organization",
                                                                     "name": "Stem cell claims, checked"}


def test_the_targets_are_our_published_text_and_the_clinics_page_as_archived(site: Path) -> None:
    items = exported(site)
    whole = "P\n" + PAGE.split("\n\n", 1)[1]
    start = whole.index("It is approved")
    quote = {"type": "TextQuoteSelector", "exact": "It is approved", "prefix": whole[:start],  # fewer than 32 characters before it
             "suffix": whole[start + 14:start + 46]}
    text = SITE + "sources/s/text.txt"
    assert items["s/misleading/"]["target"] == [
        {"type": "SpecificResource",
         "source": {"id": text, "type": "Text", "format": "text/plain", "language": "en"},
         "selector": [quote, {"type": "TextPositionSelector", "start": start, "end": start + 14}]},
        {"type": "SpecificResource", "source": CLINIC, "selector": quote,
         "state": {"type": "TimeState", "cached": text, "sourceDateStart": "2026-11-21T00:00:00Z",
                   "sourceDateEnd": "2026-11-21T23:59:59Z"}}]
    assert [t["source"] for t in items["bare/page/"]["target"]] == [
        {"id": SITE + "sources/bare/text.txt", "type": "Text", "format": "text/plain", "language": "en"}]
