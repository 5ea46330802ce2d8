"""Anchoring: exact ranges in the text a reader sees, never a guess."""

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factcheck.anchor import Anchor, anchor_annotation
from factcheck.check import check
from factcheck.locate import locate
from factcheck.model import Annotation
from factcheck.sourcetext import parse_source

from .conftest import ROOT, ann

PAGE = """\
# Results

Since 2011, the **improvement rate** of patients has [reached 96%](https://example.org/x).

The improvement rate is high. Ask about the improvement rate today.
"""


def anchored(page: str, quote: str, prefix=None, suffix=None):
    text = parse_source(page)
    result = anchor_annotation(Annotation(id="a", quote=quote, comment="c", prefix=prefix, suffix=suffix), text)
    return text, result


def test_quote_spans_bold_and_link_markup() -> None:
    text, result = anchored(PAGE, "the improvement rate of patients has reached 96%")
    assert isinstance(result, Anchor)
    assert text.text[result.start:result.end] == "the improvement rate of patients has reached 96%"


def test_repeated_quote_is_ambiguous_without_prefix_and_unique_with_it() -> None:
    _, result = anchored(PAGE, "improvement rate")
    assert isinstance(result, str)
    assert "ambiguous: it occurs 3 times" in result
    assert '#1 (line 3) add suffix: "of"' in result  # the shortest context that picks #1
    assert '#3 (line 5) add suffix: "today."' in result
    text, result = anchored(PAGE, "improvement rate", prefix="about the")
    assert isinstance(result, Anchor)
    assert text.text[: result.start].endswith("Ask about the ")
    _, result = anchored(PAGE, "improvement rate", suffix="is high")
    assert isinstance(result, Anchor)


def test_prefix_that_matches_nothing_says_so() -> None:
    _, result = anchored(PAGE, "improvement rate", prefix="nowhere on the page")
    assert "none with the given prefix/suffix" in result


def test_a_unique_quote_with_a_wrong_prefix_shows_the_text_around_it() -> None:
    _, result = anchored(PAGE, "reached 96%", prefix="nowhere on the page")
    assert isinstance(result, str) and not result.rstrip().endswith("add")
    assert result == ("quote of 'a' occurs once in {page} (line 3), but the prefix given does not match the text "
                      'there: before it "rate of patients has"; after it ". The improvement rate". The quote alone is '
                      "unique: remove the prefix, or copy the words from the page")
    _, result = anchored(PAGE, "reached 96%", prefix="patients has", suffix="!")
    assert "but the suffix given does not match" in result and "remove the suffix," in result


def test_white_space_around_a_prefix_or_suffix_also_matches_the_edge_of_the_page() -> None:
    page = "# Results\n\nThe rate has reached 96%.\n"
    for suffix in ("96%. ", "96%.\n", " 96%.  "):
        text, result = anchored(page, "reached", suffix=suffix)
        assert isinstance(result, Anchor), (suffix, result)
        assert text.text[result.start:result.end] == "reached"
    _, result = anchored(page, "Results", prefix="\n")  # white space only: no prefix at all
    assert isinstance(result, Anchor)
    _, result = anchored("The rate has reached 96%.\n", "rate", prefix="\nThe ")
    assert isinstance(result, Anchor)
    # white space still means white space in the middle of the page
    _, result = anchored("One rate. XTherate again.\n", "rate", prefix=" The")
    assert isinstance(result, str)
    _, result = anchored("One rate. X Therate again.\n", "rate", prefix=" The")
    assert isinstance(result, Anchor)


def test_overlapping_and_nested_quotes_keep_their_own_ranges(repo) -> None:
    repo.source("s", PAGE)
    repo.annotations("s", ann("outer", "the improvement rate of patients has reached 96%")
                     + ann("inner", "reached 96%") + ann("overlap", "Since 2011, the improvement rate"))
    checked = check(repo.root)
    assert checked.ok, checked.problems
    text = checked.repo.sources["s"].text.text
    spans = {a.id: text[a.start:a.end] for a in checked.anchors["s"]}
    assert spans == {"outer": "the improvement rate of patients has reached 96%", "inner": "reached 96%",
                     "overlap": "Since 2011, the improvement rate"}


def test_highlight_covers_the_original_typographic_characters() -> None:
    page = "Chinese People\u2019s Armed Police Forces and\u00a0the 309th Hospital\n"
    text, result = anchored(page, "People's Armed Police Forces and the 309th")
    assert text.text[result.start:result.end] == "People\u2019s Armed Police Forces and\u00a0the 309th"


def test_part_of_one_original_character_is_never_a_match() -> None:
    # "." occurs three times inside the normalised ellipsis, but cannot be highlighted alone
    _, result = anchored("Read more\u2026 now.\n", ".")
    assert isinstance(result, Anchor) and result.start == len("Read more\u2026 now")


def test_case_difference_is_not_anchored_but_explained() -> None:
    _, result = anchored(PAGE, "The Improvement Rate is high")
    assert isinstance(result, str) and "differs only in capital letters" in result


def test_missing_quote_names_the_closest_passage() -> None:
    _, result = anchored(PAGE, "the improvment rate of patients has reachd 96%")
    assert 'closest passage: "the improvement rate of patients has reached 96%."' in result


SEED_PAGES = sorted((ROOT / "sources").glob("*/page.md"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEED_PAGES), st.floats(0, 1), st.integers(1, 120))
def test_located_passage_anchors_back_to_the_same_range(page: Path, where: float, length: int) -> None:
    text = parse_source(page.read_text("utf-8"))
    start = int(where * (len(text.text) - 1))
    end = min(len(text.text), start + length)
    passage = text.text[start:end]
    if not passage.strip():
        return
    # trim to the characters a person would select: no white space at the ends
    start += len(passage) - len(passage.lstrip())
    end -= len(passage) - len(passage.rstrip())
    blocks, error = locate(text, text.text[start:end])
    assert error is None, error
    ranges = []
    for block in blocks:
        result = anchor_annotation(Annotation(id="p", comment="c", **block), text)
        assert isinstance(result, Anchor), result
        ranges.append((result.start, result.end))
    assert (start, end) in ranges  # one of the printed blocks picks exactly this passage
    assert len(set(ranges)) == len(blocks)  # and each block picks a different one
