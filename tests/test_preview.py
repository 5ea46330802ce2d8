"""The preview of a repository with problems (factcheck.preview), without MkDocs: fast."""

from __future__ import annotations

from factcheck.check import Checked, check
from factcheck.preview import BANNER_LIMIT, Preview, source_id_of
from factcheck.problems import Problem

from .conftest import ann

PAGE = "# P\n\nThe rate has reached 96%.\n"


def broken(repo) -> Preview:
    repo.source("good", PAGE, title="Good page")
    repo.annotations("good", ann("rate", "reached 96%"))
    repo.source("bad", PAGE, title="Bad page")
    repo.annotations("bad", ann("rate", "reached 97%") + ann("other", "The rate"))
    checked = check(repo.root)
    assert len(checked.problems) == 1
    return Preview(checked)


def test_problems_belong_to_the_source_their_file_is_about() -> None:
    at = lambda path: Problem(path, 1, 1, "m")  # noqa: E731
    assert source_id_of(at("annotations/abc.yml")) == "abc"
    assert source_id_of(at("sources/abc/source.yml")) == "abc"
    assert source_id_of(at("sources/abc/page.md")) == "abc"
    assert source_id_of(at("mkdocs.yml")) is None
    assert source_id_of(at("sources/abc")) is None
    assert source_id_of(at("annotations/x/abc.yml")) is None


def test_only_the_fact_checks_with_problems_are_left_out(repo) -> None:
    preview = broken(repo)
    shown = preview.renderable()
    assert set(shown.repo.factchecks) == {"good"} and set(shown.anchors) == {"good"}
    assert set(shown.repo.sources) == {"good", "bad"} and shown.problems == []
    assert set(preview.checked.repo.factchecks) == {"good", "bad"}  # what it was given is left alone


def test_the_affected_fact_checks_pages_show_its_problems_in_place(repo) -> None:
    preview = broken(repo)
    pages = {p.url: p for p in preview.pages()}
    assert set(pages) == {"sources/bad/", "claims/bad/rate/", "claims/bad/other/"}
    body = preview.content(pages["claims/bad/other/"])
    assert "The fact-check of “Bad page” is not shown" in body
    assert "annotations/bad.yml:11:5: quote of &#39;rate&#39; not found in sources/bad/page.md" in body
    assert 'href="../../../"' in body  # to the home page, which lists every problem


def test_a_fact_check_whose_source_is_broken_is_affected(repo) -> None:
    repo.source("s", PAGE)
    repo.annotations("s", ann("rate", "reached 96%"))
    (repo.root / "sources" / "s" / "page.md").write_text("# P\n\nChanged.\n", "utf-8")  # hash no longer matches
    preview = Preview(check(repo.root))
    assert list(preview.affected()) == ["s"]
    assert preview.renderable().repo.factchecks == {}
    assert "sources/s/" in {p.url for p in preview.pages()}


def test_the_banner_escapes_and_the_home_page_lists_every_problem() -> None:
    problems = [Problem("annotations/a.yml", n, 1, f"<script>alert({n})</script> & more") for n in range(1, 9)]
    preview = Preview(Checked(repo=None, problems=problems))  # type: ignore[arg-type]
    home, other = preview.banner("", home=True), preview.banner("../", home=False)
    assert "<script>" not in home + other
    assert "annotations/a.yml:8:1: &lt;script&gt;alert(8)&lt;/script&gt; &amp; more" in home
    assert home.count("<li>") == 8 and "8 problems" in home
    assert other.count("<li>") == BANNER_LIMIT and 'href="../">All 8 problems' in other
