"""Anchoring: exact ranges in the text a reader sees, never a guess."""

from pathlib import Path

import pytest
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


def test_overlapping_occurrences_are_ambiguous() -> None:
    # "ha ha" is in "ha ha ha" twice, the second starting inside the first: never a silent pick
    _, result = anchored("# P\n\nThey said ha ha ha.\n", "ha ha")
    assert isinstance(result, str) and "ambiguous: it occurs 2 times" in result


TYPOGRAPHIC = "# P\n\nThe clinic\u2019s rate is high. The doctors\u2019 rate is \u201clow\u201d.\n"


def test_typographic_prefix_picks_its_occurrence() -> None:
    # the prefix is typed with a plain apostrophe and the page has a curly one, and the other way round
    for prefix in ("doctors'", "doctors\u2019"):
        text, result = anchored(TYPOGRAPHIC, "rate", prefix=prefix)
        assert isinstance(result, Anchor), (prefix, result)
        assert text.text[:result.start].endswith("doctors\u2019 ")


def test_typographic_suffix_picks_its_occurrence() -> None:
    for suffix in ('is "low"', "is \u201clow\u201d"):
        text, result = anchored(TYPOGRAPHIC, "rate", suffix=suffix)
        assert isinstance(result, Anchor), (suffix, result)
        assert text.text[result.end:].startswith(" is \u201clow\u201d")


def test_context_may_carry_white_space_at_the_junction() -> None:
    text, result = anchored(PAGE, "improvement rate", prefix="about the ")  # as copied, with the space
    assert isinstance(result, Anchor) and text.text[:result.start].endswith("Ask about the ")
    text, result = anchored(PAGE, "improvement rate", suffix=" is high")
    assert isinstance(result, Anchor) and text.text[result.end:].startswith(" is high")


def test_a_prefix_may_start_the_page_and_a_suffix_end_it() -> None:
    page = "# P\n\nThey said ha and ha\n"
    text, result = anchored(page, "ha", prefix="P They said")  # the prefix is the page's first words
    assert isinstance(result, Anchor) and result.start == text.text.index("ha")
    text, result = anchored(page, "ha", suffix="and ha")
    assert isinstance(result, Anchor) and result.start == text.text.index("ha")
    text, result = anchored(page, "ha", prefix="and")  # the quote ends the page
    assert isinstance(result, Anchor) and result.end == len(text.text.rstrip())


def test_ambiguity_names_the_line_of_each_occurrence_in_code_too() -> None:
    page = "# P\n\nUse the cure.\n\n```\nthe cure\n```\n\n    the cure in a block\n\nthe cure\n"
    _, result = anchored(page, "the cure")
    assert "occurs 4 times" in result
    assert [int(n) for n in __import__("re").findall(r"\(line (\d+)\)", result)] == [3, 5, 9, 11]  # a fence is named by its opening line


def test_a_long_closest_passage_is_shortened_and_nothing_alike_is_said_plainly() -> None:
    words = ("Since 2011 the improvement rate of patients with sequela of spinal cord injury treated in our "
             "department has reached ninety six percent according to the records kept by the doctors of the "
             "stem cell department of the general hospital in the capital city.")
    _, result = anchored(f"# P\n\n{words}\n", words.replace("improvement", "improvment"))
    passage = result.split('closest passage: "', 1)[1].removesuffix('"')
    assert len(passage) == 160 and passage == words[:157] + "..."
    _, result = anchored(PAGE, "zzzz qqqq")
    assert result.endswith("not found in {page}; no similar passage on the page")


def test_a_prefix_may_touch_the_quote() -> None:
    text, result = anchored("# P\n\nThe doctors'rate and the clinic's rate.\n", "rate", prefix="doctors'")
    assert isinstance(result, Anchor) and text.text[:result.start].endswith("doctors'")


def test_a_one_letter_quote_in_the_wrong_case_names_only_that_letter() -> None:
    _, result = anchored("# P\n\nAb.\n", "a")
    assert result.endswith('differs only in capital letters from "A"')


def hints(result: str) -> list[str]:
    return result.split("occurrences: ", 1)[1].split("; ")


def test_hints_combine_a_prefix_and_a_suffix_and_stop_after_five() -> None:
    # "a X b." is told apart only by both words: "a" also precedes the third X, "b." also follows the fourth
    _, result = anchored("# P\n\nzzzzz a X b. c X d. a X d. c X b. e X f. g X h. i X j.\n", "X")
    assert hints(result) == ['#1 (line 3) add prefix: "a", suffix: "b."', '#2 (line 3) add prefix: "c", suffix: "d."',
                             '#3 (line 3) add prefix: "a", suffix: "d."', '#4 (line 3) add prefix: "c", suffix: "b."',
                             '#5 (line 3) add prefix: "e"', "and 2 more"]
    _, result = anchored("# P\n\nzzzzz a X b. c X d. a X d. c X b. e X f.\n", "X")
    assert len(hints(result)) == 5 and "more" not in result



def test_occurrences_with_more_than_sixteen_same_words_around_cannot_be_told_apart() -> None:
    same = " ".join(f"w{i}" for i in range(1, 21))  # twenty words, before and after each occurrence
    _, result = anchored(f"# P\n\n{same} quote {same}. {same} quote {same}.\n", "quote")
    assert hints(result) == ["#1 (line 3) cannot be told apart", "#2 (line 3) cannot be told apart"]


def test_a_long_context_is_suggested_in_full() -> None:
    same = " ".join(f"longword{i:02}" for i in range(10))  # 109 characters
    _, result = anchored(f"# P\n\n{same} quote {same}. Alpha {same} quote {same}.\n", "quote")
    assert hints(result) == [f'#1 (line 3) add prefix: "P {same}"', f'#2 (line 3) add prefix: "Alpha {same}"']
    _, result = anchored(f"# P\n\n{same} quote {same} Alpha. {same} quote {same}.\n", "quote")
    assert hints(result)[1] == f'#2 (line 3) add suffix: "{same}."'
