"""Every error DESIGN.md lists, reported as path:line:col with the line of the offending key."""

import re
import textwrap

import pytest

from factcheck.check import check
from factcheck.cli import main

PAGE = "# Page\n\nThe improvement rate has reached 96%. The improvement rate is high.\n"

HEAD = """\
source: s
verdict: misleading
headline: A headline.
takeaways: [one, two]
authors: [tester]
published: 2026-11-21
annotations:
"""  # 7 lines: the first annotation item is on line 8

GOOD = """\
  - id: rate
    quote: reached 96%
    claim: It works for 96%
    verdict: unsupported
    comment: No controlled study.
    citations:
      - title: A study
        url: https://example.org/study
"""

LOG = """\
corrections:
  - date: 2026-11-22
    kind: correction
    annotations: {ids}
    what: The comment was reworded.
    why: It said more than its source.
annotations:
"""  # replaces "annotations:" (line 7): the entry's date is on line 8, its annotations on line 10

CASES = {
    # name: (annotation file text, expected line, expected col, message fragment)
    "malformed yaml": (HEAD + "  - id: rate\n    quote: 'unclosed\n", 9, None, "YAML syntax"),
    "misspelled key": (HEAD + GOOD + "    verdcit: accurate\n", 16, 5, "unknown key 'verdcit'; did you mean 'verdict'?"),
    "unknown key": (HEAD + GOOD.replace("    comment:", "    notes: x\n    comment:"), 12, 5, "unknown key 'notes'"),
    "missing required key": (HEAD + GOOD.replace("    comment: No controlled study.\n", ""), 8, 5,
                             "missing required key 'comment' in annotation 'rate'"),
    "missing top-level key": (HEAD.replace("headline: A headline.\n", "") + GOOD, 1, 1,
                              "missing required key 'headline'"),
    "bad slug": (HEAD + GOOD.replace("id: rate", "id: Rate 96"), 8, 5,
                 "bad id 'Rate 96': use lower-case letters, digits and single hyphens, e.g. 'rate-96'"),
    "duplicate id": (HEAD + GOOD + GOOD.replace("reached 96%", "is high"), 16, 5,
                     "duplicate id 'rate' (first used at line 8)"),
    "unknown source": (HEAD.replace("source: s", "source: t") + GOOD, 1, 1, "unknown source 't'"),
    "misspelled source": (HEAD.replace("source: s", "source: ss") + GOOD, 1, 1, "unknown source 'ss'; did you mean 's'?"),
    "file name and source disagree": (HEAD.replace("source: s", "source: x") + GOOD, 1, 1,
                                      "does not match the file name 'other.yml'"),
    "unknown verdict": (HEAD + GOOD.replace("verdict: unsupported", "verdict: unsuported"), 11, 5,
                        "unknown verdict 'unsuported'; did you mean 'unsupported'?"),
    "verdict without citation": (HEAD + GOOD.split("    citations:")[0], 11, 5,
                                 "has verdict 'unsupported' but no citations"),
    "non-http url": (HEAD + GOOD.replace("https://example.org/study", "javascript:alert(1)"), 15, 9,
                     "'javascript:alert(1)' is not an http(s) address"),
    "quote not found": (HEAD + GOOD.replace("reached 96%", "reachd 96 percent"), 9, 5,
                        'not found in sources/s/page.md; closest passage: "reached 96%.'),
    "quote ambiguous": (HEAD + GOOD.replace("reached 96%", "The improvement rate"), 9, 5,
                        'is ambiguous: it occurs 2 times in sources/s/page.md; occurrences: #1 (line 3) add suffix: "has"'),
    "id collides with the page": (HEAD + GOOD.replace("id: rate", "id: provenance"), 8, 5,
                                  "id 'provenance' collides with an id the source page already uses"),
    "id collides with the summary title": (HEAD + GOOD.replace("id: rate", "id: summary-title"), 8, 5,
                                           "id 'summary-title' collides with an id the source page already uses"),
    "id collides with a card's claim": (HEAD + GOOD + GOOD.replace("id: rate", "id: rate-claim").replace(
        "reached 96%", "is high"), 16, 5, "id 'rate-claim' collides with an id the source page already uses for "
                                          "the claim of annotation 'rate'"),
    "bad date": (HEAD.replace("2026-11-21", "2026-02-30") + GOOD, 6, 1, "'2026-02-30' is not a real date"),
    "wrong type": (HEAD.replace("takeaways: [one, two]", "takeaways: one"), 4, 1,
                   "'takeaways' must be a list, not text"),
    "author reviews own work": (HEAD.replace("authors: [tester]", "authors: [tester]\nreviewers: [tester]\n"
                                             "reviewed: 2026-11-21") + GOOD, 6, 1,
                                "'tester' is both an author and a reviewer"),
    "correction names an unknown annotation": (HEAD.replace("annotations:\n", LOG.format(ids="[rat]")) + GOOD, 10, 5,
                                               "names annotation 'rat', which is not in this file; did you mean 'rate'?"),
    "correction dated before publication": (HEAD.replace("annotations:\n", LOG.format(ids="[rate]"))
                                            .replace("date: 2026-11-22", "date: 2026-11-20") + GOOD, 8, 5,
                                            "is dated before 2026-11-21"),
    "updated disagrees with the log": (HEAD.replace("annotations:\n", "updated: 2026-11-21\n" + LOG.format(ids="[rate]"))
                                       + GOOD, 7, 1, "'updated' is 2026-11-21 but the newest correction is dated 2026-11-22"),
    "unknown correction kind": (HEAD.replace("annotations:\n", LOG.format(ids="[rate]"))
                                .replace("kind: correction", "kind: corection") + GOOD, 9, 5,
                                "unknown kind 'corection'; did you mean 'correction'?"),
}


