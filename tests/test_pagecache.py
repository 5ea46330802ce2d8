"""The visible-text cache of page.md: filled as pages are loaded, or by another process on a first run."""

from __future__ import annotations

import hashlib
from pathlib import Path

from factcheck.check import check
from factcheck.load import load_repository
from factcheck.problems import Problems
from factcheck.sourcetext import (MIN_BACKGROUND_PAGES, cache_file, cached_source, fill_cache_in_background,
                                  parse_source)

from .conftest import RepoBuilder, ann

PAGE = "# Clinic {i}\n\n- Improvement rate: {i}% of *patients* improved.\n- FDA “approved” — since 2014.\n"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_a_cached_page_reads_back_the_same_visible_text(tmp_path: Path) -> None:
    page = PAGE.format(i=7)
    first = cached_source(page, sha(page), tmp_path)
    entry = cache_file(tmp_path, sha(page))
    assert entry.read_text("utf-8") == first.text == parse_source(page).text
    entry.write_text("what the cache says", "utf-8")  # only a read of the cache can return this
    assert cached_source(page, sha(page), tmp_path).text == "what the cache says"


def test_another_process_fills_the_cache(tmp_path: Path) -> None:
    pages = [PAGE.format(i=i) for i in range(MIN_BACKGROUND_PAGES)]
    wait = fill_cache_in_background([(sha(p), lambda p=p: p) for p in pages], tmp_path)
    wait()  # nothing is parsed in this process: only the other one can have written these
    for page in pages:
        assert cache_file(tmp_path, sha(page)).read_text("utf-8") == parse_source(page).text


def test_a_few_pages_are_parsed_here_instead(tmp_path: Path) -> None:
    pages = [PAGE.format(i=i) for i in range(3)]
    fill_cache_in_background([(sha(p), lambda p=p: p) for p in pages], tmp_path)()
    assert not list(tmp_path.iterdir())


def test_unreadable_pages_are_skipped_quietly(tmp_path: Path, capfd) -> None:
    pages = [PAGE.format(i=i) for i in range(MIN_BACKGROUND_PAGES)]

    def broken() -> str:
        raise OSError("gone")

    readers = [(sha(p), lambda p=p: p) for p in pages] + [("0" * 64, broken), ("1" * 64, lambda: None)]
    fill_cache_in_background(readers, tmp_path)()
    assert len(list(tmp_path.iterdir())) == len(pages)
    assert capfd.readouterr().err == ""


def test_a_first_check_gives_what_a_cached_check_gives(repo: RepoBuilder) -> None:
    count = MIN_BACKGROUND_PAGES + 5
    for i in range(count):
        repo.source(f"clinic-{i}", PAGE.format(i=i))
        repo.annotations(f"clinic-{i}", ann("rate", f"{i}% of patients"))
    repo.raw("sources/clinic-0/page.md", "changed after hashing\n")  # reported either way
    cold = check(repo.root)
    assert len(list((repo.root / ".cache" / "pages").glob("*.txt"))) == count  # by each page's own hash
    warm = check(repo.root)
    assert [str(p) for p in cold.problems] == [str(p) for p in warm.problems]
    assert len(cold.problems) == 1 and "sha256 does not match" in str(cold.problems[0])
    assert cold.anchors == warm.anchors and len(cold.anchors) == count - 1


def test_loading_without_texts_parses_no_page_until_asked(repo: RepoBuilder) -> None:
    for i in range(MIN_BACKGROUND_PAGES):
        repo.source(f"clinic-{i}", PAGE.format(i=i))
    loaded = load_repository(repo.root, Problems(), texts=False)  # what `factcheck links` needs
    assert len(loaded.sources) == MIN_BACKGROUND_PAGES
    assert not (repo.root / ".cache").exists()
    assert loaded.sources["clinic-3"].text.text == parse_source(PAGE.format(i=3)).text
