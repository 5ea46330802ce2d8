"""The review gate: a fact-check without a completed review is a draft, built for its reviewers but never published."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from factcheck.check import check
from factcheck.cli import main
from factcheck.export import write_web_annotations
from factcheck.render import SiteRenderer
from factcheck.verify import missing_annotations

from .test_build import soup
from .conftest import PUBLISHED, ROOT, ann, make_project, mkdocs_build

PAGE = "# Offer\n\nOur cure works for everyone. Results are permanent.\n"
ANNS = ann("cure", "Our cure works for everyone", verdict="inaccurate") + ann("permanent", "Results are permanent")
DRAFT_REVIEW_LINE = 9  # annotation_yml writes reviewers: [] after published (line 8)


def two_fact_checks(root: Path):
    project = make_project(root)
    project.source("done", PAGE, title="Reviewed clinic page", topics="[spinal-cord-injury]")
    project.annotations("done", ANNS)
    project.source("draft", PAGE, title="Draft clinic page", topics="[cerebral-palsy]")
    project.annotations("draft", ANNS, reviewers="[]", reviewed=None,
                        published="2026-11-30")  # newer than the reviewed one: it would top the newest list
    return project


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("drafts")
    two_fact_checks(root)
    run = mkdocs_build(root, env={"FACTCHECK_SITE_URL": PUBLISHED})
    assert run.returncode == 0, run.stderr
    return root / "site"


def robots(page: BeautifulSoup) -> str | None:
    tag = page.select_one('head meta[name="robots"]')
    return tag["content"] if tag else None


def test_draft_pages_are_built_with_a_banner_and_noindex(site: Path) -> None:
    for path in ("sources/draft/index.html", "claims/draft/cure/index.html", "claims/draft/permanent/index.html"):
        page = soup(site / path)
        banner = page.select_one(".fc-draft")
        assert banner is not None and banner.get_text(" ", strip=True).startswith("Draft: not yet reviewed."), path
        assert robots(page) == "noindex", path
        assert "not yet reviewed" in page.select_one(".fc-byline").get_text(), path


def test_reviewed_pages_say_who_reviewed_them_and_when(site: Path) -> None:
    for path in ("sources/done/index.html", "claims/done/cure/index.html"):
        page = soup(site / path)
        assert page.select_one(".fc-draft") is None and robots(page) is None, path
        byline = " ".join(page.select_one(".fc-byline").get_text().split())
        assert "Checked by tester, reviewed by reviewer on 2026-11-21" in byline, path


def test_a_draft_has_no_claimreview(site: Path) -> None:
    assert soup(site / "claims/draft/cure/index.html").select_one('script[type="application/ld+json"]') is None
    data = json.loads(soup(site / "claims/done/cure/index.html").select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "ClaimReview"


def test_a_draft_is_left_out_of_every_export_and_index(site: Path) -> None:
    export = json.loads((site / "annotations.jsonld").read_text("utf-8"))
    assert sorted(i["id"] for i in export["first"]["items"]) == [
        f"{PUBLISHED}claims/done/cure/", f"{PUBLISHED}claims/done/permanent/"]
    assert export["total"] == 2
    for index in ("index.html", "verdicts/index.html", "topics/index.html"):
        html = (site / index).read_text("utf-8")
        assert "claims/done/cure/" in html or "sources/done/" in html, index
    pages = [site / "index.html", *(site / "verdicts").rglob("*.html"), *(site / "topics").rglob("*.html")]
    assert len(pages) > 3  # the browse pages' sections too
    for page in pages:
        html = page.read_text("utf-8")
        assert "draft/" not in html and "Draft clinic page" not in html, page
    home = soup(site / "index.html")
    assert [a.get_text() for a in home.select(".fc-newest-head a")] == ["Reviewed clinic page"]
    counts = {li.select_one(".fc-badge").get_text(strip=True)[1:].strip(): li.select_one(".fc-count-n").get_text()
              for li in home.select(".fc-verdict-counts li")}
    assert counts["Inaccurate"] == "1" and counts["Misleading"] == "1"  # the draft's two are not counted
    search = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    locations = {d["location"].split("#")[0] for d in search["docs"]}
    assert "claims/done/cure/" in locations and not [p for p in locations if "draft" in p]


def test_the_post_build_check_agrees_that_a_draft_is_absent(site: Path, tmp_path: Path) -> None:
    root = site.parent
    renderer = SiteRenderer(check(root), site_url=PUBLISHED)
    assert missing_annotations(site, renderer) == []
    leaked = tmp_path / "leaked"
    import shutil

    shutil.copytree(site, leaked)
    with (leaked / "annotations.jsonld").open("w", encoding="utf-8") as out:  # a bug that exports drafts
        write_web_annotations(out, renderer.entries.values(), renderer.absolute)
    lines = missing_annotations(leaked, renderer)
    assert lines == [f"annotations/draft.yml:{n}: annotation '{a}' is in annotations.jsonld, but its fact-check "
                     "is a draft" for n, a in ((11, "cure"), (19, "permanent"))]


def test_publishing_refuses_a_draft_naming_its_review_line(tmp_path: Path, capsys) -> None:
    two_fact_checks(tmp_path)
    assert main(["--root", str(tmp_path), "check"]) == 0  # pull requests and local builds: drafts are fine
    capsys.readouterr()
    assert main(["--root", str(tmp_path), "check", "--publish"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == [f"annotations/draft.yml:{DRAFT_REVIEW_LINE}:1: 'draft' is a draft, not yet reviewed: a reviewer "
                   "who is not an author must check it, then add 'reviewers' and 'reviewed'; drafts are not "
                   "published"]
    run = mkdocs_build(tmp_path, env={"FACTCHECK_PUBLISH": "1", "FACTCHECK_SITE_URL": PUBLISHED})
    assert run.returncode != 0
    assert f"annotations/draft.yml:{DRAFT_REVIEW_LINE}:1: 'draft' is a draft" in run.stderr
    assert not (tmp_path / "site" / "sources").exists()  # nothing half-published


def test_a_change_after_the_review_makes_a_draft_again(repo) -> None:
    repo.source("s", PAGE)
    log = """[{date: 2026-11-25, kind: correction, annotations: [cure], what: Reworded., why: Too strong.}]"""
    repo.annotations("s", ANNS, corrections=log, updated="2026-11-25")
    problems = check(repo.root, publish=True).problems
    assert [(p.line, p.message.split(";")[0]) for p in problems] == [
        (28, "'s' is a draft, changed on 2026-11-25 after its review on 2026-11-21: the change needs a review "
                  "(then set 'reviewed')")]
    repo.annotations("s", ANNS, corrections=log, updated="2026-11-25", reviewed="2026-11-26", reviewers="[other]")
    assert check(repo.root, publish=True).ok


def test_the_deploy_workflows_refuse_drafts_before_building() -> None:
    for name in ("publish.yml", "weekly-links.yml"):
        data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text("utf-8"))
        steps = data["jobs"][data["jobs"]["deploy"]["needs"]]["steps"]
        runs = [s.get("run", "") for s in steps]
        gate = next(i for i, r in enumerate(runs) if "factcheck check --publish" in r)
        build = next(i for i, r in enumerate(runs) if "mkdocs build --strict" in r)
        assert gate < build, name
        assert steps[build].get("env", {}).get("FACTCHECK_PUBLISH") not in (None, "", "0"), name


def test_every_reviewer_of_the_repository_differs_from_every_author() -> None:
    for file in sorted((ROOT / "annotations").glob("*.yml")):
        data = yaml.safe_load(file.read_text("utf-8"))
        assert not set(data.get("reviewers") or []) & set(data["authors"]), file.name


def test_a_reviewer_who_is_an_author_is_refused(repo) -> None:
    repo.source("s", PAGE)
    repo.annotations("s", ANNS, reviewers="[reviewer, tester]", reviewed="2026-11-22")
    problems = [str(p) for p in check(repo.root).problems]
    assert problems == ["annotations/s.yml:9:1: 'tester' is both an author and a reviewer; a review must come "
                        "from someone else"]


def test_check_publish_runs_as_its_own_command_on_the_repository() -> None:
    run = subprocess.run([sys.executable, "-m", "factcheck.cli", "--root", str(ROOT), "check", "--publish"],
                         capture_output=True, text=True, timeout=60, env={**os.environ})
    drafts = [f for f in sorted((ROOT / "annotations").glob("*.yml"))
              if not (yaml.safe_load(f.read_text("utf-8")).get("reviewers"))]
    assert (run.returncode != 0) == bool(drafts)
    for file in drafts:
        assert f"annotations/{file.name}:" in run.stdout and "is a draft" in run.stdout
