"""Quotation marks in our own words mean exact words: checked against the page and the cited quotes."""

from __future__ import annotations

import pytest

from factcheck.check import check
from factcheck.cli import main
from factcheck.quotations import quoted_phrases

PAGE = ("# Steven\n\nThey were confident that these improvements were measurable through medical assessments.\n\n"
        "The **improvement rate** has reached 96% \u2013 a \u201cbreakthrough\u201d, say the doctors.\n")

HEAD = """\
source: s
verdict: misleading
headline: {headline}
takeaways:
  - {takeaway}
  - Two.
authors: [tester]
published: 2026-11-21
annotations:
  - id: measurable
    quote: were measurable
    claim: Improvements were measured
    verdict: unsupported
    comment: {comment}
    citations:
      - title: A review
        url: https://example.org/review
        quote: Change is measured with standard scales, before and after treatment.
  - id: rate
    quote: has reached 96%
    comment: A note.
    citations:
      - title: Guidance
        url: https://example.org/guidance
        quote: Ask for the study behind any improvement rate.
"""  # the first comment is on line 14


def write(repo, headline="A headline.", takeaway="One.", comment="A comment.") -> list:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", HEAD.format(headline=headline, takeaway=takeaway, comment=comment))
    return check(repo.root).problems


def test_a_misquote_in_a_comment_is_an_error_at_its_line_and_column(repo) -> None:
    problems = write(repo, comment='Confidence that results "would be measurable" is not a measurement.')
    assert [str(p) for p in problems] == [
        'annotations/s.yml:14:38: quoted phrase "would be measurable" is not in sources/s/page.md or the quotes of '
        "the citations of 'measurable': quote the words exactly, or drop the quotation marks when paraphrasing; "
        'closest passage: "improvements were measurable" (sources/s/page.md)']


def test_a_two_word_misquote_is_caught(repo) -> None:
    problems = write(repo, comment='Confidence that results "would be" measurable is not a measurement.')
    assert [(p.line, p.col, p.message.split(":")[0]) for p in problems] == [
        (14, 38, 'quoted phrase "would be" is not in sources/s/page.md or the quotes of the citations of '
                 "'measurable'")]


def test_the_position_is_exact_inside_a_block_scalar(repo) -> None:
    comment = '|\n      The page is vague.\n      Its makers say   results\n      “would be measured  by\n      doctors”.'
    problems = write(repo, comment=comment)
    assert [(p.line, p.col) for p in problems] == [(17, 7)]  # the “ on the third line of the block


def test_the_position_is_exact_in_a_folded_headline_and_in_a_takeaway(repo) -> None:
    problems = write(repo, headline='>-\n  Steven said his progress was\n  "truly miraculous, beyond doubt".',
                     takeaway='The page says "results were permanent".')
    assert [(p.line, p.col, p.message.split(" is not")[0]) for p in problems] == [
        (5, 3, 'quoted phrase "truly miraculous, beyond doubt"'), (7, 19, 'quoted phrase "results were permanent"')]


def test_quotes_of_the_page_are_accepted_across_markup_typography_and_white_space(repo) -> None:
    comment = ('"The improvement rate has reached 96% - a \\"breakthrough\\"," the page says; "they were confident '
               'that these improvements" ... "were measurable through medical assessments."')
    assert write(repo, comment=f"'{comment}'".replace('\\"', '"')) == []
    assert write(repo, headline='“They were confident … through medical assessments”, says the page.') == []
    assert write(repo, takeaway="'\"[They] were confident that these improvements\" is the page''s phrase.'") == []


def test_a_comment_may_quote_its_own_citations_not_another_annotations(repo) -> None:
    assert write(repo, comment='Studies measure change "with standard scales, before and after treatment".') == []
    problems = write(repo, comment='Always "ask for the study" first.')
    assert [p.message[:42] for p in problems] == ['quoted phrase "ask for the study" is not i']
    assert problems[0].message.endswith("; it is in the quote of 'Guidance', a citation of another annotation: "
                                        "cite that source here too")


def test_headline_and_takeaways_may_quote_any_citation_of_the_file(repo) -> None:
    assert write(repo, headline="'Guidance says \"Ask for the study behind any improvement rate.\"'",
                 takeaway='Scales are used "before and after treatment".') == []


def test_one_word_code_and_link_titles_are_not_quotations(repo) -> None:
    comment = ('"Breakthrough" is a label; the `"would be measurable"` example; '
               '[a study](https://example.org/x "A study title here") says so.')
    assert write(repo, comment=f"'{comment}'") == []


def test_the_cli_reports_a_misquote_and_fails(repo, capsys) -> None:
    write(repo, takeaway='The page says "results are permanent".')
    assert main(["--root", str(repo.root), "check"]) == 1
    assert capsys.readouterr().out.startswith('annotations/s.yml:5:19: quoted phrase "results are permanent"')


@pytest.mark.parametrize("text, phrases", [
    ('a "b c" d “e f g”', ["b c", "e f g"]),
    ('"one" and "two words"', ["two words"]),
    ('`"not this one"` and [x](https://e.org "nor this") but "this one"', ["this one"]),
    ('"…" alone', []),
])
def test_quoted_phrases(text: str, phrases: list[str]) -> None:
    assert [q.phrase for q in quoted_phrases(text)] == phrases


def test_a_misquote_in_a_finding_is_an_error_at_its_line(repo) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", HEAD.format(headline="A headline.", takeaway="One.", comment="A comment.").replace(
        "    comment: A comment.\n", '    comment: A comment.\n    finding: The page says it "cures every patient".\n', 1))
    [problem] = check(repo.root).problems
    assert problem.line == 15 and 'quoted phrase "cures every patient"' in problem.message
