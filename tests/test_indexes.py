"""/verdicts/, /topics/ and /links/ stay light however many claims the site holds."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from factcheck.anchor import Anchor
from factcheck.check import Checked, check
from factcheck.indexes import PER_PAGE, PREVIEW
from factcheck.linkstatus import UNVERIFIED, LinkResult
from factcheck.model import Annotation, Citation, FactCheck, Repository, Source
from factcheck.render import SiteRenderer
from factcheck.sourcetext import SourceText
from factcheck.verdicts import SCALE

from .conftest import ann, make_project, mkdocs_build

LIMIT = 500_000  # bytes of HTML per page, theme included
INDEX_KINDS = ("verdicts", "topics", "links", "section")
WORDS = ("stem cell therapy improves motor function in children with cerebral palsy after two injections of "
         "umbilical cord cells and most patients walk again within six months according to the clinic").split()


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize()


def synthetic(sources: int = 1000, per_source: int = 10, seed: int = 17) -> tuple[Checked, dict[str, LinkResult]]:
    """A repository of ``sources`` x ``per_source`` rated claims with long titles, many tags and citations,
    some addresses cited by thousands of claims, and every link unverified (as in an offline build)."""
    rng = random.Random(seed)
    topics = [f"condition-{i}" for i in range(30)]
    tags = [f"kind-of-claim-{i}" for i in range(40)]
    repo = Repository(root=Path("/nonexistent"))
    checked = Checked(repo)
    statuses: dict[str, LinkResult] = {}
    for s in range(sources):
        sid = f"clinic-page-{s:05d}"
        repo.sources[sid] = Source(
            id=sid, title=sentence(rng, 14), publisher=sentence(rng, 6), url=f"https://clinic-{s}.example/{sid}",
            captured="2026-11-21", sha256="0" * 64, path=f"sources/{sid}/source.yml", page_path=Path("page.md"),
            topics=rng.sample(topics, 2), _text=SourceText("", text="Quoted words."))
        annotations = []
        for a in range(per_source):
            urls = [f"https://journal.example/articles/{s}-{a}-{c}/a-long-path-to-the-full-text-of-the-study"
                    for c in range(2)] + [rng.choice(("https://www.fda.gov/consumers/stem-cell-warning",
                                                      "https://www.isscr.org/patient-handbook"))]
            annotations.append(Annotation(
                id=f"claim-{a}", quote="q", comment="c", claim=sentence(rng, 18), verdict=rng.choice(SCALE).id,
                citations=[Citation(title="A study", url=u) for u in urls], tags=rng.sample(tags, 3)))
            statuses.update({u: LinkResult(u, UNVERIFIED, detail="no network") for u in urls})
        repo.factchecks[sid] = FactCheck(source=sid, verdict="misleading", headline=sentence(rng, 12),
                                         takeaways=[], authors=["tester"], published="2026-11-21",
                                         reviewers=["reviewer"], reviewed="2026-11-21",  # published, not a draft
                                         annotations=annotations, path=f"annotations/{sid}.yml")
        checked.anchors[sid] = [Anchor(f"claim-{a}", 0, 1) for a in range(per_source)]
    return checked, statuses


@pytest.fixture(scope="module")
def large() -> SiteRenderer:
    checked, statuses = synthetic()
    return SiteRenderer(checked, site_url="https://factcheck.example/", statuses=statuses)


@pytest.fixture(scope="module")
def theme_bytes(tmp_path_factory) -> int:
    """What the theme adds to a browse page's body: measured on a real build."""
    root = tmp_path_factory.mktemp("theme")
    project = make_project(root)
    project.source("s", "# P\n\nCells cure palsy.\n")
    project.annotations("s", ann("cure", "Cells cure palsy"))
    assert mkdocs_build(root).returncode == 0
    renderer = SiteRenderer(check(root), site_url="https://factcheck.example/")
    page = next(p for p in renderer.pages() if p.kind == "verdicts")
    body = renderer.content(page)
    return len((root / "site" / "verdicts" / "index.html").read_bytes()) - len(body.encode("utf-8"))


def test_every_browse_page_stays_under_500_kb_at_10000_claims(large: SiteRenderer, theme_bytes: int) -> None:
    assert len(large.entries) == 10_000
    assert theme_bytes < 60_000
    sizes = {p.url: len(large.content(p).encode("utf-8")) + theme_bytes
             for p in large.pages() if p.kind in INDEX_KINDS}
    assert {"verdicts/", "topics/", "links/", "verdicts/misleading/2/"} <= sizes.keys()
    biggest = max(sizes, key=sizes.get)
    assert sizes[biggest] < LIMIT, (biggest, sizes[biggest])


def test_every_claim_is_listed_once_under_its_verdict_across_the_pages(large: SiteRenderer) -> None:
    listed: Counter[str] = Counter()
    for page in large.pages():
        if page.kind == "section" and page.url.startswith("verdicts/"):
            html = BeautifulSoup(large.content(page), "html.parser")
            listed.update(a["href"].removeprefix(page.root) for a in html.select(".fc-claim-list > li > a"))
    assert listed == Counter({e.claim_url: 1 for e in large.entries.values()})


def test_a_link_badge_leads_to_the_page_that_lists_its_address(large: SiteRenderer) -> None:
    url = "https://journal.example/articles/999-9-1/a-long-path-to-the-full-text-of-the-study"
    href = large.link_href(url)
    page = next(p for p in large.pages() if href.startswith(p.url + "#"))
    html = BeautifulSoup(large.content(page), "html.parser")
    assert html.select_one(f"#{href.split('#')[1]} a")["href"] == url
    assert page.number > 1  # far down the list: not on the first page


def test_badges_on_a_claim_page_lead_to_the_rows_of_their_addresses(large: SiteRenderer) -> None:
    claim = next(p for p in large.pages() if p.url == "claims/clinic-page-00999/claim-9/")
    badges = BeautifulSoup(large.content(claim), "html.parser").select("a.fc-link-status")
    assert len(badges) == 3
    for badge in badges:
        href = badge["href"].removeprefix(claim.root)
        page = next(p for p in large.pages() if href.startswith(p.url + "#"))
        row = BeautifulSoup(large.content(page), "html.parser").select_one(f"#{href.split('#')[1]}")
        cited = badge.find_previous("a", class_="fc-cite-link")["href"]
        assert row is not None and row.select_one("a")["href"] == cited


def test_a_common_citation_names_some_claims_and_counts_the_rest(large: SiteRenderer) -> None:
    url = "https://www.fda.gov/consumers/stem-cell-warning"
    href = large.link_href(url)
    page = next(p for p in large.pages() if href.startswith(p.url + "#"))
    row = BeautifulSoup(large.content(page), "html.parser").select_one(f"#{href.split('#')[1]}")
    items = row.select(".fc-cited-by li")
    assert len(items) == 21 and items[-1].get_text().startswith("and ") and items[-1].get_text().endswith(" more")


def test_overviews_show_a_few_of_each_section_and_link_to_all(large: SiteRenderer) -> None:
    page = next(p for p in large.pages() if p.kind == "verdicts")
    html = BeautifulSoup(large.content(page), "html.parser")
    for section in large.verdict_sections:
        group = html.select_one(f"#{section.anchor}")
        assert len(group.select(".fc-claim-list > li")) == section.preview_size == PREVIEW
        more = group.select_one(".fc-more a")
        assert more["href"] == page.root + section.url() and str(len(section.items)) in more.get_text()
        assert section.page_count == -(-len(section.items) // PER_PAGE)