@pytest.mark.parametrize("name", CASES)
def test_error_is_reported_at_its_line(repo, name: str) -> None:
    text, line, col, fragment = CASES[name]
    repo.source("s", PAGE)
    repo.source("x", PAGE)
    file = "other" if name == "file name and source disagree" else "s"
    repo.raw(f"annotations/{file}.yml", text)
    checked = check(repo.root)
    hits = [p for p in checked.problems if fragment in p.message]
    assert hits, [str(p) for p in checked.problems]
    assert hits[0].path == f"annotations/{file}.yml"
    assert hits[0].line == line, str(hits[0])
    if col is not None:
        assert hits[0].col == col, str(hits[0])


def test_hash_mismatch_points_at_the_sha256_line(repo) -> None:
    folder = repo.source("s", PAGE)
    (folder / "page.md").write_text(PAGE.replace("96%", "97%"), "utf-8")
    problems = [str(p) for p in check(repo.root).problems]
    assert len(problems) == 1
    assert re.match(r"sources/s/source\.yml:5:1: sha256 does not match page\.md \(it is [0-9a-f]{64}\)", problems[0])


def test_all_problems_of_a_run_are_reported_together_sorted(repo, capsys) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", HEAD + GOOD.replace("verdict: unsupported", "verdict: wrong")
             + GOOD.replace("id: rate", "id: rate-2").replace("reached 96%", "not on the page"))
    assert main(["--root", str(repo.root), "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines == sorted(lines, key=lambda l: int(l.split(":")[1]))
    assert all(re.match(r"annotations/s\.yml:\d+:\d+: ", l) for l in lines)


def test_an_annotation_that_cannot_be_anchored_is_never_dropped(repo) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", HEAD + GOOD + textwrap.dedent(GOOD).replace("id: rate", "id: gone")
             .replace("reached 96%", "cures everyone").replace("\n", "\n  ").rstrip(" ").join(["  ", ""]))
    checked = check(repo.root)
    assert not checked.ok
    assert [p.message.split("'")[1] for p in checked.problems] == ["gone"]
    assert [a.id for a in checked.anchors["s"]] == ["rate"]


def test_github_format_prints_one_error_line_per_problem(repo, capsys) -> None:
    repo.source("s", PAGE)
    repo.raw("annotations/s.yml", HEAD + GOOD.replace("verdict: unsupported", "verdict: wrong")
             + GOOD.replace("id: rate", "id: rate-2").replace("reached 96%", "reachd 96%"))
    assert main(["--root", str(repo.root), "check", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=annotations/s.yml,line=11,col=5::unknown verdict 'wrong'")
    assert lines[1].startswith("::error file=annotations/s.yml,line=17,col=5::quote of 'rate-2' not found")
    assert "%25" in lines[1]  # a literal % is escaped as GitHub's workflow commands require
