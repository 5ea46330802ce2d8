"""The preview of a repository with problems (factcheck.problempages), without MkDocs: fast."""

from __future__ import annotations

from factcheck.check import Checked, check
from factcheck.problempages import BANNER_LIMIT, ProblemPages, source_id_of
from factcheck.problems import Problem

from .conftest import ann

PAGE = "# P\n\nThe rate has reached 96%.\n"


def broken(repo) -> ProblemPages:
    repo.source("good", PAGE, title="Good page")
    repo.annotations("good", ann("rate", "reached 96%"))
    repo.source("bad", PAGE, title="Bad page")
    repo.annotations("bad", ann("rate", "reached 97%") + ann("other", "The rate"))
    checked = check(repo.root)
    assert len(checked.problems) == 1
    return ProblemPages(checked)


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
    title = "Not shown: the fact-check of Bad page has problems"
    assert {(p.kind, p.title, p.description, p.source_id, p.annotation_id) for p in pages.values()} == {
        ("problems", title, title, "bad", None), ("problems", title, title, "bad", "rate"),
        ("problems", title, title, "bad", "other")}
    body = preview.content(pages["claims/bad/other/"])
    assert "The fact-check of “Bad page” is not shown" in body
    assert "annotations/bad.yml:11:5: quote of &#39;rate&#39; not found in sources/bad/page.md" in body
    assert 'href="../../../"' in body  # to the home page, which lists every problem


def test_a_fact_check_whose_source_is_broken_is_affected(repo) -> None:
    repo.source("s", PAGE)
    repo.annotations("s", ann("rate", "reached 96%"))
    (repo.root / "sources" / "s" / "page.md").write_text("# P\n\nChanged.\n", "utf-8")  # hash no longer matches
    preview = ProblemPages(check(repo.root))
    assert list(preview.affected()) == ["s"]
    assert preview.renderable().repo.factchecks == {}
    assert "sources/s/" in {p.url for p in preview.pages()}


def test_the_banner_escapes_and_the_home_page_lists_every_problem() -> None:
    problems = [Problem("annotations/a.yml", n, 1, f"<script>alert({n})</script> & more") for n in range(1, 9)]
    preview = ProblemPages(Checked(repo=None, problems=problems))  # type: ignore[arg-type]
    home, other = preview.banner("", home=True), preview.banner("../", home=False)
    assert "<script>" not in home + other
    assert "annotations/a.yml:8:1: &lt;script&gt;alert(8)&lt;/script&gt; &amp; more" in home
    assert home.count("<li>") == 8 and "8 problems" in home
    assert other.count("<li>") == BANNER_LIMIT and 'href="../">All 8 problems' in other


def test_a_file_that_is_not_even_yaml_still_gets_its_source_page(repo) -> None:
    repo.source("s", PAGE, title="A page")
    repo.raw("annotations/s.yml", "source: s\nverdict: [unclosed\n")
    preview = ProblemPages(check(repo.root))
    assert [(p.url, p.annotation_id) for p in preview.pages()] == [("sources/s/", None)]
    assert "annotations/s.yml:3:1: YAML syntax" in preview.content(preview.pages()[0])


def test_a_fact_check_without_its_source_is_left_out_and_explained(repo) -> None:
    repo.source("s", PAGE, title="A page")
    repo.annotations("s", ann("rate", "reached 96%"))
    checked = check(repo.root)
    del checked.repo.sources["s"]  # as if its source could not be read
    preview = ProblemPages(checked)
    assert preview.affected() == {"s": []} and preview.renderable().repo.factchecks == {}
    page = next(p for p in preview.pages() if p.annotation_id == "rate")
    assert page.title == "Not shown: the fact-check of s has problems"
    body = preview.content(page)
    assert "The fact-check of “s” is not shown" in body and "<code>sources/s/</code>, has problems" in body
