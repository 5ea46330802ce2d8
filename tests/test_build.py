"""Whole builds of fixture projects: pages, ids, marks, JSON-LD, meta tags, errors."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from factcheck.pagecontract import CARD_ATTR, LOG_ID, SOURCE_PAGE_IDS, claim_id, passage_id, verdict_id

from .conftest import PUBLISHED, ROOT, ann, make_project, mkdocs_build
from .test_export import reanchor
from .webannotation_musts import collection_violations

SITE = PUBLISHED

PAGE = """\
# Results

Since 2011, the **improvement rate** of patients has [reached 96%](https://example.org/x).

The improvement rate is high, say the doctors.

- ■ No adverse effects
- ■ Results are permanent
"""

ANNOTATIONS = (
    ann("outer", "the improvement rate of patients has reached 96%", verdict="unsupported")
    + ann("inner", "reached 96%", verdict="misleading")
    + ann("split", "No adverse effects ■ Results are permanent", verdict="inaccurate")
    + ann("note", "say the doctors", verdict=None)
)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fixture")
    project = make_project(root)
    project.source("clinic", PAGE, title="A clinic page", publisher="Example Clinic",
                   url="https://clinic.example/page", topics="[spinal-cord-injury]")
    project.annotations("clinic", ANNOTATIONS)
    run = mkdocs_build(root, env={"FACTCHECK_SITE_URL": SITE})
    assert run.returncode == 0, run.stderr
    return root / "site"


def test_a_page_per_source_and_per_annotation(built: Path) -> None:
    assert (built / "sources" / "clinic" / "index.html").is_file()
    for aid in ("outer", "inner", "split", "note"):
        assert (built / "claims" / "clinic" / aid / "index.html").is_file()
    for index in ("verdicts", "topics", "links"):
        assert (built / index / "index.html").is_file()


def test_search_finds_claims_and_hand_written_pages_only(built: Path) -> None:
    index = json.loads((built / "search" / "search_index.json").read_text("utf-8"))
    pages = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"claims/clinic/{aid}/" for aid in ("outer", "inner", "split", "note")} <= pages
    assert "methodology/" in pages
    assert not [p for p in pages if p.startswith(("sources/", "verdicts/", "topics/", "links/"))]


def test_every_card_has_its_ids_and_every_mark_its_text(built: Path) -> None:
    page = soup(built / "sources" / "clinic" / "index.html")
    for aid in ("outer", "inner", "split", "note"):
        cards = page.select(f'[data-annotation-card="{aid}"]')
        assert len(cards) == 1 and cards[0]["id"] == aid
    text = lambda aid: "".join(m.get_text() for m in page.select(f'mark[data-annotation="{aid}"]'))  # noqa: E731
    assert text("outer") == "the improvement rate of patients has reached 96%"
    assert text("inner") == "reached 96%"
    assert text("note") == "say the doctors"


def test_nested_marks_are_nested_and_split_marks_span_elements(built: Path) -> None:
    page = soup(built / "sources" / "clinic" / "index.html")
    inner = page.select_one('mark[data-annotation="inner"]')
    assert inner.find_parent("mark")["data-annotation"] == "outer"
    split = page.select('mark[data-annotation="split"]')
    assert len(split) == 2  # one piece in each list item
    assert {m.find_parent("li") for m in split}.__len__() == 2
    outer_pieces = page.select('mark[data-annotation="outer"]')
    assert len(outer_pieces) > 1  # split around <strong> and <a>
    assert len(page.select('[id="__passage-outer"]')) == 1


def duplicate_ids(site: Path) -> dict[str, list[str]]:
    """Every built page with an id used more than once, and those ids."""
    found = {}
    for path in site.rglob("*.html"):
        ids = Counter(el["id"] for el in soup(path).select("[id]"))
        if any(n > 1 for n in ids.values()):
            found[str(path.relative_to(site))] = [i for i, n in ids.items() if n > 1]
    return found


def test_ids_are_unique_on_every_page(built: Path) -> None:
    assert duplicate_ids(built) == {}


def test_every_id_on_a_source_page_is_declared_by_the_page_contract(built: Path) -> None:
    page = soup(built / "sources" / "clinic" / "index.html")
    aids = [card["data-annotation-card"] for card in page.select(f"[{CARD_ATTR}]")]
    declared = {*SOURCE_PAGE_IDS - {LOG_ID}, *aids, *map(claim_id, aids), *map(passage_id, aids), *map(verdict_id, aids)}
    theme = {el["id"] for el in page.select("[id]") if not el.find_parent(class_="fc-source-page")}
    assert all(i.startswith("__") for i in theme)  # the theme's own ids, never a slug
    assert {el["id"] for el in page.select(".fc-source-page [id]")} == declared


def test_summary_provenance_and_takeaways_are_shown(built: Path) -> None:
    page = soup(built / "sources" / "clinic" / "index.html")
    assert page.select_one("#summary .fc-badge").get_text(strip=True).endswith("Misleading")
    assert [li.get_text() for li in page.select("#takeaways li")] == ["one", "two"]
    provenance = page.select_one("#provenance").get_text(" ", strip=True)
    assert "Example Clinic" in provenance and "https://clinic.example/page" in provenance
    assert "2026-11-21" in provenance


def test_claim_page_has_link_preview_tags_canonical_and_claimreview(built: Path) -> None:
    page = soup(built / "claims" / "clinic" / "outer" / "index.html")
    meta = {m.get("property") or m.get("name"): m.get("content") for m in page.select("meta")}
    assert meta["og:title"] == "Unsupported: A claim"
    assert meta["twitter:title"] == "Unsupported: A claim"
    assert meta["og:description"] == meta["twitter:description"] == "Unsupported. A comment."
    assert meta["twitter:card"] == "summary_large_image"
    url = SITE + "claims/clinic/outer/"
    assert meta["og:url"] == url
    assert page.select_one('link[rel="canonical"]')["href"] == url
    data = json.loads(page.select_one('head script[type="application/ld+json"]').string)
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == "A claim"
    assert data["url"] == url
    assert data["datePublished"] == "2026-11-21"
    assert data["author"]["name"]
    assert data["reviewRating"]["alternateName"] == "Unsupported"
    assert data["reviewRating"]["ratingValue"] == 2
    claim = data["itemReviewed"]
    assert claim["@type"] == "Claim"
    assert [a["url"] for a in claim["appearance"]] == ["https://clinic.example/page", SITE + "sources/clinic/"]
    assert page.select_one("blockquote.fc-quoted").get_text() == "the improvement rate of patients has reached 96%"
    assert page.select_one('a[href$="sources/clinic/#outer"]')


def test_context_note_has_no_rating(built: Path) -> None:
    page = soup(built / "claims" / "clinic" / "note" / "index.html")
    assert page.select_one('script[type="application/ld+json"]') is None


def test_web_annotations_export(built: Path) -> None:
    data = json.loads((built / "annotations.jsonld").read_text("utf-8"))
    assert data["type"] == "AnnotationCollection" and data["total"] == 4
    items = {i["id"].rsplit("/", 2)[-2]: i for i in data["first"]["items"]}
    ours, clinic = items["inner"]["target"]
    assert ours["selector"][0] == clinic["selector"] == {
        "type": "TextQuoteSelector", "exact": "reached 96%", "prefix": "mprovement rate of patients has ",
        "suffix": ".\nThe improvement rate is high, "}
    assert ours["source"]["id"] == SITE + "sources/clinic/text.txt"
    assert clinic["source"] == "https://clinic.example/page"


def test_generated_pages_stay_out_of_the_navigation(built: Path) -> None:
    home = soup(built / "index.html")
    nav_links = [a["href"] for a in home.select("nav a[href]")]
    assert not any("claims/" in h or "sources/" in h for h in nav_links)
    assert home.select_one('a[href$="sources/clinic/"]')  # the index links to it instead


def test_no_page_requests_another_host(built: Path) -> None:
    for page in built.rglob("*.html"):
        doc = soup(page)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src")):
            for el in doc.find_all(tag):
                if el.get(attr) and not (tag == "link" and el.get("rel") not in (["stylesheet"], ["preload"],
                                                                                 ["icon"], ["modulepreload"])):
                    assert not urlparse(el[attr]).netloc, f"{page}: {el}"
    css = "".join(p.read_text("utf-8") for p in built.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


def test_outbound_links_in_comments_are_nofollow(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", ann("x", "say the doctors", verdict=None).replace(
        "comment: A comment.", "comment: 'See [the trial](https://example.org/t) and [bad](javascript:alert(1))'"))
    assert mkdocs_build(tmp_path).returncode == 0
    page = soup(tmp_path / "site" / "sources" / "s" / "index.html")
    link = page.select_one(".fc-comment a")
    assert link["href"] == "https://example.org/t" and "nofollow" in link["rel"] and "noopener" in link["rel"]
    assert not page.select('.fc-comment a[href^="javascript"]')


def test_source_text_is_escaped(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.source("s", "# P\n\nBuy now <script>alert(1)</script> and <b onclick=x>save</b>.\n")
    assert mkdocs_build(tmp_path).returncode == 0
    page = soup(tmp_path / "site" / "sources" / "s" / "index.html")
    text = page.select_one(".fc-source-text")
    assert "<script>alert(1)</script>" in text.get_text()
    assert not text.select("script") and not text.select("b")


def test_strict_build_fails_with_the_engine_message(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.source("s", PAGE)
    project.annotations("s", ann("x", "cures everyone"))
    run = mkdocs_build(tmp_path)
    assert run.returncode != 0
    assert "annotations/s.yml:11:5: quote of 'x' not found in sources/s/page.md" in run.stderr
    assert not (tmp_path / "site" / "claims").exists()  # nothing half-published


def test_build_writes_nothing_into_docs(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    project.source("s", PAGE)
    before = sorted(p.relative_to(tmp_path) for p in (tmp_path / "docs").rglob("*"))
    assert mkdocs_build(tmp_path).returncode == 0
    assert sorted(p.relative_to(tmp_path) for p in (tmp_path / "docs").rglob("*")) == before


@pytest.fixture(scope="module")
def repository_site(tmp_path_factory) -> Path:
    """This repository, built --strict once for the tests below, at a published address."""
    out = tmp_path_factory.mktemp("repository") / "site"
    run = mkdocs_build(ROOT, "-d", str(out), env={"FACTCHECK_SITE_URL": SITE})
    assert run.returncode == 0, run.stderr
    return out


def test_the_repository_builds_strict(repository_site: Path) -> None:
    out = repository_site
    for source in (ROOT / "sources").iterdir():
        assert (out / "sources" / source.name / "index.html").is_file()
    for file in (ROOT / "annotations").glob("*.yml"):
        for item in yaml.safe_load(file.read_text("utf-8"))["annotations"]:
            assert (out / "claims" / file.stem / item["id"] / "index.html").is_file()
    assert duplicate_ids(out) == {}


def test_every_annotation_of_the_repository_is_published_everywhere(repository_site: Path) -> None:
    """Every annotation is on its pages; in the export exactly when its fact-check is reviewed (not a draft)."""
    from factcheck.check import check

    site = repository_site
    export = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    exported = {item["id"] for item in export["first"]["items"]}
    factchecks = check(ROOT).repo.factchecks
    for file in (ROOT / "annotations").glob("*.yml"):
        page = soup(site / "sources" / file.stem / "index.html")
        for item in yaml.safe_load(file.read_text("utf-8"))["annotations"]:
            aid = item["id"]
            assert page.select_one(f'[data-annotation-card="{aid}"]'), (file.stem, aid)
            assert page.select_one(f'mark[data-annotation="{aid}"]'), (file.stem, aid)
            assert (site / "claims" / file.stem / aid / "index.html").is_file()
            url = f"{SITE}claims/{file.stem}/{aid}/"
            assert (url in exported) == (not factchecks[file.stem].draft), (file.stem, aid)


def test_the_repository_export_is_conformant_and_re_anchors_on_its_targets(repository_site: Path) -> None:
    export = json.loads((repository_site / "annotations.jsonld").read_text("utf-8"))
    assert collection_violations(export) == []
    for item in export["first"]["items"]:
        reanchor(repository_site, item)


def test_a_missing_annotation_fails_the_build_naming_it(built: Path) -> None:
    import shutil

    from factcheck.check import check
    from factcheck.render import SiteRenderer
    from factcheck.verify import missing_annotations

    root = built.parent
    renderer = SiteRenderer(check(root), site_url=SITE)
    assert missing_annotations(built, renderer) == []
    damaged = root / "damaged"
    shutil.copytree(built, damaged)
    shutil.rmtree(damaged / "claims" / "clinic" / "inner")
    page = damaged / "sources" / "clinic" / "index.html"
    page.write_text(page.read_text("utf-8").replace('data-annotation-card="note"', 'data-x="note"'), "utf-8")
    assert missing_annotations(damaged, renderer) == [
        "annotations/clinic.yml:18: annotation 'inner' has no claim page claims/clinic/inner/",
        "annotations/clinic.yml:34: annotation 'note' is missing from its source page sources/clinic/",
    ]
